// The funnel read both ways: how many of the actor's visible leads are at each tier now and how
// many ever reached it, the step conversions of the main line and orders ÷ leads.
#pragma once

#include "leadpool/query.hpp"
#include "operation.hpp"

namespace leadpool::detail {

FunnelReport funnel(const Reading& reading, const FunnelFilter& filter);  // report

}  // namespace leadpool::detail
