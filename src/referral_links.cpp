#include "referral_links.hpp"

#include <algorithm>
#include <set>

#include "lead_group.hpp"

namespace leadpool::detail {
namespace {

constexpr std::size_t kPage = 500;

}  // namespace

std::optional<Lead> referrer_of(StoreReader& store, const Lead& lead) {
    if (lead.referred_by == 0) return std::nullopt;
    Lead referrer = resolved_lead(store, lead.referred_by);
    if (referrer.id == lead.id) return std::nullopt;
    return referrer;
}

std::vector<Lead> referrals_of(StoreReader& store, LeadId lead) {
    LeadSelection selection;
    selection.referred_by = group_of(store, lead);
    selection.visible_if = {VisibilityClause{}};
    std::vector<Lead> out;
    for (LeadId after = 0;;) {
        std::vector<Lead> page = store.leads(selection, after, kPage);
        for (Lead& referred : page) {
            if (referred.id != lead) out.push_back(std::move(referred));
        }
        if (page.size() < kPage) break;
        after = page.back().id;
    }
    return out;
}

bool brought_by(StoreReader& store, const Lead& candidate, const std::vector<LeadId>& leads) {
    // Up the candidate's chain of referrers: each lead has one, so this is the short way.
    std::set<LeadId> seen;
    std::optional<Lead> current = candidate;
    while (current && seen.insert(current->id).second) {
        if (std::find(leads.begin(), leads.end(), current->id) != leads.end()) return true;
        current = referrer_of(store, *current);
    }
    return false;
}

}  // namespace leadpool::detail
