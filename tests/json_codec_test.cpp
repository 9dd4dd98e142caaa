// The JSON codec: what the C ABI and bindings exchange. Writers produce the documented shapes;
// readers are strict and name the field at fault.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;
using nlohmann::json;

namespace {

// The code and message of the Error that `read` throws; fails the test when it throws none.
template <typename Read>
std::pair<ErrorCode, std::string> error_of(Read read) {
    try {
        read();
    } catch (const Error& e) {
        return {e.code(), e.what()};
    }
    FAIL("no error thrown");
    return {};
}

#define CHECK_REFUSED(expr, code, fragment)                                                \
    do {                                                                                   \
        auto refused = error_of([&] { (void)(expr); });                                    \
        CHECK(refused.first == (code));                                                    \
        CHECK_MESSAGE(refused.second.find(fragment) != std::string::npos, refused.second); \
    } while (0)

std::string nested_object(std::size_t levels) {  // {"a":{"a":...{}}} with `levels` objects
    std::string text;
    for (std::size_t i = 1; i < levels; ++i) text += "{\"a\":";
    text += "{}";
    text += std::string(levels - 1, '}');
    return text;
}

}  // namespace

TEST_CASE("a lead input is read with every field, and identities keep their scope") {
    const LeadInput input = lead_input_from_json(R"({
        "identities": [{"kind": "phone", "value": "13800000001"},
                       {"kind": "wechat_openid", "value": "o-1", "scope": "wx-app"}],
        "channel": "web",
        "attributes": {"name": "Li", "utm": {"term": "crm"}, "n": [1, 2.5, null, true]},
        "attribution": {"source": "baidu", "campaign": "spring"},
        "tags": ["vip", "fair"]})");
    REQUIRE(input.identities.size() == 2);
    CHECK(input.identities[0] == Identity{IdentityKind::phone, "13800000001", ""});
    CHECK(input.identities[1] == Identity{IdentityKind::wechat_openid, "o-1", "wx-app"});
    CHECK(input.channel == "web");
    CHECK(json::parse(input.attributes) ==
          json::parse(R"({"name": "Li", "utm": {"term": "crm"}, "n": [1, 2.5, null, true]})"));
    CHECK(input.attribution == Attribution{"baidu", "", "spring"});
    CHECK(input.tags == std::vector<std::string>{"vip", "fair"});

    const LeadInput minimal =
        lead_input_from_json(R"({"identities": [{"kind": "email", "value": "a@b.c"}], "channel": "shop"})");
    CHECK(minimal.attributes == "{}");
    CHECK(minimal.attribution == Attribution{});
    CHECK(minimal.tags.empty());
}

