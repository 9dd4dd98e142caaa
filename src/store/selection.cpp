// The reference meaning of a LeadSelection, shared by the memory store and the conformance suite.
#include <algorithm>

#include "leadpool/store.hpp"

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

}  // namespace

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
    if (selection.score && !score_in_range(*selection.score, scores)) return false;
    return std::any_of(selection.visible_if.begin(), selection.visible_if.end(),
                       [&](const VisibilityClause& c) { return clause_matches(c, lead); });
}

}  // namespace leadpool
