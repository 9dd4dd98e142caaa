#include "config_format.hpp"

#include "leadpool/error.hpp"
#include "leadpool/json.hpp"

namespace leadpool::detail::config::format {
namespace {

// A stored value that does not read back is the medium's fault, not the caller's.
template <typename Decode>
auto stored(const char* what, std::string_view text, Decode&& decode) {
    try {
        return decode(text);
    } catch (const Error& e) {
        throw Error(ErrorCode::storage, std::string("stored ") + what + " is damaged: " + e.what());
    }
}

}  // namespace

std::string encode(const Policy& policy) { return policy.to_json(); }
std::string encode(const IdentityRules& rules) { return rules.to_json(); }
std::string encode(const RoutingTable& table) { return to_json(table); }
std::string encode(const PoolSettings& settings) { return to_json(settings); }
std::string encode(const std::vector<Workflow>& workflows) { return to_json(workflows); }

Policy decode_policy(std::string_view text) { return stored("policy", text, Policy::from_json); }

IdentityRules decode_identity_rules(std::string_view text) {
    return stored("identity rules", text, IdentityRules::from_json);
}

RoutingTable decode_routing_table(std::string_view text) {
    return stored("routing table", text, routing_table_from_json);
}

PoolSettings decode_pool_settings(std::string_view text) {
    return stored("pool settings", text, pool_settings_from_json);
}

std::vector<Workflow> decode_workflows(std::string_view text) {
    return stored("workflows", text, workflows_from_json);
}

}  // namespace leadpool::detail::config::format
