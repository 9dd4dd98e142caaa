// leadpool — pools: the master pool and the tree of sub pools under it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadpool/user.hpp"

namespace leadpool {

using PoolId = std::int64_t;

// The one master pool exists in every store from the start; every captured lead lands in it.
inline constexpr PoolId kMasterPoolId = 1;

// A sub pool (split by region, city, product category or any rule) or the master pool.
// Sub pools nest: a top-level sub pool has no parent; a city pool has its region as parent.
struct Pool {
    PoolId id = 0;
    std::string name;              // unique among all pools
    std::optional<PoolId> parent;  // empty for the master pool and top-level sub pools
    std::vector<UserId> managers;  // sorted, unique
    std::vector<UserId> members;   // sorted, unique
};

// What the caller gives to create a sub pool or change one.
struct PoolSpec {
    std::string name;
    std::optional<PoolId> parent;
    std::vector<UserId> managers;
    std::vector<UserId> members;
};

}  // namespace leadpool
