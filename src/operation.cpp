#include "operation.hpp"

#include <algorithm>

#include "history_rows.hpp"
#include "workflow_rules.hpp"

namespace leadpool::detail {

bool belongs_to(const Pool& pool, const UserId& user) {
    auto in = [&](const std::vector<UserId>& ids) {
        return std::find(ids.begin(), ids.end(), user) != ids.end();
    };
    return in(pool.managers) || in(pool.members);
}

Lead lead_for(const Access& access, StoreReader& store, LeadId id, Action action) {
    Lead lead = existing_lead(store, id);
    if (access.allows(Action::read, lead) || access.allows(action, lead)) return lead;
    if (!collaborates_on(store, lead.id, access.user().id)) no_such_lead(id);
    return lead;
}

void Operation::save(const Lead& before, const Lead& after, Action action, std::string reason,
                     std::string detail) const {
    store.update_lead(after);
    append_change(store, before, after, action, actor(), now, reason, std::move(detail));
}

}  // namespace leadpool::detail
