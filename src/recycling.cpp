#include "recycling.hpp"

#include <nlohmann/json.hpp>

#include "pool_settings_store.hpp"
#include "transition.hpp"

namespace leadpool::detail {
namespace {

// Recycles `lead` of a pool with `settings`: a sub-tier lead to where the pool says, an
// opportunity (which cannot leave its tier) to its pool, unowned.
RecycledLead recycle(const Operation& op, const Lead& lead, const PoolSettings& settings, Timestamp limit) {
    const bool to_master = lead.tier == Tier::sub && settings.recycle_to == RecycleTarget::master;
    Lead after = lead;
    if (to_master) {
        after =
            moved(lead, plan_move(lead, TransitionRequest::return_to_master(lead.id), op.actor()), op.now);
    } else {
        after.owner.clear();
        after.updated_at = after.last_activity_at = op.now;
        ++after.version;
    }
    const RecycleTarget to = to_master ? RecycleTarget::master : RecycleTarget::pool;
    const nlohmann::json detail = {
        {"idle_since", lead.last_activity_at}, {"limit_ms", limit}, {"to", to_string(to)}};
    op.save(lead, after, Action::recycle, "no follow-up for " + std::to_string(limit) + " ms", detail.dump());
    return RecycledLead{lead.id, lead.pool, lead.owner, lead.tier, to, lead.last_activity_at};
}

}  // namespace

MaintenanceReport maintain(const Operation& op) {
    MaintenanceReport report;
    report.at = op.now;
    for (const Pool& pool : op.store.pools()) {
        if (pool.id == kMasterPoolId) continue;
        const PoolSettings settings = pool_settings(op.store, pool.id);
        for (const auto& [tier, limit] : {std::pair{Tier::sub, settings.held_idle_ms},
                                          std::pair{Tier::opportunity, settings.opportunity_idle_ms}}) {
            if (!limit) continue;
            // Idle since before this time: due now or within the warning window.
            const Timestamp cutoff = op.now - *limit + settings.warning_ms + 1;
            for (const Lead& lead : op.store.idle_leads(pool.id, tier_bit(tier), cutoff)) {
                const Timestamp due_at = lead.last_activity_at + *limit;
                if (due_at <= op.now) {
                    report.recycled.push_back(recycle(op, lead, settings, *limit));
                } else {
                    report.due_soon.push_back(DueLead{lead.id, pool.id, lead.owner, lead.tier, due_at});
                }
            }
        }
    }
    return report;
}

}  // namespace leadpool::detail
