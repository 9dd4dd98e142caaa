// The funnel read both ways: how many of the actor's visible leads are at each tier now and how
// many ever reached it, the step conversions of the main line and orders ÷ leads.
#pragma once

#include <vector>

#include "leadpool/query.hpp"
#include "leadpool/store.hpp"
#include "operation.hpp"

namespace leadpool::detail {

FunnelReport funnel(const Reading& reading, const FunnelFilter& filter);  // report

// The leads a funnel over `filter` counts: those the actor may read that match it.
LeadSelection funnel_selection(const Reading& reading, const FunnelFilter& filter);

// Adds `count` leads at `tier` having reached `reached` to a report; finish() then derives its
// conversions.
void count_into(FunnelReport& report, Tier tier, TierMask reached, std::int64_t count);
FunnelReport finished(FunnelReport report);

}  // namespace leadpool::detail
