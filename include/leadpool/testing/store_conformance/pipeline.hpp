// Store conformance, part of <leadpool/testing/store_conformance.hpp>: selected_opportunities()
// agrees with selection_matches and opportunity_matches, and pages in (lead, number) order by its
// cursor.
#pragma once

#include "leadpool/testing/store_conformance/helpers.hpp"
#include "leadpool/testing/store_conformance/scenario.hpp"
#include "leadpool/testing/store_conformance/values.hpp"

namespace leadpool::conformance {

inline Opportunity pipeline_opportunity(LeadId lead, std::int64_t number, int i) {
    Opportunity o;
    o.lead = lead;
    o.number = number;
    o.product_type = i % 2 ? "lathe" : "press";
    o.workflow = i % 2 ? "machine sale" : "service";
    o.step = i % 3 == 0 ? "contact" : "demo";
    o.amount = 1000 * (i % 7);
    o.owner.user = "ann";
    o.status = static_cast<OpportunityStatus>(i % (static_cast<int>(OpportunityStatus::released) + 1));
    o.opened_at = kStart + i;
    return o;
}

// What selected_opportunities must return, by selection_matches and opportunity_matches.
inline std::vector<Opportunity> reference_opportunities(const std::vector<Lead>& leads,
                                                        const std::vector<Opportunity>& all,
                                                        const LeadSelection& lead_selection,
                                                        const OpportunitySelection& selection,
                                                        const std::optional<OpportunityCursor>& after,
                                                        std::size_t limit) {
    std::vector<Opportunity> out;
    for (const Lead& lead : leads) {  // by id
        if (!selection_matches(lead_selection, lead)) continue;
        for (const Opportunity& o : all) {  // by lead, then number
            if (o.lead != lead.id || !opportunity_matches(selection, o)) continue;
            if (after && std::make_pair(o.lead, o.number) <= std::make_pair(after->lead, after->number)) continue;
            if (out.size() < limit) out.push_back(o);
        }
    }
    return out;
}

inline void check_selected_opportunities(Store& store) {
    PoolId east = 0, west = 0;
    std::vector<Lead> leads;
    std::vector<Opportunity> all;
    commit(store, [&](StoreWriter& w) {
        east = w.insert_pool(east_pool(0));
        west = w.insert_pool(Pool{0, "west", std::nullopt, {}, {}});
        int i = 0;
        for (int n = 0; n < 12; ++n) {
            Lead lead = simple_lead(std::to_string(700 + n));
            lead.pool = n % 3 == 0 ? west : east;
            lead.tier = n % 4 == 0 ? Tier::sub : Tier::opportunity;
            lead.reached |= tier_bit(Tier::sub) | tier_bit(lead.tier);
            lead.owner = n % 2 ? "ann" : "bob";
            if (n % 5 == 1) lead.tags = {"hot"};
            lead = as_stored(lead, w.insert_lead(lead));
            if (n == 10) {  // absorbed by a merge: none of its opportunities is listed
                lead.identities.clear();
                lead.merged_into = leads.front().id;
                w.update_lead(lead);
            }
            leads.push_back(lead);
            for (std::int64_t number = 1; number <= n % 4; ++number) {
                all.push_back(pipeline_opportunity(lead.id, number, ++i));
            }
        }
        // Written out of order: the store keeps (lead, number) order whatever the order of writing.
        for (auto it = all.rbegin(); it != all.rend(); ++it) w.put_opportunity(*it);
    });

    LeadSelection owned_by_ann = everything();
    owned_by_ann.owner = "ann";
    LeadSelection in_east = everything();
    in_east.pools = std::vector<PoolId>{east};
    LeadSelection visible_to_bob;  // bob's own leads, or any lead of west at tier sub
    visible_to_bob.visible_if = {VisibilityClause{kAllTiers, std::nullopt, UserId("bob")},
                                 VisibilityClause{tier_bit(Tier::sub), std::vector<PoolId>{west}, std::nullopt}};
    LeadSelection tagged = everything();
    tagged.tag = "hot";
    LeadSelection nothing;
    const std::vector<std::pair<std::string, LeadSelection>> lead_selections = {
        {"every lead", everything()}, {"owner", owned_by_ann}, {"pool", in_east},
        {"visibility clauses", visible_to_bob}, {"tag", tagged}, {"no clause", nothing}};

    OpportunitySelection by_workflow;
    by_workflow.workflow = "service";
    OpportunitySelection by_step = by_workflow;
    by_step.step = "demo";
    OpportunitySelection open;
    open.status = OpportunityStatus::open;
    OpportunitySelection amounts;
    amounts.amount_min = 2000;
    amounts.amount_max = 5000;
    OpportunitySelection none_match;
    none_match.workflow = "no such workflow";
    const std::vector<std::pair<std::string, OpportunitySelection>> selections = {
        {"every opportunity", {}}, {"workflow", by_workflow}, {"workflow and step", by_step},
        {"status", open},          {"amount range", amounts}, {"no match", none_match}};

    auto reader = store.read();
    for (const auto& [lead_name, lead_selection] : lead_selections) {
        for (const auto& [name, selection] : selections) {
            CAPTURE(lead_name);
            CAPTURE(name);
            const auto expected = reference_opportunities(leads, all, lead_selection, selection, std::nullopt, kNoLimit);
            CHECK(render(reader->selected_opportunities(lead_selection, selection, std::nullopt, kNoLimit)) ==
                  render(expected));
            CHECK(reader->selected_opportunities(lead_selection, selection, std::nullopt, 0).empty());
            for (const Opportunity& from : all) {
                const OpportunityCursor after{from.lead, from.number};
                CHECK(render(reader->selected_opportunities(lead_selection, selection, after, 2)) ==
                      render(reference_opportunities(leads, all, lead_selection, selection, after, 2)));
            }
            for (const std::size_t limit : {1, 3}) {
                CAPTURE(limit);
                std::vector<Opportunity> paged;
                std::optional<OpportunityCursor> after;
                for (std::size_t page = 0; page <= expected.size() / limit + 1; ++page) {
                    const auto got = reader->selected_opportunities(lead_selection, selection, after, limit);
                    paged.insert(paged.end(), got.begin(), got.end());
                    if (got.size() < limit) break;
                    after = OpportunityCursor{got.back().lead, got.back().number};
                }
                CHECK(render(paged) == render(expected));
            }
        }
    }
    CHECK(!reference_opportunities(leads, all, everything(), {}, std::nullopt, kNoLimit).empty());
}

}  // namespace leadpool::conformance
