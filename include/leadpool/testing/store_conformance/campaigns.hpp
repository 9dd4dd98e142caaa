// Store conformance, part of <leadpool/testing/store_conformance.hpp>: a lead's last touch
// round-trips, and leads() and funnel() select by the campaign of the first or last touch.
#pragma once

#include "leadpool/testing/store_conformance/helpers.hpp"

namespace leadpool::conformance {

// leads() and funnel() with campaign agree with selection_matches for either touch: never an
// absorbed lead, never a lead whose other touch has the campaign.
inline void check_campaign(Store& store) {
    const std::vector<std::pair<std::string, std::string>> touches = {
        {"spring", "spring"}, {"spring", "summer"}, {"summer", "spring"}, {"", ""}, {"", "spring"}, {"spring", ""}};
    std::vector<Lead> all;
    commit(store, [&](StoreWriter& w) {
        for (std::size_t i = 0; i < touches.size(); ++i) {
            Lead lead = simple_lead("c" + std::to_string(i));
            lead.attribution.campaign = touches[i].first;
            lead.last_attribution = {"wechat", "share", touches[i].second};
            lead.id = w.insert_lead(lead);
            all.push_back(as_stored(lead, lead.id));
        }
    });
    absorb_into(store, all[0], all[3].id);
    auto r = store.read();
    CHECK(r->lead(all[1].id)->last_attribution == (Attribution{"wechat", "share", "summer"}));
    for (const TouchModel touch : {TouchModel::first, TouchModel::last}) {
        for (const std::string campaign : {"spring", "summer", "autumn", ""}) {
            CAPTURE(to_string(touch));
            CAPTURE(campaign);
            LeadSelection selection = everything();
            selection.campaign = campaign;
            selection.campaign_touch = touch;
            check_selection(*r, all, selection);
        }
    }
    LeadSelection in_master = everything();
    in_master.campaign = "spring";
    in_master.campaign_touch = TouchModel::last;
    in_master.pools = std::vector<PoolId>{kMasterPoolId};
    check_selection(*r, all, in_master);
}

}  // namespace leadpool::conformance
