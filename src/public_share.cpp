#include "public_share.hpp"

#include <algorithm>
#include <string>

#include "leadpool/error.hpp"
#include "leadpool/funnel_breakdown.hpp"
#include "leads.hpp"
#include "pool_tree.hpp"

namespace leadpool {
namespace {

constexpr Timestamp kDayMs = 86'400'000;
constexpr Timestamp kWeekMs = 7 * kDayMs;

Timestamp day_start(Timestamp t) noexcept { return t - ((t % kDayMs) + kDayMs) % kDayMs; }

}  // namespace

const char* to_string(ShareInterval interval) noexcept {
    switch (interval) {
        case ShareInterval::day: return "day";
        case ShareInterval::week: return "week";
        case ShareInterval::month: return "month";
    }
    return "unknown";
}

std::optional<ShareInterval> parse_share_interval(std::string_view name) noexcept {
    for (const ShareInterval interval : {ShareInterval::day, ShareInterval::week, ShareInterval::month}) {
        if (name == to_string(interval)) return interval;
    }
    return std::nullopt;
}

Timestamp interval_start(ShareInterval interval, Timestamp t) noexcept {
    switch (interval) {
        case ShareInterval::day: return day_start(t);
        case ShareInterval::week: return week_start(t);
        case ShareInterval::month: return month_start(t);
    }
    return t;
}

Timestamp next_interval_start(ShareInterval interval, Timestamp t) noexcept {
    const Timestamp start = interval_start(interval, t);
    switch (interval) {
        case ShareInterval::day: return start + kDayMs;
        case ShareInterval::week: return start + kWeekMs;
        case ShareInterval::month: return month_start(start + 32 * kDayMs);  // a month has at most 31 days
    }
    return start;
}

std::optional<Placement> placement_before(const std::vector<HistoryEntry>& history, Timestamp at) {
    std::optional<Placement> placement;
    for (const HistoryEntry& row : history) {
        if (row.at >= at) continue;
        placement = Placement{row.to_pool, row.to_owner};
    }
    return placement;
}

namespace detail {

PublicShare public_share(const Reading& reading, const PublicShareRequest& request) {
    reading.access.require(Action::report);
    if (request.to <= request.from) throw Error(ErrorCode::invalid_argument, "public share to: must be after from");
    if (!parse_share_interval(to_string(request.interval))) {
        throw Error(ErrorCode::invalid_argument, "public share interval: day, week or month");
    }
    existing_pool(reading.store, request.pool);
    const std::vector<PoolId> pools =
        request.subtree ? subtree(reading.access.pools(), {request.pool}) : std::vector<PoolId>{request.pool};
    PublicShare share;
    share.pool = request.pool;
    share.subtree = request.subtree;
    share.interval = request.interval;
    for (Timestamp start = request.from; start < request.to;
         start = next_interval_start(request.interval, start)) {
        if (share.points.size() == kMaxSharePoints) {
            throw Error(ErrorCode::limit_exceeded, "public share: more than " + std::to_string(kMaxSharePoints) +
                                                       " intervals; take a longer interval or a shorter period");
        }
        share.points.push_back({start, std::min(next_interval_start(request.interval, start), request.to), 0, 0, 0});
    }
    // Every lead the actor may read, wherever it is now: it may have been in the pool before.
    share.points = reading.store.public_share(visible_selection(reading, std::nullopt), pools, std::move(share.points));
    for (SharePoint& point : share.points) {
        point.share = point.leads == 0 ? 0.0 : static_cast<double>(point.unowned) / static_cast<double>(point.leads);
    }
    return share;
}

}  // namespace detail
}  // namespace leadpool
