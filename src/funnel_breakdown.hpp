// The funnel broken down by one or two keys in one call: a report per group and the total.
#pragma once

#include "leadpool/funnel_breakdown.hpp"
#include "operation.hpp"

namespace leadpool::detail {

FunnelBreakdown funnel_breakdown(const Reading& reading, const FunnelFilter& filter,
                                 const FunnelBreakdownRequest& request);  // report

}  // namespace leadpool::detail
