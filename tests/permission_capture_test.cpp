// The permission matrix of captures (docs/design.md 5.2): a new lead needs capture on the master
// pool, a capture onto a lead capture and read on that lead, and any capture some capture grant.
#include <doctest/doctest.h>

#include "permission_matrix.hpp"

using namespace leadpool;
using namespace leadpool::testing;
using namespace leadpool::testing::permission_matrix;

TEST_SUITE_BEGIN("permission matrix");

// The hole that capture onto an existing lead used to be: checked only as a new lead landing in
// the master pool, it let a salesperson change, and see, a lead of someone else's pool.
LEADPOOL_STORE_TEST_CASE("a salesperson cannot capture onto a lead in someone else's pool, its holder can") {
    Company<Factory> company(OrgStage::factory_led);
    Engine& engine = *company.engine;
    const std::string phone = "+8613900000001";
    const LeadId id = company.capture(phone);
    engine.transition("boss", move(id, Action::distribute, company.west, std::string("bob")));
    engine.transition("boss", move(id, Action::qualify));
    REQUIRE(company.lead(id).tier == Tier::opportunity);

    LeadInput input = phone_lead(phone, "web", R"({"budget": 1})");
    input.tags = {"ann-was-here"};

    CHECK_FALSE(engine.can("ann", Action::capture, id));
    LP_CHECK_REFUSED_UNCHANGED(engine, ErrorCode::permission_denied, engine.capture("ann", input));

    CHECK(engine.can("bob", Action::capture, id));
    const Lead before = company.lead(id);
    const CaptureResult result = engine.capture("bob", input);
    CHECK_FALSE(result.created);
    CHECK(result.lead.id == id);
    CHECK(result.lead.tier == Tier::opportunity);
    CHECK(result.lead.pool == company.west);
    CHECK(result.lead.owner == "bob");
    CHECK(result.lead.version == before.version + 1);
    CHECK(has_tag(result.lead, "ann-was-here"));
    CHECK(result.lead.attributes != before.attributes);
    const auto history = engine.history("boss", id);
    REQUIRE_FALSE(history.empty());
    CHECK(history.back().action == Action::capture);
    CHECK(history.back().actor == "bob");
}

// The default policies grant capture on master leads to everyone who captures at all, and read
// wherever they grant capture but on master leads. A host's own policy pulls the rights apart.
LEADPOOL_STORE_TEST_CASE("capture of a new lead needs capture on master, onto a lead capture and read on it") {
    Company<Factory> company(OrgStage::factory_led);
    Engine& engine = *company.engine;
    engine.set_policy("boss", OrgStage::factory_led, Policy::from_json(R"({"roles": {
        "director": [{"actions": ["*"], "tiers": ["*"], "scope": "all"}],
        "sorter": [{"actions": ["capture"], "tiers": ["sub"], "scope": "all"},
                   {"actions": ["read"], "tiers": ["*"], "scope": "all"}],
        "scout": [{"actions": ["capture"], "tiers": ["master", "sub"], "scope": "all"},
                  {"actions": ["read"], "tiers": ["sub"], "scope": "all"}]}})"));
    engine.add_user("boss", User{"sorter", "Sorter", "market", {"sorter"}, true});
    engine.add_user("boss", User{"scout", "Scout", "market", {"scout"}, true});
    const LeadId in_master = company.capture("+8613900000010");
    const LeadId in_west = company.capture("+8613900000011");
    engine.transition("boss", move(in_west, Action::distribute, company.west, std::string("bob")));

    auto onto = [&](LeadId id, const char* tag) {
        LeadInput input = phone_lead(company.lead(id).identities.front().value, "shop");
        input.tags = {tag};
        return input;
    };

    SUBCASE("capture on sub leads only: no new lead, no capture onto a master lead") {
        LP_CHECK_REFUSED_UNCHANGED(engine, ErrorCode::permission_denied,
                                   engine.capture("sorter", phone_lead("+8613900000012")));
        CHECK_FALSE(engine.can("sorter", Action::capture, in_master));
        LP_CHECK_REFUSED_UNCHANGED(engine, ErrorCode::permission_denied,
                                   engine.capture("sorter", onto(in_master, "sorted")));
        CHECK(engine.can("sorter", Action::capture, in_west));
        const CaptureResult result = engine.capture("sorter", onto(in_west, "sorted"));
        CHECK_FALSE(result.created);
        CHECK(result.lead.id == in_west);
        CHECK(has_tag(result.lead, "sorted"));
    }
    SUBCASE("capture on master leads without read: new leads, but no capture onto an unread one") {
        const CaptureResult created = engine.capture("scout", phone_lead("+8613900000013"));
        CHECK(created.created);
        CHECK(created.lead.tier == Tier::master);
        CHECK_FALSE(engine.can("scout", Action::capture, in_master));
        LP_CHECK_REFUSED_UNCHANGED(engine, ErrorCode::permission_denied,
                                   engine.capture("scout", onto(in_master, "scouted")));
        CHECK(engine.can("scout", Action::capture, in_west));
        const CaptureResult result = engine.capture("scout", onto(in_west, "scouted"));
        CHECK_FALSE(result.created);
        CHECK(result.lead.id == in_west);
        CHECK(has_tag(result.lead, "scouted"));
    }
}

// Any capture first needs some capture grant: without one, an actor learns nothing from its
// input — not that its identities belong to two different leads, not that it is malformed.
// Someone who may capture onto and read both leads merges them.
PERMISSION_MATRIX_TEST("an actor without any capture grant is refused before its input is looked at", run) {
    const OrgStage stage = run.stage;
    Org org(run);
    const LeadId first = org.make_lead(Tier::sub, PoolKind::managed, "bob");
    const LeadId second = org.make_lead(Tier::master, PoolKind::master, "");
    LeadInput both = org.input_onto(first);
    both.identities.push_back(org.lead(second).identities.front());
    LeadInput malformed = org.new_lead_input();
    malformed.identities.clear();

    bool some_role_without = false;
    for (const auto& role : kRoles) {
        if (!granted_scopes(stage, role, Action::capture).empty()) continue;
        some_role_without = true;
        INFO(name(stage) << " / " << role << " holds no capture grant");
        LP_CHECK_REFUSED_UNCHANGED(*org.engine, ErrorCode::permission_denied,
                                   org.engine->capture(role, both));
        LP_CHECK_REFUSED_UNCHANGED(*org.engine, ErrorCode::permission_denied,
                                   org.engine->capture(role, malformed));
        LP_CHECK_REFUSED_UNCHANGED(*org.engine, ErrorCode::permission_denied,
                                   org.engine->capture_batch(role, {org.new_lead_input(), both}));
    }
    CHECK(some_role_without);  // "intern" at least

    // The director, who may capture and read everything, is told what is wrong with the input.
    LP_CHECK_REFUSED_UNCHANGED(*org.engine, ErrorCode::invalid_argument,
                               org.engine->capture("director", malformed));
    const CaptureResult merged = org.engine->capture("director", both);
    CHECK(merged.lead.id == first);  // the sub-pool lead is further along the funnel
    CHECK(org.lead(second).id == first);
}

TEST_SUITE_END();
