// Reviewing merges and identity conflicts: the paged, filtered lists and the resolution of a
// conflict, on every store.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "engine_fixture.hpp"
#include "store_test_case.hpp"

using namespace leadpool;
using namespace leadpool::testing;
using nlohmann::json;

namespace {

Identity email(const std::string& value) { return {IdentityKind::email, value, ""}; }
Identity phone(const std::string& value) { return {IdentityKind::phone, value, ""}; }

ChannelRecord record(const std::string& channel, std::vector<Identity> identities) {
    ChannelRecord r;
    r.channel = channel;
    r.identities = std::move(identities);
    return r;
}

std::vector<std::int64_t> ids_of(const std::vector<IdentityConflict>& conflicts) {
    std::vector<std::int64_t> out;
    for (const auto& conflict : conflicts) out.push_back(conflict.id);
    return out;
}

std::vector<std::int64_t> ids_of(const std::vector<MergeRecord>& merges) {
    std::vector<std::int64_t> out;
    for (const auto& merge : merges) out.push_back(merge.id);
    return out;
}

RecordPageRequest page(std::size_t limit, std::optional<std::int64_t> after = std::nullopt,
                       bool newest_first = false) {
    return RecordPageRequest{after, limit, newest_first};
}

ConflictFilter any_state() {
    ConflictFilter filter;
    filter.state.reset();
    return filter;
}

// A company whose identity rules let no merge happen (max_merge_size 1): each record naming two
// leads raises a max_merge_size conflict instead.
template <typename Factory>
struct Reviewing : Company<Factory> {
    struct Pair {
        LeadId by_phone = 0;  // the older lead: where the record goes
        LeadId by_email = 0;
        std::int64_t conflict = 0;
        Timestamp at = 0;
    };

    Reviewing() { set_max_merge_size(1); }

    void set_max_merge_size(int size) {
        IdentityRules rules = this->engine->identity_rules();
        rules.max_merge_size = size;
        this->engine->set_identity_rules("boss", rules);
    }

    IngestResult ingest(const ChannelRecord& r) {
        this->clock->advance(60000);
        auto results = this->engine->ingest("boss", {r});
        REQUIRE(results.size() == 1);
        return results.front();
    }

    // Two leads, then a record of `channel` naming both: a conflict on the first.
    Pair conflicting(int n, const std::string& channel) {
        Pair pair;
        const std::string number = "1380000000" + std::to_string(n);
        const std::string address = "p" + std::to_string(n) + "@example.com";
        pair.by_phone = ingest(record("web", {phone(number)})).lead;
        pair.by_email = ingest(record("shop", {email(address)})).lead;
        const IngestResult r = ingest(record(channel, {phone(number), email(address)}));
        REQUIRE(r.conflicts.size() == 1);
        pair.conflict = r.conflicts.front();
        pair.at = this->clock->now();
        return pair;
    }

    ConflictPage conflicts(const ConflictFilter& filter, const RecordPageRequest& request,
                           const UserId& actor = "boss") {
        return this->engine->identity_conflicts(actor, filter, request);
    }
};

}  // namespace

TEST_SUITE_BEGIN("conflict review");

