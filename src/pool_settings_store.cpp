#include "pool_settings_store.hpp"

#include <nlohmann/json.hpp>

#include "config.hpp"
#include "leadpool/json.hpp"
#include "organisation.hpp"
#include "text.hpp"

namespace leadpool::detail {
namespace {

[[noreturn]] void bad_settings(const std::string& what) {
    throw Error(ErrorCode::invalid_argument, "pool settings: " + what);
}

void check_not_negative(std::int64_t value, const char* field) {
    if (value < 0) bad_settings(std::string(field) + " must not be negative");
}

}  // namespace

PoolSettings pool_settings(StoreReader& store, PoolId id) {
    return config::pool_settings(store, id);
}

PoolSettings set_pool_settings(const Operation& op, PoolId id, const PoolSettings& settings) {
    existing_pool(op.store, id);
    if (id == kMasterPoolId) bad_settings("the master pool has none; settings belong to sub pools");
    op.access.require_pool(id);
    if (settings.max_held) check_not_negative(*settings.max_held, "max_held");
    for (const auto& [user, capacity] : settings.capacity) {
        if (!op.store.user(user)) not_found("pool settings: capacity: no user '" + user + "'");
        check_not_negative(capacity, "capacity");
    }
    check_not_negative(settings.claim_cooldown_ms, "claim_cooldown_ms");
    check_not_negative(settings.warning_ms, "warning_ms");
    check_text(settings.assign_by_score, "pool settings: assign_by_score");
    for (const auto& [limit, field] : {std::pair{settings.held_idle_ms, "held_idle_ms"},
                                       std::pair{settings.opportunity_idle_ms, "opportunity_idle_ms"}}) {
        if (limit && *limit <= 0) bad_settings(std::string(field) + " must be positive");
    }
    config::set_pool_settings(op.store, id, settings);
    record_org_event(op, OrgEventKind::pool_settings_changed,
                     {{"pool", id}, {"settings", nlohmann::json::parse(to_json(settings))}});
    return settings;
}

std::optional<std::int64_t> capacity_of(const PoolSettings& settings, const UserId& user) {
    const auto own = settings.capacity.find(user);
    if (own != settings.capacity.end()) return own->second;
    return settings.max_held;
}

std::int64_t held_in(StoreReader& store, PoolId pool, const UserId& user) {
    LeadSelection held;
    held.tiers = tier_bit(Tier::sub);
    held.pools = std::vector<PoolId>{pool};
    held.owner = user;
    held.visible_if = {VisibilityClause{}};
    std::int64_t count = 0;
    for (const FunnelCell& cell : store.funnel(held)) count += cell.count;
    return count;
}

}  // namespace leadpool::detail
