// The settings' values on disk, format 1 (config.hpp names the keys and checks the format).
//
// Format 1 is the JSON the settings were first written in. Its codec is its own
// (config_format.cpp), not the wire codec of leadpool/json.hpp, although today both write the
// same shapes: a change of a C ABI shape does not change what a store holds, and
// tests/config_test.cpp pins the stored text of every value. A change of what is stored gets a
// new format number, with a reader for the old one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "leadpool/change_feed.hpp"
#include "leadpool/identity_rules.hpp"
#include "leadpool/policy.hpp"
#include "leadpool/pool_settings.hpp"
#include "leadpool/routing.hpp"
#include "leadpool/workflow.hpp"

namespace leadpool::detail::config::format {

std::string encode(const Policy& policy);
std::string encode(const IdentityRules& rules);
std::string encode(const RoutingTable& table);
std::string encode(const PoolSettings& settings);
std::string encode(const FeedSettings& settings);
std::string encode(const std::vector<Workflow>& workflows);
std::string encode(const RekeyProgress& progress);

// Each throws Error(storage) when the stored text is damaged.
Policy decode_policy(std::string_view text);
IdentityRules decode_identity_rules(std::string_view text);
RoutingTable decode_routing_table(std::string_view text);
PoolSettings decode_pool_settings(std::string_view text);
FeedSettings decode_feed_settings(std::string_view text);
std::vector<Workflow> decode_workflows(std::string_view text);
RekeyProgress decode_rekey_progress(std::string_view text);

}  // namespace leadpool::detail::config::format