LEADPOOL_STORE_TEST_CASE("identity conflicts page by id either way, and filter by lead, rule, channel, time and state") {
    Reviewing<Factory> c;
    const auto first = c.conflicting(1, "web");
    const auto second = c.conflicting(2, "app");
    const auto third = c.conflicting(3, "web");

    const ConflictPage start = c.conflicts({}, page(2));
    CHECK(ids_of(start.conflicts) == std::vector<std::int64_t>{first.conflict, second.conflict});
    REQUIRE(start.next_after);
    CHECK(*start.next_after == second.conflict);
    const ConflictPage rest = c.conflicts({}, page(2, start.next_after));
    CHECK(ids_of(rest.conflicts) == std::vector<std::int64_t>{third.conflict});
    CHECK_FALSE(rest.next_after);

    const ConflictPage newest = c.conflicts({}, page(2, std::nullopt, true));
    CHECK(ids_of(newest.conflicts) == std::vector<std::int64_t>{third.conflict, second.conflict});
    REQUIRE(newest.next_after);
    CHECK(ids_of(c.conflicts({}, page(2, newest.next_after, true)).conflicts) ==
          std::vector<std::int64_t>{first.conflict});

    ConflictFilter filter;
    filter.channel = "web";
    CHECK(ids_of(c.conflicts(filter, page(10)).conflicts) == std::vector<std::int64_t>{first.conflict, third.conflict});
    filter = {};
    filter.rule = ConflictRule::max_per_lead;
    CHECK(c.conflicts(filter, page(10)).conflicts.empty());
    filter.rule = ConflictRule::max_merge_size;
    CHECK(c.conflicts(filter, page(10)).conflicts.size() == 3);
    filter = {};
    filter.lead = second.by_email;  // one of the others
    CHECK(ids_of(c.conflicts(filter, page(10)).conflicts) == std::vector<std::int64_t>{second.conflict});
    filter.lead = third.by_phone;  // the conflict's own lead
    CHECK(ids_of(c.conflicts(filter, page(10)).conflicts) == std::vector<std::int64_t>{third.conflict});
    filter = {};
    filter.at_from = second.at;
    filter.at_to = third.at;
    CHECK(ids_of(c.conflicts(filter, page(10)).conflicts) == std::vector<std::int64_t>{second.conflict});
    filter = {};
    filter.state = ConflictState::dismissed;
    CHECK(c.conflicts(filter, page(10)).conflicts.empty());
    CHECK(c.conflicts(any_state(), page(10)).conflicts.size() == 3);

    Engine& e = *c.engine;
    auto refused = [&](const ConflictFilter& f, const RecordPageRequest& p, const char* names) {
        try {
            e.identity_conflicts("boss", f, p);
            FAIL("accepted");
        } catch (const Error& error) {
            CHECK(error.code() == ErrorCode::invalid_argument);
            CHECK_MESSAGE(std::string(error.what()).find(names) != std::string::npos, error.what());
        }
    };
    refused({}, page(0), "limit");
    refused({}, page(kMaxPageSize + 1), "limit");
    refused({}, page(10, 0), "after");
    filter = {};
    filter.lead = 0;
    refused(filter, page(10), "lead");
    filter = {};
    filter.at_from = third.at;
    filter.at_to = first.at;
    refused(filter, page(10), "at_from");
}

LEADPOOL_STORE_TEST_CASE("a conflict page keeps reading past the conflicts the actor may not read") {
    Reviewing<Factory> c;
    Engine& e = *c.engine;
    // Ann reads only the leads she holds: three conflicts among many she may not see.
    std::vector<std::int64_t> anns;
    for (int n = 1; n <= 9; ++n) {
        const auto pair = c.conflicting(n, "web");
        if (n % 3 != 0) continue;
        for (LeadId lead : {pair.by_phone, pair.by_email})
            e.transition("boss", move(lead, Action::distribute, c.east, UserId("ann")));
        anns.push_back(pair.conflict);
    }
    std::vector<std::int64_t> seen;
    std::optional<std::int64_t> after;
    int pages = 0;
    do {
        const ConflictPage got = c.conflicts({}, page(1, after), "ann");
        REQUIRE(got.conflicts.size() <= 1);
        for (const auto& conflict : got.conflicts) seen.push_back(conflict.id);
        after = got.next_after;
        REQUIRE(++pages < 10);
    } while (after);
    CHECK(seen == anns);
    CHECK(ids_of(c.conflicts({}, page(2), "ann").conflicts) == std::vector<std::int64_t>{anns[0], anns[1]});
    CHECK(c.conflicts({}, page(100), "bob").conflicts.empty());
}

