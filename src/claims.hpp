// Claiming and holding: a salesperson takes an unowned lead of a pool they belong to; a held
// lead is released back into its pool.
#pragma once

#include "operation.hpp"

namespace leadpool::detail {

// The actor takes lead `id`. Reads the lead inside the write transaction, so of two claims of the
// same lead exactly one wins and the other gets Error(conflict).
Lead claim(const Operation& op, LeadId id);

// Clears the owner of held lead `id`; the lead stays in its pool and tier.
Lead release(const Operation& op, LeadId id, const std::string& reason);

}  // namespace leadpool::detail
