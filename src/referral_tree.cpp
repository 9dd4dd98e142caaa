#include "referral_tree.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "leadpool/limits.hpp"
#include "leads.hpp"
#include "referral_links.hpp"

namespace leadpool::detail {
namespace {

bool converted(const Lead& lead) { return (lead.reached & tier_bit(Tier::order)) != 0; }

class TreeWalk {
public:
    TreeWalk(const Reading& reading, int depth)
        : reading_(reading), disclosure_(reading.access.disclosure()), depth_(depth) {}

    // A lead the actor may not read is shown only as far as their disclosure says.
    bool shown(const Lead& lead) const {
        return disclosure_ != DuplicateDisclosure::none || reading_.access.allows(Action::read, lead);
    }

    ReferralLink link(const Lead& lead) const {
        ReferralLink out;
        if (reading_.access.allows(Action::read, lead)) {
            out.lead = lead.id;
            out.tier = lead.tier;
        } else if (disclosure_ == DuplicateDisclosure::owner) {
            out.owner = lead.owner;
        }
        return out;
    }

    ReferralNode node(const Lead& lead, int depth) {
        seen_.insert(lead.id);
        const ReferralLink shown_as = link(lead);
        ReferralNode out;
        out.lead = shown_as.lead;
        out.tier = shown_as.tier;
        out.owner = shown_as.owner;
        out.converted = out.lead && converted(lead);
        out.depth = depth;
        out.converted_leads = converted(lead) ? 1 : 0;

        std::vector<Lead> brought;
        for (Lead& referred : referrals_of(reading_.store, lead.id)) {
            if (!seen_.count(referred.id) && shown(referred)) brought.push_back(std::move(referred));
        }
        if (depth == depth_) {
            out.more = !brought.empty();
            return out;
        }
        for (const Lead& referred : brought) seen_.insert(referred.id);
        count_ += brought.size();
        if (count_ > kMaxReferralTreeSize) {
            throw Error(ErrorCode::limit_exceeded,
                        "referrals: the tree reaches more than " + std::to_string(kMaxReferralTreeSize) +
                            " leads; ask for fewer levels (depth)");
        }
        for (const Lead& referred : brought) {
            ReferralNode child = node(referred, depth + 1);
            out.size += child.size;
            out.converted_leads += child.converted_leads;
            out.levels = std::max(out.levels, child.levels + 1);
            out.referrals.push_back(std::move(child));
        }
        // Leads the actor reads first, by id; the others after them, in no order that says more.
        std::stable_partition(out.referrals.begin(), out.referrals.end(),
                              [](const ReferralNode& n) { return n.lead.has_value(); });
        return out;
    }

    std::vector<ReferralLink> chain(const Lead& lead) const {
        std::vector<ReferralLink> out;
        std::set<LeadId> seen = {lead.id};
        for (auto up = referrer_of(reading_.store, lead); up && seen.insert(up->id).second;
             up = referrer_of(reading_.store, *up)) {
            if (!shown(*up)) break;
            out.push_back(link(*up));
        }
        return out;
    }

private:
    const Reading& reading_;
    DuplicateDisclosure disclosure_;
    int depth_;
    std::set<LeadId> seen_;
    std::size_t count_ = 1;
};

}  // namespace

ReferralTree referral_tree(const Reading& reading, LeadId lead, int depth) {
    if (depth < 1 || depth > kMaxReferralDepth) {
        throw Error(ErrorCode::invalid_argument, "depth: " + std::to_string(depth) + " is not within 1.." +
                                                     std::to_string(kMaxReferralDepth));
    }
    const Lead root = readable_lead(reading, lead);
    TreeWalk walk(reading, depth);
    ReferralTree tree;
    tree.root = walk.node(root, 0);
    // The actor reads the lead asked about (a collaborator too, whatever the policy says).
    tree.root.lead = root.id;
    tree.root.tier = root.tier;
    tree.root.converted = converted(root);
    tree.root.owner.reset();
    tree.chain = walk.chain(root);
    return tree;
}

}  // namespace leadpool::detail
