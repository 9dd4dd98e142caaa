// Time in tier, velocity and revenue, from the history log.
#pragma once

#include "leadpool/query.hpp"
#include "leadpool/tier_times.hpp"
#include "operation.hpp"

namespace leadpool::detail {

TierTimes tier_times(const Reading& reading, const FunnelFilter& filter,
                     const TierTimesRequest& request);  // report

}  // namespace leadpool::detail
