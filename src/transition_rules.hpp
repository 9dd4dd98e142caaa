// The legal moves of the pyramid (DESIGN.md 1.2) as one table, and the planning of a move.
#pragma once

#include "leadpool/engine.hpp"

namespace leadpool::detail {

// Where a lead ends up. `chosen_pool` is set when the actor picked the target pool, which the
// engine must then check (exists, is a sub pool, is within the actor's scope).
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

}  // namespace leadpool::detail
