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
    // When the selection keeps every lead but the absorbed ones and nothing groups them, the stays
    // and orders are read alone (the stays off covering indexes) and the few absorbed leads are
    // left out by id: joining every row to its lead was most of the report's time.
    const bool alone = !request.by && filter->terms.size() == 1 && filter->terms.front() == kNotAbsorbed;
    const auto rows_of = [&](const std::string& table) {
        if (alone) {
            return " FROM " + table + " WHERE " + table +
                   ".lead_id NOT IN (SELECT id FROM leads WHERE merged_into <> 0) AND ";
        }
        return " FROM " + table + " JOIN leads ON leads.id = " + table + ".lead_id WHERE ";
    };
    const std::string stays = rows_of("tier_stays");
    const std::string joined_stays = " FROM tier_stays JOIN leads ON leads.id = tier_stays.lead_id WHERE ";
    const std::string in_steps =
        " AND tier_stays.stay_tier <= " + number(Tier::order);  // lost, invalid: ends
    std::vector<Statement> statements;
    // A statement on the joined leads takes the selection's terms.
    const auto add = [&](std::string sql, std::vector<Value> values, bool joined) {
        if (joined && !filter->terms.empty()) {
            sql += " AND " + filter->sql();
            for (const Value& value : filter->values) values.push_back(value);
        }
        statements.push_back({std::move(sql), std::move(values)});
    };
    // Finished stays, off the index on left_at.
    add("SELECT " + group + number(TierTimeMeasure::finished_stay) +
            ", tier_stays.stay_tier, tier_stays.left_at - tier_stays.entered_at" + stays +
            "tier_stays.left_at >= ? AND tier_stays.left_at < ?" + in_steps,
        {from, to}, !alone);
    // Stays open at `at`: still open (off the partial index of open stays), or left after it.
    const std::string age =
        number(TierTimeMeasure::open_stay) + ", tier_stays.stay_tier, ? - tier_stays.entered_at";
    add("SELECT " + group + age + stays + "tier_stays.left_at IS NULL AND tier_stays.entered_at <= ?" +
            in_steps,
        {at, at}, !alone);
    add("SELECT " + group + age + stays + "tier_stays.left_at > ? AND tier_stays.entered_at <= ?" + in_steps,
        {at, at, at}, !alone);
    // Capture to order: each lead's first stay in order, entered in the period; the lead gives its
    // capture time.
    add("SELECT " + group + number(TierTimeMeasure::to_order) + ", " + number(Tier::order) +
            ", tier_stays.entered_at - leads.created_at" + joined_stays +
            "tier_stays.stay_tier = " + number(Tier::order) +
            " AND tier_stays.first_stay = 1 AND tier_stays.entered_at >= ? AND tier_stays.entered_at < ?",
        {from, to}, true);
    // Won orders closed in the period.
    add("SELECT " + group + number(TierTimeMeasure::won_order) + ", " + number(Tier::order) +
            ", opportunities.order_amount" + rows_of("opportunities") + "opportunities.status = " +
            std::to_string(static_cast<int>(OpportunityStatus::won)) +
            " AND opportunities.closed_at >= ? AND opportunities.closed_at < ?",
        {from, to}, !alone);
    return statements;
}

}  // namespace leadpool::selection_sql
