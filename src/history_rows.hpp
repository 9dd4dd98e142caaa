// One history row per change to a lead: where it was before and after, who, when and why.
#pragma once

#include <string>

#include "leadpool/store.hpp"

namespace leadpool::detail {

// The row of a change from `before` to `after`.
inline HistoryEntry change_row(const Lead& before, const Lead& after, Action action, const UserId& actor,
                               Timestamp at, const std::string& reason, std::string detail) {
    HistoryEntry entry;
    entry.lead = after.id;
    entry.action = action;
    entry.actor = actor;
    entry.at = at;
    entry.from_tier = before.tier;
    entry.from_pool = before.pool;
    entry.from_owner = before.owner;
    entry.to_tier = after.tier;
    entry.to_pool = after.pool;
    entry.to_owner = after.owner;
    entry.reason = reason;
    entry.detail = std::move(detail);
    return entry;
}

inline void append_change(StoreWriter& store, const Lead& before, const Lead& after, Action action,
                          const UserId& actor, Timestamp at, const std::string& reason, std::string detail) {
    store.append_history(change_row(before, after, action, actor, at, reason, std::move(detail)));
}

}  // namespace leadpool::detail
