#include "leadpool/identity.hpp"

#include <algorithm>
#include <cctype>

#include "leadpool/error.hpp"
#include "text.hpp"

namespace leadpool {
namespace {

std::string trim(const std::string& s) {
    auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
    auto begin = std::find_if_not(s.begin(), s.end(), is_space);
    auto end = std::find_if_not(s.rbegin(), std::string::const_reverse_iterator(begin), is_space).base();
    return std::string(begin, end);
}

}  // namespace

bool identity_kind_is_scoped(IdentityKind kind) noexcept {
    return kind == IdentityKind::wechat_openid || kind == IdentityKind::external_id;
}

Identity normalize_identity(const Identity& identity) {
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
    if (out.kind == IdentityKind::email) {
        std::transform(out.value.begin(), out.value.end(), out.value.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    }
    return out;
}

}  // namespace leadpool
