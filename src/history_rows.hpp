// One history row per change to a lead: where it was before and after, who, when and why.
#pragma once

#include <string>

#include "leadpool/store.hpp"

namespace leadpool::detail {

inline void append_change(StoreWriter& store, const Lead& before, const Lead& after, Action action,
                          const UserId& actor, Timestamp at, const std::string& reason, std::string detail) {
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
    store.append_history(entry);
}

}  // namespace leadpool::detail
