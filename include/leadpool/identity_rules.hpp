// leadpool — identity rules: how identities are normalised and how merging is kept in check.
//
// The rules are data, stored with the lead pool and changed with Engine::set_identity_rules
// (manage_org); IdentityRules::defaults() applies until then. JSON form (from_json / to_json):
//   {"default_region": "CN",
//    "max_merge_size": 10,
//    "kinds": {"phone": {"max_per_lead": 5, "max_joins": 3, "blocked": ["13800138000"]}, ...}}
// Every field is optional in from_json; what is left out keeps its default.
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
    // How many values of this kind one lead may hold (for scoped kinds: per scope, so
    // wechat_openid 1 means one openid per WeChat app). Values beyond it are not attached.
    int max_per_lead = 5;
    // How many merges one value may bridge over its life: a value that already joined this
    // many leads together (a shared device, a switchboard number) merges nothing more.
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

// Whether a normalised identity is one `rules` block: listed for its kind (compared without
// regard to case; phones as normalised), or a phone whose national digits (at least five) are
// all the same, like 11111111111.
bool is_blocked(const Identity& normalized, const IdentityRules& rules);

}  // namespace leadpool
