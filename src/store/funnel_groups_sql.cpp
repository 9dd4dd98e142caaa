// The funnel by groups as SQL (see funnel_groups_sql.hpp).
#include "store/funnel_groups_sql.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace leadpool::selection_sql {
namespace {

bool counted_key(BreakdownKey key) {
    return key == BreakdownKey::pool || key == BreakdownKey::owner || key == BreakdownKey::channel ||
           key == BreakdownKey::capture_month || key == BreakdownKey::capture_week;
}

}  // namespace

// The group column of `key`. Both tables carry the capture day; 1970-01-01 was a Thursday, so
// (day + 3) mod 7 counts the days since Monday. `%` truncates toward zero in both dialects:
// adding the divisor once more keeps remainders of negative values in [0, divisor).
std::string breakdown_column(BreakdownKey key, const FunnelBreakdownRequest& breakdown, TouchModel touch,
                             const Dialect& dialect) {
    const std::string width = std::to_string(breakdown.band_width);
    switch (key) {
        case BreakdownKey::pool: return "pool_id";
        case BreakdownKey::owner: return "NULLIF(owner, '')";
        case BreakdownKey::channel: return "NULLIF(channel, '')";
        case BreakdownKey::campaign:
            return touch == TouchModel::first ? "NULLIF(campaign, '')" : "NULLIF(last_campaign, '')";
        case BreakdownKey::score_band:
            return "band_score.points - (band_score.points % " + width + " + " + width + ") % " + width;
        case BreakdownKey::product_type:
            // The primary key (lead_id, number) finds the latest opportunity.
            return "(SELECT NULLIF(latest.product_type, '') FROM opportunities AS latest"
                   " WHERE latest.lead_id = leads.id ORDER BY latest.number DESC LIMIT 1)";
        case BreakdownKey::capture_month: return month_of_day("capture_day", dialect);
        case BreakdownKey::capture_week: return week_of_day("capture_day");
    }
    return "NULL";
}

std::string month_of_day(const std::string& day, const Dialect& dialect) {
    return dialect.flavour == SqlFlavour::sqlite
               ? "CAST(strftime('%s', " + day + " * 86400, 'unixepoch', 'start of month') AS INTEGER) * 1000"
               : "CAST(extract(epoch FROM date_trunc('month', to_timestamp(" + day +
                     " * 86400) AT TIME ZONE 'UTC')) AS bigint) * 1000";
}

std::string week_of_day(const std::string& day) {
    return "((" + day + ") - (((" + day + ") + 3) % 7 + 7) % 7) * 86400000";
}

bool numeric_key(BreakdownKey key) noexcept {
    return key == BreakdownKey::pool || key == BreakdownKey::score_band || key == BreakdownKey::capture_month ||
           key == BreakdownKey::capture_week;
}

std::optional<Statement> funnel_groups_statement(const LeadSelection& selection,
                                                 const FunnelBreakdownRequest& breakdown, const Dialect& dialect) {
    const bool by_counters = counters_answer(selection) &&
                             std::all_of(breakdown.keys.begin(), breakdown.keys.end(), counted_key);
    auto filter = selection_filter(selection, by_counters ? Source::funnel_counts : Source::leads, dialect);
    if (!filter) return std::nullopt;
    if (selection.tag) filter->add("id IN (SELECT lead_id FROM lead_tags WHERE tag = ?)", *selection.tag);

    Statement statement;
    std::string columns;
    std::string ordinals;
    int column = 0;
    for (const BreakdownKey key : breakdown.keys) {
        columns += breakdown_column(key, breakdown, selection.campaign_touch, dialect) + ", ";
        ordinals += std::to_string(++column) + ", ";
    }
    statement.sql = "SELECT " + columns + "tier, reached, " + (by_counters ? "sum(n) FROM funnel_counts" : "count(*) FROM leads");
    if (std::find(breakdown.keys.begin(), breakdown.keys.end(), BreakdownKey::score_band) != breakdown.keys.end()) {
        statement.sql += " LEFT JOIN lead_scores AS band_score ON band_score.lead_id = leads.id AND band_score.model = ?";
        statement.values.emplace_back(breakdown.score_model);
    }
    if (!filter->terms.empty()) statement.sql += " WHERE " + filter->sql();
    statement.sql += " GROUP BY " + ordinals + "tier, reached";
    for (Value& value : filter->values) statement.values.push_back(std::move(value));
    return statement;
}

}  // namespace leadpool::selection_sql
