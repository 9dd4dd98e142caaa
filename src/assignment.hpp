// Assignment inside a sub pool: the pool's strategy hands unowned leads to its members.
#pragma once

#include "leadpool/pool_settings.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// Assigns the leads of the request (all or nothing), each a history row naming the strategy.
AssignResult assign(const Operation& op, const AssignRequest& request);

}  // namespace leadpool::detail
