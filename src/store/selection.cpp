// The reference meaning of a LeadSelection, shared by the memory store and the conformance suite.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "leadpool/store.hpp"
#include "store/text_search.hpp"

namespace leadpool {
namespace {

bool contains(const std::vector<std::int64_t>& ids, std::int64_t id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

bool clause_matches(const VisibilityClause& clause, const Lead& lead) {
    if ((clause.tiers & tier_bit(lead.tier)) == 0) return false;
    if (clause.pools && !contains(*clause.pools, lead.pool)) return false;
    if (clause.owner && *clause.owner != lead.owner) return false;
    return true;
}

// The JSON string at an attribute path; none when the path leads to anything else.
std::optional<std::string> string_at(const nlohmann::json& attributes, const std::string& path) {
    const nlohmann::json* at = &attributes;
    for (const std::string& key : text_search::path_keys(path)) {
        if (!at->is_object()) return std::nullopt;
        auto it = at->find(key);
        if (it == at->end()) return std::nullopt;
        at = &*it;
    }
    if (!at->is_string()) return std::nullopt;
    return at->get<std::string>();
}

bool text_matches(const TextSearch& search, const Lead& lead) {
    const nlohmann::json attributes = nlohmann::json::parse(lead.attributes);
    return std::any_of(search.fields.begin(), search.fields.end(), [&](const std::string& field) {
        const auto value = string_at(attributes, field);
        return value && text_search::ascii_lower(*value).find(search.query) != std::string::npos;
    });
}

bool identity_matches(const IdentityMatch& match, const Lead& lead) {
    return std::any_of(lead.identities.begin(), lead.identities.end(), [&](const Identity& identity) {
        if (identity.kind != match.kind) return false;
        if (!match.domain.empty()) {
            const std::string suffix = "@" + match.domain;
            return identity.value.size() > suffix.size() &&
                   identity.value.compare(identity.value.size() - suffix.size(), suffix.size(), suffix) == 0;
        }
        return identity.value.compare(0, match.prefix.size(), match.prefix) == 0;
    });
}

}  // namespace

std::optional<std::int64_t> sort_value(const LeadSort& sort, const Lead& lead,
                                       const std::vector<LeadScore>& scores) noexcept {
    switch (sort.key) {
        case LeadSortKey::id: return lead.id;
        case LeadSortKey::created: return lead.created_at;
        case LeadSortKey::updated: return lead.updated_at;
        case LeadSortKey::last_activity: return lead.last_activity_at;
        case LeadSortKey::score:
            for (const LeadScore& score : scores) {
                if (score.model == sort.score_model) return score.points;
            }
            return std::nullopt;
    }
    return lead.id;
}

bool comes_after(const LeadSort& sort, const LeadCursor& cursor, const LeadCursor& at) noexcept {
    // In id order the id alone places a lead; the key then only repeats it.
    if (sort.key == LeadSortKey::id) return sort.descending ? at.id < cursor.id : at.id > cursor.id;
    const std::pair<std::int64_t, LeadId> here{at.key, at.id};
    const std::pair<std::int64_t, LeadId> last{cursor.key, cursor.id};
    return sort.descending ? here < last : here > last;
}

bool opportunity_matches(const OpportunitySelection& selection, const Opportunity& opportunity) noexcept {
    if (selection.workflow && *selection.workflow != opportunity.workflow) return false;
    if (selection.step && *selection.step != opportunity.step) return false;
    if (selection.status && *selection.status != opportunity.status) return false;
    if (selection.amount_min && opportunity.amount < *selection.amount_min) return false;
    if (selection.amount_max && opportunity.amount > *selection.amount_max) return false;
    return true;
}

bool selection_matches(const LeadSelection& selection, const Lead& lead, const std::vector<LeadScore>& scores) {
    if (lead.merged_into != 0) return false;
    if ((selection.tiers & tier_bit(lead.tier)) == 0) return false;
    if (selection.pools && !contains(*selection.pools, lead.pool)) return false;
    if (selection.owner && *selection.owner != lead.owner) return false;
    if (selection.channel && *selection.channel != lead.channel) return false;
    if (selection.tag && !std::binary_search(lead.tags.begin(), lead.tags.end(), *selection.tag)) {
        return false;
    }
    if (selection.created_from && lead.created_at < *selection.created_from) return false;
    if (selection.created_to && lead.created_at >= *selection.created_to) return false;
    if (selection.referred_by && (lead.referred_by == 0 || !contains(*selection.referred_by, lead.referred_by))) {
        return false;
    }
    if (selection.active_from && lead.last_activity_at < *selection.active_from) return false;
    if (selection.active_to && lead.last_activity_at >= *selection.active_to) return false;
    if (selection.campaign && *selection.campaign != touch_of(lead, selection.campaign_touch).campaign) return false;
    if (!std::all_of(selection.attributes.begin(), selection.attributes.end(),
                     [&](const RuleCondition& c) { return condition_matches(c, lead); })) {
        return false;
    }
    if (selection.text && !text_matches(*selection.text, lead)) return false;
    if (selection.identity && !identity_matches(*selection.identity, lead)) return false;
    if (selection.score && !score_in_range(*selection.score, scores)) return false;
    return std::any_of(selection.visible_if.begin(), selection.visible_if.end(),
                       [&](const VisibilityClause& c) { return clause_matches(c, lead); });
}

}  // namespace leadpool
