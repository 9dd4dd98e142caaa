#include "claims.hpp"

#include <nlohmann/json.hpp>

#include "caps.hpp"
#include "pool_settings_store.hpp"
#include "text.hpp"
#include "transition.hpp"
#include "workflow_rules.hpp"

namespace leadpool::detail {
namespace {

std::string lead_name(LeadId id) { return "lead " + std::to_string(id); }

Lead with_owner(const Lead& lead, const UserId& owner, Timestamp now) {
    Lead after = lead;
    after.owner = owner;
    after.updated_at = after.last_activity_at = now;
    ++after.version;
    return after;
}

}  // namespace

std::map<UserId, Timestamp> cooldown_ends(StoreReader& store, LeadId lead, Timestamp cooldown_ms) {
    std::map<UserId, Timestamp> ends;
    for (const HistoryEntry& row : store.history(lead)) {
        if (!row.from_owner.empty() && row.from_owner != row.to_owner) ends[row.from_owner] = row.at + cooldown_ms;
    }
    return ends;
}

Lead claim(const Operation& op, LeadId id) {
    const Lead before = lead_for(op.access, op.store, id, Action::claim);
    op.access.require(Action::claim, before);
    const std::string which = "claim: " + lead_name(id);
    if (before.tier != Tier::sub) {
        throw Error(ErrorCode::illegal_transition, which + " is at tier '" + to_string(before.tier) +
                                                       "'; only leads of a sub pool are claimed");
    }
    if (!before.owner.empty()) {
        throw Error(ErrorCode::conflict, which + " is already held by '" + before.owner + "'");
    }
    if (!belongs_to(existing_pool(op.store, before.pool), op.actor())) {
        throw Error(ErrorCode::permission_denied,
                    which + ": '" + op.actor() + "' does not belong to pool " + std::to_string(before.pool));
    }
    const PoolSettings settings = pool_settings(op.store, before.pool);
    const auto ends = cooldown_ends(op.store, id, settings.claim_cooldown_ms);
    if (const auto end = ends.find(op.actor()); end != ends.end() && op.now < end->second) {
        throw Error(ErrorCode::permission_denied,
                    which + " was taken from '" + op.actor() + "' at " +
                        std::to_string(end->second - settings.claim_cooldown_ms) + "; claimable again from " +
                        std::to_string(end->second));
    }
    // A claim is the claimant's own, with no one above them to pass the cap (caps.hpp).
    if (const auto breach = cap_breach(op.store, before.pool, op.actor())) {
        throw Error(ErrorCode::limit_exceeded, which + ": " + breach->message());
    }
    const Lead after = with_owner(before, op.actor(), op.now);
    op.save(before, after, Action::claim);
    return after;
}

Lead release(const Operation& op, LeadId id, const std::string& reason) {
    check_text(reason, "reason");
    const Lead before = lead_for(op.access, op.store, id, Action::release);
    op.access.require(Action::release, before);
    const std::string which = "release: " + lead_name(id);
    if (before.tier != Tier::sub && before.tier != Tier::opportunity) {
        throw Error(ErrorCode::illegal_transition, which + " is at tier '" + to_string(before.tier) +
                                                       "'; only sub and opportunity leads are held");
    }
    if (before.owner.empty()) throw Error(ErrorCode::invalid_argument, which + " is not held by anyone");
    return let_go(op, before, /*to_master=*/false, Action::release, reason);
}

Lead let_go(const Operation& op, const Lead& held, bool to_master, Action action, const std::string& reason,
            const std::string& detail) {
    const Move move{to_master ? Tier::master : Tier::sub, to_master ? kMasterPoolId : held.pool, UserId(), false};
    const Lead after = moved(held, move, op.now);
    op.save(held, after, action, reason, detail);
    if (held.tier == Tier::opportunity) close_released(op.store, held.id, op.now);
    return after;
}

}  // namespace leadpool::detail
