// Identity normalisation: one canonical form per kind, so one person's identity from two
// channels compares equal (rules documented in identity_rules.hpp and the README).
#include "leadpool/identity.hpp"

#include <algorithm>
#include <cctype>

#include "leadpool/error.hpp"
#include "leadpool/identity_rules.hpp"
#include "phone_number.hpp"
#include "text.hpp"

namespace leadpool {
namespace {

std::string trim(const std::string& s) {
    auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
    auto begin = std::find_if_not(s.begin(), s.end(), is_space);
    auto end = std::find_if_not(s.rbegin(), std::string::const_reverse_iterator(begin), is_space).base();
    return std::string(begin, end);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

[[noreturn]] void invalid(IdentityKind kind, const std::string& value, const std::string& why) {
    throw Error(ErrorCode::invalid_argument,
                std::string("identity: ") + to_string(kind) + " '" + value + "' " + why);
}

void check_email(const std::string& value) {
    const auto at = value.find('@');
    if (at == std::string::npos || at == 0 || value.find('@', at + 1) != std::string::npos) {
        invalid(IdentityKind::email, value, "needs exactly one '@' with a name before it");
    }
    const std::string domain = value.substr(at + 1);
    if (domain.find('.') == std::string::npos || domain.front() == '.' || domain.back() == '.') {
        invalid(IdentityKind::email, value, "needs a domain with a dot after the '@'");
    }
    if (std::any_of(value.begin(), value.end(), [](unsigned char c) { return std::isspace(c) != 0; })) {
        invalid(IdentityKind::email, value, "holds spaces");
    }
}

// WeChat ids are base64url-like tokens.
void check_token(IdentityKind kind, const std::string& value) {
    const bool ok = std::all_of(value.begin(), value.end(),
                                [](unsigned char c) { return std::isalnum(c) != 0 || c == '-' || c == '_'; });
    if (!ok) invalid(kind, value, "may hold only letters, digits, '-' and '_'");
}

}  // namespace

bool identity_kind_is_scoped(IdentityKind kind) noexcept {
    return kind == IdentityKind::wechat_openid || kind == IdentityKind::external_id;
}

Identity normalize_identity(const Identity& identity, const IdentityRules& rules, const std::string& region) {
    const char* kind = to_string(identity.kind);
    if (std::string_view(kind) == "unknown") {
        throw Error(ErrorCode::invalid_argument,
                    "identity: unknown kind " + std::to_string(static_cast<int>(identity.kind)));
    }
    Identity out{identity.kind, trim(identity.value), trim(identity.scope)};
    detail::check_text(out.value, "identity value");
    detail::check_text(out.scope, "identity scope");
    if (out.value.empty()) {
        throw Error(ErrorCode::invalid_argument, std::string("identity: ") + kind + " value is empty");
    }
    if (identity_kind_is_scoped(out.kind) && out.scope.empty()) {
        throw Error(
            ErrorCode::invalid_argument,
            std::string("identity: ") + kind + " needs a scope (" +
                (out.kind == IdentityKind::wechat_openid ? "the WeChat app id" : "the issuing source") + ")");
    }
    if (!identity_kind_is_scoped(out.kind) && !out.scope.empty()) {
        throw Error(ErrorCode::invalid_argument, std::string("identity: ") + kind + " takes no scope");
    }
    switch (out.kind) {
        case IdentityKind::phone:
            out.value = detail::canonical_phone(out.value, region.empty() ? rules.default_region : region);
            break;
        case IdentityKind::email:
            out.value = lower(out.value);
            check_email(out.value);
            break;
        case IdentityKind::wechat_unionid:
        case IdentityKind::wechat_openid: check_token(out.kind, out.value); break;
        case IdentityKind::device_id:
            out.value = lower(out.value);
            if (std::any_of(out.value.begin(), out.value.end(),
                            [](unsigned char c) { return std::isspace(c) != 0; })) {
                invalid(out.kind, out.value, "holds spaces");
            }
            break;
        case IdentityKind::external_id: break;
    }
    return out;
}

PhoneNumberType phone_number_type(const Identity& normalized) {
    if (normalized.kind != IdentityKind::phone) return PhoneNumberType::unknown;
    return detail::canonical_phone_type(normalized.value);
}

Identity normalize_identity(const Identity& identity) {
    return normalize_identity(identity, IdentityRules::defaults());
}

}  // namespace leadpool
