// leadpool — identities: how a person is recognised across channels.
//
// A lead holds one or more identities. An identity belongs to at most one lead: capturing a
// record whose identity is already known updates that lead instead of creating a second one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leadpool {

enum class IdentityKind : std::uint8_t {
    phone = 0,
    email = 1,
    wechat_unionid = 2,
    wechat_openid = 3,  // scoped by the WeChat app id
    device_id = 4,
    external_id = 5,  // scoped by the source system that issued it
};

struct Identity {
    IdentityKind kind = IdentityKind::phone;
    std::string value;
    // The app id of a wechat_openid or the source of an external_id; empty for other kinds.
    std::string scope;

    friend bool operator==(const Identity& a, const Identity& b) {
        return a.kind == b.kind && a.value == b.value && a.scope == b.scope;
    }
    friend bool operator!=(const Identity& a, const Identity& b) { return !(a == b); }
};

// Stable names: "phone", "email", "wechat_unionid", "wechat_openid", "device_id", "external_id".
const char* to_string(IdentityKind kind) noexcept;
std::optional<IdentityKind> parse_identity_kind(std::string_view name) noexcept;

// Whether the kind needs a scope (wechat_openid, external_id) — and so refuses one otherwise.
bool identity_kind_is_scoped(IdentityKind kind) noexcept;

// What kind of line a phone number is, by its country's numbering plan (libphonenumber).
enum class PhoneNumberType : std::uint8_t {
    unknown = 0,  // no plan says, or a number kept as bare digits
    fixed_line = 1,
    mobile = 2,
    fixed_line_or_mobile = 3,  // where the plan does not tell them apart (the US, for one)
    toll_free = 4,
    premium_rate = 5,
    shared_cost = 6,
    voip = 7,
    personal_number = 8,
    pager = 9,
    uan = 10,  // a company's universal access number
    voicemail = 11,
};

// Stable names: "unknown", "fixed_line", "mobile", "fixed_line_or_mobile", "toll_free",
// "premium_rate", "shared_cost", "voip", "personal_number", "pager", "uan", "voicemail".
const char* to_string(PhoneNumberType type) noexcept;

// The line type of a normalised phone identity; unknown for any other kind. Read from the
// number itself each time, so it needs no storage and follows the numbering plans leadpool is
// built with.
PhoneNumberType phone_number_type(const Identity& normalized);

// Checks an identity and returns it in canonical form under the default identity rules
// (identity_rules.hpp says what each kind's canonical form is). Throws Error(invalid_argument)
// naming the problem: empty or malformed value, missing or unexpected scope.
Identity normalize_identity(const Identity& identity);

}  // namespace leadpool