TEST_CASE("a captured lead is written with its attributes embedded and its history in shape") {
    Company<MemoryStoreFactory> c;
    const auto results = c.engine->capture_batch("boss", lead_inputs_from_json(R"([
        {"identities": [{"kind": "phone", "value": "13800000001"}], "channel": "web",
         "attributes": {"name": "Li", "deep": {"x": [1, {"y": "é"}]}},
         "attribution": {"source": "baidu", "medium": "cpc", "campaign": "spring"}, "tags": ["vip"]},
        {"identities": [{"kind": "external_id", "value": "42", "scope": "erp"}], "channel": "import"}])"));
    REQUIRE(results.size() == 2);
    const json written = json::parse(to_json(results));
    REQUIRE(written.is_array());
    CHECK(written[0]["created"] == true);
    const json& lead = written[0]["lead"];
    CHECK(lead["id"] == results[0].lead.id);
    CHECK(lead["identities"] == json::parse(R"([{"kind": "phone", "value": "+8613800000001"}])"));
    CHECK(lead["attributes"] == json::parse(R"({"name": "Li", "deep": {"x": [1, {"y": "é"}]}})"));
    CHECK(lead["channel"] == "web");
    CHECK(lead["channels"] == json::array({"web"}));
    CHECK(lead["attribution"] ==
          json::parse(R"({"source": "baidu", "medium": "cpc", "campaign": "spring"})"));
    CHECK(lead["last_attribution"] == lead["attribution"]);  // the only touch is first and last
    CHECK(lead["tags"] == json::array({"vip"}));
    CHECK(lead["tier"] == "master");
    CHECK(lead["pool"] == kMasterPoolId);
    CHECK(lead["owner"].is_null());
    CHECK(lead["reached"] == json::array({"master"}));
    CHECK(lead["created_at"] == kStart);
    CHECK(lead["updated_at"] == kStart);
    CHECK(lead["last_activity_at"] == kStart);
    CHECK(lead["last_seen_at"] == kStart);
    CHECK(lead["referred_by"].is_null());
    CHECK(lead["version"] == 1);
    CHECK(lead.size() == 18);
    CHECK(to_json(results[0].lead).rfind(R"({"id":)", 0) == 0);  // fields in the documented order
    CHECK(written[1]["lead"]["identities"][0]["scope"] == "erp");

    const LeadId id = results[0].lead.id;
    c.engine->transition("boss", transition_from_json(R"({"lead": )" + std::to_string(id) +
                                                      R"(, "action": "distribute", "to_pool": )" +
                                                      std::to_string(c.east) + R"(, "to_owner": "ann"})"));
    const json moved = json::parse(to_json(c.engine->lead("boss", id)));
    CHECK(moved["tier"] == "sub");
    CHECK(moved["owner"] == "ann");
    CHECK(moved["reached"] == json::array({"master", "sub"}));

    const json history = json::parse(to_json(c.engine->history("boss", id)));
    REQUIRE(history.size() == 2);
    CHECK(history[0]["action"] == "capture");
    CHECK(history[0]["detail"]["attributes"]["name"] == "Li");
    CHECK(history[1]["action"] == "distribute");
    CHECK(history[1]["actor"] == "boss");
    CHECK(history[1]["from"] == json::parse(R"({"tier": "master", "pool": 1, "owner": null})"));
    CHECK(history[1]["to"] == json{{"tier", "sub"}, {"pool", c.east}, {"owner", "ann"}});
    CHECK(history[1]["reason"] == "");
    CHECK(history[1]["detail"].is_object());
    CHECK(history[1]["seq"].is_number_integer());
    CHECK(history[1]["at"] == kStart);
}

TEST_CASE("users round-trip, pools and organisation events are written in shape") {
    const User user{"ann", "Ann", "sales", {"salesperson", "market"}, false};
    const User back = user_from_json(to_json(user));
    CHECK(back.id == user.id);
    CHECK(back.name == user.name);
    CHECK(back.department == user.department);
    CHECK(back.roles == user.roles);
    CHECK(back.active == false);
    const User defaults = user_from_json(R"({"id": "bob", "name": "Bob"})");
    CHECK(defaults.active);
    CHECK(defaults.roles.empty());
    CHECK(json::parse(to_json(std::vector<User>{user, defaults})).size() == 2);

    const PoolSpec spec =
        pool_spec_from_json(R"({"name": "east", "parent": null, "managers": ["ann"], "members": []})");
    CHECK(spec.name == "east");
    CHECK(!spec.parent);
    CHECK(spec.managers == std::vector<UserId>{"ann"});
    CHECK(pool_spec_from_json(R"({"name": "city", "parent": 7})").parent == PoolId{7});

    const Pool pool{3, "east", std::nullopt, {"ann"}, {"bob"}};
    CHECK(
        json::parse(to_json(pool)) ==
        json::parse(R"({"id": 3, "name": "east", "parent": null, "managers": ["ann"], "members": ["bob"]})"));
    CHECK(json::parse(to_json(std::vector<Pool>{pool, Pool{4, "city", PoolId{3}, {}, {}}}))[1]["parent"] ==
          3);

    Company<MemoryStoreFactory> c;
    const json events = json::parse(to_json(c.engine->org_history("boss")));
    REQUIRE(events.size() >= 2);
    CHECK(events[0]["kind"] == "initialized");
    CHECK(events[0]["actor"] == "boss");
    CHECK(events[0]["at"] == kStart);
    CHECK(events[0]["detail"]["stage"] == "factory_led");
    CHECK(events[0].size() == 5);
}

