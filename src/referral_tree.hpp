// A lead's referral tree (whom it brought, level by level) and the chain of its referrers, as the
// actor may see them (referral.hpp says what they see of leads they may not read).
#pragma once

#include "leadpool/referral.hpp"
#include "operation.hpp"

namespace leadpool::detail {

ReferralTree referral_tree(const Reading& reading, LeadId lead, int depth);  // read

}  // namespace leadpool::detail
