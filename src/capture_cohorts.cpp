#include "capture_cohorts.hpp"

#include <algorithm>
#include <map>

#include "funnel.hpp"
#include "leadpool/error.hpp"
#include "leadpool/funnel_breakdown.hpp"

namespace leadpool {
namespace {

constexpr Timestamp kDayMs = 86'400'000;
constexpr Timestamp kWeekMs = 7 * kDayMs;

// Months since January 1970 of the UTC month holding `t` (Howard Hinnant's civil-from-days).
std::int64_t month_number(Timestamp t) noexcept {
    const std::int64_t z = t / kDayMs - (t % kDayMs < 0) + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;  // 1 .. 12
    const std::int64_t year = yoe + era * 400 + (month <= 2);
    return (year - 1970) * 12 + month - 1;
}

// How many periods lie from the one starting at `from` to the one starting at `to`.
std::int64_t periods_between(CohortPeriod period, Timestamp from, Timestamp to) noexcept {
    return period == CohortPeriod::week ? (to - from) / kWeekMs : month_number(to) - month_number(from);
}

}  // namespace

std::optional<Timestamp> first_move_into(const std::vector<HistoryEntry>& history, Tier tier) noexcept {
    for (const HistoryEntry& entry : history) {
        if (entry.to_tier == tier && entry.from_tier != tier) return entry.at;
    }
    return std::nullopt;
}

Timestamp period_start(CohortPeriod period, Timestamp t) noexcept {
    return period == CohortPeriod::week ? week_start(t) : month_start(t);
}

namespace detail {

CaptureCohorts capture_cohorts(const Reading& reading, const FunnelFilter& filter, const CohortRequest& request) {
    reading.access.require(Action::report);
    if (request.period != CohortPeriod::week && request.period != CohortPeriod::month) {
        throw Error(ErrorCode::invalid_argument, "cohort period: week or month");
    }
    if (request.periods_after < 0 || request.periods_after > kMaxCohortPeriodsAfter) {
        throw Error(ErrorCode::invalid_argument,
                    "cohort periods_after: 0 to " + std::to_string(kMaxCohortPeriodsAfter));
    }
    const LeadSelection selection = funnel_selection(reading, filter);
    FunnelBreakdownRequest by_capture;
    by_capture.keys = {request.period == CohortPeriod::week ? BreakdownKey::capture_week
                                                            : BreakdownKey::capture_month};
    std::map<Timestamp, CaptureCohorts::Cohort> cohorts;
    const auto reached_rows = static_cast<std::size_t>(request.periods_after) + 1;
    for (const FunnelGroupCell& cell : reading.store.funnel_groups(selection, by_capture)) {
        const Timestamp start = std::get<std::int64_t>(cell.group.at(0));
        CaptureCohorts::Cohort& cohort = cohorts[start];
        cohort.start = start;
        cohort.leads += cell.count;
        cohort.reached.resize(reached_rows);
    }
    for (const CohortCell& cell : reading.store.cohort_cells(selection, request.period)) {
        const auto cohort = cohorts.find(cell.cohort);
        if (cohort == cohorts.end()) continue;
        const auto tier = std::find(std::begin(kCohortTiers), std::end(kCohortTiers), cell.tier);
        if (tier == std::end(kCohortTiers)) continue;
        const auto column = static_cast<std::size_t>(tier - std::begin(kCohortTiers));
        // A move dated before its capture (an import's history) counts from the capture period on.
        const std::int64_t k = std::max<std::int64_t>(0, periods_between(request.period, cell.cohort, cell.reached));
        for (auto at = static_cast<std::size_t>(k); at < reached_rows; ++at) {
            cohort->second.reached[at][column] += cell.count;
        }
    }
    CaptureCohorts table;
    table.period = request.period;
    table.periods_after = request.periods_after;
    for (auto& [start, cohort] : cohorts) table.cohorts.push_back(std::move(cohort));
    return table;
}

}  // namespace detail
}  // namespace leadpool
