// leadpool — the append-only records: a lead's history and the organisation's own log.
#pragma once

#include <cstdint>
#include <string>

#include "leadpool/clock.hpp"
#include "leadpool/lead.hpp"
#include "leadpool/policy.hpp"
#include "leadpool/stage.hpp"

namespace leadpool {

// One row per change to a lead: its capture, every transition, every data update, merge and
// unmerge.
// Replaying a lead's rows from the first gives its current tier, pool and owner.
struct HistoryEntry {
    std::int64_t seq = 0;  // assigned by the store; increasing in commit order
    LeadId lead = 0;
    Action action = Action::capture;  // capture, update, or one of the transitions
    UserId actor;
    Timestamp at = 0;
    Tier from_tier = Tier::master;
    PoolId from_pool = kMasterPoolId;
    UserId from_owner;
    Tier to_tier = Tier::master;
    PoolId to_pool = kMasterPoolId;
    UserId to_owner;
    std::string reason;
    std::string detail = "{}";  // JSON: what a capture or update carried (channel, fields, tags)
};

enum class OrgEventKind : std::uint8_t {
    initialized = 0,  // the first user was created and the stage set
    stage_changed = 1,
    policy_changed = 2,  // a host loaded its own policy for a stage (or reset the default)
    user_added = 3,
    user_updated = 4,
    pool_created = 5,
    pool_updated = 6,
    pool_moved = 7,
    identity_rules_changed = 8,  // the identity rules (identity_rules.hpp) were replaced
    routing_changed = 9,         // the routing table was replaced
    pool_settings_changed = 10,  // a sub pool's settings were replaced
    workflow_defined = 11,       // an opportunity workflow was defined
    feed_settings_changed = 12,  // the change feed's settings (change_feed.hpp) were replaced
    consumer_added = 13,         // a change-feed consumer was added
    workflow_updated = 14,       // an opportunity workflow's definition was replaced
    workflow_retired = 15,       // an opportunity workflow was retired
    personal_data_erased = 16,   // a person's data was erased (personal_data.hpp)
    personal_data_exported = 17,  // a subject-access export was read (never the identity asked by)
    identities_rekeyed = 18,     // the stored identities were re-keyed under new identity rules
    scoring_changed = 19,        // the scoring rules (scoring.hpp) were replaced
    scores_rescored = 20,        // every lead was rescored under the new scoring rules
};

inline constexpr int kOrgEventKindCount = 21;

const char* to_string(OrgEventKind kind) noexcept;

// One row per change to the organisation: stage, policies, users and pools.
struct OrgEvent {
    std::int64_t seq = 0;  // assigned by the store
    OrgEventKind kind = OrgEventKind::initialized;
    UserId actor;
    Timestamp at = 0;
    std::string detail = "{}";  // JSON: e.g. {"from": "factory_led", "to": "sales_led"}
};

}  // namespace leadpool
