// A lead's campaign touches: every record it (or a lead merged into it) took that carried an
// attribution, read from the history rows that keep each record's data (lead_group.hpp).
#pragma once

#include <vector>

#include "leadpool/referral.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// The touches of the group's records, oldest first (occurred_at, then seq).
std::vector<Touch> group_touches(StoreReader& store, const std::vector<LeadId>& group);

std::vector<Touch> touches(const Reading& reading, LeadId lead);  // read

}  // namespace leadpool::detail
