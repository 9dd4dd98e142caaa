// The JSON shapes of time in tier (docs/json.md): the request and the report.
#include "json_support.hpp"
#include "leadpool/json.hpp"
#include "leadpool/tier_times.hpp"

namespace leadpool {
namespace {

using namespace json_support;

ordered_json stats_json(const DurationStats& stats) {
    return {
        {"count", stats.count}, {"median_ms", stats.median}, {"p90_ms", stats.p90}, {"mean_ms", stats.mean}};
}

ordered_json part_json(const TierTimesPart& part) {
    ordered_json tiers = ordered_json::object();
    for (std::size_t t = 0; t < part.tiers.size(); ++t) {
        tiers[to_string(kStayTiers[t])] = {{"finished", stats_json(part.tiers[t].finished)},
                                           {"open", stats_json(part.tiers[t].open)}};
    }
    return {{"tiers", std::move(tiers)},
            {"to_order", stats_json(part.to_order)},
            {"revenue",
             {{"orders", part.revenue.orders}, {"sum", part.revenue.sum}, {"mean", part.revenue.mean}}}};
}

ordered_json time_or_null(const std::optional<Timestamp>& t) {
    return t ? ordered_json(*t) : ordered_json(nullptr);
}

}  // namespace

std::string to_json(const TierTimes& times) {
    ordered_json rows = ordered_json::array();
    for (const TierTimes::Row& row : times.rows) {
        rows.push_back({{"group", breakdown_value_json(row.group)}, {"times", part_json(row.times)}});
    }
    return text_of({{"from", time_or_null(times.from)},
                    {"to", time_or_null(times.to)},
                    {"at", times.at},
                    {"by", times.by ? ordered_json(to_string(*times.by)) : ordered_json(nullptr)},
                    {"rows", std::move(rows)},
                    {"total", part_json(times.total)}});
}

TierTimesRequest tier_times_request_from_json(std::string_view text) {
    return read_document(text, "tier times", [](const json& value, const Place& place) {
        const Object o(value, place, {"from", "to", "at", "by"});
        TierTimesRequest request;
        o.nullable("from", request.from, Object::as_integer);
        o.nullable("to", request.to, Object::as_integer);
        o.nullable("at", request.at, Object::as_integer);
        if (const json* by = o.find("by", true)) {
            const BreakdownKey key =
                as_name<BreakdownKey>(*by, o.at("by"), "breakdown key", parse_breakdown_key);
            if (!groups_tier_times(key)) {
                o.at("by").fail("must be pool, owner, channel, campaign, capture_month or capture_week");
            }
            request.by = key;
        }
        return request;
    });
}

}  // namespace leadpool
