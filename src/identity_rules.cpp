// The identity rules' defaults and the blocked-value check (the JSON form is in json_codec.cpp).
#include "leadpool/identity_rules.hpp"

#include <algorithm>
#include <cctype>

#include "leadpool/error.hpp"
#include "phone_number.hpp"

namespace leadpool {
namespace {

constexpr std::size_t kMinRepeatedDigits = 5;

bool same_text_ignoring_case(const std::string& a, const std::string& b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(),
                      [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

bool one_digit_repeated(const std::string& digits) {
    return digits.size() >= kMinRepeatedDigits &&
           std::all_of(digits.begin(), digits.end(), [&](char c) { return c == digits.back(); });
}

}  // namespace

IdentityRules IdentityRules::defaults() {
    // What forms fill in when a person would not say: never evidence that two records are one.
    const std::vector<std::string> placeholders = {
        "null", "none", "nil", "undefined", "unknown", "anonymous", "n/a", "na", "test", "0", "-"};
    IdentityRules rules;
    // Priorities: the business's own ids first, then WeChat's one id per person, a mobile
    // number, an address; an app's openid and a device may be one family's, so they rank last.
    rules[IdentityKind::external_id] = {1, 1, 5, placeholders};
    rules[IdentityKind::wechat_unionid] = {2, 1, 5, placeholders};
    rules[IdentityKind::phone] = {3, 5, 3, {}};
    rules[IdentityKind::email] = {4, 5, 3, {"test@test.com", "null@null.com", "noreply@example.com"}};
    rules[IdentityKind::wechat_openid] = {5, 1, 5, placeholders};
    rules[IdentityKind::device_id] = {6, 5, 2, placeholders};
    // The all-zero advertising id a phone reports when tracking is off.
    rules[IdentityKind::device_id].blocked.push_back("00000000-0000-0000-0000-000000000000");
    return rules;
}

bool operator==(const IdentityRules& a, const IdentityRules& b) {
    if (a.default_region != b.default_region || a.max_merge_size != b.max_merge_size ||
        a.switchboard_priority != b.switchboard_priority || a.keep_unidentified != b.keep_unidentified)
        return false;
    for (std::size_t i = 0; i < kIdentityKindCount; ++i) {
        const auto& x = a.kinds[i];
        const auto& y = b.kinds[i];
        if (x.priority != y.priority || x.max_per_lead != y.max_per_lead || x.max_joins != y.max_joins ||
            x.blocked != y.blocked)
            return false;
    }
    return true;
}

int identity_priority(const Identity& normalized, const IdentityRules& rules) {
    const int priority = rules[normalized.kind].priority;
    if (normalized.kind != IdentityKind::phone || rules.switchboard_priority == priority) return priority;
    switch (detail::canonical_phone_type(normalized.value)) {
        case PhoneNumberType::fixed_line:
        case PhoneNumberType::toll_free:
        case PhoneNumberType::shared_cost:
        case PhoneNumberType::uan:
        case PhoneNumberType::premium_rate: return rules.switchboard_priority;
        default: return priority;
    }
}

bool is_blocked(const Identity& normalized, const IdentityRules& rules) {
    // 11111111111, +86 11111111111: typed to get past a required field.
    if (normalized.kind == IdentityKind::phone &&
        one_digit_repeated(detail::national_digits(normalized.value))) {
        return true;
    }
    const auto& blocked = rules[normalized.kind].blocked;
    return std::any_of(blocked.begin(), blocked.end(), [&](const std::string& value) {
        if (same_text_ignoring_case(value, normalized.value)) return true;
        // A listed phone may be written in national form; compare it as stored.
        if (normalized.kind != IdentityKind::phone) return false;
        try {
            return normalize_identity({IdentityKind::phone, value, ""}, rules).value == normalized.value;
        } catch (const Error&) {
            return false;
        }
    });
}

}  // namespace leadpool
