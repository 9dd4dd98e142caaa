// Routing master -> sub pools: each operator, rule order and the default pool, explainable
// decisions, and bad tables — on every store.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "pool_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;


namespace {

RuleCondition when(std::string field, RuleOperator op, std::vector<std::string> values = {},
                   std::optional<double> min = std::nullopt, std::optional<double> max = std::nullopt) {
    return RuleCondition{std::move(field), op, std::move(values), min, max};
}

bool matches(const RuleCondition& condition, const Lead& lead) {
    return rule_matches(RoutingRule{"r", 2, {condition}}, lead);
}

Lead sample_lead() {
    Lead lead;
    lead.channel = "wechat_mini_program";
    lead.attribution = {"baidu", "cpc", "spring"};
    lead.tags = {"cold", "vip"};
    lead.attributes = R"({"city": "Hangzhou", "budget": 50000, "company": {"size": 120, "listed": true}})";
    return lead;
}

}  // namespace

TEST_SUITE_BEGIN("routing");

TEST_CASE("each rule operator on each kind of field") {
    const Lead lead = sample_lead();
    using Op = RuleOperator;

    // equals
    CHECK(matches(when("channel", Op::equals, {"wechat_mini_program"}), lead));
    CHECK_FALSE(matches(when("channel", Op::equals, {"wechat"}), lead));
    CHECK(matches(when("source", Op::equals, {"baidu"}), lead));
    CHECK(matches(when("medium", Op::equals, {"cpc"}), lead));
    CHECK(matches(when("campaign", Op::equals, {"spring"}), lead));
    CHECK(matches(when("tags", Op::equals, {"vip"}), lead));
    CHECK_FALSE(matches(when("tags", Op::equals, {"hot"}), lead));
    CHECK(matches(when("attributes.city", Op::equals, {"Hangzhou"}), lead));
    CHECK(matches(when("attributes.budget", Op::equals, {"50000"}), lead));  // non-strings by JSON text
    CHECK(matches(when("attributes.company.listed", Op::equals, {"true"}), lead));
    CHECK_FALSE(matches(when("attributes.city", Op::equals, {"hangzhou"}), lead));

    // in
    CHECK(matches(when("attributes.city", Op::in, {"Shanghai", "Hangzhou"}), lead));
    CHECK_FALSE(matches(when("attributes.city", Op::in, {"Shanghai", "Beijing"}), lead));
    CHECK(matches(when("tags", Op::in, {"hot", "cold"}), lead));

    // prefix
    CHECK(matches(when("channel", Op::prefix, {"shop", "wechat"}), lead));
    CHECK_FALSE(matches(when("channel", Op::prefix, {"web"}), lead));
    CHECK(matches(when("attributes.city", Op::prefix, {"Hang"}), lead));

    // range: min inclusive, max exclusive, on JSON numbers only
    CHECK(matches(when("attributes.budget", Op::range, {}, 50000, 100000), lead));
    CHECK_FALSE(matches(when("attributes.budget", Op::range, {}, 0, 50000), lead));
    CHECK(matches(when("attributes.company.size", Op::range, {}, 100, std::nullopt), lead));
    CHECK(matches(when("attributes.company.size", Op::range, {}, std::nullopt, 121), lead));
    CHECK_FALSE(matches(when("attributes.city", Op::range, {}, 0, 1e12), lead));

    // exists
    CHECK(matches(when("attributes.company.size", Op::exists), lead));
    CHECK_FALSE(matches(when("attributes.company.revenue", Op::exists), lead));
    CHECK_FALSE(matches(when("attributes.city.name", Op::exists), lead));  // a string has no fields
    CHECK(matches(when("tags", Op::exists), lead));
    Lead bare;
    CHECK_FALSE(matches(when("tags", Op::exists), bare));
    CHECK_FALSE(matches(when("source", Op::exists), bare));

    // Every condition of a rule must hold; a rule without conditions takes every lead.
    CHECK_FALSE(
        rule_matches(RoutingRule{"r", 2, {when("tags", Op::exists), when("source", Op::exists)}}, bare));
    CHECK(rule_matches(RoutingRule{"r", 2, {}}, bare));
}

