// leadpool — routing: which sub pool a lead of the master pool goes to (docs/design.md 4.1).
//
// Routing is data: one ordered table of rules, each naming the sub pool it sends leads to, and a
// default pool. A lead goes to the pool of the first rule all of whose conditions it meets, else
// to the default pool, else it stays in the master pool. Every decision names the rule that made
// it in the lead's history, so a routing is always explainable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadpool/lead.hpp"

namespace leadpool {

enum class RuleOperator : std::uint8_t {
    equals = 0,  // the value is values[0]
    in = 1,      // the value is one of values
    prefix = 2,  // the value starts with one of values
    range = 3,   // a number with min <= value < max (either bound may be left out)
    exists = 4,  // the field is there (a non-empty channel or source, any tag, any attribute value)
};

// Stable names: "equals", "in", "prefix", "range", "exists".
const char* to_string(RuleOperator op) noexcept;
std::optional<RuleOperator> parse_rule_operator(std::string_view name) noexcept;

// One test on one field of a lead. Fields:
//   "channel"            the channel the lead was first captured from
//   "source", "medium", "campaign"   its first-touch attribution
//   "tags"               matches when any one tag does
//   "attributes.a.b"     the attribute at that path; strings compare as they are, other values
//                        as their JSON text (5, true); range needs a JSON number
//   "score.fit"          (routing only) the lead's points in that scoring model (scoring.hpp):
//                        a number for range, its decimal text for equals and in; absent when the
//                        lead has no score there
struct RuleCondition {
    std::string field;
    RuleOperator op = RuleOperator::equals;
    std::vector<std::string> values;  // equals: exactly one; in, prefix: at least one
    std::optional<double> min;        // range: inclusive
    std::optional<double> max;        // range: exclusive
};

struct RoutingRule {
    std::string name;                 // unique in the table; history rows name it
    PoolId pool = 0;                  // a sub pool
    std::vector<RuleCondition> when;  // all must hold; empty: every lead
};

struct RoutingTable {
    std::vector<RoutingRule> rules;      // tried in order, the first match wins
    std::optional<PoolId> default_pool;  // for leads no rule matches; none: they stay
};

// Whether `lead` meets `condition`: the one meaning of a condition, for routing and lead lists
// (a "score." condition needs the lead's scores: rule_matches with them).
bool condition_matches(const RuleCondition& condition, const Lead& lead);

struct LeadScore;  // scoring.hpp

// Whether `lead`, with its scores (StoreReader::lead_scores; only "score." fields read them),
// meets every condition of `rule`; without scores, a "score." condition never holds.
bool rule_matches(const RoutingRule& rule, const Lead& lead, const std::vector<LeadScore>& scores);
bool rule_matches(const RoutingRule& rule, const Lead& lead);

// What to route: the leads named, or every lead still in the master pool.
struct RouteRequest {
    std::vector<LeadId> leads;  // each must be at tier master
    bool all_unrouted = false;  // instead of `leads`: every lead at tier master
};

struct RouteDecision {
    LeadId lead = 0;
    std::optional<PoolId> pool;  // where it went; none: no rule matched and there is no default
    std::string rule;            // the rule that matched; empty for the default pool or none
};

}  // namespace leadpool
