// The funnel by groups as one SQL statement, shared by the SQL stores: off the funnel counters
// when they answer it (their keys: pool, owner, channel and the capture day's month or week),
// else one GROUP BY over the leads, joined to their score and latest opportunity as the keys need.
#pragma once

#include <optional>

#include "store/selection_sql.hpp"

namespace leadpool::selection_sql {

// The statement counting a selection's leads by (group, tier, reached): rows of one column per
// key (an integer, a text or NULL for none), then tier, reached and count. nullopt when the
// selection can select no lead.
std::optional<Statement> funnel_groups_statement(const LeadSelection& selection,
                                                 const FunnelBreakdownRequest& breakdown, const Dialect& dialect);

// The group column of `key` over leads (or funnel_counts for the keys it carries): unqualified
// leads columns, so it reads in a join with a table that shares none of their names.
std::string breakdown_column(BreakdownKey key, const FunnelBreakdownRequest& breakdown, TouchModel touch,
                             const Dialect& dialect);

// The first millisecond of the UTC month of `day` (an SQL expression: days since 1970).
std::string month_of_day(const std::string& day, const Dialect& dialect);

// The first millisecond of the UTC week (from Monday) of `day`: 1970-01-01 was a Thursday.
std::string week_of_day(const std::string& day);

// Whether the statement's column for `key` holds an integer (else a text).
bool numeric_key(BreakdownKey key) noexcept;

}  // namespace leadpool::selection_sql
