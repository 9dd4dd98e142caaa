// Erasure of a person's data (include/leadpool/personal_data.hpp): what a lead and every lead
// merged into it hold of the person is redacted (redaction.hpp) in every record that holds it,
// and the funnel's truth stays.
#pragma once

#include "leadpool/merge.hpp"
#include "leadpool/personal_data.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// The request checked before the transaction: the reason trimmed, and not empty
// (Error(invalid_argument) otherwise).
ErasureRequest checked_erasure(const ErasureRequest& request);

// Erases the person the lead `id` names (an absorbed id: the lead holding it) and every lead
// merged into it (erase_personal_data on the lead; not_found as lead_for says). Error(conflict)
// when they hold no personal data any more: erased before. Asks the store for secure writes;
// the caller scrubs after the commit (report.scrub).
ErasureReport erase(const Operation& op, LeadId id, const ErasureRequest& checked);

// Whether the identities a merge handed over were erased since: such a merge cannot be undone.
bool erased_since(const MergeRecord& merge);

}  // namespace leadpool::detail
