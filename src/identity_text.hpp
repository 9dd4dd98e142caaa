// How an error or conflict message names an identity: "phone '+8613800138000'", with its scope
// when it has one.
#pragma once

#include <string>

#include "leadpool/lead.hpp"

namespace leadpool::detail {

inline std::string describe(const Identity& identity) {
    std::string out = std::string(to_string(identity.kind)) + " '" + identity.value + "'";
    return identity.scope.empty() ? out : out + " (" + identity.scope + ")";
}

}  // namespace leadpool::detail
