// leadpool — how a sub pool runs: assignment, claim caps, cool-downs and recycling
// (docs/design.md 4.2).
//
// Each sub pool has its own settings, data loaded from JSON and kept in the store. A pool without
// settings assigns round-robin, has no cap, no cool-down and never recycles.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadpool/clock.hpp"
#include "leadpool/lead.hpp"
#include "leadpool/rekey.hpp"
#include "leadpool/scoring.hpp"

namespace leadpool {

// How assign() picks the member who receives the next lead. Every strategy is deterministic:
// the same leads, members and loads give the same result. Ties go to the smaller user id.
enum class AssignStrategy : std::uint8_t {
    round_robin = 0,   // the next eligible member after the one who got the previous lead
    least_loaded = 1,  // the member holding the fewest leads in the pool
    weighted = 2,      // the member whose load is the smallest share of their capacity
};

// Where an idle held lead goes when it is recycled: somewhere someone picks it up. An opportunity
// leaves its tier too (nobody claims an unowned opportunity); its opportunity closes as released.
enum class RecycleTarget : std::uint8_t {
    pool = 0,    // unowned at tier sub of its pool, for a member to claim or be assigned
    master = 1,  // back to the master pool, to be routed or distributed again
};

const char* to_string(AssignStrategy strategy) noexcept;
std::optional<AssignStrategy> parse_assign_strategy(std::string_view name) noexcept;
const char* to_string(RecycleTarget target) noexcept;
std::optional<RecycleTarget> parse_recycle_target(std::string_view name) noexcept;

// A member's load is the number of leads they hold in the pool at tier sub (held but not yet
// qualified). Times are milliseconds.
struct PoolSettings {
    AssignStrategy strategy = AssignStrategy::round_robin;
    std::optional<std::int64_t> max_held;          // per member: no claim or assignment past it
    std::map<UserId, std::int64_t> capacity;       // per member, instead of max_held; weights `weighted`
    Timestamp claim_cooldown_ms = 0;               // a lead taken from someone: not claimed by or assigned to them again for this long
    std::optional<Timestamp> held_idle_ms;         // a held sub-tier lead idle this long is recycled
    std::optional<Timestamp> opportunity_idle_ms;  // ... and an opportunity (its owner is cleared)
    RecycleTarget recycle_to = RecycleTarget::pool;
    Timestamp warning_ms = 0;  // maintain() lists leads due within this window
    // A scoring model (scoring.hpp): assigning every unowned lead hands out the highest-scored
    // first (equal scores by id; leads without a score in the model last). Empty: by id.
    std::string assign_by_score;
};

// What to assign in one sub pool.
struct AssignRequest {
    PoolId pool = 0;
    std::vector<LeadId> leads;  // leads of the pool at tier sub; empty: every unowned one
    bool reassign = false;      // whether leads named in `leads` that are held may change hands
};

struct Assignment {
    LeadId lead = 0;
    UserId owner;
};

struct AssignResult {
    std::vector<Assignment> assigned;  // in the order the leads were taken
    std::vector<LeadId> unassigned;    // left unowned: no active member had capacity left
};

// One lead the maintenance recycled.
struct RecycledLead {
    LeadId lead = 0;
    PoolId pool = 0;  // the pool it was held in
    UserId from_owner;
    Tier tier = Tier::sub;  // the tier it was held at: sub or opportunity
    RecycleTarget to = RecycleTarget::pool;
    Timestamp idle_since = 0;
    // true: idle past its pool's limit. false: nobody could work it, whatever its idle time —
    // its owner is inactive, or it was an opportunity nobody held.
    bool idle = true;
};

// A lead the maintenance recycled into a pool that has no active member or manager: nobody can
// claim it or be assigned it there until a manager moves it or staffs the pool.
struct StrandedLead {
    LeadId lead = 0;
    PoolId pool = 0;
};

// One held lead that the maintenance will recycle soon.
struct DueLead {
    LeadId lead = 0;
    PoolId pool = 0;
    UserId owner;
    Tier tier = Tier::sub;
    Timestamp due_at = 0;  // when it becomes due for recycling
};

struct MaintenanceReport {
    Timestamp at = 0;  // the time the run used ("now", from the engine's clock)
    std::vector<RecycledLead> recycled;
    std::vector<DueLead> due_soon;  // due after `at`, within each pool's warning window
    std::vector<StrandedLead> stranded;  // recycled leads nobody in their pool can pick up
    std::int64_t pruned_changes = 0;     // changes past the feed's retention, pruned (change_feed.hpp)
    std::optional<RekeyReport> rekey;    // a re-key of the identities a crash cut short, finished
    std::optional<RescoreReport> rescore;  // a rescore after the scoring rules changed, cut short, finished
    std::int64_t rescored = 0;             // leads whose scores time changed (scoring.hpp), rescored
};

}  // namespace leadpool
