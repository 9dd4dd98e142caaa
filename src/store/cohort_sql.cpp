// The capture cohort table as SQL (see cohort_sql.hpp).
#include "store/cohort_sql.hpp"

#include <string>
#include <utility>

#include "store/funnel_groups_sql.hpp"

namespace leadpool::selection_sql {
namespace {

std::string period_of_day(CohortPeriod period, const std::string& day, const Dialect& dialect) {
    return period == CohortPeriod::week ? week_of_day(day) : month_of_day(day, dialect);
}

}  // namespace

std::optional<Statement> cohort_statement(const LeadSelection& selection, CohortPeriod period,
                                          const Dialect& dialect) {
    auto filter = selection_filter(selection, Source::leads, dialect);
    if (!filter) return std::nullopt;
    if (selection.tag) filter->add("leads.id IN (SELECT lead_id FROM lead_tags WHERE tag = ?)", *selection.tag);
    // The day of a lead's first move into the tier, rounded down before 1970 too.
    const std::string first_day = "((min(history.at) - (min(history.at) % 86400000 + 86400000) % 86400000) / 86400000)";
    Statement statement;
    statement.sql = "SELECT cohort, tier, reached, count(*) FROM (SELECT " +
                    period_of_day(period, "leads.capture_day", dialect) + " AS cohort, history.to_tier AS tier, " +
                    period_of_day(period, first_day, dialect) +
                    " AS reached FROM history JOIN leads ON leads.id = history.lead_id"
                    " WHERE history.to_tier IN (?, ?, ?) AND history.to_tier <> history.from_tier";
    for (const Tier tier : kCohortTiers) statement.values.emplace_back(std::int64_t{static_cast<int>(tier)});
    if (!filter->terms.empty()) statement.sql += " AND " + filter->sql();
    statement.sql += " GROUP BY leads.id, history.to_tier) AS firsts GROUP BY cohort, tier, reached";
    for (Value& value : filter->values) statement.values.push_back(std::move(value));
    return statement;
}

}  // namespace leadpool::selection_sql
