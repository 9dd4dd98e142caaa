// The capture cohort table: each capture period's leads followed through the next periods, from
// the history log.
#pragma once

#include "leadpool/capture_cohorts.hpp"
#include "leadpool/query.hpp"
#include "operation.hpp"

namespace leadpool::detail {

CaptureCohorts capture_cohorts(const Reading& reading, const FunnelFilter& filter,
                               const CohortRequest& request);  // report

}  // namespace leadpool::detail
