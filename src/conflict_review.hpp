// Reviewing merges and identity conflicts: the paged, filtered lists a review queue reads, and the
// resolution of a conflict (the rules are in include/leadpool/merge.hpp).
#pragma once

#include <cstdint>
#include <string>

#include "leadpool/merge.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// Merges both of whose leads the actor may read now, one page of them; invalid_argument for a bad
// filter or page.
MergePage merge_page(const Reading& reading, const MergeFilter& filter, const RecordPageRequest& page);

// Identity conflicts every lead of which the actor may read now, one page of them;
// invalid_argument for a bad filter or page.
ConflictPage conflict_page(const Reading& reading, const ConflictFilter& filter, const RecordPageRequest& page);

// Resolves an open conflict (resolve_conflict on its lead): merges its lead with the others it
// named through the hand merge (merge on each, every guard), or dismisses it (reason required).
// not_found: no such conflict, or one whose lead the actor may neither read nor resolve;
// conflict: resolved before, or a guard refuses the merge.
IdentityConflict resolve_identity_conflict(const Operation& op, std::int64_t id, ConflictResolution resolution,
                                           const std::string& reason);

}  // namespace leadpool::detail
