// leadpool — time in tier, velocity and revenue, read from the history log: how long leads stay
// in each tier, how long they take from capture to order, and what the won orders bring.
//
// A stay is a lead's time in one tier: from the history row that moved it in (moves_into_tier; a
// capture moves it into master) to the next row that moved it into another tier. A lead that goes
// back and forth has several stays in a tier. Stays are each lead's own: a lead absorbed by a
// merge is counted by no report (as by the funnel) and its stays and orders count again once it
// is unmerged; the survivor keeps only its own.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "leadpool/clock.hpp"
#include "leadpool/funnel_breakdown.hpp"
#include "leadpool/history.hpp"
#include "leadpool/tier.hpp"

namespace leadpool {

// The tiers a report measures stays in (lost and invalid are ends, not steps), indexed by Tier.
inline constexpr Tier kStayTiers[] = {Tier::master, Tier::sub, Tier::opportunity, Tier::order};
inline constexpr int kStayTierCount = 4;

struct TierTimesRequest {
    // Finished stays count when they ended in [from, to), a lead's capture-to-order time when it
    // first moved into order in it, a won order when it closed in it. Unset: no bound.
    std::optional<Timestamp> from;
    std::optional<Timestamp> to;
    // Open stays are those a lead was in at `at` (entered at or before it, not left by it); their
    // age is measured to `at`. Unset: the engine clock's now.
    std::optional<Timestamp> at;
    // One of pool, owner, channel, campaign, capture_month, capture_week: the lead's value now, as
    // in funnel_breakdown. Unset: the totals only.
    std::optional<BreakdownKey> by;
};

// Durations in ms. The percentiles are nearest-rank: the p-th percentile is the smallest duration
// with at least p% of the durations at or below it (the ceil(p/100 * count)-th smallest); the
// median is the 50th. The mean is rounded down to the ms. All zero when count is 0.
struct DurationStats {
    std::int64_t count = 0;
    std::int64_t median = 0;
    std::int64_t p90 = 0;
    std::int64_t mean = 0;

    friend bool operator==(const DurationStats& a, const DurationStats& b) {
        return a.count == b.count && a.median == b.median && a.p90 == b.p90 && a.mean == b.mean;
    }
};

struct TierTime {
    DurationStats finished;  // the stays that ended in the period: how long each lasted
    DurationStats open;      // the stays open at `at`: how old each is
};

// Amounts in the currency's smallest unit; the mean is rounded down.
struct Revenue {
    std::int64_t orders = 0;  // won opportunities
    std::int64_t sum = 0;     // of their order_amount
    std::int64_t mean = 0;
};

struct TierTimesPart {
    std::array<TierTime, kStayTierCount> tiers{};  // master, sub, opportunity, order
    DurationStats to_order;                        // capture (created_at) to the first move into order
    Revenue revenue;
};

struct TierTimes {
    struct Row {
        BreakdownValue group;  // the value of the request's key
        TierTimesPart times;
    };
    std::optional<Timestamp> from;
    std::optional<Timestamp> to;
    Timestamp at = 0;
    std::optional<BreakdownKey> by;
    std::vector<Row> rows;  // with a key: the groups with something measured, in ascending order
    TierTimesPart total;
};

// The stays of one lead's history (oldest first): the reference every store implements.
struct TierStay {
    Tier tier = Tier::master;
    Timestamp entered_at = 0;
    std::optional<Timestamp> left_at;  // none while the lead is still there
    bool first = false;                // the lead's first stay in this tier
};
std::vector<TierStay> tier_stays(const std::vector<HistoryEntry>& history);

// Nearest-rank statistics of `durations` (reordered).
DurationStats duration_stats(std::vector<std::int64_t>& durations);

// Whether a key groups a time-in-tier report (the lead's own columns; not score_band, product_type).
bool groups_tier_times(BreakdownKey key) noexcept;

}  // namespace leadpool
