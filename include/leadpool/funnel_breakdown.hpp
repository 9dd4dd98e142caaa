// leadpool — the funnel broken down by one or two keys in one call: a FunnelReport per group
// (pool x capture month, owner x score band, ...) and the total.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "leadpool/clock.hpp"
#include "leadpool/lead.hpp"
#include "leadpool/query.hpp"
#include "leadpool/scoring.hpp"
#include "leadpool/workflow.hpp"

namespace leadpool {

// What a breakdown groups leads by. Each value is the lead's now, not when it was captured.
enum class BreakdownKey : std::uint8_t {
    pool = 0,           // the lead's pool itself (not the subtree): its id
    owner = 1,          // the user holding the lead; none while nobody does
    channel = 2,        // the channel the lead was first captured from
    campaign = 3,       // the campaign of the filter's touch (first or last); none without one
    score_band = 4,     // floor(points / band_width) * band_width in score_model; none: unscored
    product_type = 5,   // the product type of the lead's latest opportunity; none: no opportunity
    capture_month = 6,  // the start (ms) of the UTC month of created_at
    capture_week = 7,   // the start (ms) of the UTC week, Monday 00:00, of created_at
};
inline constexpr int kBreakdownKeyCount = 8;

// Stable names: "pool", "owner", "channel", "campaign", "score_band", "product_type",
// "capture_month", "capture_week".
const char* to_string(BreakdownKey key) noexcept;
std::optional<BreakdownKey> parse_breakdown_key(std::string_view name) noexcept;

inline constexpr std::size_t kMaxBreakdownKeys = 2;

struct FunnelBreakdownRequest {
    std::vector<BreakdownKey> keys;  // 1 .. kMaxBreakdownKeys, each once
    std::string score_model;         // the model score_band reads; required with it, else empty
    std::int64_t band_width = 10;    // points per score band, >= 1
};

// A group's value of one key: an id, a period start or a band (int64), a name (string), or none
// (monostate) for a lead without one. Values order none first, then numbers, then names.
using BreakdownValue = std::variant<std::monostate, std::int64_t, std::string>;

struct FunnelBreakdown {
    struct Row {
        std::vector<BreakdownValue> group;  // one value per key, in the request's order
        FunnelReport report;                // the funnel of the group's leads
    };
    std::vector<BreakdownKey> keys;
    std::vector<Row> rows;  // the non-empty groups, in ascending order of their values
    FunnelReport total;     // every lead matched: what Engine::funnel answers for the filter
};

// The UTC month and Monday-started week holding `t`, as their first millisecond.
Timestamp month_start(Timestamp t) noexcept;
Timestamp week_start(Timestamp t) noexcept;

// A lead's value of `key`: the reference semantics every store implements. `touch` picks the
// campaign; `scores` (the lead's, for score_band) and `opportunities` (the lead's, by number, for
// product_type) are read only by those keys.
BreakdownValue breakdown_value(const FunnelBreakdownRequest& request, BreakdownKey key, const Lead& lead,
                               TouchModel touch, const std::vector<LeadScore>& scores,
                               const std::vector<Opportunity>& opportunities);

}  // namespace leadpool
