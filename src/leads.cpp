#include "leads.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "context.hpp"
#include "history_rows.hpp"
#include "identity_text.hpp"
#include "lead_data.hpp"
#include "leadpool/limits.hpp"
#include "pool_tree.hpp"
#include "transition.hpp"

namespace leadpool::detail {

using nlohmann::json;

std::optional<ScoreRange> checked_score_range(const std::optional<ScoreRange>& range) {
    if (!range) return std::nullopt;
    ScoreRange out = *range;
    out.model = checked_name(range->model, "score: model");
    if (out.min && out.max && *out.min > *out.max) {
        throw Error(ErrorCode::invalid_argument, "score: min " + std::to_string(*out.min) + " is above max " +
                                                     std::to_string(*out.max));
    }
    return out;
}

LeadSelection visible_selection(const Reading& reading, const std::optional<PoolId>& pool) {
    LeadSelection selection;
    if (pool) {
        existing_pool(reading.store, *pool);
        selection.pools = subtree(reading.access.pools(), {*pool});
    }
    selection.visible_if = reading.access.readable();
    return selection;
}

Lead readable_lead(const Reading& reading, LeadId id) {
    return lead_for(reading.access, reading.store, id, Action::read);
}

std::optional<Lead> find_lead(const Reading& reading, const Identity& identity) {
    const Identity normal = normalize_identity(identity, *reading.context.identity_rules(reading.store));
    auto id = reading.store.lead_by_identity(normal);
    if (!id) return std::nullopt;
    Lead lead = resolved_lead(reading.store, *id);
    if (reading.access.allows(Action::read, lead)) return lead;
    // A duplicate check: what it may say of a lead outside the actor's scope (docs/design.md 5.4).
    reading.access.refuse_hidden_duplicate(describe(normal), lead);
    return std::nullopt;
}

CheckedUpdate checked_update(const LeadUpdate& update) {
    return {checked_attributes(update.attributes, "attributes"), checked_tags(update.add_tags),
            checked_tags(update.remove_tags), update.expected_version};
}

Lead update_lead(const Operation& op, LeadId id, const CheckedUpdate& update) {
    const Lead before = lead_for(op.access, op.store, id, Action::update);
    op.access.require(Action::update, before);
    check_version(before, update.expected_version);
    Lead after = before;
    after.attributes = merged_attributes(before.attributes, update.attributes);
    std::vector<std::string> tags;
    std::set_union(before.tags.begin(), before.tags.end(), update.add_tags.begin(), update.add_tags.end(),
                   std::back_inserter(tags));
    after.tags.clear();
    std::set_difference(tags.begin(), tags.end(), update.remove_tags.begin(), update.remove_tags.end(),
                        std::back_inserter(after.tags));
    after.updated_at = op.now;
    after.last_seen_at = std::max(after.last_seen_at, after.updated_at);
    ++after.version;
    const json detail = {{"attributes", json::parse(update.attributes)},
                         {"add_tags", update.add_tags},
                         {"remove_tags", update.remove_tags}};
    op.save(before, after, Action::update, "", detail.dump());
    return after;
}

std::vector<HistoryEntry> history(const Reading& reading, LeadId id) {
    const Lead lead = readable_lead(reading, id);
    return group_history(reading.store, group_of(reading.store, lead.id));
}

std::vector<LeadEvent> events(const Reading& reading, LeadId id) {
    const Lead lead = readable_lead(reading, id);
    return group_events(reading.store, group_of(reading.store, lead.id));
}

std::vector<AttributeValue> attribute_history(const Reading& reading, LeadId id, const std::string& field) {
    const Lead lead = readable_lead(reading, id);
    return attribute_values(group_data(reading.store, group_of(reading.store, lead.id)), field);
}

}  // namespace leadpool::detail
