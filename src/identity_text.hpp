// How an error or conflict message names an identity: "phone '+8613800138000'", with its scope
// when it has one; and how a history row's detail holds one: {"kind", "scope"?, "value"}.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "json_text.hpp"
#include "leadpool/lead.hpp"

namespace leadpool::detail {

inline std::string describe(const Identity& identity) {
    std::string out = std::string(to_string(identity.kind)) + " '" + identity.value + "'";
    return identity.scope.empty() ? out : out + " (" + identity.scope + ")";
}

// The detail's identity as JSON text, keys in nlohmann::json's (sorted) order.
inline void append_identity(std::string& out, const Identity& identity) {
    out += "{\"kind\":";
    json_text::append_string(out, to_string(identity.kind));
    if (!identity.scope.empty()) {
        out += ",\"scope\":";
        json_text::append_string(out, identity.scope);
    }
    out += ",\"value\":";
    json_text::append_string(out, identity.value);
    out += '}';
}

inline nlohmann::json identity_json(const Identity& identity) {
    std::string text;
    append_identity(text, identity);
    return nlohmann::json::parse(text);
}

}  // namespace leadpool::detail
