#include "access.hpp"

#include <algorithm>
#include <string>

#include "leadpool/error.hpp"
#include "pool_tree.hpp"

namespace leadpool::detail {
namespace {

bool contains(const std::vector<PoolId>& sorted, PoolId id) {
    return std::binary_search(sorted.begin(), sorted.end(), id);
}

bool has(const std::vector<UserId>& users, const UserId& id) {
    return std::find(users.begin(), users.end(), id) != users.end();
}

bool scope_set(std::uint8_t mask, Scope scope) { return (mask & (1u << static_cast<unsigned>(scope))) != 0; }

constexpr Scope kScopes[] = {Scope::own, Scope::member_pools, Scope::managed_pools, Scope::all};

}  // namespace

Access::Access(StoreReader& store, const Policy& policy, const UserId& actor) : policy_(policy) {
    auto user = store.user(actor);
    if (!user) throw Error(ErrorCode::permission_denied, "unknown actor '" + actor + "'");
    if (!user->active) throw Error(ErrorCode::permission_denied, "actor '" + actor + "' is inactive");
    user_ = std::move(*user);
    pools_ = store.pools();
    std::vector<PoolId> managed_roots;
    for (const auto& pool : pools_) {
        const bool manages = has(pool.managers, actor);
        if (manages) managed_roots.push_back(pool.id);
        if (manages || has(pool.members, actor)) member_pools_.push_back(pool.id);
    }
    std::sort(member_pools_.begin(), member_pools_.end());
    managed_pools_ = subtree(pools_, managed_roots);
}

bool Access::in_scope(Scope scope, const Lead& lead) const {
    switch (scope) {
        case Scope::own: return !lead.owner.empty() && lead.owner == user_.id;
        case Scope::member_pools: return contains(member_pools_, lead.pool);
        case Scope::managed_pools: return contains(managed_pools_, lead.pool);
        case Scope::all: return true;
    }
    return false;
}

bool Access::pool_in_scope(Scope scope, PoolId pool) const {
    switch (scope) {
        case Scope::own:  // a lead one owns may go only where one belongs
        case Scope::member_pools: return contains(member_pools_, pool);
        case Scope::managed_pools: return contains(managed_pools_, pool);
        case Scope::all: return true;
    }
    return false;
}

bool Access::allows(Action action, const Lead& lead) const {
    const auto mask = policy_.scopes_for(user_.roles, action, lead.tier);
    return std::any_of(std::begin(kScopes), std::end(kScopes),
                       [&](Scope s) { return scope_set(mask, s) && in_scope(s, lead); });
}

bool Access::allows(Action action, const Lead& lead, PoolId target) const {
    const auto mask = policy_.scopes_for(user_.roles, action, lead.tier);
    return std::any_of(std::begin(kScopes), std::end(kScopes), [&](Scope s) {
        return scope_set(mask, s) && in_scope(s, lead) && pool_in_scope(s, target);
    });
}

bool Access::manages(Action action, const Lead& lead, PoolId target) const {
    const auto mask = policy_.scopes_for(user_.roles, action, lead.tier);
    return std::any_of(std::begin(kScopes), std::end(kScopes), [&](Scope s) {
        return (s == Scope::managed_pools || s == Scope::all) && scope_set(mask, s) && in_scope(s, lead) &&
               pool_in_scope(s, target);
    });
}

bool Access::allows(Action action) const { return policy_.scopes_for(user_.roles, action) != 0; }

bool Access::allows_capture_onto(const Lead& lead) const {
    return allows(Action::capture, lead) && allows(Action::read, lead);
}

bool Access::may_manage_pool(PoolId pool) const {
    const auto mask = policy_.scopes_for(user_.roles, Action::manage_pools);
    return std::any_of(std::begin(kScopes), std::end(kScopes),
                       [&](Scope s) { return scope_set(mask, s) && pool_in_scope(s, pool); });
}

namespace {

[[noreturn]] void denied(const User& user, Action action, const std::string& what) {
    throw Error(ErrorCode::permission_denied,
                "actor '" + user.id + "' may not " + to_string(action) + " " + what);
}

}  // namespace

std::string Access::describe(const Lead& lead) const {
    // Where a lead is, only to one who may read it (docs/design.md 5.4).
    if (!allows(Action::read, lead)) return "lead " + std::to_string(lead.id);
    return "lead " + std::to_string(lead.id) + " (tier " + to_string(lead.tier) + ", pool " +
           std::to_string(lead.pool) + ")";
}

void Access::require(Action action, const Lead& lead) const {
    if (!allows(action, lead)) denied(user_, action, describe(lead));
}

void Access::require(Action action, const Lead& lead, PoolId target) const {
    if (!allows(action, lead, target))
        denied(user_, action, describe(lead) + " into pool " + std::to_string(target));
}

void Access::require(Action action) const {
    if (!allows(action)) denied(user_, action, "in this stage");
}

void Access::refuse_hidden_duplicate(const std::string& identity, const Lead& holder) const {
    const DuplicateDisclosure disclosure = this->disclosure();
    if (disclosure == DuplicateDisclosure::none) return;
    std::string message = identity + " belongs to a lead outside the scope of '" + user_.id + "'";
    if (disclosure == DuplicateDisclosure::owner) {
        message += holder.owner.empty() ? ", owned by nobody" : ", owned by '" + holder.owner + "'";
    }
    throw Error(ErrorCode::permission_denied, message);
}

void Access::require_pool(PoolId pool) const {
    if (!may_manage_pool(pool)) denied(user_, Action::manage_pools, "at pool " + std::to_string(pool));
}

std::vector<VisibilityClause> Access::readable() const {
    std::vector<VisibilityClause> clauses;
    for (const auto& role : user_.roles) {
        auto it = policy_.roles.find(role);
        if (it == policy_.roles.end()) continue;
        for (const auto& grant : it->second) {
            if (std::find(grant.actions.begin(), grant.actions.end(), Action::read) == grant.actions.end())
                continue;
            VisibilityClause clause;
            clause.tiers = grant.tiers;
            switch (grant.scope) {
                case Scope::own: clause.owner = user_.id; break;
                case Scope::member_pools: clause.pools = member_pools_; break;
                case Scope::managed_pools: clause.pools = managed_pools_; break;
                case Scope::all: break;
            }
            if (clause.pools && clause.pools->empty()) continue;
            clauses.push_back(std::move(clause));
        }
    }
    return clauses;
}

}  // namespace leadpool::detail
