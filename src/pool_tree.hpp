// The sub pool tree: subtrees for scopes and filters, ancestry for moves.
#pragma once

#include <vector>

#include "leadpool/pool.hpp"

namespace leadpool::detail {

// `roots` and every pool below them, sorted, unique.
std::vector<PoolId> subtree(const std::vector<Pool>& pools, const std::vector<PoolId>& roots);

// Whether `pool` is `ancestor` or lies below it.
bool is_within(const std::vector<Pool>& pools, PoolId pool, PoolId ancestor);

}  // namespace leadpool::detail
