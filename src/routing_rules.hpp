// Routing master leads into sub pools by the routing table (include/leadpool/routing.hpp).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "leadpool/routing.hpp"
#include "leadpool/scoring.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// Whether the lead, with its scores, meets the condition (routing.hpp): the matcher routing and
// scoring share (scoring's conditions never name a score).
bool condition_holds(const RuleCondition& condition, const Lead& lead, const std::vector<LeadScore>& scores = {});

// A condition on a behaviour event's payload: its field is "payload.<path>".
inline constexpr std::string_view kPayloadPrefix = "payload.";
bool payload_condition_holds(const RuleCondition& condition, const nlohmann::json& payload);

// What a condition's field names: the lead's data; its data or its scores ("score.<model>"); or
// an event's payload.
enum class ConditionOn { lead, scored_lead, payload };

// Error(invalid_argument) "<where>: <what is wrong>" for a condition that cannot hold as written.
void check_condition(const RuleCondition& condition, const std::string& where, ConditionOn on);

// The routing table in force; an empty one when none was set.
RoutingTable routing_table(StoreReader& store);

// Checks `table` against the pools that exist and keeps it (manage_pools at the master pool).
// Error(invalid_argument) names the rule or condition at fault, Error(not_found) a missing pool.
RoutingTable set_routing_table(const Operation& op, const RoutingTable& table);

// Routes the leads the request names (all or nothing), each a history row naming the rule.
std::vector<RouteDecision> route(const Operation& op, const RouteRequest& request);

}  // namespace leadpool::detail
