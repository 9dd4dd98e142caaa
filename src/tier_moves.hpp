// The period report: the moves into each tier during a period, from the history log.
#pragma once

#include "leadpool/tier_moves.hpp"
#include "operation.hpp"

namespace leadpool::detail {

TierMoves tier_moves(const Reading& reading, const FunnelFilter& filter, const TierMovesRequest& request);  // report

}  // namespace leadpool::detail
