// Claiming and holding: a salesperson takes an unowned lead of a pool they belong to; a held
// lead is released back into its pool.
#pragma once

#include <map>

#include "operation.hpp"

namespace leadpool::detail {

// When each user a lead was taken from (released, recycled, returned, transferred, reassigned)
// may have it again: the last time it was taken from them plus `cooldown_ms`. Claims and
// assignment both keep to it, so a recycled lead does not go straight back to whom it left.
std::map<UserId, Timestamp> cooldown_ends(StoreReader& store, LeadId lead, Timestamp cooldown_ms);

// The actor takes lead `id`. Reads the lead inside the write transaction, so of two claims of the
// same lead exactly one wins and the other gets Error(conflict).
Lead claim(const Operation& op, LeadId id);

// Lets go of `held` by `action`, written with its history row: nobody holds it, and it lands
// where someone picks it up — at tier sub of its pool (members claim it, or are assigned it), or
// with `to_master` in the master pool (routed or distributed again). An opportunity thus leaves
// its tier, since nobody claims an unowned opportunity, and its opportunity closes as released.
Lead let_go(const Operation& op, const Lead& held, bool to_master, Action action, const std::string& reason,
            const std::string& detail = "{}");

// Lets go of held lead `id` into its pool (let_go).
Lead release(const Operation& op, LeadId id, const std::string& reason);

}  // namespace leadpool::detail