TEST_CASE("updates, transitions, filters, pages and funnel filters are read") {
    const LeadUpdate update = lead_update_from_json(
        R"({"attributes": {"city": "Hangzhou"}, "add_tags": ["a"], "remove_tags": ["b"], "expected_version": 3})");
    CHECK(json::parse(update.attributes) == json{{"city", "Hangzhou"}});
    CHECK(update.add_tags == std::vector<std::string>{"a"});
    CHECK(update.remove_tags == std::vector<std::string>{"b"});
    CHECK(update.expected_version == 3);
    CHECK(lead_update_from_json("{}").attributes == "{}");

    const TransitionRequest lose = transition_from_json(
        R"({"lead": 5, "action": "lose", "reason": "price", "to_pool": null, "to_owner": null})");
    CHECK(lose.lead == 5);
    CHECK(lose.action == Action::lose);
    CHECK(lose.reason == "price");
    CHECK(!lose.to_pool);
    CHECK(!lose.to_owner);
    const auto batch = transitions_from_json(
        R"([{"lead": -1, "action": "transfer", "to_pool": 3, "to_owner": "bob", "expected_version": 2}])");
    REQUIRE(batch.size() == 1);
    CHECK(batch[0].lead == -1);  // ids are the engine's to judge
    CHECK(batch[0].to_pool == PoolId{3});
    CHECK(batch[0].to_owner == UserId{"bob"});
    CHECK(batch[0].expected_version == 2);

    const LeadFilter filter = lead_filter_from_json(
        R"({"tier": "opportunity", "pool": 2, "owner": "ann", "channel": "web", "tag": "vip", "created_from": 10, "created_to": 20})");
    CHECK(filter.tier == Tier::opportunity);
    CHECK(filter.pool == PoolId{2});
    CHECK(filter.owner == UserId{"ann"});
    CHECK(filter.channel == std::string("web"));
    CHECK(filter.tag == std::string("vip"));
    CHECK(filter.created_from == Timestamp{10});
    CHECK(filter.created_to == Timestamp{20});
    const LeadFilter unset = lead_filter_from_json(R"({"tier": null, "pool": null, "owner": null})");
    CHECK(!unset.tier);
    CHECK(!unset.pool);
    CHECK(!unset.owner);

    const LeadFilter search = lead_filter_from_json(
        R"({"active_from": 5, "active_to": 6, "referred_by": 7, "campaign": "spring",)"
        R"( "attributes": [{"field": "attributes.age", "op": "range", "min": 18}],)"
        R"( "text": {"query": "Ann", "fields": ["name", "address.city"]},)"
        R"( "identity": {"kind": "email", "domain": "example.com"}})");
    CHECK(search.active_from == Timestamp{5});
    CHECK(search.active_to == Timestamp{6});
    CHECK(search.referred_by == LeadId{7});
    CHECK(search.campaign == std::string("spring"));
    REQUIRE(search.attributes.size() == 1);
    CHECK(search.attributes[0].field == "attributes.age");
    CHECK(search.attributes[0].op == RuleOperator::range);
    CHECK(search.attributes[0].min == 18.0);
    REQUIRE(search.text);
    CHECK(search.text->query == "Ann");
    CHECK(search.text->fields == std::vector<std::string>{"name", "address.city"});
    REQUIRE(search.identity);
    CHECK(search.identity->kind == IdentityKind::email);
    CHECK(search.identity->domain == "example.com");
    CHECK(search.identity->prefix.empty());
    CHECK_THROWS_WITH(lead_filter_from_json(R"({"text": {"query": "a"}})"), doctest::Contains("fields"));
    CHECK_THROWS_WITH(lead_filter_from_json(R"({"identity": {"kind": "fax", "prefix": "1"}})"),
                      doctest::Contains("identity.kind"));
    CHECK_THROWS_WITH(lead_filter_from_json(R"({"attributes": {}})"), doctest::Contains("attributes"));

    const PageRequest page = page_from_json(R"({"after": 41, "limit": 1000})");
    CHECK(page.after == 41);
    CHECK(page.limit == 1000);
    CHECK(page_from_json("{}").limit == 100);
    const PageRequest sorted = page_from_json(R"({"sort": "last_activity", "descending": true, "cursor": {"key": -3, "id": 9}})");
    CHECK(sorted.sort.key == LeadSortKey::last_activity);
    CHECK(sorted.sort.descending);
    CHECK(sorted.cursor == LeadCursor{-3, 9});
    CHECK_THROWS_WITH(page_from_json(R"({"sort": "rank"})"), doctest::Contains("sort"));
    const PageRequest by_score = page_from_json(R"({"sort": "score", "score_model": "fit"})");
    CHECK(by_score.sort.key == LeadSortKey::score);
    CHECK(by_score.sort.score_model == "fit");
    CHECK_THROWS_WITH(page_from_json(R"({"score_model": 3})"), doctest::Contains("score_model"));
    CHECK_THROWS_WITH(page_from_json(R"({"cursor": {"key": 1}})"), doctest::Contains("cursor"));

    const FunnelFilter funnel = funnel_filter_from_json(
        R"({"pool": 2, "owner": null, "channel": "web", "captured_from": 1, "captured_to": 2})");
    CHECK(funnel.pool == PoolId{2});
    CHECK(!funnel.owner);
    CHECK(funnel.channel == std::string("web"));
    CHECK(funnel.captured_from == Timestamp{1});
    CHECK(funnel.captured_to == Timestamp{2});

    const Identity identity = identity_from_json(R"({"kind": "device_id", "value": "d-1"})");
    CHECK(identity == Identity{IdentityKind::device_id, "d-1", ""});
}

