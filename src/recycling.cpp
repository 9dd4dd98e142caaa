#include "recycling.hpp"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "change_feed.hpp"
#include "claims.hpp"
#include "pool_settings_store.hpp"

namespace leadpool::detail {
namespace {

// Recycles `lead` of a pool with `settings` to where the pool says (let_go): a member of the
// pool, or whoever routes the master pool, picks it up. `limit`: the idle limit it passed; none
// for a lead nobody could work, for the reason `why`.
RecycledLead recycle(const Operation& op, const Lead& lead, const PoolSettings& settings,
                     std::optional<Timestamp> limit, const std::string& why) {
    const RecycleTarget to = settings.recycle_to;
    nlohmann::json detail = {{"idle_since", lead.last_activity_at}, {"limit_ms", nullptr}, {"to", to_string(to)}};
    if (limit) detail["limit_ms"] = *limit;
    let_go(op, lead, to == RecycleTarget::master, Action::recycle, why, detail.dump());
    return RecycledLead{lead.id, lead.pool, lead.owner, lead.tier, to, lead.last_activity_at, limit.has_value()};
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

std::vector<LeadId> selected(StoreReader& store, TierMask tiers, const UserId& owner) {
    LeadSelection selection;
    selection.tiers = tiers;
    selection.owner = owner;
    selection.visible_if = {VisibilityClause{}};
    return store.lead_ids(selection, 0, std::numeric_limits<std::size_t>::max());
}

// Held leads nobody works, whatever their idle time: those of a deactivated user, and
// opportunities held by nobody (as releases and recycling left them before they let
// opportunities go). Each with why.
std::vector<std::pair<LeadId, std::string>> unworked(StoreReader& store) {
    std::vector<std::pair<LeadId, std::string>> out;
    for (const User& user : store.users()) {
        if (user.active) continue;
        for (LeadId id : selected(store, tier_mask({Tier::sub, Tier::opportunity}), user.id))
            out.emplace_back(id, "held by '" + user.id + "', who is inactive");
    }
    for (LeadId id : selected(store, tier_bit(Tier::opportunity), UserId()))
        out.emplace_back(id, "an opportunity nobody holds");
    return out;
}

}  // namespace

MaintenanceReport maintain(const Operation& op) {
    MaintenanceReport report;
    report.at = op.now;
    auto recycled = [&](const Pool& pool, const Lead& lead, std::optional<Timestamp> limit, const std::string& why) {
        const PoolSettings settings = pool_settings(op.store, pool.id);
        report.recycled.push_back(recycle(op, lead, settings, limit, why));
        if (settings.recycle_to == RecycleTarget::pool && !staffed(op.store, pool))
            report.stranded.push_back({lead.id, pool.id});
    };
    for (const auto& [id, why] : unworked(op.store)) {
        const Lead lead = existing_lead(op.store, id);
        recycled(existing_pool(op.store, lead.pool), lead, std::nullopt, why);
    }
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
                    recycled(pool, lead, *limit, "no follow-up for " + std::to_string(*limit) + " ms");
                } else {
                    report.due_soon.push_back(DueLead{lead.id, pool.id, lead.owner, lead.tier, due_at});
                }
            }
        }
    }
    report.pruned_changes = prune_feed(op);
    return report;
}

}  // namespace leadpool::detail
