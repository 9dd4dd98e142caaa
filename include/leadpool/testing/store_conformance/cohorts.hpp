// Store conformance, part of <leadpool/testing/store_conformance.hpp>: cohort_cells() counts what
// the default written on leads() and history() counts, over the selection data set with the
// history of tier_moves.hpp (captures before 1970 and around midnight included).
#pragma once

#include <map>
#include <tuple>

#include "leadpool/testing/store_conformance/tier_moves.hpp"

namespace leadpool::conformance {

inline std::map<std::tuple<Timestamp, Tier, Timestamp>, std::int64_t> cohort_counts(
    const std::vector<CohortCell>& cells) {
    std::map<std::tuple<Timestamp, Tier, Timestamp>, std::int64_t> out;
    for (const CohortCell& cell : cells) {
        if (cell.count != 0) out[{cell.cohort, cell.tier, cell.reached}] += cell.count;
    }
    return out;
}

inline void check_cohort_cells(Store& store) {
    Dataset d = dataset_pools(store);
    commit(store, [&](StoreWriter& w) {
        add_dataset_leads(w, d, 0, kDatasetSize);
        add_dataset_history(w, d);
    });
    auto reader = store.read();
    for (const auto& [name, selection] : dataset_selections(d)) {
        for (const CohortPeriod period : {CohortPeriod::week, CohortPeriod::month}) {
            CAPTURE(name);
            CAPTURE(to_string(period));
            CHECK(cohort_counts(reader->cohort_cells(selection, period)) ==
                  cohort_counts(reader->StoreReader::cohort_cells(selection, period)));
        }
    }
    // The reference itself, worked out by hand: every lead at sub, opportunity or order moved
    // there once, in the month of its move.
    std::map<std::tuple<Timestamp, Tier, Timestamp>, std::int64_t> expected;
    int i = 0;
    for (const auto& [id, lead] : d.leads) {
        const Timestamp moved = lead.created_at + (i++ % 7) * kDay / 3;
        if (lead.tier == Tier::sub || lead.tier == Tier::opportunity || lead.tier == Tier::order) {
            ++expected[{month_start(lead.created_at), lead.tier, month_start(moved)}];
        }
    }
    CHECK(cohort_counts(reader->cohort_cells(everything(), CohortPeriod::month)) == expected);
}

}  // namespace leadpool::conformance
