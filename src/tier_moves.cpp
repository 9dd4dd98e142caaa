#include "tier_moves.hpp"

#include <map>
#include <utility>

#include "funnel.hpp"
#include "leadpool/error.hpp"

namespace leadpool {

bool moves_into_tier(const HistoryEntry& entry) noexcept {
    return entry.action == Action::capture || entry.to_tier != entry.from_tier;
}

BreakdownValue move_value(MoveKey key, const HistoryEntry& entry) {
    switch (key) {
        case MoveKey::pool: return BreakdownValue{std::int64_t{entry.to_pool}};
        case MoveKey::owner: return entry.to_owner.empty() ? BreakdownValue{} : BreakdownValue{entry.to_owner};
        case MoveKey::month: return BreakdownValue{month_start(entry.at)};
    }
    return {};
}

namespace detail {

TierMoves tier_moves(const Reading& reading, const FunnelFilter& filter, const TierMovesRequest& request) {
    reading.access.require(Action::report);
    if (request.to <= request.from) {
        throw Error(ErrorCode::invalid_argument, "moves to: must be after from");
    }
    if (request.by && static_cast<int>(*request.by) >= kMoveKeyCount) {
        throw Error(ErrorCode::invalid_argument, "moves by: unknown key");
    }
    TierMoves moves;
    moves.from = request.from;
    moves.to = request.to;
    moves.by = request.by;
    std::map<BreakdownValue, TierCounts> groups;
    for (TierMoveCell& cell :
         reading.store.tier_moves(funnel_selection(reading, filter), request.from, request.to, request.by)) {
        const auto tier = static_cast<std::size_t>(cell.tier);
        moves.into[tier] += cell.count;
        if (request.by) groups[std::move(cell.group)][tier] += cell.count;
    }
    for (auto& [group, into] : groups) moves.rows.push_back({group, into});
    return moves;
}

}  // namespace detail
}  // namespace leadpool
