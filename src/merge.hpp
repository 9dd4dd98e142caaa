// Merging leads into one and splitting them again (the rules are in include/leadpool/merge.hpp).
#pragma once

#include <optional>
#include <variant>
#include <string>
#include <vector>

#include "lead_group.hpp"
#include "leadpool/identity_rules.hpp"
#include "leadpool/store.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// `leads` ordered by the survivor rule: the survivor first.
std::vector<Lead> by_survivor_rule(std::vector<Lead> leads);

struct GuardBreach {
    ConflictRule rule;
    std::string message;
};

// Whether merging `leads` (each a lead in its own right) would break max_merge_size, a kind's
// max_per_lead, or the max_joins of a `bridging` value (one that names more than one of them).
std::optional<GuardBreach> merge_guard(StoreReader& store, const std::vector<Lead>& leads,
                                       const IdentityRules& rules, const std::vector<Identity>& bridging = {});

// How many identities of the same kind (and scope) as `identity` the list holds.
std::size_t same_kind_count(const std::vector<Identity>& identities, const Identity& identity);

// Merges `absorbed` into `survivor`: writes the absorbed lead (no identities, merged_into set),
// the merge record and a history row on each, and hands the identities to `survivor` in
// memory, bumping its version for its row (one version per history row, as for every change).
// The caller writes `survivor` after its last absorb.
MergeRecord absorb(StoreWriter& store, Lead& survivor, const Lead& absorbed, const UserId& actor,
                   Timestamp at, const std::string& reason);

// Merges two leads in their own right into the one the survivor rule picks, under the guards:
// max_merge_size, max_per_lead, and max_joins of the `bridging` values (the ones they share),
// each of which counts the join. The survivor is refolded and written. Returns the breach,
// having written nothing, when a guard refuses.
std::variant<MergeRecord, GuardBreach> guarded_merge(StoreWriter& store, const IdentityRules& rules,
                                                     const Lead& a, const Lead& b,
                                                     const std::vector<Identity>& bridging, const UserId& actor,
                                                     Timestamp at, const std::string& reason);

// Undoes a merge: the absorbed lead is itself again with its own identities (in the form the
// identity rules give them now, had they been re-keyed since), and the lead that held it is
// refolded without it. Returns the restored lead.
Lead undo_merge(StoreWriter& store, const IdentityRules& rules, const MergeRecord& merge, const UserId& actor,
                Timestamp at, const std::string& reason);

// --- the operations ---------------------------------------------------------------------------
// Merges two leads by hand (merge on both; the identity guards still apply: conflict).
MergeRecord merge_leads(const Operation& op, LeadId first, LeadId second, const std::string& reason);
// Undoes a merge (unmerge on the lead that holds the absorbed one); conflict when undone before.
Lead unmerge(const Operation& op, MergeId id, const std::string& reason);
// Merges whose surviving lead the actor may read; needs merge in some scope.
std::vector<MergeRecord> merges(const Reading& reading, const MergeFilter& filter);
// Identity conflicts on leads the actor may read; needs merge in some scope.
std::vector<IdentityConflict> identity_conflicts(const Reading& reading);

}  // namespace leadpool::detail
