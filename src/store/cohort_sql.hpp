// The capture cohort table's counts as one SQL statement, shared by the SQL stores: each selected
// lead's first move into sub, opportunity and order, grouped by its capture period and the period
// of that move.
#pragma once

#include <optional>

#include "store/selection_sql.hpp"

namespace leadpool::selection_sql {

// Rows (cohort start, tier, reached start, count) as StoreReader::cohort_cells counts them;
// nullopt when the selection can select no lead.
std::optional<Statement> cohort_statement(const LeadSelection& selection, CohortPeriod period,
                                          const Dialect& dialect);

}  // namespace leadpool::selection_sql
