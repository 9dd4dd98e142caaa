// leadpool — the lead: one person or company, every channel's data in one record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadpool/clock.hpp"
#include "leadpool/identity.hpp"
#include "leadpool/pool.hpp"
#include "leadpool/tier.hpp"
#include "leadpool/user.hpp"

namespace leadpool {

using LeadId = std::int64_t;

// Campaign attribution: where a record came from. A lead keeps its first touch (the earliest
// record that carried one) and its last touch (the latest, by occurred_at); Engine::touches reads
// every one (referral.hpp).
struct Attribution {
    std::string source;
    std::string medium;
    std::string campaign;

    friend bool operator==(const Attribution& a, const Attribution& b) {
        return a.source == b.source && a.medium == b.medium && a.campaign == b.campaign;
    }
};

// Which of a lead's touches places it in a campaign.
enum class TouchModel : std::uint8_t {
    first = 0,  // Lead::attribution
    last = 1,   // Lead::last_attribution
};

// "first", "last".
const char* to_string(TouchModel model) noexcept;
std::optional<TouchModel> parse_touch_model(std::string_view name) noexcept;

struct Lead {
    LeadId id = 0;  // assigned by the store at capture; never reused
    // Each held by this lead only. None while merged_into is set, and for a lead kept from a
    // record whose every identity was unusable (IdentityRules::keep_unidentified): it never merges.
    std::vector<Identity> identities;
    std::string attributes = "{}";      // JSON object: every field any channel sent (latest wins)
    std::string channel;                // the channel the lead was first captured from
    std::vector<std::string> channels;  // every channel the lead has been seen on, first first
    Attribution attribution;       // first touch
    Attribution last_attribution;  // last touch
    std::vector<std::string> tags;  // sorted, unique

    Tier tier = Tier::master;
    PoolId pool = kMasterPoolId;                // master pool, or the sub pool the lead was handed to
    UserId owner;                               // empty while nobody holds the lead
    TierMask reached = tier_bit(Tier::master);  // every tier the lead has ever been at

    Timestamp created_at = 0;
    Timestamp updated_at = 0;
    Timestamp last_activity_at = 0;
    // The newest data the lead holds: the latest occurred_at of a channel record, or an edit.
    Timestamp last_seen_at = 0;
    std::int64_t version = 1;  // bumped on every change; for optimistic concurrency

    LeadId referred_by = 0;  // the lead who referred this one (referral campaigns); 0: none
    // Set while this lead is absorbed into another by a merge (merge.hpp): it then holds no
    // identities, and reads of its id resolve to that lead. 0 for every lead in its own right.
    LeadId merged_into = 0;
};

// The lead's first or last touch.
inline const Attribution& touch_of(const Lead& lead, TouchModel model) {
    return model == TouchModel::first ? lead.attribution : lead.last_attribution;
}

// What a channel hands in when it captures a lead (a ChannelRecord, ingest.hpp, carries more).
struct LeadInput {
    std::vector<Identity> identities;  // at least one
    std::string attributes = "{}";     // JSON object
    std::string channel;               // required: "web", "wechat_mini_program", "shop", ...
    Attribution attribution;
    std::vector<std::string> tags;
    // The region (ISO 3166, "IT") placing phone numbers written without their country code;
    // empty: the identity rules' default_region.
    std::string region;
};

// A change to a lead's data that does not move it in the pyramid.
struct LeadUpdate {
    std::string attributes = "{}";  // JSON object merged into the lead's (latest wins)
    std::vector<std::string> add_tags;
    std::vector<std::string> remove_tags;
    std::int64_t expected_version = 0;  // 0: do not check; otherwise conflict when it differs
};

}  // namespace leadpool
