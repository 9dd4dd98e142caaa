// leadpool — ingestion: channel records in, one lead per person out (docs/design.md 1).
//
// A channel record is what one channel knows about one person at one moment. Ingesting it
// resolves its identities: no known lead creates one in the master pool, one known lead is
// updated, several known leads are merged into one (see merge.hpp). A record id makes
// re-delivery harmless: the same (channel, record id) twice changes nothing the second time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadpool/clock.hpp"
#include "leadpool/error.hpp"
#include "leadpool/lead.hpp"

namespace leadpool {

// Something the person did: viewed a product, opened a message, paid an order...
struct BehaviourEvent {
    std::string type;            // required: "page_view", "order_paid", ...
    Timestamp at = 0;            // 0: the record's occurred_at
    std::string payload = "{}";  // JSON object
};

struct ChannelRecord {
    std::string channel;                   // required: "web", "wechat_mini_program", "shop", ...
    std::string record_id;                 // optional; with the channel, makes re-delivery harmless
    std::optional<Timestamp> occurred_at;  // when the channel saw it; default: now
    std::vector<Identity> identities;      // at least one usable
    std::string attributes = "{}";         // JSON object
    std::vector<BehaviourEvent> events;
    Attribution attribution;
    std::vector<std::string> tags;
    std::optional<Identity> referrer;  // an identity of the lead who referred this person
    // The region (ISO 3166, "IT") placing phone numbers written without their country code;
    // empty: the identity rules' default_region.
    std::string region;
};

enum class IngestOutcome : std::uint8_t {
    created = 0,    // no identity was known: a new lead in the master pool
    updated = 1,    // one known lead took the record
    merged = 2,     // several known leads became one, which took the record
    duplicate = 3,  // the (channel, record id) was ingested before: nothing changed
    rejected = 4,   // nothing changed; see error and reason
};

// "created", "updated", "merged", "duplicate", "rejected".
const char* to_string(IngestOutcome outcome) noexcept;

struct IngestResult {
    IngestOutcome outcome = IngestOutcome::created;
    // The lead that holds the record now: 0 when rejected, and for a duplicate whose lead the
    // actor may not read.
    LeadId lead = 0;
    std::vector<LeadId> absorbed;    // merged: the leads absorbed into `lead`
    std::optional<ErrorCode> error;  // rejected: why
    std::string reason;              // rejected: the message naming the field or rule
    // Identities left out, each with why: invalid, blocked, or over a guard.
    std::vector<std::string> dropped;
    // Identity conflicts this record raised for review (Engine::identity_conflicts).
    std::vector<std::int64_t> conflicts;
};

// What Engine::capture did with one input.
struct CaptureResult {
    Lead lead;
    bool created = false;          // false: an identity named an existing lead, which was updated
    std::vector<LeadId> absorbed;  // leads the capture merged into `lead`
    // Identity conflicts the capture raised (an identity rule kept it from merging or from
    // attaching an identity; see Engine::identity_conflicts), and what was left out, with why.
    std::vector<std::int64_t> conflicts;
    std::vector<std::string> dropped;
};

struct IngestOptions {
    // false: a bad record is rejected alone and the others are written. true: one bad record
    // fails the whole batch with its error, and nothing is written.
    bool all_or_nothing = false;
    // true: an invalid or blocked identity is dropped and reported, and the record goes on
    // with the rest. false: it rejects the record.
    bool drop_unusable_identities = true;
};

}  // namespace leadpool
