// Initialisation, users, pools, stages and policies — on every store.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;
using nlohmann::json;


LEADPOOL_STORE_TEST_CASE("a lead pool is initialised once") {
    Factory factory;
    Engine engine(factory.open(), EngineOptions{std::make_shared<ManualClock>(kStart)});
    CHECK_FALSE(engine.initialized());
    CHECK_THROWS_AS(engine.stage(), Error);
    CHECK_THROWS_AS(engine.capture("boss", phone_lead("13800001001")), Error);
    CHECK_THROWS_AS(engine.initialize(User{"", "No Id", "", {"director"}, true}, OrgStage::factory_led),
                    Error);
    CHECK_THROWS_AS(engine.initialize(User{"boss", "Boss", "", {"director"}, true}, static_cast<OrgStage>(9)),
                    Error);
    CHECK_THROWS_AS(engine.initialize(User{"ann", "Ann", "", {"salesperson"}, true}, OrgStage::factory_led),
                    Error);
    CHECK_THROWS_AS(engine.initialize(User{"boss", "Boss", "", {"director"}, false}, OrgStage::factory_led),
                    Error);
    CHECK_FALSE(engine.initialized());

    engine.initialize(User{"boss", "Boss", "management", {"director"}, true}, OrgStage::sales_led);
    CHECK(engine.initialized());
    CHECK(engine.stage() == OrgStage::sales_led);
    try {
        engine.initialize(User{"other", "Other", "", {"director"}, true}, OrgStage::factory_led);
        FAIL("initialised twice");
    } catch (const Error& error) {
        CHECK(error.code() == ErrorCode::conflict);
    }
    const auto events = engine.org_history("boss");
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == OrgEventKind::initialized);
    CHECK(events[0].at == kStart);
}

LEADPOOL_STORE_TEST_CASE("users are added, changed and refused when malformed") {
    Company<Factory> c;
    Engine& e = *c.engine;
    const User ann = e.user("boss", "ann");
    CHECK(ann.name == "Ann");
    CHECK(ann.roles == std::vector<std::string>{"salesperson"});
    CHECK(e.users("ann").size() == 3);

    e.update_user("boss", User{"ann", "Ann Lee", "sales east", {"salesperson", "director"}, true});
    CHECK(e.user("bob", "ann").roles == std::vector<std::string>{"director", "salesperson"});

    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::conflict,
                               e.add_user("boss", User{"bob", "Bob 2", "", {}, true}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.add_user("boss", User{" ", "Nobody", "", {}, true}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.add_user("boss", User{"x", "", "", {}, true}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.add_user("boss", User{"x", "X", "", {""}, true}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.update_user("boss", User{"x", "X", "", {}, true}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.user("boss", "x"));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied,
                               e.add_user("bob", User{"x", "X", "", {}, true}));

    // A deactivated user keeps their data but can no longer act.
    e.update_user("boss", User{"bob", "Bob", "sales", {"salesperson"}, false});
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.leads("bob"));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.leads("stranger"));
}

LEADPOOL_STORE_TEST_CASE("sub pools form a tree with unique names") {
    Company<Factory> c;
    Engine& e = *c.engine;
    const Pool hangzhou = e.create_pool("boss", PoolSpec{"hangzhou", c.east, {"ann"}, {"bob", "ann"}});
    CHECK(hangzhou.parent == c.east);
    CHECK(hangzhou.members == std::vector<UserId>{"ann", "bob"});
    CHECK(e.pools("bob").size() == 4);  // master, east, west, hangzhou
    CHECK(e.pool("bob", kMasterPoolId).name == "master");

    SUBCASE("bad pool input is refused and changes nothing") {
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::conflict,
                                   e.create_pool("boss", PoolSpec{"west", std::nullopt, {}, {}}));
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::conflict,
                                   e.update_pool("boss", hangzhou.id, PoolSpec{"east", c.east, {}, {}}));
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                                   e.create_pool("boss", PoolSpec{" ", std::nullopt, {}, {}}));
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found,
                                   e.create_pool("boss", PoolSpec{"x", 999, {}, {}}));
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found,
                                   e.create_pool("boss", PoolSpec{"x", std::nullopt, {"ghost"}, {}}));
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                                   e.create_pool("boss", PoolSpec{"x", kMasterPoolId, {}, {}}));
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.move_pool("boss", c.east, hangzhou.id));
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.move_pool("boss", c.east, c.east));
        LP_CHECK_REFUSED_UNCHANGED(
            e, ErrorCode::invalid_argument,
            e.update_pool("boss", kMasterPoolId, PoolSpec{"everything", std::nullopt, {}, {}}));
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.move_pool("boss", 999, std::nullopt));
    }
    SUBCASE("pools move, and leads below them follow the subtree") {
        const LeadId id = c.capture("13800001001");
        e.transition("boss", move(id, Action::distribute, hangzhou.id));
        LeadFilter in_west;
        in_west.pool = c.west;
        CHECK(e.leads("boss", in_west).leads.empty());
        CHECK(e.move_pool("boss", hangzhou.id, c.west).parent == c.west);
        CHECK(e.leads("boss", in_west).leads.size() == 1);
        CHECK(e.move_pool("boss", hangzhou.id, std::nullopt).parent == std::nullopt);
        const auto events = e.org_history("boss");
        CHECK(events.back().kind == OrgEventKind::pool_moved);
    }
    SUBCASE("the master pool may be staffed but keeps its name") {
        Pool master = e.update_pool("boss", kMasterPoolId, PoolSpec{"master", std::nullopt, {"bob"}, {}});
        CHECK(master.managers == std::vector<UserId>{"bob"});
    }
    SUBCASE("a salesperson manages pools only below their own") {
        CHECK(e.create_pool("ann", PoolSpec{"ningbo", c.east, {"ann"}, {}}).parent == c.east);
        CHECK(e.create_pool("ann", PoolSpec{"ningbo-2", hangzhou.id, {}, {}}).parent == hangzhou.id);
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied,
                                   e.create_pool("ann", PoolSpec{"x", c.west, {}, {}}));
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied,
                                   e.create_pool("ann", PoolSpec{"x", std::nullopt, {}, {}}));
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.move_pool("ann", hangzhou.id, c.west));
    }
}