TEST_CASE("pages and the funnel report are written in shape") {
    Company<MemoryStoreFactory> c;
    for (int i = 0; i < 3; ++i) c.engine->capture("boss", phone_lead("1380000000" + std::to_string(i)));
    PageRequest first;
    first.limit = 2;
    const json page = json::parse(to_json(c.engine->leads("boss", {}, first)));
    CHECK(page["leads"].size() == 2);
    CHECK(page["next_after"] == page["leads"][1]["id"]);
    PageRequest rest;
    rest.after = page["next_after"].get<LeadId>();
    const json last = json::parse(to_json(c.engine->leads("boss", {}, rest)));
    CHECK(last["leads"].size() == 1);
    CHECK(last["next_after"].is_null());
    CHECK(last["next_cursor"].is_null());
    CHECK(page["next_cursor"] == json{{"key", page["next_after"]}, {"id", page["next_after"]}});
    PageRequest newest;
    newest.limit = 1;
    newest.sort = {LeadSortKey::created, true};
    const json sorted = json::parse(to_json(c.engine->leads("boss", {}, newest)));
    CHECK(sorted["next_after"].is_null());
    CHECK(sorted["next_cursor"] == json{{"key", sorted["leads"][0]["created_at"]}, {"id", sorted["leads"][0]["id"]}});

    const json funnel = json::parse(to_json(c.engine->funnel("boss")));
    CHECK(funnel["leads"] == 3);
    REQUIRE(funnel["tiers"].size() == 6);
    const char* names[] = {"master", "sub", "opportunity", "order", "lost", "invalid"};
    for (std::size_t t = 0; t < 6; ++t) CHECK(funnel["tiers"][t]["tier"] == names[t]);
    CHECK(funnel["tiers"][0] == json::parse(R"({"tier": "master", "at": 3, "reached": 3})"));
    REQUIRE(funnel["conversions"].size() == 3);
    CHECK(funnel["conversions"][0] == json::parse(R"({"from": "master", "to": "sub", "rate": 0.0})"));
    CHECK(funnel["main_line_conversion"] == 0.0);
}

