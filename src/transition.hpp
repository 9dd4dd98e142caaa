// Transitions: a lead's move in the pyramid, planned by the table of legal moves
// (include/leadpool/transition.hpp), checked against the actor's scope and written with its
// history row.
#pragma once

#include <vector>

#include "leadpool/transition.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// Where a lead ends up. `chosen_pool` is set when the actor picked the target pool, which must
// then be checked (exists, is a sub pool, is within the actor's scope).
struct Move {
    Tier to_tier = Tier::master;
    PoolId to_pool = kMasterPoolId;
    UserId to_owner;
    bool chosen_pool = false;
};

// Checks that `request` is a legal move for `lead` and well formed, and returns where the lead
// goes. Throws Error(illegal_transition) for a move the pyramid does not allow and
// Error(invalid_argument) for a request that is malformed for its action.
Move plan_move(const Lead& lead, const TransitionRequest& request, const UserId& actor);

// `lead` after `move` at `now`: placed, the tier added to what it reached, its version bumped and
// its activity clock reset.
Lead moved(const Lead& lead, const Move& move, Timestamp now);

// Optimistic concurrency: Error(conflict) when `expected` is set (not 0) and the lead moved on.
void check_version(const Lead& lead, std::int64_t expected);

// One transition as the operation's actor: planned, permitted (on the lead and the pool it
// lands in), the new owner checked, written with its history row, and the lead's opportunity
// kept in step.
Lead transition(const Operation& op, const TransitionRequest& request);
// All or nothing, in order: a lead may appear more than once and moves step by step.
std::vector<Lead> transition_batch(const Operation& op, const std::vector<TransitionRequest>& requests);

// Whether the actor may perform `action` on the lead as it is now.
bool can(const Reading& reading, Action action, LeadId id);

}  // namespace leadpool::detail
