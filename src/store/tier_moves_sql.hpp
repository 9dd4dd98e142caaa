// The period report as one SQL statement, shared by the SQL stores: the history rows of the
// period (off the index history_by_time) joined to their selected leads, counted by group and
// tier moved into.
#pragma once

#include <optional>

#include "store/selection_sql.hpp"

namespace leadpool::selection_sql {

// The statement counting the moves into a tier (moves_into_tier) of the selected leads with `at`
// in [from, to): rows (group, to_tier, count) with `by`, the group an integer, a text or NULL;
// rows (to_tier, count) without. nullopt when the selection can select no lead.
std::optional<Statement> tier_moves_statement(const LeadSelection& selection, Timestamp from, Timestamp to,
                                              std::optional<MoveKey> by, const Dialect& dialect);

}  // namespace leadpool::selection_sql
