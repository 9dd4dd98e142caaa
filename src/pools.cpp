#include "pools.hpp"

#include <nlohmann/json.hpp>

#include "lead_data.hpp"
#include "leadpool/json.hpp"
#include "organisation.hpp"
#include "pool_tree.hpp"

namespace leadpool::detail {
namespace {

using nlohmann::json;

// Pools in organisation events look as the JSON codec writes them.
json as_json(const Pool& pool) { return json::parse(to_json(pool)); }

// Users named as managers or members must exist.
void require_users(StoreReader& store, const std::vector<UserId>& ids) {
    for (const auto& id : ids) {
        if (!store.user(id)) not_found("no user '" + id + "'");
    }
}

// Creates the pool `spec` describes (no `previous`) or changes `previous` into it.
Pool save_pool(const Operation& op, std::optional<Pool> previous, const PoolSpec& spec) {
    op.access.require(Action::manage_pools);
    StoreWriter& w = op.store;
    Pool pool;
    pool.name = checked_name(spec.name, "pool name");
    pool.parent = spec.parent;
    pool.managers = spec.managers;
    pool.members = spec.members;
    require_users(w, pool.managers);
    require_users(w, pool.members);
    const std::vector<Pool> pools = w.pools();
    if (pool.parent) {
        if (*pool.parent == kMasterPoolId) {
            throw Error(ErrorCode::invalid_argument,
                        "pool parent: top-level sub pools have no parent; the master pool has no children");
        }
        existing_pool(w, *pool.parent);
    }
    for (const auto& other : pools) {
        if (other.name == pool.name && (!previous || other.id != previous->id)) {
            throw Error(ErrorCode::conflict, "pool name '" + pool.name + "' is taken");
        }
    }
    // Creating or re-hanging a pool needs rights where it lands; top level counts as master.
    auto require_parent = [&] { op.access.require_pool(pool.parent.value_or(kMasterPoolId)); };
    if (!previous) {
        require_parent();
        pool.id = w.insert_pool(pool);
        record_org_event(op, OrgEventKind::pool_created, as_json(pool));
        return *w.pool(pool.id);
    }
    pool.id = previous->id;
    op.access.require_pool(pool.id);
    if (pool.id == kMasterPoolId && (pool.name != previous->name || pool.parent)) {
        throw Error(ErrorCode::invalid_argument, "the master pool keeps its name and has no parent");
    }
    const bool moved = pool.parent != previous->parent;
    if (moved) {
        require_parent();
        if (pool.parent && is_within(pools, *pool.parent, pool.id)) {
            throw Error(ErrorCode::invalid_argument,
                        "pool '" + pool.name + "' cannot move below itself or its own sub pools");
        }
    }
    w.update_pool(pool);
    json detail = as_json(pool);
    detail["previous"] = as_json(*previous);
    record_org_event(op, moved ? OrgEventKind::pool_moved : OrgEventKind::pool_updated, detail);
    return *w.pool(pool.id);
}

}  // namespace

Pool create_pool(const Operation& op, const PoolSpec& spec) { return save_pool(op, std::nullopt, spec); }

Pool update_pool(const Operation& op, PoolId id, const PoolSpec& spec) {
    op.access.require(Action::manage_pools);
    return save_pool(op, existing_pool(op.store, id), spec);
}

Pool move_pool(const Operation& op, PoolId id, std::optional<PoolId> new_parent) {
    op.access.require(Action::manage_pools);
    const Pool previous = existing_pool(op.store, id);
    return save_pool(op, previous, PoolSpec{previous.name, new_parent, previous.managers, previous.members});
}

}  // namespace leadpool::detail
