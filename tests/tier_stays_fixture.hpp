// The stays a migration must fill from an older store's history, for the SQLite and PostgreSQL
// store tests: the conformance data set with its history and round trips, its samples before the
// step, and the check that a store gives the same after it and goes on keeping them.
#pragma once

#include <vector>

#include "leadpool/testing/store_conformance/tier_times.hpp"

namespace leadpool::testing {

inline TierTimesRequest stays_at_end() {
    TierTimesRequest request;
    request.at = conformance::kStart + 20 * conformance::kDay;
    request.by = BreakdownKey::owner;
    return request;
}

// Writes the history; returns the samples of every lead, as the store gave them.
inline std::vector<conformance::TierTimeKey> stays_history(Store& store) {
    conformance::Dataset d = conformance::dataset_pools(store);
    conformance::commit(store, [&](StoreWriter& w) {
        conformance::add_dataset_leads(w, d, 0, conformance::kDatasetSize);
        conformance::add_dataset_history(w, d);
        conformance::add_round_trips(w, d);
    });
    auto reader = store.read();
    return conformance::sample_list(*reader, conformance::everything(), stays_at_end(), false);
}

// The migrated store gives what it gave before, the reference's answer, and keeps a new move.
inline void check_migrated_stays(Store& store, const std::vector<conformance::TierTimeKey>& before) {
    {
        auto reader = store.read();
        const auto after = conformance::sample_list(*reader, conformance::everything(), stays_at_end(), false);
        CHECK(after.size() > 100);
        CHECK(after == before);
        CHECK(after == conformance::sample_list(*reader, conformance::everything(), stays_at_end(), true));
    }
    const LeadId lead = store.read()->leads(conformance::everything(), 0, 1).at(0).id;
    conformance::commit(store, [&](StoreWriter& w) {
        HistoryEntry move;
        move.lead = lead;
        move.action = Action::return_to_master;
        move.actor = "boss";
        move.at = conformance::kStart + 15 * conformance::kDay;
        move.from_tier = tier_stays(w.history(lead)).back().tier;
        move.to_tier = move.from_tier == Tier::master ? Tier::sub : Tier::master;
        w.append_history(move);
    });
    auto reader = store.read();
    const auto moved = conformance::sample_list(*reader, conformance::everything(), stays_at_end(), false);
    CHECK(moved != before);
    CHECK(moved == conformance::sample_list(*reader, conformance::everything(), stays_at_end(), true));
}

}  // namespace leadpool::testing
