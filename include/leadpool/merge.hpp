// leadpool — merges: several leads found to be one person become one, and can be split again.
//
// Survivor rule: the lead furthest along the funnel (order, opportunity, lost, sub, master,
// invalid), then the oldest (created_at, then id). The survivor keeps its tier, pool, owner and
// capture channel. The absorbed lead hands its identities to the survivor and is otherwise kept
// as it was; its id keeps resolving to the survivor. Nothing is copied or lost: a merged lead's
// attributes, tags, channels, events and history are the union of every lead in it, and its
// current attribute values follow the latest record (by occurred_at) across all of them.
//
// Unmerge splits a merge again: the absorbed lead comes back with its own identities,
// attributes, tags, events and history as they were, and everything that arrived after the
// merge stays with the survivor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadpool/clock.hpp"
#include "leadpool/lead.hpp"

namespace leadpool {

using MergeId = std::int64_t;

struct MergeRecord {
    MergeId id = 0;  // assigned by the store
    LeadId survivor = 0;
    LeadId absorbed = 0;
    UserId actor;
    Timestamp at = 0;
    std::string reason;  // "ingest" for merges a record caused, else the caller's reason
    // The absorbed lead had an owner other than the survivor's: someone's lead changed hands.
    bool collision = false;
    UserId absorbed_owner;                 // who held the absorbed lead
    std::vector<Identity> identities;      // what the absorbed lead handed over
    // The absorbed lead's referrer (its referred_by; 0: none). The survivor keeps its own and
    // takes this one only when it had none; an unmerge gives it back with the lead.
    LeadId absorbed_referrer = 0;
    std::optional<Timestamp> unmerged_at;  // set once the merge was undone
    UserId unmerged_by;
};

struct MergeFilter {
    std::optional<LeadId> lead;  // merges this lead took part in (as survivor or absorbed)
    bool collisions_only = false;
    bool include_unmerged = true;
    std::optional<UserId> actor;      // merges this user made
    std::optional<Timestamp> at_from;  // inclusive
    std::optional<Timestamp> at_to;    // exclusive
    std::optional<std::string> reason;  // exactly this reason ("ingest": the merges records caused)
};

// A page of merges or identity conflicts, keyed by id: the records past `after` (none: from the
// first), ascending ids, or descending with newest_first; at most `limit` (1..kMaxPageSize).
struct RecordPageRequest {
    std::optional<std::int64_t> after;
    std::size_t limit = 100;
    bool newest_first = false;
};

struct MergePage {
    std::vector<MergeRecord> merges;
    std::optional<MergeId> next_after;  // set when more merges may follow: the next page's after
};

// A guard stopped a record from doing what its identities asked; a person should look.
enum class ConflictRule : std::uint8_t {
    max_per_lead = 0,    // the lead already holds as many values of that kind as it may
    max_joins = 1,       // the value already bridged as many merges as it may
    max_merge_size = 2,  // the merge would make a lead out of too many leads
    // the identity is held by a lead the capturing actor may not read, whose duplicate
    // disclosure is none (policy.hpp): the record got a lead of its own
    out_of_scope = 3,
};

// "max_per_lead", "max_joins", "max_merge_size", "out_of_scope".
const char* to_string(ConflictRule rule) noexcept;
std::optional<ConflictRule> parse_conflict_rule(std::string_view name) noexcept;

// Where a conflict's review stands. A person resolves it once; the conflict stays, with its state.
enum class ConflictState : std::uint8_t {
    open = 0,       // waiting for review
    resolved = 1,   // its leads were merged by hand (resolve_identity_conflict, merge)
    dismissed = 2,  // its leads are separate people (resolve_identity_conflict, dismiss)
};

// "open", "resolved", "dismissed".
const char* to_string(ConflictState state) noexcept;
std::optional<ConflictState> parse_conflict_state(std::string_view name) noexcept;

// What a review decides about a conflict.
enum class ConflictResolution : std::uint8_t {
    merge = 0,    // merge the conflict's lead with the others it named, as a hand merge does
    dismiss = 1,  // the leads stay separate (a reason is required)
};

// "merge", "dismiss".
const char* to_string(ConflictResolution resolution) noexcept;
std::optional<ConflictResolution> parse_conflict_resolution(std::string_view name) noexcept;

struct IdentityConflict {
    std::int64_t id = 0;  // assigned by the store
    ConflictRule rule = ConflictRule::max_per_lead;
    Timestamp at = 0;
    UserId actor;
    std::string channel;
    std::string record_id;
    LeadId lead = 0;                   // the lead the record went to
    std::vector<LeadId> others;        // leads the record also named but was not merged with
    std::vector<Identity> identities;  // the identities concerned
    std::string message;
    // The review: who resolved it, when, why, and the merges a merge resolution made.
    ConflictState state = ConflictState::open;
    UserId resolved_by;
    std::optional<Timestamp> resolved_at;
    std::string resolution_reason;
    std::vector<MergeId> resolution_merges;
};

struct ConflictFilter {
    std::optional<LeadId> lead;  // conflicts naming this lead, as their lead or one of the others
    std::optional<ConflictRule> rule;
    std::optional<std::string> channel;
    std::optional<Timestamp> at_from;  // inclusive
    std::optional<Timestamp> at_to;    // exclusive
    std::optional<ConflictState> state = ConflictState::open;  // none: every state
};

struct ConflictPage {
    std::vector<IdentityConflict> conflicts;
    std::optional<std::int64_t> next_after;  // set when more conflicts may follow: the next page's after
};

// One value one record (or edit) set on one attribute: provenance for "latest wins".
struct AttributeValue {
    std::string field;    // top-level attribute name
    std::string value;    // JSON
    std::string channel;  // empty for an edit by a user
    UserId actor;
    Timestamp occurred_at = 0;
    LeadId lead = 0;               // the lead the record first went to
    std::int64_t history_seq = 0;  // the history row that carried it
};

// A behaviour event as stored: the event plus where it came from.
struct LeadEvent {
    std::int64_t seq = 0;  // assigned by the store
    LeadId lead = 0;       // the lead the record first went to
    std::string type;
    Timestamp at = 0;
    std::string channel;
    std::string payload = "{}";
};

}  // namespace leadpool
