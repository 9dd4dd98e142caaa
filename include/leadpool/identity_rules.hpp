// leadpool — identity rules: how identities are normalised and how merging is kept in check.
//
// The rules are data, stored with the lead pool and changed with Engine::set_identity_rules
// (manage_org); IdentityRules::defaults() applies until then. JSON form (from_json / to_json):
//   {"default_region": "CN",
//    "max_merge_size": 10,
//    "switchboard_priority": 6,
//    "keep_unidentified": true,
//    "kinds": {"phone": {"priority": 3, "max_per_lead": 5, "max_joins": 3, "blocked": ["13800138000"]},
//              ...}}
// Every field is optional in from_json; what is left out keeps its default.
//
// Priority (docs/design.md 1.1): the strong kinds decide. When a record's identity of a weaker
// kind (a larger priority number: a device id, an openid, a switchboard number) names a lead its
// stronger identities do not — they name another lead, or the lead already holds another value
// of their kind — it links the record to that lead only until the value has joined max_joins
// times; after that the value is shared: it stays with its lead, the record goes where its
// strong identities say, and the value is reported as shared.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "leadpool/identity.hpp"

namespace leadpool {

inline constexpr std::size_t kIdentityKindCount = 6;

// The guards of one identity kind.
struct IdentityKindRules {
    // How strongly a value of this kind tells who a person is: 1 is the strongest. Where a
    // record's identities disagree, the stronger decide (the header comment says how).
    int priority = 1;
    // How many values of this kind one lead may hold (for scoped kinds: per scope, so
    // wechat_openid 1 means one openid per WeChat app). Values beyond it are not attached.
    int max_per_lead = 5;
    // How many merges one value may bridge over its life, and how many records carrying a
    // stronger identity its lead did not know it may link to that lead: a value that joined this
    // many times (a shared device, a switchboard number) merges and links nothing more.
    int max_joins = 3;
    // Values (normalised) never used as identities: placeholders and test numbers.
    std::vector<std::string> blocked;
};

struct IdentityRules {
    // The region (ISO 3166-1 alpha-2, as libphonenumber knows it) whose numbering plan places a
    // phone number written without its country code: "CN" by default. A record may name its own
    // (ChannelRecord::region, LeadInput::region). Empty: such a number keeps its bare digits.
    std::string default_region = "CN";
    // The most leads one merged lead may be made of, itself included.
    int max_merge_size = 10;
    // The priority of a phone number that is no one person's line — a fixed line, toll-free,
    // shared-cost, universal-access or premium-rate number, by its country's plan: a company's
    // switchboard, which many people give. Set it to the phone kind's priority to rank such
    // numbers as any phone.
    int switchboard_priority = 6;
    // A record whose every identity is unusable (invalid, or a blocked placeholder) is kept as a
    // lead without identities, which never merges, its dropped values reported: better too much
    // than missing. false: such a record is rejected.
    bool keep_unidentified = true;
    std::array<IdentityKindRules, kIdentityKindCount> kinds;  // indexed by IdentityKind

    const IdentityKindRules& operator[](IdentityKind kind) const {
        return kinds[static_cast<std::size_t>(kind)];
    }
    IdentityKindRules& operator[](IdentityKind kind) { return kinds[static_cast<std::size_t>(kind)]; }

    // The documented defaults (README "Identity rules").
    static IdentityRules defaults();
    // Throws Error(invalid_argument) naming the offending field.
    static IdentityRules from_json(std::string_view json);
    std::string to_json() const;

    friend bool operator==(const IdentityRules& a, const IdentityRules& b);
};

// Checks an identity and returns it normalised under `rules`:
//   phone           parsed by libphonenumber: "+" or "00" starts the country code; a number
//                   without one is placed by `region` (empty: the rules' default_region),
//                   its trunk prefix handled as that country does (Italy keeps its 0); a
//                   number that is no valid one of the region but is valid with a "+" in
//                   front ("8613800138000" from an export) is taken with it. Canonical form:
//                   E.164 "+8613800138000", with ";ext=12" for an extension. Refused, with
//                   the reason, unless it is a possible number of its country (a local
//                   number without its area code is not). With no region at all, a number
//                   without a country code keeps its 3..15 bare digits
//   email           trimmed, lower-cased; one "@" with text on both sides, a dot in the domain
//   wechat_unionid  trimmed; letters, digits, "-" and "_" only
//   wechat_openid   as unionid; scoped by the WeChat app id
//   device_id       trimmed, lower-cased; no spaces
//   external_id     trimmed; scoped by the source system that issued it
// Throws Error(invalid_argument) naming the problem. Does not look at the blocked lists.
Identity normalize_identity(const Identity& identity, const IdentityRules& rules, const std::string& region = {});

// How strongly a normalised identity tells who a person is under `rules` (1 is the strongest):
// its kind's priority, or switchboard_priority for a phone number that is no one person's line.
int identity_priority(const Identity& normalized, const IdentityRules& rules);

// Whether a normalised identity is one `rules` block: listed for its kind (compared without
// regard to case; phones as normalised), or a phone whose national digits (at least five) are
// all the same, like 11111111111.
bool is_blocked(const Identity& normalized, const IdentityRules& rules);

}  // namespace leadpool
