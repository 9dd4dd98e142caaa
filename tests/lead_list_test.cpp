// Lead lists for a CRM screen: search by attributes, text and identity, sort by time with cursor
// pages that survive ties, on every store.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

std::vector<LeadId> ids_of(const LeadPage& page) {
    std::vector<LeadId> out;
    for (const Lead& lead : page.leads) out.push_back(lead.id);
    return out;
}

// The message of the Error `work` throws with `code`; empty when it throws none.
template <typename Work>
std::string refusal(ErrorCode code, Work&& work) {
    try {
        work();
    } catch (const Error& error) {
        CHECK(error.code() == code);
        return error.what();
    }
    FAIL("expected error " << to_string(code));
    return "";
}

}  // namespace

LEADPOOL_STORE_TEST_CASE("a lead list searches attributes, text and identities within what the actor may read") {
    Company<Factory> c;
    Engine& e = *c.engine;
    const auto capture = [&](const std::string& phone, const std::string& email, const std::string& attributes,
                             const std::string& campaign) {
        LeadInput input = phone_lead(phone, "web", attributes);
        if (!email.empty()) input.identities.push_back({IdentityKind::email, email, ""});
        input.attribution.campaign = campaign;
        return e.capture("boss", input).lead.id;
    };
    const LeadId anna = capture("+39 333 111 2222", "Anna@Rossi.example", R"({"name": "Anna Rossi", "city": "Milano", "age": 41})", "spring");
    const LeadId bruno = capture("+39 02 1234 5678", "bruno@acme.example", R"({"name": "Bruno", "city": "Torino", "age": 29})", "");
    const LeadId chiara = capture("+39 333 999 0000", "", R"({"name": "CHIARA", "company": "Milano Srl"})", "spring");
    c.clock->advance(kDay);
    e.transition("boss", move(bruno, Action::distribute, c.east, "ann"));

    using V = std::vector<LeadId>;
    const auto list = [&](const LeadFilter& filter, const UserId& actor = "boss") { return ids_of(e.leads(actor, filter)); };

    LeadFilter text;
    text.text = TextSearch{"MILANO", {"city", "company"}};
    CHECK(list(text) == V{anna, chiara});
    LeadFilter phone;
    phone.identity = IdentityMatch{IdentityKind::phone, "+39 333", ""};  // written as a person would
    CHECK(list(phone) == V{anna, chiara});
    LeadFilter domain;
    domain.identity = IdentityMatch{IdentityKind::email, "", "@ACME.example"};
    CHECK(list(domain) == V{bruno});
    LeadFilter older;
    older.attributes = {{"attributes.age", RuleOperator::range, {}, 30.0, std::nullopt}};
    CHECK(list(older) == V{anna});
    LeadFilter campaign;
    campaign.campaign = "spring";
    CHECK(list(campaign) == V{anna, chiara});
    LeadFilter active;
    active.active_from = kStart + kDay;  // the distribution is bruno's latest activity
    CHECK(list(active) == V{bruno});
    active.active_from.reset();
    active.active_to = kStart + kDay;
    CHECK(list(active) == V{anna, chiara});

    // Ann holds bruno only: a filter never widens what she reads.
    LeadFilter any_name;
    any_name.text = TextSearch{"n", {"name"}};
    CHECK(list(any_name, "ann") == V{bruno});
    CHECK(list(any_name) == V{anna, bruno});
}

LEADPOOL_STORE_TEST_CASE("a sorted lead list pages by cursor through leads that share a time") {
    Company<Factory> c;
    Engine& e = *c.engine;
    std::vector<LeadId> leads;
    for (int i = 0; i < 7; ++i) {
        leads.push_back(c.capture("1380000100" + std::to_string(i)));
        if (i % 3 == 2) c.clock->advance(1000);  // three leads share each time
    }
    c.clock->advance(1000);
    LeadUpdate touch;
    touch.attributes = R"({"seen": true})";
    e.update_lead("boss", leads[1], touch);

    PageRequest page;
    page.limit = 2;
    page.sort = {LeadSortKey::updated, true};
    std::vector<LeadId> walked;
    for (int n = 0; n < 10; ++n) {
        const LeadPage got = e.leads("boss", {}, page);
        CHECK_FALSE(got.next_after);  // id paging is for the id order only
        const auto ids = ids_of(got);
        walked.insert(walked.end(), ids.begin(), ids.end());
        if (!got.next_cursor) break;
        CHECK(got.next_cursor->id == ids.back());
        page.cursor = got.next_cursor;
    }
    // Newest update first; equal times by id, descending too.
    CHECK(walked == std::vector<LeadId>{leads[1], leads[6], leads[5], leads[4], leads[3], leads[2], leads[0]});

    PageRequest by_id;
    by_id.limit = 3;
    const LeadPage first = e.leads("boss", {}, by_id);
    REQUIRE(first.next_after);
    REQUIRE(first.next_cursor);
    CHECK(*first.next_after == leads[2]);
    CHECK(first.next_cursor->key == leads[2]);
    by_id.cursor = first.next_cursor;  // the cursor continues the id order as `after` does
    by_id.after = 0;
    const LeadPage by_cursor = e.leads("boss", {}, by_id);
    by_id.cursor.reset();
    by_id.after = *first.next_after;
    CHECK(ids_of(by_cursor) == ids_of(e.leads("boss", {}, by_id)));
}

