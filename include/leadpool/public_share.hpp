// leadpool — the public share over time: for a pool, at the end of each day, week or month of a
// period, how many leads were in it and how many of those nobody held (public), replayed from
// the history log.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "leadpool/clock.hpp"
#include "leadpool/history.hpp"
#include "leadpool/pool.hpp"

namespace leadpool {

// How a period is cut: UTC days, weeks starting Monday 00:00 (like capture_week), UTC months.
enum class ShareInterval : std::uint8_t { day = 0, week = 1, month = 2 };

// Stable names: "day", "week", "month".
const char* to_string(ShareInterval interval) noexcept;
std::optional<ShareInterval> parse_share_interval(std::string_view name) noexcept;

inline constexpr std::size_t kMaxSharePoints = 1000;

struct PublicShareRequest {
    PoolId pool = kMasterPoolId;
    bool subtree = false;  // false: the pool itself; true: the pool and every sub pool below it
    Timestamp from = 0;    // inclusive
    Timestamp to = 0;      // exclusive, after from
    ShareInterval interval = ShareInterval::week;
};

struct SharePoint {
    Timestamp start = 0;  // the first millisecond of the interval (clipped to from)
    Timestamp at = 0;     // its end (clipped to to): the state after every history row before it
    std::int64_t leads = 0;     // leads in the pool then
    std::int64_t unowned = 0;   // of those, held by nobody
    double share = 0;           // unowned / leads; 0 without a lead
};

struct PublicShare {
    PoolId pool = kMasterPoolId;
    bool subtree = false;
    ShareInterval interval = ShareInterval::week;
    std::vector<SharePoint> points;  // one per interval meeting [from, to), oldest first
};

// The first millisecond of the interval holding `t`, and of the next one.
Timestamp interval_start(ShareInterval interval, Timestamp t) noexcept;
Timestamp next_interval_start(ShareInterval interval, Timestamp t) noexcept;

// Where a lead was and who held it just before `at`, replaying its history (oldest first); none
// when it did not exist yet.
struct Placement {
    PoolId pool = kMasterPoolId;
    UserId owner;
};
std::optional<Placement> placement_before(const std::vector<HistoryEntry>& history, Timestamp at);

}  // namespace leadpool
