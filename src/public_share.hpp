// The public share over time: a pool's leads and its unowned ones at the end of each interval.
#pragma once

#include "leadpool/public_share.hpp"
#include "operation.hpp"

namespace leadpool::detail {

PublicShare public_share(const Reading& reading, const PublicShareRequest& request);  // report

}  // namespace leadpool::detail
