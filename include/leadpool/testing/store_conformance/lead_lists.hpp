// Store conformance, part of <leadpool/testing/store_conformance.hpp>: the lead-list filters that
// read inside a lead (attribute conditions, text search, identity match, last activity, campaign)
// agree with selection_matches, and sorted_leads() pages in every order with stable cursors.
#pragma once

#include <map>
#include <nlohmann/json.hpp>

#include "leadpool/testing/store_conformance/helpers.hpp"

namespace leadpool::conformance {

// Attributes as the engine stores them (nlohmann's compact dump): strings in and out of ASCII
// case, integers, decimals, an exponent, booleans, null, nested objects, arrays, a digit key.
inline const std::vector<std::string> kListAttributes = {
    R"({"name": "Anna Rossi", "city": "Milano", "age": 30, "vip": true})",
    R"({"name": "ANNA BIANCHI", "city": "milano", "age": 30.5, "score": "30"})",
    R"({"name": "Éric Dupont", "city": "Paris", "age": -2, "address": {"city": "Lyon", "zip": "69001"}})",
    R"({"name": "éric martin", "city": "PARIS", "age": 1e20, "tags": [1, 2]})",
    R"({"name": "Bob", "city": null, "age": "thirty", "address": {"0": "x"}})",
    R"({"name": 42, "list": ["Milano"], "address": ["a", "b"]})",
    R"({})",
    R"({"name": "Zoë Kraus", "nested": {"deep": {"x": "A1"}}, "age": 7, "vip": false})",
    R"({"name": "o'brien", "company": "Acme \"Q\"", "age": 0, "city": "Milano"})",
};
inline const std::vector<std::string> kListCampaigns = {"", "spring", "summer"};
inline constexpr int kListSize = 36;

inline Lead list_lead(int i) {
    Lead lead = simple_lead("l" + std::to_string(i));
    lead.attributes = nlohmann::json::parse(kListAttributes[static_cast<std::size_t>(i) % kListAttributes.size()]).dump();
    lead.identities = {phone((i % 2 ? "+39333" : "+3902") + std::to_string(1000 + i))};
    if (i % 3 == 0) lead.identities.push_back({IdentityKind::email, "p" + std::to_string(i) + "@example.com", ""});
    if (i % 3 == 1) lead.identities.push_back({IdentityKind::email, "q" + std::to_string(i) + "@mail.example.org", ""});
    lead.attribution.campaign = kListCampaigns[static_cast<std::size_t>(i) % kListCampaigns.size()];
    // Few distinct times, so many leads share each sort value.
    lead.created_at = kStart + i % 5;
    lead.updated_at = kStart + 10 * (i % 3);
    lead.last_activity_at = kStart + 1000 * (i % 4) - (i == 7 ? 2 * kStart : 0);  // one before 1970
    lead.last_seen_at = lead.updated_at;
    return lead;
}

inline RuleCondition list_condition(std::string field, RuleOperator op, std::vector<std::string> values,
                                    std::optional<double> min = std::nullopt,
                                    std::optional<double> max = std::nullopt) {
    return {"attributes." + std::move(field), op, std::move(values), min, max};
}

inline std::vector<std::pair<std::string, LeadSelection>> list_selections() {
    std::vector<std::pair<std::string, LeadSelection>> out;
    const auto add = [&](std::string name, auto change) {
        LeadSelection selection = everything();
        change(selection);
        out.emplace_back(std::move(name), std::move(selection));
    };
    const auto condition = [&](std::string name, RuleCondition c) {
        add(std::move(name), [c](LeadSelection& s) { s.attributes = {c}; });
    };
    using Op = RuleOperator;
    condition("string equals", list_condition("city", Op::equals, {"Milano"}));
    condition("string in, case kept", list_condition("city", Op::in, {"milano", "PARIS"}));
    condition("string prefix", list_condition("name", Op::prefix, {"An", "Zo"}));
    condition("non-ASCII prefix", list_condition("name", Op::prefix, {"É"}));
    condition("integer as its text", list_condition("age", Op::equals, {"30"}));
    condition("decimal as its text", list_condition("age", Op::equals, {"30.5"}));
    condition("exponent as its text", list_condition("age", Op::equals, {"1e+20"}));
    condition("string and number alike", list_condition("score", Op::in, {"30"}));
    condition("number prefix", list_condition("age", Op::prefix, {"3"}));
    condition("boolean as its text", list_condition("vip", Op::equals, {"true"}));
    condition("object as its JSON", list_condition("address", Op::equals, {R"({"city":"Lyon","zip":"69001"})"}));
    condition("array as its JSON", list_condition("tags", Op::equals, {"[1,2]"}));
    condition("array prefix", list_condition("list", Op::prefix, {"[\"Mil"}));
    condition("nested path", list_condition("nested.deep.x", Op::equals, {"A1"}));
    condition("quote in a value", list_condition("company", Op::equals, {"Acme \"Q\""}));
    condition("range", list_condition("age", Op::range, {}, 0.0, 31.0));
    condition("range from", list_condition("age", Op::range, {}, 30.0));
    condition("range to", list_condition("age", Op::range, {}, std::nullopt, 8.0));
    condition("range skips strings", list_condition("score", Op::range, {}, 0.0));
    condition("exists", list_condition("city", Op::exists, {}));
    condition("exists: null is absent", list_condition("vip", Op::exists, {}));
    condition("exists: nested", list_condition("address.city", Op::exists, {}));
    condition("exists: a digit key enters objects only", list_condition("address.0", Op::exists, {}));
    condition("missing field", list_condition("nothing", Op::exists, {}));
    add("two conditions", [](LeadSelection& s) {
        s.attributes = {list_condition("city", Op::equals, {"Milano"}), list_condition("age", Op::range, {}, 10.0)};
    });
    const auto text = [&](std::string name, std::string query, std::vector<std::string> fields) {
        add(std::move(name), [query, fields](LeadSelection& s) { s.text = TextSearch{query, fields}; });
    };
    text("text: ASCII case folds", "anna", {"name"});
    text("text: non-ASCII case does not", "éric", {"name"});
    text("text: any of the fields", "mil", {"city", "company"});
    text("text: strings only", "42", {"name"});
    text("text: arrays are not searched", "milano", {"list"});
    text("text: nested", "lyo", {"address.city"});
    text("text: quote", "acme \"q", {"company"});
    text("text: apostrophe", "o'b", {"name"});
    const auto identity = [&](std::string name, IdentityMatch match) {
        add(std::move(name), [match](LeadSelection& s) { s.identity = match; });
    };
    identity("phone prefix", {IdentityKind::phone, "+39333", ""});
    identity("phone prefix, a few leads", {IdentityKind::phone, "+390210", ""});
    identity("email prefix", {IdentityKind::email, "q1", ""});
    identity("email domain", {IdentityKind::email, "", "example.com"});
    identity("email domain, sub-domain", {IdentityKind::email, "", "mail.example.org"});
    identity("email domain is not a suffix", {IdentityKind::email, "", "example.org"});
    identity("no identity of the kind", {IdentityKind::device_id, "a", ""});
    add("active from", [](LeadSelection& s) { s.active_from = kStart + 1000; });
    add("active to", [](LeadSelection& s) { s.active_to = kStart + 2000; });
    add("campaign", [](LeadSelection& s) { s.campaign = "spring"; });
    add("no campaign", [](LeadSelection& s) { s.campaign = ""; });
    add("everything together", [](LeadSelection& s) {
        s.attributes = {list_condition("age", Op::exists, {})};
        s.text = TextSearch{"a", {"name", "city"}};
        s.identity = IdentityMatch{IdentityKind::phone, "+39", ""};
        s.active_from = kStart;
        s.campaign = "summer";
        s.tag = "vip";
    });
    return out;
}

// Each lead's scores (StoreReader::lead_scores), for the selections and sorts that read them.
using ScoresByLead = std::map<LeadId, std::vector<LeadScore>>;

inline const std::vector<LeadScore>& scores_of(const ScoresByLead& scores, LeadId lead) {
    static const std::vector<LeadScore> none;
    const auto it = scores.find(lead);
    return it == scores.end() ? none : it->second;
}

// Where a lead stands in a sort (none: a sort by score leaves it out).
inline std::optional<LeadCursor> place_of(const LeadSort& sort, const Lead& lead, const ScoresByLead& scores = {}) {
    const auto value = sort_value(sort, lead, scores_of(scores, lead.id));
    if (!value) return std::nullopt;
    return LeadCursor{*value, lead.id};
}

// What sorted_leads must return, by selection_matches, sort_value and comes_after.
inline std::vector<Lead> reference_sorted(const std::vector<Lead>& all, const LeadSelection& selection,
                                          const LeadOrder& order, std::size_t limit,
                                          const ScoresByLead& scores = {}) {
    std::vector<std::pair<LeadCursor, Lead>> placed;
    for (const Lead& lead : all) {
        const auto at = place_of(order.sort, lead, scores);
        if (!at || !selection_matches(selection, lead, scores_of(scores, lead.id))) continue;
        if (!order.after || comes_after(order.sort, *order.after, *at)) placed.emplace_back(*at, lead);
    }
    std::sort(placed.begin(), placed.end(), [&](const auto& a, const auto& b) {
        return comes_after(order.sort, a.first, b.first);
    });
    std::vector<Lead> out;
    for (const auto& entry : placed) {
        if (out.size() == limit) break;
        out.push_back(entry.second);
    }
    return out;
}

inline LeadCursor cursor_of(const LeadSort& sort, const Lead& lead, const ScoresByLead& scores = {}) {
    const auto at = place_of(sort, lead, scores);
    REQUIRE(at);
    return *at;
}

// sorted_leads() in `sort`, whole and paged from every lead's place, agrees with reference_sorted.
inline void check_sorted_by(StoreReader& reader, const std::vector<Lead>& all, const LeadSelection& selection,
                            const LeadSort& sort, const ScoresByLead& scores = {}) {
    const std::string key_name = to_string(sort.key);
    CAPTURE(key_name);
    CAPTURE(sort.descending);
    const auto expected = reference_sorted(all, selection, {sort, std::nullopt}, kNoLimit, scores);
    check_same_leads(reader.sorted_leads(selection, {sort, std::nullopt}, kNoLimit), expected);
    CHECK(reader.sorted_leads(selection, {sort, std::nullopt}, 0).empty());
    // A cursor in the middle of a run of equal sort values continues right after it.
    for (const Lead& from : all) {
        const auto at = place_of(sort, from, scores);
        if (!at) continue;
        const LeadOrder order{sort, *at};
        CHECK(ids(reader.sorted_leads(selection, order, 3)) ==
              ids(reference_sorted(all, selection, order, 3, scores)));
        if (sort.key == LeadSortKey::id) {  // in id order the cursor's id alone places it
            const LeadOrder keyless{sort, LeadCursor{0, from.id}};
            CHECK(ids(reader.sorted_leads(selection, keyless, 3)) == ids(reference_sorted(all, selection, order, 3)));
        }
    }
    for (const std::size_t limit : {1, 4}) {
        CAPTURE(limit);
        std::vector<Lead> paged;
        LeadOrder order{sort, std::nullopt};
        for (std::size_t page = 0; page <= expected.size() / limit + 1; ++page) {
            const auto leads = reader.sorted_leads(selection, order, limit);
            paged.insert(paged.end(), leads.begin(), leads.end());
            if (leads.size() < limit) break;
            order.after = cursor_of(sort, leads.back(), scores);
        }
        CHECK(ids(paged) == ids(expected));
    }
}

// Every key but score (check_score_sorts reads scores), both ways round.
inline void check_sorted(StoreReader& reader, const std::vector<Lead>& all, const LeadSelection& selection) {
    for (int key = 0; key <= static_cast<int>(LeadSortKey::last_activity); ++key) {
        for (const bool descending : {false, true}) {
            check_sorted_by(reader, all, selection, LeadSort{static_cast<LeadSortKey>(key), descending, {}});
        }
    }
}

inline void check_lists(StoreReader& reader, const std::vector<Lead>& all) {
    for (const auto& [name, selection] : list_selections()) {
        CAPTURE(name);
        check_selection(reader, all, selection);
    }
    check_sorted(reader, all, everything());
    LeadSelection some = everything();
    some.text = TextSearch{"a", {"name"}};
    some.tag = "vip";
    check_sorted(reader, all, some);
}

inline void check_lead_lists(Store& store) {
    std::vector<Lead> all;
    const auto add = [&](StoreWriter& w, int from, int to) {
        for (int i = from; i < to; ++i) {
            Lead lead = list_lead(i);
            if (i % 4 == 1) lead.tags = {"vip"};
            all.push_back(as_stored(lead, w.insert_lead(lead)));
        }
    };
    commit(store, [&](StoreWriter& w) { add(w, 0, kListSize / 2); });
    {
        auto w = store.write();  // the writer's view: committed leads and its own
        add(*w, kListSize / 2, kListSize);
        check_lists(*w, all);
        w->commit();
    }
    check_lists(*store.read(), all);
}

}  // namespace leadpool::conformance
