// Re-keying the stored identities under new identity rules (include/leadpool/rekey.hpp): the
// organisation starts one when its rules change how values read, and the engine's front door
// runs it batch by batch, each batch a transaction of its own.
#pragma once

#include "leadpool/identity_rules.hpp"
#include "leadpool/rekey.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// Whether stored values may read otherwise under `after` than under `before`: a new default
// region, or new blocked values.
bool rekey_needed(const IdentityRules& before, const IdentityRules& after);

// Starts a re-key from the first lead (a re-key under way starts over: the new rules are the
// ones it must reach).
void start_rekey(const Operation& op);

// Re-keys the next kRekeyBatch leads of the re-key under way, adding the merges and conflicts it
// makes to `report`, and says whether more remain. With none left it ends the re-key, records it
// in the organisation history and sets the report's counts. Does nothing, and says so, when no
// re-key is under way.
bool rekey_batch(const Operation& op, RekeyReport& report);

}  // namespace leadpool::detail
