// A member's cap in a sub pool (PoolSettings::max_held, or their capacity), held the same way on
// every path that hands a sub-tier lead to an owner: claims, transitions alone or in a batch
// (distribute, transfer, reactivate) and assignment (docs/design.md 4.2).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "operation.hpp"

namespace leadpool::detail {

// An owner who would pass their cap by taking one more lead.
struct CapBreach {
    UserId owner;
    PoolId pool = 0;
    std::int64_t held = 0;  // sub-tier leads they hold in the pool now
    std::int64_t cap = 0;
    bool own_capacity = false;  // the cap is their capacity, not the pool's max_held

    // "'bob' holds 5 leads in pool 3, max_held is 5"
    std::string message() const;
};

// Whether `owner` taking one more sub-tier lead in `pool` would pass their cap. Counts what they
// hold as the transaction sees it, so a batch counts the leads its earlier items handed over.
std::optional<CapBreach> cap_breach(StoreReader& store, PoolId pool, const UserId& owner);

// Whether `after` is a sub-tier lead its owner did not hold in that pool `before`: one more for
// their cap.
bool takes_a_place(const Lead& before, const Lead& after);

// For a move by `action` from `before` to `after`: "{}" when the move takes no place or the new
// owner has room. At the cap, Error(limit_exceeded) stating the count and the cap, unless
// `over_cap_reason` is set and the actor manages the lead and its landing pool (their grant of
// `action` reaches both through managed_pools or all; Error(permission_denied) for anyone else):
// then the history detail to record, {"over_cap": {"owner", "held", "cap", "reason"}}.
std::string checked_cap(const Operation& op, Action action, const Lead& before, const Lead& after,
                        const std::string& over_cap_reason);

}  // namespace leadpool::detail
