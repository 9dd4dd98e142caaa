// Follow-up activities recorded on a lead; each resets the lead's idle clock.
#pragma once

#include <vector>

#include "leadpool/activity.hpp"
#include "operation.hpp"

namespace leadpool::detail {

Activity follow_up(const Operation& op, LeadId id, const FollowUp& follow_up);

// The follow-ups recorded on the lead `id` names and on every lead merged into it, in the order
// they were recorded; each names the lead it was recorded on.
std::vector<Activity> activities(const Reading& reading, LeadId id);
// The same for the lead `root` in its own right.
std::vector<Activity> group_activities(StoreReader& store, LeadId root);

}  // namespace leadpool::detail
