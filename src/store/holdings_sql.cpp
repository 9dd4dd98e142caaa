// The hoarding report as SQL (see holdings_sql.hpp).
#include "store/holdings_sql.hpp"

#include <string>
#include <utility>

namespace leadpool::selection_sql {
namespace {

std::string code(Action action) { return std::to_string(static_cast<int>(action)); }

// The selection's terms after the statement's own, with their values after its own.
Statement with_filter(std::string sql, std::vector<Value> values, const Filter& filter, const std::string& tail) {
    Statement statement{std::move(sql), std::move(values)};
    if (!filter.terms.empty()) statement.sql += " AND " + filter.sql();
    statement.sql += tail;
    for (const Value& value : filter.values) statement.values.push_back(value);
    return statement;
}

}  // namespace

std::optional<HoldingsStatements> holdings_statements(const LeadSelection& selection, const HoldingsWindow& window,
                                                      const Dialect& dialect) {
    auto filter = selection_filter(selection, Source::leads, dialect);
    if (!filter) return std::nullopt;
    if (selection.tag) filter->add("leads.id IN (SELECT lead_id FROM lead_tags WHERE tag = ?)", *selection.tag);
    const std::string claim = code(Action::claim);
    const std::string release = code(Action::release);
    const std::string recycle = code(Action::recycle);
    HoldingsStatements out;
    // holding_idle_since: the latest follow-up or change of owner, off history_by_lead.
    out.held = with_filter(
        "SELECT leads.owner, leads.tier, count(*), sum(CASE WHEN COALESCE((SELECT max(idle.at) FROM history AS idle"
        " WHERE idle.lead_id = leads.id AND (idle.action = " + code(Action::follow_up) +
            " OR idle.from_owner <> idle.to_owner)), leads.created_at) < ? THEN 1 ELSE 0 END)"
            " FROM leads WHERE leads.owner <> ''",
        {Value{window.idle_before}}, *filter, " GROUP BY leads.owner, leads.tier");
    out.period = with_filter(
        "SELECT CASE WHEN history.action = " + claim + " THEN history.to_owner ELSE history.from_owner END,"
            " sum(CASE WHEN history.action = " + claim + " THEN 1 ELSE 0 END),"
            " sum(CASE WHEN history.action = " + release + " THEN 1 ELSE 0 END),"
            " sum(CASE WHEN history.action = " + recycle + " THEN 1 ELSE 0 END),"
            " sum(CASE WHEN history.action NOT IN (" + claim + ", " + release + ", " + recycle + ") THEN 1 ELSE 0 END)"
            " FROM history JOIN leads ON leads.id = history.lead_id WHERE history.at >= ? AND history.at < ?"
            " AND (history.action = " + claim + " OR (history.from_owner <> '' AND history.from_owner <> history.to_owner"
            " AND (history.action IN (" + release + ", " + recycle + ") OR history.actor <> history.from_owner)))",
        {Value{window.from}, Value{window.to}}, *filter, " GROUP BY 1");
    out.churn = with_filter(
        "SELECT taken.to_owner, count(DISTINCT taken.lead_id) FROM history AS taken"
        " JOIN leads ON leads.id = taken.lead_id WHERE taken.action = " + claim +
            " AND taken.at >= ? AND taken.at < ? AND EXISTS (SELECT 1 FROM history AS freed"
            " WHERE freed.lead_id = taken.lead_id AND freed.seq > taken.seq AND freed.action = " + release +
            " AND freed.from_owner = taken.to_owner AND freed.at >= ? AND freed.at < ?)",
        {Value{window.from}, Value{window.to}, Value{window.from}, Value{window.to}}, *filter,
        " GROUP BY taken.to_owner");
    return out;
}

std::vector<OwnerHolding> HoldingLines::lines() const {
    std::vector<OwnerHolding> out;
    for (const auto& entry : lines_) out.push_back(entry.second);
    return out;
}

OwnerHolding& HoldingLines::line_of(const UserId& owner) {
    OwnerHolding& line = lines_[owner];
    line.owner = owner;
    return line;
}

}  // namespace leadpool::selection_sql
