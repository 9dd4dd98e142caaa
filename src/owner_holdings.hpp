// The hoarding report: per owner, leads held now, idle, and claimed and let go in a period.
#pragma once

#include "leadpool/owner_holdings.hpp"
#include "operation.hpp"

namespace leadpool::detail {

OwnerHoldings owner_holdings(const Reading& reading, const HoldingsRequest& request);  // report

}  // namespace leadpool::detail
