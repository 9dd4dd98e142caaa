// Store conformance, part of <leadpool/testing/store_conformance.hpp>: tier_moves() counts what
// the default written on leads() and history() counts, over the selection data set with a
// history for every lead: its capture, a move, and an update that moves nothing.
#pragma once

#include <map>
#include <utility>

#include "leadpool/testing/store_conformance/selections.hpp"

namespace leadpool::conformance {

// The cells as one map, without zero counts: the order of cells is free.
inline std::map<std::pair<BreakdownValue, Tier>, std::int64_t> move_counts(const std::vector<TierMoveCell>& cells) {
    std::map<std::pair<BreakdownValue, Tier>, std::int64_t> out;
    for (const TierMoveCell& cell : cells) {
        if (cell.count != 0) out[{cell.group, cell.tier}] += cell.count;
    }
    return out;
}

// Each lead's history: captured into master at created_at, moved to its tier, pool and owner
// some hours to days later (a row that keeps the tier for a master lead), then updated.
inline void add_dataset_history(StoreWriter& w, const Dataset& d) {
    int i = 0;
    for (const auto& [id, lead] : d.leads) {
        HistoryEntry capture;
        capture.lead = id;
        capture.action = Action::capture;
        capture.actor = "boss";
        capture.at = lead.created_at;
        w.append_history(capture);
        HistoryEntry move = capture;
        move.action = lead.tier == Tier::invalid ? Action::invalidate : Action::distribute;
        move.at = lead.created_at + (i % 7) * kDay / 3;
        move.to_tier = lead.tier;
        move.to_pool = lead.pool;
        move.to_owner = lead.owner;
        w.append_history(move);
        HistoryEntry update = move;
        update.action = Action::update;
        update.at = move.at + kDay;
        update.from_tier = update.to_tier;
        update.from_pool = update.to_pool;
        update.from_owner = update.to_owner;
        w.append_history(update);
        ++i;
    }
}

inline void check_tier_moves(Store& store) {
    Dataset d = dataset_pools(store);
    commit(store, [&](StoreWriter& w) {
        add_dataset_leads(w, d, 0, kDatasetSize);
        add_dataset_history(w, d);
    });
    const std::vector<std::pair<Timestamp, Timestamp>> periods = {
        {-2 * kDay, 10 * kDay + kStart},  // everything
        {kStart, kStart + 2 * kDay},      // whole days
        {kStart + kDay / 2, kStart + kDay / 2 + 1},
        {-kDay, 0},  // before 1970
        {kStart + 100 * kDay, kStart + 101 * kDay},  // nothing
    };
    auto reader = store.read();
    std::int64_t moves_seen = 0;
    for (const auto& [name, selection] : dataset_selections(d)) {
        for (const auto& [from, to] : periods) {
            for (const std::optional<MoveKey> by :
                 {std::optional<MoveKey>{}, std::optional<MoveKey>{MoveKey::pool}, std::optional<MoveKey>{MoveKey::owner},
                  std::optional<MoveKey>{MoveKey::month}}) {
                CAPTURE(name);
                CAPTURE(from);
                CAPTURE(to);
                CAPTURE(by ? to_string(*by) : "none");
                const auto counted = move_counts(reader->tier_moves(selection, from, to, by));
                CHECK(counted == move_counts(reader->StoreReader::tier_moves(selection, from, to, by)));
                for (const auto& [key, count] : counted) moves_seen += count;
            }
        }
    }
    CHECK(moves_seen > 0);
    // The reference itself, worked out by hand: over every time, each lead's capture moves it into
    // master and its move into its tier when that is not master; the update moves nothing.
    TierCounts expected{};
    for (const auto& [id, lead] : d.leads) {
        ++expected[static_cast<std::size_t>(Tier::master)];
        if (lead.tier != Tier::master) ++expected[static_cast<std::size_t>(lead.tier)];
    }
    TierCounts counted{};
    for (const TierMoveCell& cell : reader->tier_moves(everything(), -2 * kDay, kStart + 10 * kDay, std::nullopt)) {
        counted[static_cast<std::size_t>(cell.tier)] += cell.count;
    }
    CHECK(counted == expected);
}

}  // namespace leadpool::conformance