LEADPOOL_STORE_TEST_CASE("dismissing a conflict keeps its leads apart and records who, when and why") {
    Reviewing<Factory> c;
    Engine& e = *c.engine;
    const auto pair = c.conflicting(1, "web");
    const auto other = c.conflicting(2, "web");

    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.resolve_identity_conflict("boss", pair.conflict, ConflictResolution::dismiss, ""));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found,
                               e.resolve_identity_conflict("boss", other.conflict + 100, ConflictResolution::dismiss,
                                                           "unknown"));
    // Bob may not read the leads: to him the conflict does not exist.
    LP_CHECK_REFUSED_UNCHANGED(
        e, ErrorCode::not_found,
        e.resolve_identity_conflict("bob", pair.conflict, ConflictResolution::dismiss, "not mine"));

    c.clock->advance(1000);
    const IdentityConflict dismissed =
        e.resolve_identity_conflict("boss", pair.conflict, ConflictResolution::dismiss, "two brothers");
    CHECK(dismissed.state == ConflictState::dismissed);
    CHECK(dismissed.resolved_by == "boss");
    CHECK(dismissed.resolved_at == c.clock->now());
    CHECK(dismissed.resolution_reason == "two brothers");
    CHECK(dismissed.resolution_merges.empty());
    CHECK(e.lead("boss", pair.by_email).id == pair.by_email);  // still a lead of its own
    CHECK(e.merges("boss").empty());

    // The queue holds only the open one; the dismissed one stays, with its state.
    CHECK(ids_of(c.conflicts({}, page(10)).conflicts) == std::vector<std::int64_t>{other.conflict});
    ConflictFilter filter;
    filter.state = ConflictState::dismissed;
    const auto kept = c.conflicts(filter, page(10)).conflicts;
    REQUIRE(kept.size() == 1);
    CHECK(to_json(std::vector<IdentityConflict>{kept[0]}) == to_json(std::vector<IdentityConflict>{dismissed}));
    CHECK(e.identity_conflicts("boss").size() == 2);

    const auto history = e.history("boss", pair.by_phone);
    REQUIRE_FALSE(history.empty());
    CHECK(history.back().action == Action::resolve_conflict);
    CHECK(history.back().reason == "two brothers");
    const json detail = json::parse(history.back().detail);
    CHECK(detail["conflict"] == pair.conflict);
    CHECK(detail["resolution"] == "dismiss");

    ChangeQuery query;
    query.limit = kMaxPageSize;
    const auto changes = e.changes("boss", query).changes;
    const auto resolved = std::find_if(changes.begin(), changes.end(), [&](const Change& change) {
        return change.subject == ChangeSubject::identity_conflict && change.kind == "identity_conflict_resolved";
    });
    REQUIRE(resolved != changes.end());
    CHECK(resolved->object == std::to_string(pair.conflict));
    CHECK(resolved->lead == pair.by_phone);
    CHECK(resolved->reason == "two brothers");
    CHECK(json::parse(resolved->detail)["state"] == "dismissed");

    LP_CHECK_REFUSED_UNCHANGED(
        e, ErrorCode::conflict,
        e.resolve_identity_conflict("boss", pair.conflict, ConflictResolution::merge, "changed my mind"));
}

