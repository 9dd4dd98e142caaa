// leadpool — the change feed: every committed change, in commit order (docs/design.md 7).
//
// Each change to a lead, an opportunity, an identity conflict or the organisation is one Change,
// written in the same store transaction as the change itself: the feed can never miss a change
// nor hold one that did not commit. Sequence numbers are 1, 2, 3, ... in commit order, without
// gaps or repeats, on every store.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "leadpool/clock.hpp"
#include "leadpool/lead.hpp"
#include "leadpool/pool.hpp"
#include "leadpool/tier.hpp"

namespace leadpool {

// What a change is about.
enum class ChangeSubject : std::uint8_t {
    lead = 0,               // a lead's capture, update, transition, merge, claim, follow-up, ...
    opportunity = 1,        // an opportunity opened, advanced, won or lost
    identity_conflict = 2,  // an identity collision held for review
    organisation = 3,       // stage, policy, identity rules, users, pools, routing, settings
};

const char* to_string(ChangeSubject subject) noexcept;

// Where a lead stood.
struct LeadPlace {
    Tier tier = Tier::master;
    PoolId pool = kMasterPoolId;
    UserId owner;

    friend bool operator==(const LeadPlace& a, const LeadPlace& b) {
        return a.tier == b.tier && a.pool == b.pool && a.owner == b.owner;
    }
};

struct Change {
    std::int64_t seq = 0;  // assigned by the store: 1, 2, 3, ... in commit order
    Timestamp at = 0;
    UserId actor;
    ChangeSubject subject = ChangeSubject::lead;
    // What happened, one of change_kinds(): for a lead its history action ("capture", "update",
    // "distribute", ..., "merge", "unmerge", "route", "assign", "claim", "release",
    // "follow_up", "recycle"); "opportunity_opened", "opportunity_advanced",
    // "opportunity_won", "opportunity_lost", "opportunity_changed"; "identity_conflict"; for the
    // organisation its event kind ("stage_changed", "user_added", "routing_changed", ...).
    std::string kind;
    LeadId lead = 0;     // the lead (every subject but the organisation)
    std::string object;  // the opportunity's number, the conflict's id, the user or pool id
    LeadPlace before;    // the lead's place before and after the change (every lead-bearing subject)
    LeadPlace after;
    std::int64_t version = 0;  // the lead's version after the change
    std::string reason;
    std::string detail = "{}";  // JSON: what changed (the fields a capture or update carried, ...)
};

// Every kind a Change may have, for filters.
const std::vector<std::string>& change_kinds();

// Which changes a reader wants; every filter set must match.
struct ChangeFilter {
    std::vector<std::string> kinds;  // empty: every kind
    std::optional<PoolId> pool;      // changes of leads in this pool or below it, before or after
    std::optional<UserId> owner;     // changes of leads this user owned before or after
    std::optional<LeadId> lead;      // changes of this lead
};

struct ChangeQuery {
    std::int64_t since = 0;               // the changes after this sequence number
    std::optional<std::string> consumer;  // or after this consumer's position (then since is 0)
    std::size_t limit = 100;              // 1 .. kMaxPageSize
    ChangeFilter filter;
};

// One keyset page. It may hold fewer than `limit` changes while more follow (the changes looked
// at were outside the actor's scope or the filter): go on from `next` until it reaches `last`.
struct ChangePage {
    std::vector<Change> changes;
    std::int64_t next = 0;  // the since of the next page: the last sequence number looked at
    std::int64_t last = 0;  // the newest committed sequence number
    // Changes after `since` were pruned by the retention (feed_settings) before they were read.
    bool pruned = false;
};

// A named reader of the feed whose position is kept in the store: after a restart it resumes
// from its last ack.
struct FeedConsumer {
    std::string name;
    UserId owner;               // who added it; they (or a read_feed holder) ack it
    std::int64_t position = 0;  // the last sequence number acknowledged
    Timestamp created_at = 0;
    Timestamp acked_at = 0;
};

struct FeedSettings {
    // How long a change is kept, in milliseconds; 0 keeps it forever (the default). maintain()
    // prunes older ones.
    std::int64_t retention_ms = 0;

    friend bool operator==(const FeedSettings& a, const FeedSettings& b) {
        return a.retention_ms == b.retention_ms;
    }
};

using SubscriptionId = std::int64_t;
// Called after a commit with the new changes the subscriber may see (never empty).
using ChangeCallback = std::function<void(const std::vector<Change>&)>;

}  // namespace leadpool
