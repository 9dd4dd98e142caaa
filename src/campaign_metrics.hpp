// What a referral campaign brought, over the leads the actor may read: by generation of
// referrals and by referrer, placing each lead in a campaign by its first or last touch.
#pragma once

#include "leadpool/referral.hpp"
#include "operation.hpp"

namespace leadpool::detail {

CampaignMetrics campaign_metrics(const Reading& reading, const CampaignFilter& filter);  // report

}  // namespace leadpool::detail
