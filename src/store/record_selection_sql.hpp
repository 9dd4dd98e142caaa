// Merges and identity conflicts as SQL: the statements that page them, shared by the SQL stores.
// Both read their table in id order (the primary key), narrowed first by the index a review
// screen filters by: a lead (merges_by_survivor, merges_by_absorbed, identity_conflicts_by_lead)
// or a conflict's state (identity_conflicts_by_state).
#pragma once

#include <cstddef>
#include <optional>

#include "leadpool/store.hpp"
#include "store/selection_sql.hpp"

namespace leadpool::selection_sql {

// The statement reading `columns` of the merges `filter` selects, paged as `page` says; nullopt
// when page.limit is 0.
std::optional<Statement> merge_page_statement(const MergeFilter& filter, const RecordPageRequest& page,
                                              const char* columns);

// The statement reading `columns` of the identity conflicts `filter` selects, paged as `page`
// says; nullopt when page.limit is 0.
std::optional<Statement> conflict_page_statement(const ConflictFilter& filter, const RecordPageRequest& page,
                                                 const char* columns, const Dialect& dialect);

}  // namespace leadpool::selection_sql
