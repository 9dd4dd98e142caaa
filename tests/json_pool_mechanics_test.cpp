// The JSON shapes of the public-pool mechanics: what the writers write, the readers read back,
// and what the readers refuse.
#include <doctest/doctest.h>

#include <leadpool/leadpool.hpp>

#include <functional>
#include <string>

using namespace leadpool;

namespace {

// The code of the Error `read` throws on `text`, and whether its message names `field`.
void check_refused(const std::function<void(std::string_view)>& read, const std::string& text, ErrorCode code,
                   const std::string& field) {
    CAPTURE(text);
    try {
        read(text);
        FAIL("accepted");
    } catch (const Error& error) {
        CHECK(error.code() == code);
        CHECK_MESSAGE(std::string(error.what()).find(field) != std::string::npos, error.what());
    }
}

}  // namespace

TEST_SUITE_BEGIN("json");

TEST_CASE("the public-pool shapes read back what they write") {
    RoutingTable table{{{"hz", 2, {{"attributes.city", RuleOperator::in, {"Hangzhou"}, {}, {}}}},
                        {"big", 3, {{"attributes.budget", RuleOperator::range, {}, 100.5, {}}}}},
                       PoolId{4}};
    CHECK(to_json(routing_table_from_json(to_json(table))) == to_json(table));
    CHECK(
        to_json(table) ==
        R"({"rules":[{"name":"hz","pool":2,"when":[{"field":"attributes.city","op":"in","values":["Hangzhou"],)"
        R"("min":null,"max":null}]},{"name":"big","pool":3,"when":[{"field":"attributes.budget","op":"range",)"
        R"("values":[],"min":100.5,"max":null}]}],"default_pool":4})");

    PoolSettings settings;
    settings.strategy = AssignStrategy::weighted;
    settings.max_held = 5;
    settings.capacity = {{"ann", 3}};
    settings.held_idle_ms = 1000;
    settings.recycle_to = RecycleTarget::master;
    settings.warning_ms = 10;
    CHECK(to_json(pool_settings_from_json(to_json(settings))) == to_json(settings));
    CHECK(to_json(pool_settings_from_json("{}")) == to_json(PoolSettings{}));

    const Workflow workflow{"sale", {{"contact", {}}, {"demo", {"eve"}}}, {"lathe"}};
    CHECK(to_json(workflow_from_json(to_json(workflow))) == to_json(workflow));
    CHECK(to_json(workflows_from_json(to_json(std::vector<Workflow>{workflow}))) ==
          to_json(std::vector<Workflow>{workflow}));

    const RouteRequest all = route_request_from_json(R"({"all_unrouted": true})");
    CHECK(all.all_unrouted);
    CHECK(route_request_from_json(R"({"leads": [3, 4]})").leads == std::vector<LeadId>{3, 4});
    const AssignRequest assign = assign_request_from_json(R"({"pool": 2, "leads": [7], "reassign": true})");
    CHECK(assign.pool == 2);
    CHECK(assign.leads == std::vector<LeadId>{7});
    CHECK(assign.reassign);
    const FollowUp follow_up = follow_up_from_json(R"({"kind": "meeting", "at": null, "outcome": "ok"})");
    CHECK(follow_up.kind == ActivityKind::meeting);
    CHECK_FALSE(follow_up.at);
    CHECK(follow_up.outcome == "ok");
    const OpportunityRequest request =
        opportunity_request_from_json(R"({"lead": 9, "product_type": "lathe", "owner": {"team": 2}})");
    CHECK(request.owner.team == 2);
    CHECK(request.owner.user.empty());
    CHECK(request.amount == 0);
    CHECK(win_request_from_json(R"({"order_amount": 5})") == 5);
    CHECK_FALSE(win_request_from_json("{}"));

    CHECK(to_json(AssignResult{{{1, "ann"}}, {2}}) ==
          R"({"assigned":[{"lead":1,"owner":"ann"}],"unassigned":[2]})");
    CHECK(to_json(std::vector<RouteDecision>{{1, PoolId{2}, "hz"}, {3, std::nullopt, ""}}) ==
          R"([{"lead":1,"pool":2,"rule":"hz"},{"lead":3,"pool":null,"rule":null}])");
}

TEST_CASE("the public-pool readers refuse what is malformed, naming the field") {
    const auto invalid = ErrorCode::invalid_argument;
    check_refused(routing_table_from_json, R"({"rules": [{"name": "x"}]})", invalid, "'pool' is required");
    check_refused(routing_table_from_json,
                  R"({"rules": [{"name": "x", "pool": 2, "when": [{"field": "f", "op": "near"}]}]})", invalid,
                  "rules[0].when[0].op: unknown operator 'near'");
    check_refused(
        routing_table_from_json,
        R"({"rules": [{"name": "x", "pool": 2, "when": [{"field": "f", "op": "range", "min": "1"}]}]})",
        invalid, "min: must be a number");
    check_refused(routing_table_from_json, R"({"rules": {}})", invalid, "rules: must be an array");
    check_refused(route_request_from_json, R"({"all": true})", invalid, "all: unknown field");
    check_refused(pool_settings_from_json, R"({"capacity": {"ann": 1.5}})", invalid,
                  "capacity.ann: must be an integer");
    check_refused(pool_settings_from_json, R"({"recycle_to": "bin"})", invalid,
                  "unknown recycle target 'bin'");
    check_refused(pool_settings_from_json, R"({"capacity": []})", invalid, "capacity: must be an object");
    check_refused(assign_request_from_json, R"({"leads": []})", invalid, "'pool' is required");
    check_refused(follow_up_from_json, R"({"kind": "call", "at": "now"})", invalid, "at: must be an integer");
    check_refused(workflow_from_json, R"({"name": "w"})", invalid, "'steps' is required");
    check_refused(workflow_from_json, R"({"name": "w", "steps": [{"title": "a"}]})", invalid,
                  "steps[0].title: unknown field");
    check_refused(opportunity_request_from_json,
                  R"({"lead": 1, "product_type": "x", "owner": {"person": "a"}})", invalid,
                  "owner.person: unknown field");
    check_refused(win_request_from_json, R"({"order_amount": 1, "order_amount": 2})", invalid,
                  "appears twice");
    check_refused(workflows_from_json, "[" + std::string(70, '[') + std::string(70, ']') + "]",
                  ErrorCode::limit_exceeded, "nests deeper");
}

TEST_SUITE_END();
