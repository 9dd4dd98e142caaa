// leadpool — the period report: how many leads moved into each tier during [from, to), read from
// the history log, whole or by the pool or owner they moved to or the month of the move.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "leadpool/funnel_breakdown.hpp"
#include "leadpool/history.hpp"
#include "leadpool/tier.hpp"

namespace leadpool {

// What a period report groups the moves by.
enum class MoveKey : std::uint8_t {
    pool = 0,   // the pool the lead moved to
    owner = 1,  // the owner the lead moved to; none when it moved to nobody
    month = 2,  // the start (ms) of the UTC month of the move
};
inline constexpr int kMoveKeyCount = 3;

// Stable names: "pool", "owner", "month".
const char* to_string(MoveKey key) noexcept;
std::optional<MoveKey> parse_move_key(std::string_view name) noexcept;

struct TierMovesRequest {
    Timestamp from = 0;         // inclusive
    Timestamp to = 0;           // exclusive, after from
    std::optional<MoveKey> by;  // none: the period's totals only
};

// Moves counted per tier moved into, indexed by Tier.
using TierCounts = std::array<std::int64_t, kTierCount>;

struct TierMoves {
    struct Row {
        BreakdownValue group;  // the value of the request's key
        TierCounts into{};
    };
    Timestamp from = 0;
    Timestamp to = 0;
    std::optional<MoveKey> by;
    std::vector<Row> rows;  // with a key: the groups with a move, in ascending order; else none
    TierCounts into{};      // every move of the period
};

// Whether a history row moves its lead into its to_tier: a capture (into master), or any row
// whose to_tier differs from its from_tier. Rows that keep the tier (updates, transfers, merges)
// move nothing.
bool moves_into_tier(const HistoryEntry& entry) noexcept;

// A move's value of `key`: the reference semantics every store implements.
BreakdownValue move_value(MoveKey key, const HistoryEntry& entry);

}  // namespace leadpool
