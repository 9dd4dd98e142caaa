// Conflicts and a merge made before the schema version that added conflict review, and what a
// migrated store must make of them: the migration tests of the SQL stores share these.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "leadpool/leadpool.hpp"

namespace leadpool::testing {

// Two identity conflicts (max_merge_size 1 refuses every merge), then a merge by hand.
inline std::vector<std::int64_t> raise_conflicts(Engine& e, ManualClock& clock) {
    IdentityRules rules = e.identity_rules();
    rules.max_merge_size = 1;
    e.set_identity_rules("boss", rules);
    std::vector<std::int64_t> conflicts;
    for (const char* n : {"1", "2"}) {
        clock.advance(1000);
        LeadInput by_phone;
        by_phone.channel = "web";
        by_phone.identities = {Identity{IdentityKind::phone, std::string("1380000100") + n, ""}};
        e.capture("boss", by_phone);
        LeadInput by_email;
        by_email.channel = "shop";
        by_email.identities = {Identity{IdentityKind::email, std::string("m") + n + "@example.com", ""}};
        e.capture("boss", by_email);
        ChannelRecord both;
        both.channel = "app";
        both.identities = {by_phone.identities[0], by_email.identities[0]};
        const auto results = e.ingest("boss", {both});
        REQUIRE(results.size() == 1);
        REQUIRE(results[0].conflicts.size() == 1);
        conflicts.push_back(results[0].conflicts[0]);
    }
    rules.max_merge_size = 10;
    e.set_identity_rules("boss", rules);
    LeadInput extra;
    extra.channel = "web";
    extra.identities = {Identity{IdentityKind::phone, "13800001009", ""}};
    e.merge_leads("boss", e.capture("boss", extra).lead.id, e.leads("boss").leads.front().id, "by hand");
    return conflicts;
}

// Every conflict raised before the migration is open, in the queue, and can be resolved; the merge
// pages as before.
inline void check_open_conflicts(Engine& e, const std::vector<std::int64_t>& conflicts) {
    const ConflictPage queue = e.identity_conflicts("boss", ConflictFilter{}, RecordPageRequest{});
    REQUIRE(queue.conflicts.size() == conflicts.size());
    for (std::size_t i = 0; i < conflicts.size(); ++i) {
        CHECK(queue.conflicts[i].id == conflicts[i]);
        CHECK(queue.conflicts[i].state == ConflictState::open);
        CHECK(queue.conflicts[i].resolved_by.empty());
        CHECK_FALSE(queue.conflicts[i].resolved_at);
        CHECK(queue.conflicts[i].resolution_merges.empty());
    }
    MergeFilter by_hand;
    by_hand.reason = "by hand";
    CHECK(e.merges("boss", by_hand, RecordPageRequest{}).merges.size() == 1);
    CHECK(e.resolve_identity_conflict("boss", conflicts[0], ConflictResolution::dismiss, "two people").state ==
          ConflictState::dismissed);
    CHECK(e.identity_conflicts("boss", ConflictFilter{}, RecordPageRequest{}).conflicts.size() ==
          conflicts.size() - 1);
}

}  // namespace leadpool::testing