LEADPOOL_STORE_TEST_CASE("a bad lead filter or page is refused naming its field") {
    Company<Factory> c;
    Engine& e = *c.engine;
    c.capture("13800001001");
    const auto leads = [&](const LeadFilter& filter, const PageRequest& page = {}) { e.leads("boss", filter, page); };

    LeadFilter channel;
    channel.attributes = {{"channel", RuleOperator::equals, {"web"}, {}, {}}};
    CHECK(refusal(ErrorCode::invalid_argument, [&] { leads(channel); }).find("attributes[0]") != std::string::npos);
    LeadFilter no_values;
    no_values.attributes = {{"attributes.city", RuleOperator::in, {}, {}, {}}};
    CHECK(refusal(ErrorCode::invalid_argument, [&] { leads(no_values); }).find("attributes[0]") != std::string::npos);
    LeadFilter quoted;
    quoted.attributes = {{"attributes.a\"b", RuleOperator::exists, {}, {}, {}}};
    CHECK(refusal(ErrorCode::invalid_argument, [&] { leads(quoted); }).find("attributes[0]") != std::string::npos);
    LeadFilter many;
    many.attributes.assign(kMaxFilterConditions + 1, {"attributes.city", RuleOperator::exists, {}, {}, {}});
    CHECK(refusal(ErrorCode::limit_exceeded, [&] { leads(many); }).find("attributes") != std::string::npos);

    LeadFilter empty_query;
    empty_query.text = TextSearch{"", {"name"}};
    CHECK(refusal(ErrorCode::invalid_argument, [&] { leads(empty_query); }).find("text.query") != std::string::npos);
    LeadFilter long_query;
    long_query.text = TextSearch{std::string(kMaxTextSearchBytes + 1, 'a'), {"name"}};
    CHECK(refusal(ErrorCode::limit_exceeded, [&] { leads(long_query); }).find("text.query") != std::string::npos);
    LeadFilter no_fields;
    no_fields.text = TextSearch{"a", {}};
    CHECK(refusal(ErrorCode::invalid_argument, [&] { leads(no_fields); }).find("text.fields") != std::string::npos);
    LeadFilter bad_field;
    bad_field.text = TextSearch{"a", {"address..city"}};
    CHECK(refusal(ErrorCode::invalid_argument, [&] { leads(bad_field); }).find("text.fields[0]") != std::string::npos);

    LeadFilter both;
    both.identity = IdentityMatch{IdentityKind::email, "a", "example.com"};
    CHECK(refusal(ErrorCode::invalid_argument, [&] { leads(both); }).find("identity") != std::string::npos);
    LeadFilter phone_domain;
    phone_domain.identity = IdentityMatch{IdentityKind::phone, "", "example.com"};
    CHECK(refusal(ErrorCode::invalid_argument, [&] { leads(phone_domain); }).find("identity.domain") != std::string::npos);
    LeadFilter no_digits;
    no_digits.identity = IdentityMatch{IdentityKind::phone, "+ -", ""};
    CHECK(refusal(ErrorCode::invalid_argument, [&] { leads(no_digits); }).find("identity.prefix") != std::string::npos);

    PageRequest after_and_cursor;
    after_and_cursor.after = 1;
    after_and_cursor.cursor = LeadCursor{1, 1};
    CHECK(refusal(ErrorCode::invalid_argument, [&] { leads({}, after_and_cursor); }).find("cursor") != std::string::npos);
    PageRequest after_sorted;
    after_sorted.after = 1;
    after_sorted.sort = {LeadSortKey::created, false};
    CHECK(refusal(ErrorCode::invalid_argument, [&] { leads({}, after_sorted); }).find("after") != std::string::npos);
    PageRequest score_without_model;
    score_without_model.sort = {LeadSortKey::score, true, ""};
    CHECK(refusal(ErrorCode::invalid_argument, [&] { leads({}, score_without_model); }).find("score_model") !=
          std::string::npos);
    PageRequest model_without_score;
    model_without_score.sort = {LeadSortKey::created, true, "fit"};
    CHECK(refusal(ErrorCode::invalid_argument, [&] { leads({}, model_without_score); }).find("score_model") !=
          std::string::npos);
}
