// How an error or conflict message names an identity: "phone '+8613800138000'", with its scope
// when it has one; and how a history row's detail holds one: {"kind", "value", "scope"?}.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "leadpool/lead.hpp"

namespace leadpool::detail {

inline std::string describe(const Identity& identity) {
    std::string out = std::string(to_string(identity.kind)) + " '" + identity.value + "'";
    return identity.scope.empty() ? out : out + " (" + identity.scope + ")";
}

inline nlohmann::json identity_json(const Identity& identity) {
    nlohmann::json out = {{"kind", to_string(identity.kind)}, {"value", identity.value}};
    if (!identity.scope.empty()) out["scope"] = identity.scope;
    return out;
}

}  // namespace leadpool::detail
