// The pool tree: creating, changing and moving sub pools (manage_pools), and reading them.
#pragma once

#include <optional>
#include <vector>

#include "leadpool/pool.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// manage_pools with scope all anywhere; with managed_pools only below a pool the actor
// manages. Names are unique (conflict otherwise); the master pool keeps its name and place.
Pool create_pool(const Operation& op, const PoolSpec& spec);
Pool update_pool(const Operation& op, PoolId id, const PoolSpec& spec);
Pool move_pool(const Operation& op, PoolId id, std::optional<PoolId> new_parent);

}  // namespace leadpool::detail
