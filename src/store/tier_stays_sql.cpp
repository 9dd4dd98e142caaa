// Time in tier as SQL (see tier_stays_sql.hpp).
#include "store/tier_stays_sql.hpp"

#include <limits>
#include <string>
#include <utility>

#include "leadpool/store.hpp"
#include "store/funnel_groups_sql.hpp"

namespace leadpool::selection_sql {
namespace {

// The constant columns and bounds: enum numbers, written into the SQL.
std::string number(TierTimeMeasure measure) { return std::to_string(static_cast<int>(measure)); }
std::string number(Tier tier) { return std::to_string(static_cast<int>(tier)); }

}  // namespace

std::vector<Statement> tier_time_statements(const LeadSelection& selection, const TierTimesRequest& request,
                                            const Dialect& dialect) {
    auto filter = selection_filter(selection, Source::leads, dialect);
    if (!filter) return {};
    if (selection.tag)
        filter->add("leads.id IN (SELECT lead_id FROM lead_tags WHERE tag = ?)", *selection.tag);
    std::string group;
    if (request.by) {
        FunnelBreakdownRequest grouping;
        grouping.keys = {*request.by};
        group = breakdown_column(*request.by, grouping, selection.campaign_touch, dialect) + ", ";
    }
    const Timestamp from = request.from.value_or(std::numeric_limits<Timestamp>::min());
    const Timestamp to = request.to.value_or(std::numeric_limits<Timestamp>::max());
    const Timestamp at = request.at.value_or(0);
    const std::string stays = " FROM tier_stays JOIN leads ON leads.id = tier_stays.lead_id WHERE ";
    const std::string in_steps =
        " AND tier_stays.stay_tier <= " + number(Tier::order);  // lost, invalid: ends
    std::vector<Statement> statements;
    const auto add = [&](std::string sql, std::vector<Value> values) {
        if (!filter->terms.empty()) sql += " AND " + filter->sql();
        for (const Value& value : filter->values) values.push_back(value);
        statements.push_back({std::move(sql), std::move(values)});
    };
    // Finished stays, off the index on left_at.
    add("SELECT " + group + number(TierTimeMeasure::finished_stay) +
            ", tier_stays.stay_tier, tier_stays.left_at - tier_stays.entered_at" + stays +
            "tier_stays.left_at >= ? AND tier_stays.left_at < ?" + in_steps,
        {from, to});
    // Stays open at `at`: still open (off the partial index of open stays), or left after it.
    const std::string age =
        number(TierTimeMeasure::open_stay) + ", tier_stays.stay_tier, ? - tier_stays.entered_at";
    add("SELECT " + group + age + stays + "tier_stays.left_at IS NULL AND tier_stays.entered_at <= ?" +
            in_steps,
        {at, at});
    add("SELECT " + group + age + stays + "tier_stays.left_at > ? AND tier_stays.entered_at <= ?" + in_steps,
        {at, at, at});
    // Capture to order: each lead's first stay in order, entered in the period.
    add("SELECT " + group + number(TierTimeMeasure::to_order) + ", " + number(Tier::order) +
            ", tier_stays.entered_at - leads.created_at" + stays +
            "tier_stays.stay_tier = " + number(Tier::order) +
            " AND tier_stays.first_stay = 1 AND tier_stays.entered_at >= ? AND tier_stays.entered_at < ?",
        {from, to});
    // Won orders closed in the period.
    add("SELECT " + group + number(TierTimeMeasure::won_order) + ", " + number(Tier::order) +
            ", opportunities.order_amount FROM opportunities JOIN leads ON leads.id = opportunities.lead_id"
            " WHERE opportunities.status = " +
            std::to_string(static_cast<int>(OpportunityStatus::won)) +
            " AND opportunities.closed_at >= ? AND opportunities.closed_at < ?",
        {from, to});
    return statements;
}

}  // namespace leadpool::selection_sql
