// What one write operation of the engine works with, for the files that implement an operation
// outside engine.cpp: the write transaction, the actor's rights, the time, and the lookups and
// writes every operation shares.
#pragma once

#include <string>

#include "access.hpp"
#include "leadpool/error.hpp"
#include "leadpool/store.hpp"

namespace leadpool::detail {

[[noreturn]] inline void not_found(const std::string& what) { throw Error(ErrorCode::not_found, what); }

inline Lead existing_lead(StoreReader& store, LeadId id) {
    auto lead = store.lead(id);
    if (!lead) not_found("no lead " + std::to_string(id));
    return *lead;
}

inline Pool existing_pool(StoreReader& store, PoolId id) {
    auto pool = store.pool(id);
    if (!pool) not_found("no pool " + std::to_string(id));
    return *pool;
}

// Whether `user` is a manager or member of `pool`.
bool belongs_to(const Pool& pool, const UserId& user);

// The history row of a change from `before` to `after`.
HistoryEntry history_row(const Lead& before, const Lead& after, Action action, const UserId& actor,
                         Timestamp at, std::string reason, std::string detail);

struct Operation {
    StoreWriter& store;
    const Access& access;
    Timestamp now;

    const UserId& actor() const { return access.user().id; }

    // Writes `after` (its version bumped and updated_at set by the caller) and its history row.
    void save(const Lead& before, const Lead& after, Action action, std::string reason = {},
              std::string detail = "{}") const;
};

}  // namespace leadpool::detail
