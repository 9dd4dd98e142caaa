// Store conformance, part of <leadpool/testing/store_conformance.hpp>: a randomized history over the
// selection data set, for the reports replayed from history: several users claim, release,
// transfer, move and follow up the leads at times that fall on and beside day, week and month
// edges (and not always in seq order), and leads are merged into others, in chains too.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "leadpool/testing/store_conformance/selections.hpp"

namespace leadpool::conformance {

// A small fixed-seed generator: the same history on every store and every platform.
class HistoryDice {
public:
    explicit HistoryDice(std::uint64_t seed) : state_(seed) {}
    std::size_t roll(std::size_t sides) {
        state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<std::size_t>((state_ >> 33) % sides);
    }

private:
    std::uint64_t state_;
};

// Appends 2..9 rows to every lead of `d` and merges some leads into others, with merge records
// (collision or not) inside and outside the days the rows fall on.
inline void add_random_history(StoreWriter& w, Dataset& d, std::uint64_t seed) {
    HistoryDice dice(seed);
    const std::vector<UserId> users = {"ann", "bob", "cy", "dee"};
    const std::vector<PoolId> pools = d.pool_ids();
    const Timestamp edges[] = {0, 1, -1, kDay / 2, 7 * kDay, 7 * kDay - 1, 31 * kDay, 31 * kDay + 1};
    const auto time = [&] {
        return kStart - 2 * kDay + static_cast<Timestamp>(dice.roll(40)) * kDay / 2 + edges[dice.roll(8)] +
               static_cast<Timestamp>(dice.roll(3)) * 60'000;
    };
    std::vector<LeadId> ids;
    for (const auto& [id, lead] : d.leads) ids.push_back(id);
    for (const LeadId id : ids) {
        HistoryEntry row;
        row.lead = id;
        row.from_pool = row.to_pool = d.leads.at(id).pool;
        row.from_tier = row.to_tier = d.leads.at(id).tier;
        row.from_owner = row.to_owner = d.leads.at(id).owner;
        for (std::size_t n = 2 + dice.roll(8); n > 0; --n) {
            row.from_pool = row.to_pool;
            row.from_tier = row.to_tier;
            row.from_owner = row.to_owner;
            row.at = time();
            const UserId user = users[dice.roll(users.size())];
            switch (dice.roll(5)) {
                case 0: row.action = Action::claim, row.actor = user, row.to_owner = user; break;
                case 1: row.action = Action::release, row.actor = user, row.to_owner = ""; break;
                case 2: row.action = Action::transfer, row.actor = "boss", row.to_owner = user; break;
                case 3: row.action = Action::follow_up, row.actor = user; break;
                default:
                    row.action = Action::distribute, row.actor = "boss", row.to_owner = "";
                    row.to_pool = pools[dice.roll(pools.size())];
            }
            w.append_history(row);
        }
    }
    // Every seventh lead goes into a random earlier one, latest first: a survivor taken among the
    // seventh leads is merged on later, into a chain.
    for (std::size_t i = (ids.size() - 1) / 7 * 7; i >= 7; i -= 7) {
        const LeadId survivor = ids[dice.roll(i)];
        if (d.leads.at(survivor).merged_into != 0) continue;
        set_merged_into(w, d, ids[i], survivor);
        MergeRecord merge;
        merge.survivor = survivor;
        merge.absorbed = ids[i];
        merge.actor = "boss";
        merge.at = time();
        merge.reason = "test";
        merge.collision = dice.roll(3) != 0;
        merge.absorbed_owner = d.leads.at(ids[i]).owner;
        w.insert_merge(merge);
    }
}

}  // namespace leadpool::conformance
