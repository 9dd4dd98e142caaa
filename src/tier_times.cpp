#include "tier_times.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <utility>

#include "context.hpp"
#include "funnel.hpp"
#include "leadpool/error.hpp"
#include "leadpool/store.hpp"
#include "leadpool/tier_moves.hpp"

namespace leadpool {
namespace {

// The sample lists of one group, until their statistics are taken.
struct Samples {
    std::array<std::vector<std::int64_t>, kStayTierCount> finished;
    std::array<std::vector<std::int64_t>, kStayTierCount> open;
    std::vector<std::int64_t> to_order;
    Revenue revenue;

    void add(const TierTimeSample& sample) {
        const auto tier = static_cast<std::size_t>(sample.tier);
        switch (sample.measure) {
            case TierTimeMeasure::finished_stay:
                if (tier < kStayTierCount) finished[tier].push_back(sample.value);
                break;
            case TierTimeMeasure::open_stay:
                if (tier < kStayTierCount) open[tier].push_back(sample.value);
                break;
            case TierTimeMeasure::to_order: to_order.push_back(sample.value); break;
            case TierTimeMeasure::won_order:
                ++revenue.orders;
                revenue.sum += sample.value;
                break;
        }
    }

    TierTimesPart part() {
        TierTimesPart out;
        for (std::size_t t = 0; t < kStayTierCount; ++t) {
            out.tiers[t].finished = duration_stats(finished[t]);
            out.tiers[t].open = duration_stats(open[t]);
        }
        out.to_order = duration_stats(to_order);
        out.revenue = revenue;
        if (revenue.orders > 0) out.revenue.mean = floor_div(revenue.sum, revenue.orders);
        return out;
    }

    static std::int64_t floor_div(std::int64_t a, std::int64_t b) {
        return a / b - (a % b != 0 && (a < 0) != (b < 0));
    }
};

// The index of nearest rank p% among n >= 1 values.
std::size_t nearest_rank(std::size_t n, int percent) {
    const auto count = static_cast<std::int64_t>(n);
    const std::int64_t rank = (percent * count + 99) / 100;  // ceil(p/100 * n), at least 1 for n >= 1
    return static_cast<std::size_t>(std::max<std::int64_t>(rank, 1) - 1);
}

}  // namespace

std::vector<TierStay> tier_stays(const std::vector<HistoryEntry>& history) {
    std::vector<TierStay> stays;
    TierMask seen = 0;
    for (const HistoryEntry& entry : history) {
        if (!moves_into_tier(entry)) continue;
        if (!stays.empty()) stays.back().left_at = entry.at;
        stays.push_back({entry.to_tier, entry.at, std::nullopt, (seen & tier_bit(entry.to_tier)) == 0});
        seen = static_cast<TierMask>(seen | tier_bit(entry.to_tier));
    }
    return stays;
}

DurationStats duration_stats(std::vector<std::int64_t>& durations) {
    DurationStats stats;
    if (durations.empty()) return stats;
    stats.count = static_cast<std::int64_t>(durations.size());
    // Two selections instead of a sort: p90 first, then the median among the values left of it.
    const auto p90 = durations.begin() + static_cast<std::ptrdiff_t>(nearest_rank(durations.size(), 90));
    const auto median = durations.begin() + static_cast<std::ptrdiff_t>(nearest_rank(durations.size(), 50));
    std::nth_element(durations.begin(), p90, durations.end());
    std::nth_element(durations.begin(), median, p90);
    stats.p90 = *p90;
    stats.median = *median;
    // Summed in long double: its 64-bit mantissa keeps a sum of millions of long stays exact.
    long double sum = 0;
    for (const std::int64_t d : durations) sum += static_cast<long double>(d);
    stats.mean = static_cast<std::int64_t>(std::floor(sum / static_cast<long double>(stats.count)));
    return stats;
}

bool groups_tier_times(BreakdownKey key) noexcept {
    return key == BreakdownKey::pool || key == BreakdownKey::owner || key == BreakdownKey::channel ||
           key == BreakdownKey::campaign || key == BreakdownKey::capture_month ||
           key == BreakdownKey::capture_week;
}

namespace detail {

TierTimes tier_times(const Reading& reading, const FunnelFilter& filter, const TierTimesRequest& request) {
    reading.access.require(Action::report);
    if (request.from && request.to && *request.to <= *request.from) {
        throw Error(ErrorCode::invalid_argument, "tier times to: must be after from");
    }
    if (request.by &&
        (static_cast<int>(*request.by) >= kBreakdownKeyCount || !groups_tier_times(*request.by))) {
        throw Error(ErrorCode::invalid_argument,
                    "tier times by: one of pool, owner, channel, campaign, capture_month, capture_week");
    }
    TierTimesRequest resolved = request;
    if (!resolved.at) resolved.at = reading.context.now();
    Samples total;
    std::map<BreakdownValue, Samples> groups;
    reading.store.tier_time_samples(funnel_selection(reading, filter), resolved,
                                    [&](TierTimeSample&& sample) {
                                        total.add(sample);
                                        if (resolved.by) groups[std::move(sample.group)].add(sample);
                                    });
    TierTimes times;
    times.from = resolved.from;
    times.to = resolved.to;
    times.at = *resolved.at;
    times.by = resolved.by;
    for (auto& [group, samples] : groups) times.rows.push_back({group, samples.part()});
    times.total = total.part();
    return times;
}

}  // namespace detail
}  // namespace leadpool