LEADPOOL_STORE_TEST_CASE("resolving a conflict by merging goes through the hand merge and its guards") {
    Reviewing<Factory> c;
    Engine& e = *c.engine;
    const auto pair = c.conflicting(1, "web");

    // max_merge_size 1 still refuses: the error comes back and nothing changes.
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::conflict,
                               e.resolve_identity_conflict("boss", pair.conflict, ConflictResolution::merge, "same"));
    CHECK(c.conflicts({}, page(10)).conflicts.size() == 1);

    c.set_max_merge_size(5);
    const IdentityConflict resolved =
        e.resolve_identity_conflict("boss", pair.conflict, ConflictResolution::merge, "");
    CHECK(resolved.state == ConflictState::resolved);
    CHECK(resolved.resolved_by == "boss");
    REQUIRE(resolved.resolution_merges.size() == 1);
    CHECK(e.lead("boss", pair.by_email).id == pair.by_phone);  // one person now

    MergeFilter filter;
    filter.lead = pair.by_email;
    const auto merges = e.merges("boss", filter);
    REQUIRE(merges.size() == 1);
    CHECK(merges[0].id == resolved.resolution_merges[0]);
    CHECK(merges[0].survivor == pair.by_phone);
    CHECK(merges[0].absorbed == pair.by_email);

    const auto history = e.history("boss", pair.by_phone);
    REQUIRE(history.size() >= 2);
    CHECK(history.back().action == Action::resolve_conflict);
    CHECK(json::parse(history.back().detail)["merges"] == json::array({resolved.resolution_merges[0]}));
    CHECK(std::any_of(history.begin(), history.end(), [](const HistoryEntry& row) { return row.action == Action::merge; }));
    CHECK(c.conflicts({}, page(10)).conflicts.empty());

    // Undone, the merge gives the lead back; the conflict stays resolved.
    e.unmerge("boss", resolved.resolution_merges[0], "after all");
    CHECK(e.lead("boss", pair.by_email).id == pair.by_email);
    ConflictFilter all = any_state();
    CHECK(c.conflicts(all, page(10)).conflicts.at(0).state == ConflictState::resolved);
}

LEADPOOL_STORE_TEST_CASE("merges page by id either way, and filter by actor, time, reason and lead") {
    Company<Factory> c;
    Engine& e = *c.engine;
    std::vector<LeadId> leads;
    for (int n = 0; n < 8; ++n) leads.push_back(c.capture("+861380000010" + std::to_string(n)));
    c.clock->advance(1000);
    const Timestamp early = c.clock->now();
    const MergeId first = e.merge_leads("boss", leads[0], leads[1], "same phone").id;
    c.clock->advance(1000);
    const Timestamp middle = c.clock->now();
    const MergeId second = e.merge_leads("boss", leads[2], leads[3], "same face").id;
    c.clock->advance(1000);
    const MergeId third = e.merge_leads("boss", leads[4], leads[5], "same phone").id;
    const MergeId fourth = e.merge_leads("boss", leads[6], leads[7], "same phone").id;
    e.unmerge("boss", fourth, "oops");

    const MergePage start = e.merges("boss", {}, page(3));
    CHECK(ids_of(start.merges) == std::vector<std::int64_t>{first, second, third});
    REQUIRE(start.next_after);
    const MergePage rest = e.merges("boss", {}, page(3, start.next_after));
    CHECK(ids_of(rest.merges) == std::vector<std::int64_t>{fourth});
    CHECK_FALSE(rest.next_after);
    CHECK(ids_of(e.merges("boss", {}, page(2, std::nullopt, true)).merges) == std::vector<std::int64_t>{fourth, third});

    MergeFilter filter;
    filter.reason = "same phone";
    filter.include_unmerged = false;
    CHECK(ids_of(e.merges("boss", filter, page(10)).merges) == std::vector<std::int64_t>{first, third});
    CHECK(ids_of(e.merges("boss", filter)) == std::vector<std::int64_t>{first, third});  // the whole list too
    filter = {};
    filter.at_from = early;
    filter.at_to = c.clock->now();
    CHECK(ids_of(e.merges("boss", filter, page(10)).merges) == std::vector<std::int64_t>{first, second});
    filter.at_from = middle;
    CHECK(ids_of(e.merges("boss", filter, page(10)).merges) == std::vector<std::int64_t>{second});
    filter = {};
    filter.actor = "ann";
    CHECK(e.merges("boss", filter, page(10)).merges.empty());
    filter.actor = "boss";
    filter.lead = leads[5];
    CHECK(ids_of(e.merges("boss", filter, page(10)).merges) == std::vector<std::int64_t>{third});
    // The master pool's leads are not ann's to read: neither are their merges.
    CHECK(e.merges("ann", {}, page(10)).merges.empty());

    filter = {};
    filter.at_from = c.clock->now();
    filter.at_to = early;
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.merges("boss", filter, page(10)));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.merges("boss", {}, page(0)));
}

TEST_SUITE_END();
