#include "operation.hpp"

#include <algorithm>

namespace leadpool::detail {

bool belongs_to(const Pool& pool, const UserId& user) {
    auto in = [&](const std::vector<UserId>& ids) {
        return std::find(ids.begin(), ids.end(), user) != ids.end();
    };
    return in(pool.managers) || in(pool.members);
}

HistoryEntry history_row(const Lead& before, const Lead& after, Action action, const UserId& actor,
                         Timestamp at, std::string reason, std::string detail) {
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
    entry.reason = std::move(reason);
    entry.detail = std::move(detail);
    return entry;
}

void Operation::save(const Lead& before, const Lead& after, Action action, std::string reason,
                     std::string detail) const {
    store.update_lead(after);
    store.append_history(
        history_row(before, after, action, actor(), now, std::move(reason), std::move(detail)));
}

}  // namespace leadpool::detail
