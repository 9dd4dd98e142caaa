// The period report as SQL (see tier_moves_sql.hpp).
#include "store/tier_moves_sql.hpp"

#include <string>
#include <utility>

#include "store/funnel_groups_sql.hpp"

namespace leadpool::selection_sql {
namespace {

std::string move_column(MoveKey key, const Dialect& dialect) {
    switch (key) {
        case MoveKey::pool: return "history.to_pool";
        case MoveKey::owner: return "NULLIF(history.to_owner, '')";
        case MoveKey::month:
            // The day of the move rounded down, before 1970 too (`%` truncates toward zero).
            return month_of_day("((history.at - (history.at % 86400000 + 86400000) % 86400000) / 86400000)",
                                dialect);
    }
    return "NULL";
}

}  // namespace

std::optional<Statement> tier_moves_statement(const LeadSelection& selection, Timestamp from, Timestamp to,
                                              std::optional<MoveKey> by, const Dialect& dialect) {
    auto filter = selection_filter(selection, Source::leads, dialect);
    if (!filter) return std::nullopt;
    if (selection.tag) filter->add("leads.id IN (SELECT lead_id FROM lead_tags WHERE tag = ?)", *selection.tag);
    Statement statement;
    statement.sql = "SELECT ";
    if (by) statement.sql += move_column(*by, dialect) + ", ";
    statement.sql += "history.to_tier, count(*) FROM history JOIN leads ON leads.id = history.lead_id"
                     " WHERE history.at >= ? AND history.at < ?"
                     " AND (history.to_tier <> history.from_tier OR history.action = ?)";
    statement.values.emplace_back(from);
    statement.values.emplace_back(to);
    statement.values.emplace_back(std::int64_t{static_cast<int>(Action::capture)});
    if (!filter->terms.empty()) statement.sql += " AND " + filter->sql();
    statement.sql += by ? " GROUP BY 1, 2" : " GROUP BY 1";
    for (Value& value : filter->values) statement.values.push_back(std::move(value));
    return statement;
}

}  // namespace leadpool::selection_sql
