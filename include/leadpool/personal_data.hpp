// leadpool — personal data: erasure and subject access (GDPR, China's PIPL).
//
// A lead is a person. "Nothing is ever deleted" keeps the funnel's truth, not the person: erasing
// a lead takes every identity off it and every lead merged into it (one person), and replaces
// every value they gave — attribute values, behaviour-event payloads, follow-up outcomes and
// notes, the personal parts of history details, merge records, identity conflicts, deliveries'
// record ids, the change feed — by kRedacted. The lead keeps its id, tier, pool, owner, tags,
// channels, attribution, times, every history row's skeleton and its opportunities, so the funnel
// and every report stay true. With `suppress`, a salted hash of each erased identity keeps the
// person out: a later capture or record carrying one is refused with Error(suppressed).
//
// Subject access reads everything the pool holds of the person an identity names, as one value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "leadpool/activity.hpp"
#include "leadpool/history.hpp"
#include "leadpool/lead.hpp"
#include "leadpool/merge.hpp"
#include "leadpool/store.hpp"
#include "leadpool/workflow.hpp"

namespace leadpool {

// What every erased value becomes. Attribute keys stay; their values become this. A value that
// must stay unique (a delivery's record id) becomes this followed by "#" and what makes it so.
inline constexpr const char* kRedacted = "[erased]";

struct ErasureRequest {
    std::string reason;     // required: why (a request's reference, say); recorded with the erasure
    bool suppress = false;  // keep a salted hash of each identity and refuse the person from now on
};

struct ErasureReport {
    LeadId lead = 0;            // the lead erased: the one holding the id asked for
    std::vector<LeadId> leads;  // its group: itself, then every lead merged into it, by id
    std::size_t identities = 0;    // identities taken off the group's leads
    std::size_t suppressed = 0;    // identities added to the suppression list (0 without suppress)
    std::size_t history = 0;       // history rows whose detail or reason was redacted
    std::size_t events = 0;        // behaviour events whose payload was redacted
    std::size_t merges = 0;        // merge records whose identities were redacted
    std::size_t conflicts = 0;     // identity conflicts redacted
    std::size_t deliveries = 0;    // deliveries whose record id was replaced
    std::size_t changes = 0;       // change-feed entries redacted
    std::size_t referrals = 0;     // history rows of leads the person referred, their referrer redacted
    ScrubOutcome scrub = ScrubOutcome::complete;
};

// Everything the lead pool holds of one person: the lead an identity names and every lead merged
// into it.
struct PersonalData {
    Lead lead;                     // the lead the identity names
    std::vector<Lead> leads;       // every lead merged into it, by id (they hold no identities)
    std::vector<Identity> identities;
    std::vector<AttributeValue> attributes;  // every value set, with its channel and time, oldest first
    std::vector<LeadEvent> events;           // by time
    std::vector<Activity> follow_ups;        // in the order they were recorded
    std::vector<HistoryEntry> history;       // every row of every lead of the group, by seq
    std::vector<MergeRecord> merges;         // merges a lead of the group took part in, by id
    std::vector<Opportunity> opportunities;  // by opening time
    std::vector<IdentityConflict> conflicts;  // conflicts naming a lead of the group, by id
};

}  // namespace leadpool
