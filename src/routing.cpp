// Routing: the rules evaluated on a lead, the table kept as data, and the "route now" operation.
#include <algorithm>
#include <cstddef>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "lead_data.hpp"
#include "leadpool/json.hpp"
#include "organisation.hpp"
#include "config.hpp"
#include "leadpool/limits.hpp"
#include "routing_rules.hpp"
#include "text.hpp"
#include "transition.hpp"

namespace leadpool {
namespace {

using nlohmann::json;

// The value of a condition's field on a lead: none when it is absent, else the texts to test
// (several for tags) and, for an attribute that is a JSON number, its value.
struct FieldValue {
    std::vector<std::string> texts;
    std::optional<double> number;
};

// The value at `path` ("a.b") in a JSON document: none when it is absent or null.
std::optional<FieldValue> document_value(std::string_view path, const json& document) {
    const json* at = &document;
    while (true) {
        const auto dot = path.find('.');
        const std::string key(path.substr(0, dot));
        if (!at->is_object()) return std::nullopt;
        auto it = at->find(key);
        if (it == at->end() || it->is_null()) return std::nullopt;
        at = &*it;
        if (dot == std::string_view::npos) break;
        path = path.substr(dot + 1);
    }
    if (at->is_string()) return FieldValue{{at->get<std::string>()}, std::nullopt};
    FieldValue value{{at->dump()}, std::nullopt};
    if (at->is_number()) value.number = at->get<double>();
    return value;
}

constexpr std::string_view kScorePrefix = "score.";

// A lead's points in the model a "score.<model>" field names: none without a score there.
std::optional<FieldValue> score_value(const std::string& field, const std::vector<LeadScore>& scores) {
    const std::string_view model = std::string_view(field).substr(kScorePrefix.size());
    for (const LeadScore& score : scores) {
        if (score.model == model) return FieldValue{{std::to_string(score.points)}, static_cast<double>(score.points)};
    }
    return std::nullopt;
}

std::optional<FieldValue> field_value(const std::string& field, const Lead& lead,
                                      const std::vector<LeadScore>& scores) {
    if (field.compare(0, kScorePrefix.size(), kScorePrefix) == 0) return score_value(field, scores);
    auto text = [](const std::string& value) -> std::optional<FieldValue> {
        if (value.empty()) return std::nullopt;
        return FieldValue{{value}, std::nullopt};
    };
    if (field == "channel") return text(lead.channel);
    if (field == "source") return text(lead.attribution.source);
    if (field == "medium") return text(lead.attribution.medium);
    if (field == "campaign") return text(lead.attribution.campaign);
    if (field == "tags") {
        if (lead.tags.empty()) return std::nullopt;
        return FieldValue{lead.tags, std::nullopt};
    }
    return document_value(std::string_view(field).substr(std::string_view("attributes.").size()),
                          json::parse(lead.attributes));
}

bool value_holds(const RuleCondition& condition, const std::optional<FieldValue>& value) {
    if (!value) return false;
    const auto& values = condition.values;
    return std::any_of(value->texts.begin(), value->texts.end(), [&](const std::string& text) {
        switch (condition.op) {
            case RuleOperator::equals:
            case RuleOperator::in: return std::find(values.begin(), values.end(), text) != values.end();
            case RuleOperator::prefix:
                return std::any_of(values.begin(), values.end(),
                                   [&](const std::string& p) { return text.compare(0, p.size(), p) == 0; });
            case RuleOperator::range:
                return value->number && (!condition.min || *value->number >= *condition.min) &&
                       (!condition.max || *value->number < *condition.max);
            case RuleOperator::exists: return true;
        }
        return false;
    });
}

[[noreturn]] void bad_rule(const std::string& where, const std::string& what) {
    throw Error(ErrorCode::invalid_argument, "routing: " + where + ": " + what);
}

// Whether `field` is "<prefix><path>" with every step of the path naming a key.
bool path_field(const std::string& field, const std::string& prefix) {
    if (field.compare(0, prefix.size(), prefix) != 0 || field.size() == prefix.size()) return false;
    return field.back() != '.' && field.find("..") == std::string::npos;
}

bool known_field(const std::string& field) {
    static const std::set<std::string> plain = {"channel", "source", "medium", "campaign", "tags"};
    return plain.count(field) != 0 || path_field(field, "attributes.");
}

// "score.<model>": a model's name may hold dots, so any text after the prefix names one.
bool score_field(const std::string& field) {
    return field.size() > kScorePrefix.size() && field.compare(0, kScorePrefix.size(), kScorePrefix) == 0;
}

}  // namespace

namespace detail {

bool condition_holds(const RuleCondition& condition, const Lead& lead, const std::vector<LeadScore>& scores) {
    return value_holds(condition, field_value(condition.field, lead, scores));
}

bool payload_condition_holds(const RuleCondition& condition, const nlohmann::json& payload) {
    return value_holds(condition,
                       document_value(std::string_view(condition.field).substr(kPayloadPrefix.size()), payload));
}

void check_condition(const RuleCondition& c, const std::string& where, ConditionOn on) {
    auto bad = [&](const std::string& what) {
        throw Error(ErrorCode::invalid_argument, where + ": " + what);
    };
    detail::check_text(c.field, "condition field");
    if (on == ConditionOn::lead && !known_field(c.field)) {
        bad("unknown field '" + c.field + "' (channel, source, medium, campaign, tags or attributes.<path>)");
    }
    if (on == ConditionOn::scored_lead && !known_field(c.field) && !score_field(c.field)) {
        bad("unknown field '" + c.field +
            "' (channel, source, medium, campaign, tags, attributes.<path> or score.<model>)");
    }
    if (on == ConditionOn::payload && !path_field(c.field, std::string(kPayloadPrefix))) {
        bad("unknown field '" + c.field + "' (payload.<path>)");
    }
    for (const auto& v : c.values) detail::check_text(v, "condition value");
    const bool takes_values =
        c.op == RuleOperator::equals || c.op == RuleOperator::in || c.op == RuleOperator::prefix;
    if (c.op == RuleOperator::equals && c.values.size() != 1) bad("equals takes exactly one value");
    if (takes_values && c.values.empty()) bad(std::string(to_string(c.op)) + " takes values");
    if (!takes_values && !c.values.empty()) bad(std::string(to_string(c.op)) + " takes no values");
    const bool bounded = c.min || c.max;
    if (c.op == RuleOperator::range) {
        if (!bounded) bad("range needs min, max or both");
        if (c.min && c.max && *c.min >= *c.max) bad("range: min must be below max");
        if (on != ConditionOn::payload && c.field.compare(0, 11, "attributes.") != 0 && !score_field(c.field)) {
            bad("range applies to attributes and scores only");
        }
    } else if (bounded) {
        bad(std::string(to_string(c.op)) + " takes no min or max");
    }
}

}  // namespace detail

bool condition_matches(const RuleCondition& condition, const Lead& lead) {
    return detail::condition_holds(condition, lead);
}

bool rule_matches(const RoutingRule& rule, const Lead& lead, const std::vector<LeadScore>& scores) {
    return std::all_of(rule.when.begin(), rule.when.end(),
                       [&](const RuleCondition& c) { return detail::condition_holds(c, lead, scores); });
}

bool rule_matches(const RoutingRule& rule, const Lead& lead) { return rule_matches(rule, lead, {}); }

namespace detail {
namespace {

void require_sub_pool(StoreReader& store, PoolId id, const std::string& where) {
    if (id == kMasterPoolId) bad_rule(where, "routes go to sub pools, not the master pool");
    existing_pool(store, id);
}

}  // namespace

RoutingTable routing_table(StoreReader& store) {
    return config::routing_table(store);
}

RoutingTable set_routing_table(const Operation& op, const RoutingTable& table) {
    op.access.require_pool(kMasterPoolId);
    std::set<std::string> names;
    for (std::size_t i = 0; i < table.rules.size(); ++i) {
        const RoutingRule& rule = table.rules[i];
        const std::string where = "rules[" + std::to_string(i) + "]";
        if (checked_name(rule.name, "routing rule name") != rule.name)
            bad_rule(where, "the name has blanks around it");
        if (!names.insert(rule.name).second) bad_rule(where, "rule name '" + rule.name + "' appears twice");
        require_sub_pool(op.store, rule.pool, where);
        for (std::size_t c = 0; c < rule.when.size(); ++c) {
            check_condition(rule.when[c], "routing: " + where + ".when[" + std::to_string(c) + "]",
                            ConditionOn::scored_lead);
        }
    }
    if (table.default_pool) require_sub_pool(op.store, *table.default_pool, "default_pool");
    config::set_routing_table(op.store, table);
    record_org_event(op, OrgEventKind::routing_changed, nlohmann::json::parse(to_json(table)));
    return table;
}

// Leads the routing asks the store to read at once: a batch a store keeps whole.
constexpr std::size_t kRoutePrefetch = 1000;

std::vector<RouteDecision> route(const Operation& op, const RouteRequest& request) {
    if (request.all_unrouted && !request.leads.empty()) {
        throw Error(ErrorCode::invalid_argument, "route: name leads or ask for all unrouted ones, not both");
    }
    if (request.leads.size() > kMaxBatchSize) {
        throw Error(ErrorCode::limit_exceeded, "route: " + std::to_string(request.leads.size()) +
                                                   " leads: at most " + std::to_string(kMaxBatchSize));
    }
    std::vector<LeadId> ids = request.leads;
    if (request.all_unrouted) {
        LeadSelection unrouted;
        unrouted.tiers = tier_bit(Tier::master);
        unrouted.visible_if = {VisibilityClause{}};
        ids = op.store.lead_ids(unrouted, 0, std::numeric_limits<std::size_t>::max());
    }
    const RoutingTable table = routing_table(op.store);
    // A lead's scores are read only for a table that tests them.
    const bool reads_scores = std::any_of(table.rules.begin(), table.rules.end(), [](const RoutingRule& rule) {
        return std::any_of(rule.when.begin(), rule.when.end(),
                           [](const RuleCondition& c) { return score_field(c.field); });
    });
    std::vector<RouteDecision> decisions;
    decisions.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        // The store reads the next leads at once (StoreWriter::prefetch), a batch at a time.
        if (i % kRoutePrefetch == 0) {
            BatchLookups next;
            next.leads.assign(ids.begin() + static_cast<std::ptrdiff_t>(i),
                              ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + kRoutePrefetch)));
            op.store.prefetch(next);
        }
        const LeadId id = ids[i];
        const Lead before = lead_for(op.access, op.store, id, Action::route);
        op.access.require(Action::route, before);
        if (before.tier != Tier::master) {
            throw Error(ErrorCode::illegal_transition, "route: lead " + std::to_string(id) + " is at tier '" +
                                                           to_string(before.tier) +
                                                           "', not in the master pool");
        }
        RouteDecision decision{id, table.default_pool, ""};
        const std::vector<LeadScore> scores =
            reads_scores ? op.store.lead_scores(before.id) : std::vector<LeadScore>{};
        auto match = std::find_if(table.rules.begin(), table.rules.end(),
                                  [&](const RoutingRule& rule) { return rule_matches(rule, before, scores); });
        if (match != table.rules.end()) decision = {id, match->pool, match->name};
        if (decision.pool) {
            op.access.require(Action::route, before, *decision.pool);
            const Move move =
                plan_move(before, TransitionRequest::distribute(id, *decision.pool), op.actor());
            json detail = {{"rule", decision.rule.empty() ? json() : json(decision.rule)},
                           {"default", decision.rule.empty()}};
            const std::string reason =
                decision.rule.empty() ? "routing: default pool" : "routing: rule '" + decision.rule + "'";
            op.save(before, moved(before, move, op.now), Action::route, reason, detail.dump());
        }
        decisions.push_back(std::move(decision));
    }
    return decisions;
}

}  // namespace detail
}  // namespace leadpool
