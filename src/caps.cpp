#include "caps.hpp"

#include <nlohmann/json.hpp>

#include "pool_settings_store.hpp"
#include "text.hpp"

namespace leadpool::detail {

std::string CapBreach::message() const {
    return "'" + owner + "' holds " + std::to_string(held) + (held == 1 ? " lead" : " leads") + " in pool " +
           std::to_string(pool) + ", " +
           (own_capacity ? "their capacity" : "max_held") + " is " + std::to_string(cap);
}

std::optional<CapBreach> cap_breach(StoreReader& store, PoolId pool, const UserId& owner) {
    const PoolSettings settings = pool_settings(store, pool);
    const auto cap = capacity_of(settings, owner);
    if (!cap) return std::nullopt;
    const std::int64_t held = held_in(store, pool, owner);
    if (held < *cap) return std::nullopt;
    return CapBreach{owner, pool, held, *cap, settings.capacity.count(owner) != 0};
}

bool takes_a_place(const Lead& before, const Lead& after) {
    if (after.tier != Tier::sub || after.owner.empty()) return false;
    return before.tier != Tier::sub || before.pool != after.pool || before.owner != after.owner;
}

std::string checked_cap(const Operation& op, Action action, const Lead& before, const Lead& after,
                        const std::string& over_cap_reason) {
    check_text(over_cap_reason, "over_cap_reason");
    if (!takes_a_place(before, after)) return "{}";
    const auto breach = cap_breach(op.store, after.pool, after.owner);
    if (!breach) return "{}";
    const std::string which = std::string(to_string(action)) + ": lead " + std::to_string(before.id);
    // limit_exceeded, as for a claim at the cap: a documented limit refuses the move, not a race
    // (conflict) or the actor's rights; a manager may pass it, saying why.
    if (over_cap_reason.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw Error(ErrorCode::limit_exceeded, which + ": " + breach->message() +
                                                   " (a manager may pass the cap with over_cap_reason)");
    }
    if (!op.access.manages(action, before, after.pool)) {
        throw Error(ErrorCode::permission_denied, which + ": " + breach->message() + "; only a manager of pool " +
                                                      std::to_string(after.pool) + " may pass the cap");
    }
    return nlohmann::json{{"over_cap",
                           {{"owner", breach->owner},
                            {"held", breach->held},
                            {"cap", breach->cap},
                            {"reason", over_cap_reason}}}}
        .dump();
}

}  // namespace leadpool::detail
