// Store conformance, part of <leadpool/testing/store_conformance.hpp>: funnel_groups() counts
// what the default written on leads(), lead_scores() and opportunities() counts, for every key
// and pairs of keys, over the selection data set with campaigns, scores and opportunities added.
#pragma once

#include <map>
#include <tuple>

#include "leadpool/testing/store_conformance/pipeline.hpp"
#include "leadpool/testing/store_conformance/scores.hpp"
#include "leadpool/testing/store_conformance/selections.hpp"

namespace leadpool::conformance {

// The cells as one map, without zero counts: the order of cells is free.
inline std::map<std::tuple<std::vector<BreakdownValue>, Tier, TierMask>, std::int64_t> group_counts(
    const std::vector<FunnelGroupCell>& cells) {
    std::map<std::tuple<std::vector<BreakdownValue>, Tier, TierMask>, std::int64_t> out;
    for (const FunnelGroupCell& cell : cells) {
        if (cell.count != 0) out[{cell.group, cell.tier, cell.reached}] += cell.count;
    }
    return out;
}

// Gives the data set's leads campaigns of either touch, scores (negative ones too) in "fit" or
// only in "other", and one or two opportunities.
inline void add_breakdown_data(StoreWriter& w, Dataset& d) {
    const std::vector<std::string> campaigns = {"", "spring", "summer"};
    int i = 0;
    for (auto& [id, lead] : d.leads) {
        Lead next = lead;
        ++next.version;
        next.attribution.campaign = campaigns[pick(i, 20, campaigns.size())];
        next.last_attribution.campaign = campaigns[pick(i, 21, campaigns.size())];
        w.update_lead(next);
        lead = as_stored(next, id);
        if (i % 5 != 4) {
            w.put_lead_scores(id, {sample_score(id, "fit", static_cast<std::int64_t>(pick(i, 22, 70)) - 20, 0)});
        } else if (i % 10 == 4) {
            w.put_lead_scores(id, {sample_score(id, "other", 5, 0)});
        }
        if (i % 3 == 0) w.put_opportunity(pipeline_opportunity(id, 1, i));
        if (i % 6 == 0) w.put_opportunity(pipeline_opportunity(id, 2, i + 1));
        ++i;
    }
}

inline void check_funnel_groups(Store& store) {
    Dataset d = dataset_pools(store);
    commit(store, [&](StoreWriter& w) {
        add_dataset_leads(w, d, 0, kDatasetSize);
        add_breakdown_data(w, d);
    });
    std::vector<std::vector<BreakdownKey>> key_sets;
    for (int k = 0; k < kBreakdownKeyCount; ++k) key_sets.push_back({static_cast<BreakdownKey>(k)});
    key_sets.push_back({BreakdownKey::pool, BreakdownKey::capture_month});
    key_sets.push_back({BreakdownKey::capture_week, BreakdownKey::owner});
    key_sets.push_back({BreakdownKey::channel, BreakdownKey::score_band});
    key_sets.push_back({BreakdownKey::product_type, BreakdownKey::campaign});

    auto selections = dataset_selections(d);
    LeadSelection last_touch = everything();
    last_touch.campaign = "spring";
    last_touch.campaign_touch = TouchModel::last;
    selections.emplace_back("last-touch campaign spring", last_touch);
    LeadSelection scored = everything();
    scored.score = ScoreRange{"fit", -5, 30};
    selections.emplace_back("fit from -5 to 30", scored);

    auto reader = store.read();
    for (const auto& [name, selection] : selections) {
        for (const auto& keys : key_sets) {
            for (const std::int64_t width : {std::int64_t{1}, std::int64_t{10}, std::int64_t{25}}) {
                FunnelBreakdownRequest request;
                request.keys = keys;
                const bool banded = std::find(keys.begin(), keys.end(), BreakdownKey::score_band) != keys.end();
                if (!banded && width != 10) continue;
                if (banded) request.score_model = "fit";
                request.band_width = width;
                for (const TouchModel touch : {TouchModel::first, TouchModel::last}) {
                    LeadSelection touched = selection;
                    touched.campaign_touch = touch;
                    CAPTURE(name);
                    CAPTURE(to_string(keys.front()));
                    CAPTURE(to_string(keys.back()));
                    CAPTURE(width);
                    CAPTURE(to_string(touch));
                    CHECK(group_counts(reader->funnel_groups(touched, request)) ==
                          group_counts(reader->StoreReader::funnel_groups(touched, request)));
                }
            }
        }
    }
    // The reference itself, on one case worked out by hand: every lead counted once, by pool.
    FunnelBreakdownRequest by_pool;
    by_pool.keys = {BreakdownKey::pool};
    std::int64_t counted = 0;
    for (const FunnelGroupCell& cell : reader->funnel_groups(everything(), by_pool)) {
        REQUIRE(cell.group.size() == 1);
        std::int64_t in_pool = 0;
        for (const auto& [id, lead] : d.leads) {
            if (lead.pool == std::get<std::int64_t>(cell.group[0]) && lead.tier == cell.tier &&
                lead.reached == cell.reached) {
                ++in_pool;
            }
        }
        CHECK(cell.count == in_pool);
        counted += cell.count;
    }
    CHECK(counted == kDatasetSize);
}

}  // namespace leadpool::conformance
