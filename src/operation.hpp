// What one operation of the engine works with: the transaction, the actor's rights, the time,
// and the lookups and writes every operation shares. Context (context.hpp) makes them.
#pragma once

#include <string>

#include "access.hpp"
#include "lead_group.hpp"
#include "leadpool/error.hpp"
#include "leadpool/store.hpp"

namespace leadpool::detail {

[[noreturn]] inline void not_found(const std::string& what) { throw Error(ErrorCode::not_found, what); }

// The lead an id names; the id of a lead absorbed by a merge names the lead that holds it.
inline Lead existing_lead(StoreReader& store, LeadId id) { return resolved_lead(store, id); }

// The lead `id` names, for an actor about to `action` it. One they may neither read nor `action`
// is, to them, an id that names nothing: the same not_found, word for word, so walking ids maps
// nothing outside their scope (docs/design.md 5.4). A collaborator on the lead's open or won
// opportunity reads it, whatever the policy says (workflow_rules.hpp).
Lead lead_for(const Access& access, StoreReader& store, LeadId id, Action action);

inline Pool existing_pool(StoreReader& store, PoolId id) {
    auto pool = store.pool(id);
    if (!pool) not_found("no pool " + std::to_string(id));
    return *pool;
}

// Whether `user` is a manager or member of `pool`.
bool belongs_to(const Pool& pool, const UserId& user);

class Context;

// A write: everything it does commits together, or nothing does.
struct Operation {
    StoreWriter& store;
    const Access& access;
    Timestamp now;
    Context& context;

    const UserId& actor() const { return access.user().id; }

    // Writes `after` (its version bumped and updated_at set by the caller) and its history row.
    void save(const Lead& before, const Lead& after, Action action, std::string reason = {},
              std::string detail = "{}") const;
};

// A read on one snapshot.
struct Reading {
    StoreReader& store;
    const Access& access;
    Context& context;
};

}  // namespace leadpool::detail