TEST_CASE("readers refuse malformed JSON and the wrong kind of document") {
    CHECK_REFUSED(lead_input_from_json("{\"identities\": ["), ErrorCode::invalid_argument,
                  "lead input: malformed JSON");
    CHECK_REFUSED(user_from_json(""), ErrorCode::invalid_argument, "user: malformed JSON");
    CHECK_REFUSED(user_from_json(R"({"id": "a", "name": "A"} x)"), ErrorCode::invalid_argument,
                  "malformed JSON");
    CHECK_REFUSED(user_from_json(R"(["a"])"), ErrorCode::invalid_argument, "user: must be a JSON object");
    CHECK_REFUSED(lead_inputs_from_json("{}"), ErrorCode::invalid_argument,
                  "lead inputs: must be a JSON array");
    CHECK_REFUSED(transitions_from_json(R"([{"lead": 1, "action": "win"}, 3])"), ErrorCode::invalid_argument,
                  "transitions: [1]: must be a JSON object");
    CHECK_REFUSED(identity_from_json("{\"kind\": \"phone\", \"value\": \"\xff\"}"),
                  ErrorCode::invalid_argument, "malformed JSON");
    CHECK_REFUSED(identity_from_json(R"({"kind": "phone", "value": "\ud800"})"), ErrorCode::invalid_argument,
                  "malformed JSON");
    CHECK_REFUSED(user_from_json(R"({"id": "a", "name": "A", "id": "b"})"), ErrorCode::invalid_argument,
                  "field 'id' appears twice");
}

TEST_CASE("readers refuse unknown fields, missing fields and wrong types, naming the field") {
    CHECK_REFUSED(lead_input_from_json(R"({"identities": [], "channel": "web", "colour": 1})"),
                  ErrorCode::invalid_argument, "colour: unknown field");
    CHECK_REFUSED(lead_input_from_json(
                      R"({"identities": [{"kind": "phone", "value": "1", "x": 1}], "channel": "web"})"),
                  ErrorCode::invalid_argument, "identities[0].x: unknown field");
    CHECK_REFUSED(
        lead_input_from_json(R"({"identities": [], "channel": "web", "attribution": {"term": "a"}})"),
        ErrorCode::invalid_argument, "attribution.term: unknown field");
    CHECK_REFUSED(lead_input_from_json(R"({"channel": "web"})"), ErrorCode::invalid_argument,
                  "'identities' is required");
    CHECK_REFUSED(lead_input_from_json(R"({"identities": []})"), ErrorCode::invalid_argument,
                  "'channel' is required");
    CHECK_REFUSED(lead_input_from_json(R"({"identities": {}, "channel": "web"})"),
                  ErrorCode::invalid_argument, "identities: must be an array");
    CHECK_REFUSED(lead_input_from_json(R"({"identities": [], "channel": 7})"), ErrorCode::invalid_argument,
                  "channel: must be a string");
    CHECK_REFUSED(lead_input_from_json(R"({"identities": [], "channel": "web", "attributes": "{}"})"),
                  ErrorCode::invalid_argument, "attributes: must be a JSON object");
    CHECK_REFUSED(lead_input_from_json(R"({"identities": [], "channel": "web", "tags": ["a", 1]})"),
                  ErrorCode::invalid_argument, "tags[1]: must be a string");
    CHECK_REFUSED(
        lead_input_from_json(
            R"({"identities": [{"kind": "fax", "value": "1"}, {"kind": "phone"}], "channel": "w"})"),
        ErrorCode::invalid_argument, "identities[0].kind: unknown identity kind 'fax'");
    CHECK_REFUSED(transition_from_json(R"({"lead": "5", "action": "win"})"), ErrorCode::invalid_argument,
                  "lead: must be an integer");
    CHECK_REFUSED(transition_from_json(R"({"lead": 5.0, "action": "win"})"), ErrorCode::invalid_argument,
                  "lead: must be an integer");
    CHECK_REFUSED(transition_from_json(R"({"lead": 9223372036854775808, "action": "win"})"),
                  ErrorCode::invalid_argument, "lead: integer out of range");
    CHECK_REFUSED(transition_from_json(R"({"lead": 1, "action": "fly"})"), ErrorCode::invalid_argument,
                  "action: unknown action 'fly'");
    CHECK_REFUSED(transition_from_json(R"({"lead": 1, "action": "read"})"), ErrorCode::invalid_argument,
                  "action: 'read' is not a transition");
    CHECK_REFUSED(transition_from_json(R"({"lead": 1, "action": "lose", "reason": null})"),
                  ErrorCode::invalid_argument, "reason: must be a string");
    CHECK_REFUSED(transition_from_json(R"({"lead": 1, "action": "win", "expected_version": true})"),
                  ErrorCode::invalid_argument, "expected_version: must be an integer");
    CHECK_REFUSED(user_from_json(R"({"id": "a", "name": "A", "active": 1})"), ErrorCode::invalid_argument,
                  "active: must be true or false");
    CHECK_REFUSED(user_from_json(R"({"id": "a", "name": "A", "roles": "director"})"),
                  ErrorCode::invalid_argument, "roles: must be an array of strings");
    CHECK_REFUSED(pool_spec_from_json(R"({"name": "p", "parent": "1"})"), ErrorCode::invalid_argument,
                  "parent: must be an integer");
    CHECK_REFUSED(lead_update_from_json(R"({"add_tags": [null]})"), ErrorCode::invalid_argument,
                  "add_tags[0]: must be a string");
    CHECK_REFUSED(lead_filter_from_json(R"({"tier": "basement"})"), ErrorCode::invalid_argument,
                  "tier: unknown tier 'basement'");
    CHECK_REFUSED(lead_filter_from_json(R"({"created_from": 1.5})"), ErrorCode::invalid_argument,
                  "created_from: must be an integer");
    CHECK_REFUSED(page_from_json(R"({"after": null})"), ErrorCode::invalid_argument,
                  "after: must be an integer");
    CHECK_REFUSED(page_from_json(R"({"limit": 0})"), ErrorCode::invalid_argument, "limit: must be 1..1000");
    CHECK_REFUSED(page_from_json(R"({"limit": 1001})"), ErrorCode::invalid_argument,
                  "limit: must be 1..1000");
    CHECK_REFUSED(page_from_json(R"({"limit": -1})"), ErrorCode::invalid_argument, "limit: must be 1..1000");
    CHECK_REFUSED(funnel_filter_from_json(R"({"tier": "order"})"), ErrorCode::invalid_argument,
                  "tier: unknown field");
}

