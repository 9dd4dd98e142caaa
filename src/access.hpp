// What one actor may do right now: the policy of the current stage evaluated for a user and
// their place in the pool tree. Built per operation from the store's current state.
#pragma once

#include <string>
#include <vector>

#include "leadpool/lead.hpp"
#include "leadpool/policy.hpp"
#include "leadpool/store.hpp"

namespace leadpool::detail {

class Access {
public:
    // Throws Error(permission_denied) when `actor` is unknown or inactive.
    Access(StoreReader& store, const Policy& policy, const UserId& actor);

    const User& user() const { return user_; }
    const std::vector<Pool>& pools() const { return pools_; }

    // May the actor perform a lead action on `lead` as it is now?
    bool allows(Action action, const Lead& lead) const;
    // ... and, in the same scope, place the lead into pool `target`?
    bool allows(Action action, const Lead& lead, PoolId target) const;
    // May the actor perform an organisation action, or a lead action on some lead at all?
    bool allows(Action action) const;
    // May a capture by the actor land on the existing `lead` its identity names? That changes
    // the lead and returns it, so it needs capture and read on it.
    bool allows_capture_onto(const Lead& lead) const;
    // Does the actor's grant of `action` reach `lead` and pool `target` through managed_pools or
    // all? Such a manager may pass a member's cap there (caps.hpp).
    bool manages(Action action, const Lead& lead, PoolId target) const;
    // May the actor create, change or move pools below / at `pool` (manage_pools)?
    bool may_manage_pool(PoolId pool) const;

    // Throw Error(permission_denied) naming the actor, action and what it was refused on; a
    // lead's tier and pool only when the actor may read it.
    void require(Action action, const Lead& lead) const;
    void require(Action action, const Lead& lead, PoolId target) const;
    void require(Action action) const;
    void require_pool(PoolId pool) const;

    // What a duplicate check tells this actor about a lead they may not read (policy.hpp).
    DuplicateDisclosure disclosure() const { return policy_.disclosure_for(user_.roles); }
    // For `holder`, a lead the actor may not capture onto that holds `identity` (described):
    // throws Error(permission_denied) saying what the actor's disclosure allows (that such a
    // lead exists, and who owns it); returns under DuplicateDisclosure::none, which says nothing.
    void refuse_hidden_duplicate(const std::string& identity, const Lead& holder) const;

    // The leads the actor may read, as store visibility clauses.
    std::vector<VisibilityClause> readable() const;

private:
    std::string describe(const Lead& lead) const;
    bool in_scope(Scope scope, const Lead& lead) const;
    bool pool_in_scope(Scope scope, PoolId pool) const;

    const Policy& policy_;
    User user_;
    std::vector<Pool> pools_;
    std::vector<PoolId> member_pools_;   // member or manager; sorted
    std::vector<PoolId> managed_pools_;  // managed and every pool below; sorted
};

}  // namespace leadpool::detail
