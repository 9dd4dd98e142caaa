// The public share as SQL (see public_share_sql.hpp).
#include "store/public_share_sql.hpp"

#include <string>
#include <utility>

namespace leadpool::selection_sql {
namespace {

std::string day_of(const std::string& t) {
    return t + " - ((" + t + " % " + std::to_string(kDayMs) + ") + " + std::to_string(kDayMs) + ") % " +
           std::to_string(kDayMs);
}

}  // namespace

std::optional<Statement> public_share_statement(const LeadSelection& selection, const std::vector<PoolId>& pools,
                                                Timestamp to, const Dialect& dialect) {
    auto filter = selection_filter(selection, Source::leads, dialect);
    if (!filter) return std::nullopt;
    if (selection.tag) filter->add("leads.id IN (SELECT lead_id FROM lead_tags WHERE tag = ?)", *selection.tag);
    Filter in_pools;
    if (!add_placement(in_pools, kAllTiers, pools, std::nullopt, dialect)) return std::nullopt;
    Statement statement;
    // Rows at or after `to` place a lead at no point: left out, a row before them keeps `replaced_at`
    // at or after `to` or none, which adds no -1 either.
    statement.sql =
        "WITH placed AS (SELECT at, replaced_at, CASE WHEN held_by = '' THEN 1 ELSE 0 END AS unowned FROM"
        " (SELECT at, to_pool AS pool_id, to_owner AS held_by, MIN(at) OVER (PARTITION BY lead_id ORDER BY seq"
        " ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS replaced_at FROM history WHERE at < ? AND lead_id IN"
        " (SELECT id FROM leads WHERE " + filter->sql() + ")) AS placements"
        " WHERE " + in_pools.sql() + " AND (replaced_at IS NULL OR replaced_at > at))"
        " SELECT day_start, sum(leads_delta), sum(unowned) FROM (SELECT " + day_of("at") + " AS day_start, 1 AS leads_delta, unowned"
        " FROM placed UNION ALL SELECT " + day_of("replaced_at") + ", -1, -unowned FROM placed WHERE replaced_at < ?)"
        " AS deltas GROUP BY day_start ORDER BY day_start";
    statement.values = {Value{to}};
    for (const Value& value : filter->values) statement.values.push_back(value);
    for (const Value& value : in_pools.values) statement.values.push_back(value);
    statement.values.emplace_back(to);
    return statement;
}

std::vector<SharePoint> ShareDeltas::counted(std::vector<SharePoint> points) const {
    // A day's changes are all before a point's end when the day starts before it: every end is a
    // day start, but the period's end, after which no change was read.
    std::size_t next = 0;
    std::int64_t leads = 0;
    std::int64_t unowned = 0;
    for (SharePoint& point : points) {
        for (; next < days_.size() && days_[next].start < point.at; ++next) {
            leads += days_[next].leads;
            unowned += days_[next].unowned;
        }
        point.leads = leads;
        point.unowned = unowned;
    }
    return points;
}

}  // namespace leadpool::selection_sql
