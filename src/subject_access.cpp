#include "subject_access.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "follow_ups.hpp"
#include "identity_text.hpp"
#include "lead_group.hpp"
#include "leadpool/identity_rules.hpp"
#include "context.hpp"
#include "organisation.hpp"
#include "workflow_rules.hpp"

namespace leadpool::detail {
namespace {

bool in_group(const std::vector<LeadId>& group, LeadId id) {
    return std::find(group.begin(), group.end(), id) != group.end();
}

// The lead holding the identity, for an actor about to export it: one they may neither read nor
// export is, to them, no lead at all (docs/design.md 5.4).
Lead holder_for(const Operation& op, const Identity& normal) {
    const std::string unknown = "personal data: no lead holds " + describe(normal);
    const auto holder = op.store.lead_by_identity(normal);
    if (!holder) not_found(unknown);
    const Lead lead = resolved_lead(op.store, *holder);
    if (!op.access.allows(Action::read, lead) && !op.access.allows(Action::export_personal_data, lead)) {
        not_found(unknown);
    }
    op.access.require(Action::export_personal_data, lead);
    return lead;
}

}  // namespace

PersonalData personal_data(const Operation& op, const Identity& identity) {
    const Identity normal = normalize_identity(identity, *op.context.identity_rules(op.store));
    PersonalData out;
    out.lead = holder_for(op, normal);
    StoreReader& store = op.store;
    const std::vector<LeadId> group = group_of(store, out.lead.id);
    for (auto id = group.begin() + 1; id != group.end(); ++id) {
        if (auto merged = store.lead(*id)) out.leads.push_back(std::move(*merged));
    }
    out.identities = out.lead.identities;
    out.attributes = attribute_values(group_data(store, group), "");
    out.events = group_events(store, group);
    out.follow_ups = group_activities(store, out.lead.id);
    out.history = group_history(store, group);
    for (MergeRecord& merge : store.merge_records()) {
        if (in_group(group, merge.survivor) || in_group(group, merge.absorbed)) out.merges.push_back(std::move(merge));
    }
    out.opportunities = group_opportunities(store, out.lead.id);
    for (IdentityConflict& conflict : store.identity_conflicts()) {
        const bool names_group = in_group(group, conflict.lead) ||
                                 std::any_of(conflict.others.begin(), conflict.others.end(),
                                             [&](LeadId other) { return in_group(group, other); });
        if (names_group) out.conflicts.push_back(std::move(conflict));
    }
    record_org_event(op, OrgEventKind::personal_data_exported, {{"lead", out.lead.id}, {"leads", group}});
    return out;
}

}  // namespace leadpool::detail
