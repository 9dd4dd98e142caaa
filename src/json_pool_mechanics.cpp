// The JSON shapes of the public-pool mechanics (docs/json.md): routing, pool settings,
// assignment, follow-ups, maintenance and opportunity workflows.
#include "json_conditions.hpp"
#include "json_support.hpp"
#include "leadpool/json.hpp"

namespace leadpool {
namespace {

using namespace json_support;

RoutingRule read_rule(const json& value, const Place& place) {
    const Object o(value, place, {"name", "pool", "when"});
    RoutingRule rule;
    rule.name = o.string("name");
    rule.pool = o.integer("pool");
    o.optional("when", rule.when, array_of(read_condition));
    return rule;
}

WorkflowStep read_step(const json& value, const Place& place) {
    const Object o(value, place, {"name", "collaborators"});
    WorkflowStep step;
    step.name = o.string("name");
    o.optional("collaborators", step.collaborators, Object::as_strings);
    return step;
}

Workflow read_workflow(const json& value, const Place& place) {
    const Object o(value, place, {"name", "steps", "product_types", "retired"});
    Workflow workflow;
    workflow.name = o.string("name");
    workflow.steps = array_of(read_step)(o.require("steps"), o.at("steps"));
    o.optional("product_types", workflow.product_types, Object::as_strings);
    o.optional("retired", workflow.retired, Object::as_bool);
    return workflow;
}

MainOwner read_main_owner(const json& value, const Place& place) {
    const Object o(value, place, {"user", "team"});
    MainOwner owner;
    o.optional("user", owner.user, Object::as_string);
    o.nullable("team", owner.team, Object::as_integer);
    return owner;
}

ordered_json to_value(const RoutingTable& table) {
    ordered_json rules = ordered_json::array();
    for (const RoutingRule& rule : table.rules) {
        rules.push_back({{"name", rule.name}, {"pool", rule.pool}, {"when", conditions_value(rule.when)}});
    }
    return {{"rules", std::move(rules)}, {"default_pool", nullable(table.default_pool)}};
}

ordered_json to_value(const Workflow& workflow) {
    ordered_json steps = ordered_json::array();
    for (const WorkflowStep& step : workflow.steps) {
        steps.push_back({{"name", step.name}, {"collaborators", step.collaborators}});
    }
    return {{"name", workflow.name},
            {"steps", std::move(steps)},
            {"product_types", workflow.product_types},
            {"retired", workflow.retired}};
}

ordered_json to_value(const Activity& a) {
    return {{"lead", a.lead}, {"kind", to_string(a.kind)},    {"actor", a.actor},
            {"at", a.at},     {"recorded_at", a.recorded_at}, {"outcome", a.outcome},
            {"note", a.note}};
}

ordered_json to_value(const Opportunity& o) {
    ordered_json collaborators = ordered_json::array();
    for (const Collaborator& c : o.collaborators) {
        collaborators.push_back({{"user", c.user}, {"step", c.step}, {"joined_at", c.joined_at}});
    }
    return {{"lead", o.lead},
            {"number", o.number},
            {"product_type", o.product_type},
            {"workflow", o.workflow},
            {"step", o.step},
            {"amount", o.amount},
            {"owner", {{"user", nullable(o.owner.user)}, {"team", nullable(o.owner.team)}}},
            {"collaborators", std::move(collaborators)},
            {"status", to_string(o.status)},
            {"opened_at", o.opened_at},
            {"closed_at", o.closed_at},
            {"order_amount", o.order_amount},
            {"lost_reason", o.lost_reason}};
}

// The items as a JSON array, each written by this file's to_value.
template <typename T>
std::string array_text(const std::vector<T>& items) {
    return json_support::array_text(items, [](const T& item) { return to_value(item); });
}

}  // namespace

// --- writers ------------------------------------------------------------------------------------

std::string to_json(const RoutingTable& table) { return text_of(to_value(table)); }

std::string to_json(const std::vector<RouteDecision>& decisions) {
    ordered_json out = ordered_json::array();
    for (const RouteDecision& d : decisions) {
        out.push_back({{"lead", d.lead}, {"pool", nullable(d.pool)}, {"rule", nullable(d.rule)}});
    }
    return text_of(out);
}

std::string to_json(const PoolSettings& s) {
    ordered_json capacity = ordered_json::object();
    for (const auto& [user, value] : s.capacity) capacity[user] = value;
    return text_of({{"strategy", to_string(s.strategy)},
                    {"max_held", nullable(s.max_held)},
                    {"capacity", std::move(capacity)},
                    {"claim_cooldown_ms", s.claim_cooldown_ms},
                    {"held_idle_ms", nullable(s.held_idle_ms)},
                    {"opportunity_idle_ms", nullable(s.opportunity_idle_ms)},
                    {"recycle_to", to_string(s.recycle_to)},
                    {"warning_ms", s.warning_ms},
                    {"assign_by_score", nullable(s.assign_by_score)}});
}

std::string to_json(const AssignResult& result) {
    ordered_json assigned = ordered_json::array();
    for (const Assignment& a : result.assigned) assigned.push_back({{"lead", a.lead}, {"owner", a.owner}});
    return text_of({{"assigned", std::move(assigned)}, {"unassigned", result.unassigned}});
}

std::string to_json(const Activity& activity) { return text_of(to_value(activity)); }
std::string to_json(const std::vector<Activity>& activities) { return array_text(activities); }

std::string to_json(const MaintenanceReport& report) {
    ordered_json recycled = ordered_json::array();
    for (const RecycledLead& r : report.recycled) {
        recycled.push_back({{"lead", r.lead},
                            {"pool", r.pool},
                            {"from_owner", r.from_owner},
                            {"tier", to_string(r.tier)},
                            {"to", to_string(r.to)},
                            {"idle_since", r.idle_since},
                            {"idle", r.idle}});
    }
    ordered_json due = ordered_json::array();
    for (const DueLead& d : report.due_soon) {
        due.push_back({{"lead", d.lead},
                       {"pool", d.pool},
                       {"owner", d.owner},
                       {"tier", to_string(d.tier)},
                       {"due_at", d.due_at}});
    }
    ordered_json stranded = ordered_json::array();
    for (const StrandedLead& s : report.stranded) stranded.push_back({{"lead", s.lead}, {"pool", s.pool}});
    return text_of({{"at", report.at},
                    {"recycled", std::move(recycled)},
                    {"due_soon", std::move(due)},
                    {"stranded", std::move(stranded)},
                    {"pruned_changes", report.pruned_changes},
                    {"rekey", report.rekey ? ordered_json::parse(to_json(*report.rekey)) : ordered_json()},
                    {"rescore", report.rescore ? ordered_json::parse(to_json(*report.rescore)) : ordered_json()},
                    {"rescored", report.rescored}});
}

std::string to_json(const Workflow& workflow) { return text_of(to_value(workflow)); }
std::string to_json(const std::vector<Workflow>& workflows) { return array_text(workflows); }
std::string to_json(const Opportunity& opportunity) { return text_of(to_value(opportunity)); }
std::string to_json(const std::vector<Opportunity>& opportunities) { return array_text(opportunities); }

std::string to_json(const OpportunityPage& page) {
    ordered_json next = nullptr;
    if (page.next_cursor) next = {{"lead", page.next_cursor->lead}, {"number", page.next_cursor->number}};
    return "{\"opportunities\":" + array_text(page.opportunities) + ",\"next_cursor\":" + text_of(next) + "}";
}

// --- readers ------------------------------------------------------------------------------------

RoutingTable routing_table_from_json(std::string_view text) {
    return read_document(text, "routing table", [](const json& value, const Place& place) {
        const Object o(value, place, {"rules", "default_pool"});
        RoutingTable table;
        o.optional("rules", table.rules, array_of(read_rule));
        o.nullable("default_pool", table.default_pool, Object::as_integer);
        return table;
    });
}

RouteRequest route_request_from_json(std::string_view text) {
    return read_document(text, "route request", [](const json& value, const Place& place) {
        const Object o(value, place, {"leads", "all_unrouted"});
        RouteRequest request;
        o.optional("leads", request.leads, array_of(Object::as_integer));
        o.optional("all_unrouted", request.all_unrouted, Object::as_bool);
        return request;
    });
}

PoolSettings pool_settings_from_json(std::string_view text) {
    return read_document(text, "pool settings", [](const json& value, const Place& place) {
        const Object o(value, place,
                       {"strategy", "max_held", "capacity", "claim_cooldown_ms", "held_idle_ms",
                        "opportunity_idle_ms", "recycle_to", "warning_ms", "assign_by_score"});
        PoolSettings s;
        o.optional("strategy", s.strategy, enum_reader<AssignStrategy>("strategy", parse_assign_strategy));
        o.nullable("max_held", s.max_held, Object::as_integer);
        if (const json* capacity = o.find("capacity")) {
            if (!capacity->is_object()) o.at("capacity").fail("must be an object of user id -> integer");
            for (auto it = capacity->begin(); it != capacity->end(); ++it) {
                s.capacity[it.key()] = Object::as_integer(*it, o.at("capacity").field(it.key()));
            }
        }
        o.optional("claim_cooldown_ms", s.claim_cooldown_ms, Object::as_integer);
        o.nullable("held_idle_ms", s.held_idle_ms, Object::as_integer);
        o.nullable("opportunity_idle_ms", s.opportunity_idle_ms, Object::as_integer);
        o.optional("recycle_to", s.recycle_to,
                   enum_reader<RecycleTarget>("recycle target", parse_recycle_target));
        o.optional("warning_ms", s.warning_ms, Object::as_integer);
        std::optional<std::string> by_score;
        o.nullable("assign_by_score", by_score, Object::as_string);
        s.assign_by_score = by_score.value_or("");
        return s;
    });
}

AssignRequest assign_request_from_json(std::string_view text) {
    return read_document(text, "assign request", [](const json& value, const Place& place) {
        const Object o(value, place, {"pool", "leads", "reassign"});
        AssignRequest request;
        request.pool = o.integer("pool");
        o.optional("leads", request.leads, array_of(Object::as_integer));
        o.optional("reassign", request.reassign, Object::as_bool);
        return request;
    });
}

FollowUp follow_up_from_json(std::string_view text) {
    return read_document(text, "follow-up", [](const json& value, const Place& place) {
        const Object o(value, place, {"kind", "at", "outcome", "note"});
        FollowUp follow_up;
        follow_up.kind =
            as_name<ActivityKind>(o.require("kind"), o.at("kind"), "activity kind", parse_activity_kind);
        o.nullable("at", follow_up.at, Object::as_integer);
        o.optional("outcome", follow_up.outcome, Object::as_string);
        o.optional("note", follow_up.note, Object::as_string);
        return follow_up;
    });
}

Workflow workflow_from_json(std::string_view text) { return read_document(text, "workflow", read_workflow); }

std::vector<Workflow> workflows_from_json(std::string_view text) {
    return read_batch(text, "workflows", read_workflow);
}

OpportunityRequest opportunity_request_from_json(std::string_view text) {
    return read_document(text, "opportunity request", [](const json& value, const Place& place) {
        const Object o(value, place, {"lead", "product_type", "amount", "owner"});
        OpportunityRequest request;
        request.lead = o.integer("lead");
        request.product_type = o.string("product_type");
        o.optional("amount", request.amount, Object::as_integer);
        o.optional("owner", request.owner, read_main_owner);
        return request;
    });
}

OpportunityFilter opportunity_filter_from_json(std::string_view text) {
    return read_document(text, "opportunity filter", [](const json& value, const Place& place) {
        const Object o(value, place, {"workflow", "step", "status", "owner", "pool", "amount_min", "amount_max"});
        OpportunityFilter filter;
        o.nullable("workflow", filter.workflow, Object::as_string);
        o.nullable("step", filter.step, Object::as_string);
        if (const json* status = o.find("status", true)) {
            filter.status = as_name<OpportunityStatus>(*status, o.at("status"), "opportunity status",
                                                       parse_opportunity_status);
        }
        o.nullable("owner", filter.owner, Object::as_string);
        o.nullable("pool", filter.pool, Object::as_integer);
        o.nullable("amount_min", filter.amount_min, Object::as_integer);
        o.nullable("amount_max", filter.amount_max, Object::as_integer);
        return filter;
    });
}

OpportunityPageRequest opportunity_page_from_json(std::string_view text) {
    return read_document(text, "opportunity page", [](const json& value, const Place& place) {
        const Object o(value, place, {"limit", "after"});
        OpportunityPageRequest page;
        o.nullable("after", page.after, [](const json& cursor, const Place& at) {
            const Object c(cursor, at, {"lead", "number"});
            return OpportunityCursor{c.integer("lead"), c.integer("number")};
        });
        read_page_limit(o, page.limit);
        return page;
    });
}

std::optional<std::int64_t> win_request_from_json(std::string_view text) {
    return read_document(text, "win request", [](const json& value, const Place& place) {
        const Object o(value, place, {"order_amount"});
        std::optional<std::int64_t> amount;
        o.nullable("order_amount", amount, Object::as_integer);
        return amount;
    });
}

}  // namespace leadpool
