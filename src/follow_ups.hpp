// Follow-up activities recorded on a lead; each resets the lead's idle clock.
#pragma once

#include <vector>

#include "leadpool/activity.hpp"
#include "operation.hpp"

namespace leadpool::detail {

Activity follow_up(const Operation& op, LeadId id, const FollowUp& follow_up);

// The follow-ups recorded on a lead, oldest first, from its history.
std::vector<Activity> activities(StoreReader& store, LeadId id);

}  // namespace leadpool::detail
