// Merges and identity conflicts as SQL (see record_selection_sql.hpp).
#include "store/record_selection_sql.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

namespace leadpool::selection_sql {
namespace {

void add_time_range(Filter& filter, const std::optional<Timestamp>& from, const std::optional<Timestamp>& to) {
    if (from) filter.add("at >= ?", *from);
    if (to) filter.add("at < ?", *to);
}

// SELECT columns FROM table WHERE filter, in the page's id order past its cursor, LIMIT.
Statement paged(Filter filter, const RecordPageRequest& page, const char* columns, const char* table) {
    if (page.after) filter.add(page.newest_first ? "id < ?" : "id > ?", *page.after);
    Statement statement;
    statement.sql = std::string("SELECT ") + columns + " FROM " + table;
    if (!filter.terms.empty()) statement.sql += " WHERE " + filter.sql();
    statement.sql += page.newest_first ? " ORDER BY id DESC LIMIT ?" : " ORDER BY id LIMIT ?";
    statement.values = std::move(filter.values);
    const auto max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
    statement.values.emplace_back(static_cast<std::int64_t>(std::min(page.limit, max)));
    return statement;
}

}  // namespace

std::optional<Statement> merge_page_statement(const MergeFilter& filter, const RecordPageRequest& page,
                                              const char* columns) {
    if (page.limit == 0) return std::nullopt;
    Filter terms;
    if (filter.lead) {
        terms.add("(survivor = ? OR absorbed = ?)", *filter.lead);
        terms.values.emplace_back(*filter.lead);
    }
    if (filter.collisions_only) terms.add("collision = 1");
    if (!filter.include_unmerged) terms.add("unmerged_at IS NULL");
    if (filter.actor) terms.add("actor = ?", *filter.actor);
    add_time_range(terms, filter.at_from, filter.at_to);
    if (filter.reason) terms.add("reason = ?", *filter.reason);
    return paged(std::move(terms), page, columns, "merges");
}

std::optional<Statement> conflict_page_statement(const ConflictFilter& filter, const RecordPageRequest& page,
                                                 const char* columns, const Dialect& dialect) {
    if (page.limit == 0) return std::nullopt;
    Filter terms;
    if (filter.lead) {
        // The others are a JSON array of ids; the conflict's own lead is indexed.
        if (dialect.flavour == SqlFlavour::sqlite) {
            terms.add("(lead_id = ? OR EXISTS (SELECT 1 FROM json_each(others) WHERE value = ?))", *filter.lead);
            terms.values.emplace_back(*filter.lead);
        } else {
            terms.add("(lead_id = ? OR others::jsonb @> ?::jsonb)", *filter.lead);
            terms.values.emplace_back(nlohmann::json::array({*filter.lead}).dump());
        }
    }
    if (filter.rule) terms.add("rule = ?", std::int64_t{static_cast<int>(*filter.rule)});
    if (filter.channel) terms.add("channel = ?", *filter.channel);
    add_time_range(terms, filter.at_from, filter.at_to);
    if (filter.state) terms.add("state = ?", std::int64_t{static_cast<int>(*filter.state)});
    return paged(std::move(terms), page, columns, "identity_conflicts");
}

}  // namespace leadpool::selection_sql
