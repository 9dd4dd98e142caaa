// leadpool — the capture cohort table: the leads captured in each week or month, and how many of
// them had reached sub, opportunity and order by the end of that period and of each one after,
// read from the history log.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "leadpool/clock.hpp"
#include "leadpool/history.hpp"

namespace leadpool {

// The period a cohort is captured in: a UTC week starting Monday, or a UTC month.
enum class CohortPeriod : std::uint8_t { week = 0, month = 1 };

// Stable names: "week", "month".
const char* to_string(CohortPeriod period) noexcept;
std::optional<CohortPeriod> parse_cohort_period(std::string_view name) noexcept;

inline constexpr int kMaxCohortPeriodsAfter = 24;

struct CohortRequest {
    CohortPeriod period = CohortPeriod::month;
    int periods_after = 3;  // K: the table follows each cohort to the end of period N + K, 0 .. 24
};

// The tiers a cohort table follows, in the order of CohortReached.
inline constexpr Tier kCohortTiers[] = {Tier::sub, Tier::opportunity, Tier::order};
// How many of a cohort had reached sub, opportunity and order (kCohortTiers' order).
using CohortReached = std::array<std::int64_t, 3>;

struct CaptureCohorts {
    struct Cohort {
        Timestamp start = 0;    // the first millisecond of the capture period
        std::int64_t leads = 0;  // captured in it (and selected)
        // reached[k]: of those, how many had first moved into each tier before the end of the
        // period k periods later (k = 0 .. periods_after); it only grows with k.
        std::vector<CohortReached> reached;
    };
    CohortPeriod period = CohortPeriod::month;
    int periods_after = 0;
    std::vector<Cohort> cohorts;  // the periods with a capture, oldest first
};

// When a lead first moved into `tier` by its history (oldest first): the `at` of the first row
// into it that changed the tier; none when there is none.
std::optional<Timestamp> first_move_into(const std::vector<HistoryEntry>& history, Tier tier) noexcept;

// The first millisecond of the week or month holding `t` (UTC).
Timestamp period_start(CohortPeriod period, Timestamp t) noexcept;

}  // namespace leadpool
