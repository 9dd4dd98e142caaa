// Store conformance, part of <leadpool/testing/store_conformance.hpp>: public_share() counts what
// its default written on leads() and history() counts (placement_before at each point), over the
// holdings history and then over a randomized history, by day, week and month, for periods
// starting and ending on and beside their edges.
#pragma once

#include <string>
#include <vector>

#include "leadpool/testing/store_conformance/holdings.hpp"
#include "leadpool/testing/store_conformance/random_history.hpp"

namespace leadpool::conformance {

// The points of [from, to) cut by `interval`, as the engine cuts them.
inline std::vector<SharePoint> share_points(ShareInterval interval, Timestamp from, Timestamp to) {
    std::vector<SharePoint> points;
    for (Timestamp start = from; start < to; start = next_interval_start(interval, start)) {
        points.push_back({start, std::min(next_interval_start(interval, start), to), 0, 0, 0});
    }
    return points;
}

inline std::vector<std::string> share_text(const std::vector<SharePoint>& points) {
    std::vector<std::string> out;
    for (const SharePoint& p : points) {
        out.push_back(std::to_string(p.at) + ": " + std::to_string(p.leads) + " leads, " +
                      std::to_string(p.unowned) + " unowned");
    }
    return out;
}

// Compares every pool set, interval and period over every selection; returns the leads counted.
inline std::int64_t compare_public_share(StoreReader& reader, const Dataset& d) {
    const std::vector<std::vector<PoolId>> pool_sets = {
        {kMasterPoolId}, {d.east}, {d.west}, {std::min(d.east, d.east_city), std::max(d.east, d.east_city)},
        [&] {
            std::vector<PoolId> all = d.pool_ids();
            std::sort(all.begin(), all.end());
            return all;
        }()};
    const std::vector<std::pair<Timestamp, Timestamp>> periods = {
        {kStart - 3 * kDay, kStart + 60 * kDay},
        {kStart + kDay / 2, kStart + 9 * kDay + 1},
        {kStart + 7 * kDay - 1, kStart + 7 * kDay},  // 1 ms
        {-3 * kDay, kDay},                           // across 1970
    };
    std::int64_t counted = 0;
    for (const auto& [name, selection] : dataset_selections(d)) {
        for (const auto& pools : pool_sets) {
            for (const ShareInterval interval : {ShareInterval::day, ShareInterval::week, ShareInterval::month}) {
                for (const auto& [from, to] : periods) {
                    CAPTURE(name);
                    CAPTURE(pools.front());
                    CAPTURE(to_string(interval));
                    CAPTURE(from);
                    CAPTURE(to);
                    const auto points = share_points(interval, from, to);
                    const auto answer = reader.public_share(selection, pools, points);
                    CHECK(share_text(answer) == share_text(reader.StoreReader::public_share(selection, pools, points)));
                    for (const SharePoint& p : answer) counted += p.leads;
                }
            }
        }
    }
    return counted;
}

inline void check_public_share(Store& store) {
    Dataset d = holdings_dataset(store);
    CHECK(compare_public_share(*store.read(), d) > 0);
    commit(store, [&](StoreWriter& w) { add_random_history(w, d, 20260102); });
    CHECK(compare_public_share(*store.read(), d) > 0);
    CHECK(store.read()->public_share(everything(), {kMasterPoolId}, {}).empty());
}

}  // namespace leadpool::conformance
