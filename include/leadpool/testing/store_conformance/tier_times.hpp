// Store conformance, part of <leadpool/testing/store_conformance.hpp>: tier_time_samples() gives
// what the default written on leads(), history() and opportunities() gives, over the selection
// data set with a history that moves leads back and forth and won and lost opportunities, before
// and after a merge and its unmerge.
#pragma once

#include <algorithm>
#include <tuple>
#include <vector>

#include "leadpool/testing/store_conformance/tier_moves.hpp"

namespace leadpool::conformance {

using TierTimeKey = std::tuple<BreakdownValue, int, int, std::int64_t>;

// The samples as one sorted list: their order is free.
inline std::vector<TierTimeKey> sample_list(StoreReader& reader, const LeadSelection& selection,
                                            const TierTimesRequest& request, bool reference) {
    std::vector<TierTimeKey> out;
    const auto visit = [&](TierTimeSample&& s) {
        out.emplace_back(std::move(s.group), static_cast<int>(s.measure), static_cast<int>(s.tier), s.value);
    };
    if (reference) {
        reader.StoreReader::tier_time_samples(selection, request, visit);
    } else {
        reader.tier_time_samples(selection, request, visit);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// After add_dataset_history: every third lead goes on to opportunity, back to sub and on to order
// (two stays in sub), with a won opportunity; every fifth loses one.
inline void add_round_trips(StoreWriter& w, const Dataset& d) {
    int i = 0;
    for (const auto& [id, lead] : d.leads) {
        if (i++ % 3 != 0) continue;
        HistoryEntry row;
        row.lead = id;
        row.actor = "boss";
        row.at = lead.created_at + 3 * kDay + i * 1000;
        Tier at = lead.tier;
        for (const Tier to : {Tier::opportunity, Tier::sub, Tier::order}) {
            row.action = Action::distribute;
            row.from_tier = at;
            row.to_tier = to;
            row.at += kDay / 4 + i;
            w.append_history(row);
            at = to;
        }
        Opportunity won;
        won.lead = id;
        won.product_type = "kitchen";
        won.workflow = "sale";
        won.step = "signed";
        won.status = i % 5 == 0 ? OpportunityStatus::lost : OpportunityStatus::won;
        won.opened_at = lead.created_at;
        won.closed_at = row.at;
        won.order_amount = won.status == OpportunityStatus::won ? 1000 + i : 0;
        w.put_opportunity(won);
    }
}

inline void check_tier_time_samples_now(Store& store, const Dataset& d, std::int64_t& seen) {
    std::vector<TierTimesRequest> requests;
    for (const std::optional<BreakdownKey> by :
         {std::optional<BreakdownKey>{}, std::optional<BreakdownKey>{BreakdownKey::pool},
          std::optional<BreakdownKey>{BreakdownKey::owner},
          std::optional<BreakdownKey>{BreakdownKey::channel},
          std::optional<BreakdownKey>{BreakdownKey::campaign},
          std::optional<BreakdownKey>{BreakdownKey::capture_month},
          std::optional<BreakdownKey>{BreakdownKey::capture_week}}) {
        TierTimesRequest request;
        request.by = by;
        request.at = kStart + 20 * kDay;  // after everything
        requests.push_back(request);
    }
    TierTimesRequest period;  // stays ended, orders reached and won in two days; open at the first
    period.from = kStart + 3 * kDay;
    period.to = kStart + 5 * kDay;
    period.at = kStart + 3 * kDay;
    requests.push_back(period);
    TierTimesRequest before_1970;
    before_1970.to = 0;
    before_1970.at = -kDay / 2;
    requests.push_back(before_1970);
    auto reader = store.read();
    for (const auto& [name, selection] : dataset_selections(d)) {
        for (const TierTimesRequest& request : requests) {
            CAPTURE(name);
            CAPTURE(request.by ? to_string(*request.by) : "none");
            CAPTURE(request.at.value_or(0));
            const auto samples = sample_list(*reader, selection, request, false);
            CHECK(samples == sample_list(*reader, selection, request, true));
            seen += static_cast<std::int64_t>(samples.size());
        }
    }
}

inline void check_tier_time_samples(Store& store) {
    Dataset d = dataset_pools(store);
    commit(store, [&](StoreWriter& w) {
        add_dataset_leads(w, d, 0, kDatasetSize);
        add_dataset_history(w, d);
        add_round_trips(w, d);
    });
    std::int64_t seen = 0;
    check_tier_time_samples_now(store, d, seen);
    CHECK(seen > 0);

    // The reference itself, by hand: every lead has one open stay at the end (none in lost or
    // invalid), and reaches order once if at all.
    auto reader = store.read();
    TierTimesRequest at_end;
    at_end.at = kStart + 20 * kDay;
    std::int64_t open = 0;
    std::int64_t expected_open = 0;
    std::int64_t won = 0;
    std::int64_t to_order = 0;
    std::int64_t expected_to_order = 0;  // the leads moved to order at first, and the round trips
    int i = 0;
    for (const auto& [id, lead] : d.leads) {
        const auto stays = tier_stays(reader->history(id));
        if (static_cast<int>(stays.back().tier) < kStayTierCount) ++expected_open;
        const bool round_trip = i++ % 3 == 0;
        if (lead.tier == Tier::order || round_trip) ++expected_to_order;
    }
    reader->tier_time_samples(everything(), at_end, [&](TierTimeSample&& s) {
        open += s.measure == TierTimeMeasure::open_stay;
        won += s.measure == TierTimeMeasure::won_order;
        to_order += s.measure == TierTimeMeasure::to_order;
    });
    CHECK(open == expected_open);
    CHECK(won == 16);  // 20 round trips, 4 of them lost
    CHECK(to_order == expected_to_order);
    CHECK(expected_to_order > 20);
    reader.reset();

    // A merge keeps each lead's own stays: the absorbed lead's leave every report with it and
    // come back with the unmerge; the survivor's stay as they were.
    const LeadId survivor = d.leads.begin()->first;
    const LeadId absorbed = std::next(d.leads.begin(), 3)->first;  // a round trip's lead
    const auto merge_row = [&](LeadId lead, Action action, Timestamp at) {
        HistoryEntry row;
        row.lead = lead;
        row.action = action;
        row.actor = "boss";
        row.at = at;
        row.from_tier = row.to_tier =
            lead == absorbed ? Tier::order : tier_stays(store.read()->history(lead)).back().tier;
        return row;
    };
    const HistoryEntry survivor_row = merge_row(survivor, Action::merge, kStart + 9 * kDay);
    const HistoryEntry absorbed_row = merge_row(absorbed, Action::merge, kStart + 9 * kDay);
    commit(store, [&](StoreWriter& w) {
        set_merged_into(w, d, absorbed, survivor);
        w.append_history(absorbed_row);
        w.append_history(survivor_row);
    });
    Dataset without_absorbed = d;
    without_absorbed.leads.erase(absorbed);
    check_tier_time_samples_now(store, without_absorbed, seen);
    const HistoryEntry unmerge_row = merge_row(absorbed, Action::unmerge, kStart + 10 * kDay);
    commit(store, [&](StoreWriter& w) {
        set_merged_into(w, d, absorbed, 0);
        w.append_history(unmerge_row);
    });
    check_tier_time_samples_now(store, d, seen);
}

}  // namespace leadpool::conformance