LEADPOOL_STORE_TEST_CASE("a host may load its own policy, and reset to the default") {
    Company<Factory> c;
    Engine& e = *c.engine;
    CHECK(e.policy(OrgStage::factory_led) == Policy::default_for(OrgStage::factory_led));

    // In this company salespeople may also distribute leads from the master pool to their own pools.
    Policy own = Policy::from_json(R"({"roles": {
        "director": [{"actions": ["*"], "tiers": ["*"], "scope": "all"}],
        "salesperson": [{"actions": ["read", "distribute"], "tiers": ["master", "sub"], "scope": "all"}]}})");
    const LeadId id = c.capture("13800001001");
    CHECK_FALSE(e.can("ann", Action::distribute, id));
    e.set_policy("boss", OrgStage::factory_led, own);
    CHECK(e.policy(OrgStage::factory_led) == own);
    CHECK(e.can("ann", Action::distribute, id));
    CHECK(e.transition("ann", move(id, Action::distribute, c.east)).tier == Tier::sub);
    CHECK(e.org_history("boss").back().kind == OrgEventKind::policy_changed);

    SUBCASE("the policy survives reopening where the store does") {
        if (c.factory.persistent()) {
            c.reopen();
            CHECK(c.engine->policy(OrgStage::factory_led) == own);
        }
    }
    SUBCASE("reset brings the default back") {
        e.reset_policy("boss", OrgStage::factory_led);
        CHECK(e.policy(OrgStage::factory_led) == Policy::default_for(OrgStage::factory_led));
        CHECK_FALSE(e.can("ann", Action::distribute, c.capture("13800001002")));
    }
    SUBCASE("a policy that would lock the actor out is refused") {
        Policy lockout =
            Policy::from_json(R"({"roles": {"director": [{"actions": ["read"], "scope": "all"}]}})");
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                                   e.set_policy("boss", OrgStage::factory_led, lockout));
        e.set_policy("boss", OrgStage::sales_led, lockout);  // not the current stage: allowed
        CHECK(e.policy(OrgStage::sales_led) == lockout);
    }
    SUBCASE("only manage_org may change policies") {
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied,
                                   e.set_policy("ann", OrgStage::factory_led, own));
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied,
                                   e.reset_policy("ann", OrgStage::factory_led));
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.org_history("ann"));
    }
}

TEST_CASE("policy JSON is validated field by field") {
    auto refused = [](const char* text, const char* names) {
        CAPTURE(text);
        try {
            Policy::from_json(text);
            FAIL("accepted");
        } catch (const Error& error) {
            CHECK(error.code() == ErrorCode::invalid_argument);
            CHECK_MESSAGE(std::string(error.what()).find(names) != std::string::npos, error.what());
        }
    };
    refused("{", "malformed");
    refused("[]", "object");
    refused(R"({"roles": []})", "roles");
    refused(R"({"roles": {}, "extra": 1})", "extra");
    refused(R"({"roles": {"r": {}}})", "roles.r");
    refused(R"({"roles": {"r": [{"actions": ["fly"], "scope": "all"}]}})", "fly");
    refused(R"({"roles": {"r": [{"actions": [], "scope": "all"}]}})", "actions");
    refused(R"({"roles": {"r": [{"actions": ["read"], "tiers": ["attic"], "scope": "all"}]}})", "attic");
    refused(R"({"roles": {"r": [{"actions": ["read"], "scope": "galaxy"}]}})", "galaxy");
    refused(R"({"roles": {"r": [{"actions": ["read"]}]}})", "scope");
    refused(R"({"roles": {"r": [{"actions": ["read"], "scope": "all", "when": 1}]}})", "when");

    // What to_json writes, from_json reads back as the same policy — for every default.
    for (OrgStage stage : kAllStages) {
        const Policy& policy = Policy::default_for(stage);
        CHECK(Policy::from_json(policy.to_json()) == policy);
        CHECK_FALSE(policy.roles.empty());
    }
    CHECK(json::parse(Policy::defaults_json()).size() == 4);
}

TEST_CASE("names of enums are stable and parse back") {
    for (int t = 0; t < kTierCount; ++t)
        CHECK(parse_tier(to_string(static_cast<Tier>(t))) == static_cast<Tier>(t));
    for (Action action : all_actions()) CHECK(parse_action(to_string(action)) == action);
    CHECK(std::string(to_string(Action::manage_workflows)) == "manage_workflows");
    for (OrgStage stage : kAllStages) CHECK(parse_stage(to_string(stage)) == stage);
    CHECK(std::string(to_string(Action::return_to_master)) == "return_to_master");
    CHECK(std::string(to_string(OrgStage::all_staff)) == "all_staff");
    CHECK(std::string(to_string(ErrorCode::illegal_transition)) == "illegal_transition");
    CHECK_FALSE(parse_tier("Master"));
    CHECK_FALSE(parse_scope(""));
}
