#include "recycling.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "claims.hpp"
#include "pool_settings_store.hpp"

namespace leadpool::detail {
namespace {

// Recycles `lead` of a pool with `settings` to where the pool says (let_go): a member of the
// pool, or whoever routes the master pool, picks it up.
RecycledLead recycle(const Operation& op, const Lead& lead, const PoolSettings& settings, Timestamp limit) {
    const RecycleTarget to = settings.recycle_to;
    const nlohmann::json detail = {
        {"idle_since", lead.last_activity_at}, {"limit_ms", limit}, {"to", to_string(to)}};
    let_go(op, lead, to == RecycleTarget::master, Action::recycle,
           "no follow-up for " + std::to_string(limit) + " ms", detail.dump());
    return RecycledLead{lead.id, lead.pool, lead.owner, lead.tier, to, lead.last_activity_at};
}

// Whether anyone can take a lead left unowned in `pool`: an active member or manager.
bool staffed(StoreReader& store, const Pool& pool) {
    auto active = [&](const UserId& id) {
        const auto user = store.user(id);
        return user && user->active;
    };
    return std::any_of(pool.members.begin(), pool.members.end(), active) ||
           std::any_of(pool.managers.begin(), pool.managers.end(), active);
}

}  // namespace

MaintenanceReport maintain(const Operation& op) {
    MaintenanceReport report;
    report.at = op.now;
    for (const Pool& pool : op.store.pools()) {
        if (pool.id == kMasterPoolId) continue;
        const PoolSettings settings = pool_settings(op.store, pool.id);
        const bool stays = settings.recycle_to == RecycleTarget::pool;
        for (const auto& [tier, limit] : {std::pair{Tier::sub, settings.held_idle_ms},
                                          std::pair{Tier::opportunity, settings.opportunity_idle_ms}}) {
            if (!limit) continue;
            // Idle since before this time: due now or within the warning window.
            const Timestamp cutoff = op.now - *limit + settings.warning_ms + 1;
            for (const Lead& lead : op.store.idle_leads(pool.id, tier_bit(tier), cutoff)) {
                const Timestamp due_at = lead.last_activity_at + *limit;
                if (due_at <= op.now) {
                    report.recycled.push_back(recycle(op, lead, settings, *limit));
                    if (stays && !staffed(op.store, pool)) report.stranded.push_back({lead.id, pool.id});
                } else {
                    report.due_soon.push_back(DueLead{lead.id, pool.id, lead.owner, lead.tier, due_at});
                }
            }
        }
    }
    return report;
}

}  // namespace leadpool::detail
