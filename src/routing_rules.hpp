// Routing master leads into sub pools by the routing table (include/leadpool/routing.hpp).
#pragma once

#include <string>
#include <vector>

#include "leadpool/routing.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// Checks one condition; Error(invalid_argument) starts with `where`.
void check_condition(const RuleCondition& condition, const std::string& where);

// The routing table in force; an empty one when none was set.
RoutingTable routing_table(StoreReader& store);

// Checks `table` against the pools that exist and keeps it (manage_pools at the master pool).
// Error(invalid_argument) names the rule or condition at fault, Error(not_found) a missing pool.
RoutingTable set_routing_table(const Operation& op, const RoutingTable& table);

// Routes the leads the request names (all or nothing), each a history row naming the rule.
std::vector<RouteDecision> route(const Operation& op, const RouteRequest& request);

}  // namespace leadpool::detail
