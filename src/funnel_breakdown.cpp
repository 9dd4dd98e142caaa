#include "funnel_breakdown.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "funnel.hpp"
#include "lead_data.hpp"
#include "leadpool/error.hpp"

namespace leadpool {
namespace {

constexpr Timestamp kDayMs = 86'400'000;

// Days since 1970-01-01 of the UTC day holding `t`, rounded down for times before 1970.
std::int64_t day_of(Timestamp t) noexcept { return t / kDayMs - (t % kDayMs < 0); }

// The first day of the month holding `day` (days since 1970-01-01), from Howard Hinnant's
// civil-from-days and days-from-civil.
std::int64_t first_day_of_month(std::int64_t day) noexcept {
    const std::int64_t z = day + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t day_of_month = doy - (153 * mp + 2) / 5;  // 0-based
    return day - day_of_month;
}

FunnelBreakdownRequest checked_request(FunnelBreakdownRequest request) {
    if (request.keys.empty() || request.keys.size() > kMaxBreakdownKeys) {
        throw Error(ErrorCode::invalid_argument, "breakdown keys: one or two keys");
    }
    if (request.keys.size() == 2 && request.keys[0] == request.keys[1]) {
        throw Error(ErrorCode::invalid_argument, "breakdown keys: a key named twice");
    }
    for (const BreakdownKey key : request.keys) {
        if (static_cast<int>(key) >= kBreakdownKeyCount) {
            throw Error(ErrorCode::invalid_argument, "breakdown keys: unknown key");
        }
    }
    const bool banded = std::find(request.keys.begin(), request.keys.end(), BreakdownKey::score_band) !=
                        request.keys.end();
    if (banded) request.score_model = detail::checked_name(request.score_model, "breakdown score_model");
    if (!banded && !request.score_model.empty()) {
        throw Error(ErrorCode::invalid_argument, "breakdown score_model: only with the score_band key");
    }
    if (request.band_width < 1) {
        throw Error(ErrorCode::invalid_argument, "breakdown band_width: at least 1");
    }
    return request;
}

BreakdownValue text_value(const std::string& text) {
    return text.empty() ? BreakdownValue{} : BreakdownValue{text};
}

}  // namespace

Timestamp month_start(Timestamp t) noexcept { return first_day_of_month(day_of(t)) * kDayMs; }

Timestamp week_start(Timestamp t) noexcept {
    const std::int64_t day = day_of(t);
    // 1970-01-01 was a Thursday: day + 3 counts from the Monday before it.
    const std::int64_t since_monday = ((day + 3) % 7 + 7) % 7;
    return (day - since_monday) * kDayMs;
}

BreakdownValue breakdown_value(const FunnelBreakdownRequest& request, BreakdownKey key, const Lead& lead,
                               TouchModel touch, const std::vector<LeadScore>& scores,
                               const std::vector<Opportunity>& opportunities) {
    switch (key) {
        case BreakdownKey::pool: return BreakdownValue{std::int64_t{lead.pool}};
        case BreakdownKey::owner: return text_value(lead.owner);
        case BreakdownKey::channel: return text_value(lead.channel);
        case BreakdownKey::campaign: return text_value(touch_of(lead, touch).campaign);
        case BreakdownKey::score_band: {
            for (const LeadScore& score : scores) {
                if (score.model != request.score_model) continue;
                const std::int64_t width = request.band_width;
                const std::int64_t below = (score.points % width + width) % width;
                return BreakdownValue{score.points - below};
            }
            return {};
        }
        case BreakdownKey::product_type: {
            const auto latest = std::max_element(
                opportunities.begin(), opportunities.end(),
                [](const Opportunity& a, const Opportunity& b) { return a.number < b.number; });
            return latest == opportunities.end() ? BreakdownValue{} : text_value(latest->product_type);
        }
        case BreakdownKey::capture_month: return BreakdownValue{month_start(lead.created_at)};
        case BreakdownKey::capture_week: return BreakdownValue{week_start(lead.created_at)};
    }
    return {};
}

namespace detail {

FunnelBreakdown funnel_breakdown(const Reading& reading, const FunnelFilter& filter,
                                 const FunnelBreakdownRequest& request) {
    reading.access.require(Action::report);
    const FunnelBreakdownRequest checked = checked_request(request);
    const LeadSelection selection = funnel_selection(reading, filter);
    std::map<std::vector<BreakdownValue>, FunnelReport> groups;
    FunnelBreakdown breakdown;
    breakdown.keys = request.keys;
    for (FunnelGroupCell& cell : reading.store.funnel_groups(selection, checked)) {
        if (cell.count == 0) continue;
        count_into(groups[std::move(cell.group)], cell.tier, cell.reached, cell.count);
        count_into(breakdown.total, cell.tier, cell.reached, cell.count);
    }
    for (auto& [group, report] : groups) breakdown.rows.push_back({group, finished(std::move(report))});
    breakdown.total = finished(std::move(breakdown.total));
    return breakdown;
}

}  // namespace detail
}  // namespace leadpool