TEST_CASE("input past the nesting and batch limits is refused with limit_exceeded") {
    const std::string deep = std::string(10000, '[') + std::string(10000, ']');
    CHECK_REFUSED(lead_inputs_from_json(deep), ErrorCode::limit_exceeded, "nests deeper than");
    CHECK_REFUSED(user_from_json(std::string(100000, '[')), ErrorCode::limit_exceeded,
                  "user: nests deeper than");

    auto input_with = [](const std::string& attributes) {
        return R"({"identities": [{"kind": "phone", "value": "13800001001"}], "channel": "web", "attributes": )" +
               attributes + "}";
    };
    // Attributes may nest kMaxJsonDepth levels, also inside a batch; the document around them
    // does not count against them.
    CHECK_NOTHROW(lead_input_from_json(input_with(nested_object(kMaxJsonDepth))));
    CHECK_NOTHROW(lead_inputs_from_json("[" + input_with(nested_object(kMaxJsonDepth)) + "]"));
    CHECK_REFUSED(lead_inputs_from_json("[" + input_with(nested_object(kMaxJsonDepth + 1)) + "]"),
                  ErrorCode::limit_exceeded, "lead inputs: nests deeper than");

    // The engine refuses attributes one level deeper, whichever way they came in.
    Company<MemoryStoreFactory> c;
    CHECK_NOTHROW(c.engine->capture("boss", lead_input_from_json(input_with(nested_object(kMaxJsonDepth)))));
    CHECK_REFUSED(
        c.engine->capture("boss", lead_input_from_json(input_with(nested_object(kMaxJsonDepth + 1)))),
        ErrorCode::limit_exceeded, "attributes");

    std::string batch = "[";
    for (std::size_t i = 0; i <= kMaxBatchSize; ++i) batch += R"({"lead": 1, "action": "win"},)";
    batch.back() = ']';
    CHECK_REFUSED(transitions_from_json(batch), ErrorCode::limit_exceeded, "10001 items: at most 10000");
}

TEST_CASE("writers never throw on stored text: bad UTF-8 is replaced, unreadable JSON is internal") {
    User user{"u\xff", "Name", "", {}, true};
    const std::string text = to_json(user);
    CHECK(json::parse(text)["id"] == "u\xEF\xBF\xBD");  // U+FFFD

    Lead lead;
    lead.id = 9;
    lead.attributes = "not json";
    CHECK_REFUSED(to_json(lead), ErrorCode::internal, "lead 9 attributes");
}