LEADPOOL_STORE_TEST_CASE("the first matching rule wins, else the default pool, each decision names its rule") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    RoutingTable table;
    table.rules = {
        {"hangzhou", t.east, {when("attributes.city", RuleOperator::equals, {"Hangzhou"})}},
        {"big budgets", t.north, {when("attributes.budget", RuleOperator::range, {}, 10000, std::nullopt)}},
        {"anything from the shop", t.west, {when("channel", RuleOperator::equals, {"shop"})}},
    };
    e.set_routing("mo", table);
    CHECK(to_json(e.routing("ann")) == to_json(table));

    const LeadId both =
        e.capture("mo", phone_lead("13800000001", "web", R"({"city": "Hangzhou", "budget": 20000})")).lead.id;
    const LeadId big =
        e.capture("mo", phone_lead("13800000002", "shop", R"({"city": "Xian", "budget": 20000})")).lead.id;
    const LeadId shop = e.capture("mo", phone_lead("13800000003", "shop")).lead.id;
    const LeadId none = e.capture("mo", phone_lead("13800000004", "web")).lead.id;

    SUBCASE("without a default, an unmatched lead stays in the master pool") {
        const auto decisions = e.route("mo", RouteRequest{{both, big, shop, none}, false});
        REQUIRE(decisions.size() == 4);
        CHECK(decisions[0].pool == t.east);
        CHECK(decisions[0].rule == "hangzhou");
        CHECK(decisions[1].pool == t.north);
        CHECK(decisions[1].rule == "big budgets");
        CHECK(decisions[2].pool == t.west);
        CHECK(decisions[3].pool == std::nullopt);
        CHECK(decisions[3].rule.empty());
        CHECK(t.lead(none).tier == Tier::master);
        CHECK(e.history("boss", none).size() == 1);

        const Lead routed = t.lead(both);
        CHECK(routed.tier == Tier::sub);
        CHECK(routed.pool == t.east);
        CHECK(routed.owner.empty());
        const HistoryEntry row = e.history("boss", both).back();
        CHECK(row.action == Action::route);
        CHECK(row.actor == "mo");
        CHECK(row.from_tier == Tier::master);
        CHECK(row.to_pool == t.east);
        CHECK(row.reason == "routing: rule 'hangzhou'");
        CHECK(nlohmann::json::parse(row.detail) == nlohmann::json{{"rule", "hangzhou"}, {"default", false}});
    }
    SUBCASE("with a default pool, and every unrouted lead at once") {
        table.default_pool = t.west;
        e.set_routing("mo", table);
        const auto decisions = e.route("mo", RouteRequest{{}, true});
        REQUIRE(decisions.size() == 4);
        CHECK(decisions[3].lead == none);
        CHECK(decisions[3].pool == t.west);
        CHECK(t.lead(none).pool == t.west);
        const HistoryEntry row = e.history("boss", none).back();
        CHECK(row.reason == "routing: default pool");
        CHECK(nlohmann::json::parse(row.detail) == nlohmann::json{{"rule", nullptr}, {"default", true}});
        // Nothing is left to route.
        CHECK(e.route("mo", RouteRequest{{}, true}).empty());
    }
}

LEADPOOL_STORE_TEST_CASE("bad tables and bad route requests are refused and change nothing") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    const LeadId lead = t.capture("13800000001");
    const LeadId in_sub = t.in_north("13800000002");
    e.set_routing("mo", RoutingTable{{{"all", t.north, {}}}, std::nullopt});
    auto table_with = [&](RuleCondition c) {
        return RoutingTable{{{"r", t.north, {std::move(c)}}}, std::nullopt};
    };
    const auto invalid = ErrorCode::invalid_argument;

    LP_CHECK_REFUSED_UNCHANGED(e, invalid,
                               e.set_routing("mo", table_with(when("city", RuleOperator::exists))));
    LP_CHECK_REFUSED_UNCHANGED(e, invalid,
                               e.set_routing("mo", table_with(when("attributes.", RuleOperator::exists))));
    LP_CHECK_REFUSED_UNCHANGED(
        e, invalid, e.set_routing("mo", table_with(when("channel", RuleOperator::equals, {"a", "b"}))));
    LP_CHECK_REFUSED_UNCHANGED(e, invalid,
                               e.set_routing("mo", table_with(when("channel", RuleOperator::in))));
    LP_CHECK_REFUSED_UNCHANGED(e, invalid,
                               e.set_routing("mo", table_with(when("tags", RuleOperator::exists, {"x"}))));
    LP_CHECK_REFUSED_UNCHANGED(
        e, invalid, e.set_routing("mo", table_with(when("channel", RuleOperator::range, {}, 1, 2))));
    LP_CHECK_REFUSED_UNCHANGED(e, invalid,
                               e.set_routing("mo", table_with(when("attributes.n", RuleOperator::range))));
    LP_CHECK_REFUSED_UNCHANGED(
        e, invalid, e.set_routing("mo", table_with(when("attributes.n", RuleOperator::range, {}, 5, 5))));
    LP_CHECK_REFUSED_UNCHANGED(
        e, invalid, e.set_routing("mo", table_with(when("attributes.n", RuleOperator::equals, {"1"}, 0))));
    LP_CHECK_REFUSED_UNCHANGED(
        e, invalid, e.set_routing("mo", RoutingTable{{{"x", t.north, {}}, {"x", t.east, {}}}, {}}));
    LP_CHECK_REFUSED_UNCHANGED(e, invalid, e.set_routing("mo", RoutingTable{{{" ", t.north, {}}}, {}}));
    LP_CHECK_REFUSED_UNCHANGED(e, invalid, e.set_routing("mo", RoutingTable{{{"m", kMasterPoolId, {}}}, {}}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found,
                               e.set_routing("mo", RoutingTable{{{"m", 999, {}}}, {}}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.set_routing("mo", RoutingTable{{}, PoolId{999}}));
    // Only manage_pools reaching the master pool sets the table.
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.set_routing("sam", RoutingTable{}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.set_routing("ann", RoutingTable{}));

    LP_CHECK_REFUSED_UNCHANGED(e, invalid, e.route("mo", RouteRequest{{lead}, true}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.route("mo", RouteRequest{{lead, 999}, false}));
    // All or nothing: the first lead would route, the second is not in the master pool.
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::illegal_transition,
                               e.route("boss", RouteRequest{{lead, in_sub}, false}));
    // The market department routes master leads only.
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.route("mo", RouteRequest{{in_sub}, false}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.route("sam", RouteRequest{{lead}, false}));
    LP_CHECK_REFUSED_UNCHANGED(
        e, ErrorCode::limit_exceeded,
        e.route("mo", RouteRequest{std::vector<LeadId>(kMaxBatchSize + 1, lead), false}));
}

TEST_SUITE_END();
