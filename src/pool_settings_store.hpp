// Each sub pool's settings (include/leadpool/pool_settings.hpp), checked and kept through the
// config module, and the holdings they limit.
#pragma once

#include <cstdint>
#include <optional>

#include "leadpool/pool_settings.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// The settings of pool `id`; the defaults when none were set.
PoolSettings pool_settings(StoreReader& store, PoolId id);

// Checks and keeps the settings of a sub pool (manage_pools at that pool).
PoolSettings set_pool_settings(const Operation& op, PoolId id, const PoolSettings& settings);

// How many leads `user` may hold in a pool with these settings; none: no limit.
std::optional<std::int64_t> capacity_of(const PoolSettings& settings, const UserId& user);

// How many leads `user` holds in `pool` at tier sub.
std::int64_t held_in(StoreReader& store, PoolId pool, const UserId& user);

}  // namespace leadpool::detail
