// leadpool — the collision report (撞单): the leads two or more salespeople worked within a short
// window of each other during a period, from the history log.
//
// A user works a lead when they record a follow-up on it (the follow-up row's time as recorded)
// or take it (a history row that makes them its owner: a claim, an assignment, a transfer). Two
// such events of different users collide when both lie in [from, to) and at most `window`
// milliseconds apart (|t1 - t2| <= window). The history read is the lead's and that of every lead
// merged into it, so a merge that joined two salespeople's leads shows as their collision.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadpool/clock.hpp"
#include "leadpool/history.hpp"
#include "leadpool/lead.hpp"
#include "leadpool/merge.hpp"

namespace leadpool {

struct CollisionRequest {
    Timestamp window = 0;  // ms, >= 1
    Timestamp from = 0;    // inclusive
    Timestamp to = 0;      // exclusive, after from
};

// Keyset pages by lead id: the rows of the leads past `after`, at most `limit` (1..kMaxPageSize).
struct CollisionPageRequest {
    std::optional<LeadId> after;
    std::size_t limit = 100;
};

// Which events collided: follow-ups only, takes only, or both kinds.
enum class CollisionKind : std::uint8_t { follow_up = 0, ownership = 1, both = 2 };

// Stable names: "follow_up", "ownership", "both".
const char* to_string(CollisionKind kind) noexcept;

struct Collision {
    LeadId lead = 0;
    std::vector<UserId> users;  // every user with a colliding event, sorted
    Timestamp first = 0;        // the earliest colliding event
    Timestamp last = 0;         // the latest colliding event
    CollisionKind kind = CollisionKind::follow_up;
    // The merges of the period into this lead whose absorbed lead had another owner
    // (MergeRecord::collision): their ids, to read with Engine::merges.
    std::vector<MergeId> merges;
};

struct CollisionPage {
    std::vector<Collision> collisions;  // by lead id
    std::optional<LeadId> next_after;   // set when more may follow: the next page's after
};

// The collision of a lead's history (every row of its group, in seq order), if it has one: the
// reference semantics, without the merges.
std::optional<Collision> collision_of(LeadId lead, const std::vector<HistoryEntry>& history,
                                      const CollisionRequest& request);

}  // namespace leadpool
