// leadpool — re-keying: the stored identities brought in line with new identity rules.
//
// Identities are stored in the form the identity rules gave them when they arrived. A new
// default region turns a phone kept as bare digits into E.164; a newly blocked value is no
// identity any more. Engine::set_identity_rules re-keys every stored identity under the new
// rules, in batches of kRekeyBatch leads, each batch a transaction of its own (captures and
// moves go on between them): a value the rules now write otherwise is rewritten, one they now
// block is taken off its lead (its history keeps it), and leads that come to share a value are
// merged through the ordinary guarded merge, or raise an identity conflict when a guard refuses.
// Each changed lead gets a history row of action `rekey`. A re-key cut short (a crash between
// batches) resumes at the next set_identity_rules or maintenance run (Engine::maintain).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "leadpool/merge.hpp"

namespace leadpool {

// Leads re-keyed in one transaction.
inline constexpr std::size_t kRekeyBatch = 1000;

struct RekeyReport {
    // The counts cover the whole re-key, from the rules' change to its end.
    std::int64_t leads = 0;       // leads in their own right when the re-key reached them
    std::int64_t rekeyed = 0;     // stored values rewritten in the form the rules give now
    std::int64_t dropped = 0;     // values the rules now block, taken off their lead
    std::int64_t unreadable = 0;  // values the rules no longer accept (no valid number of the new
                                  // region, say): kept as stored, counted here
    std::int64_t merged = 0;      // merges of leads that came to share a value
    std::int64_t conflicts = 0;   // ... and shared values a guard kept from merging, raised for review
    // The merges and conflicts this call made (a resumed re-key lists those of its own part).
    std::vector<MergeId> merge_ids;
    std::vector<std::int64_t> conflict_ids;
    // Whether the rules' change asked for a re-key at all: only a new default region or new
    // blocked values do.
    bool needed = false;
};

}  // namespace leadpool
