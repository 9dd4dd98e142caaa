// Resolved actors are cached until the organisation changes: every change of users, pools,
// policies or the stage is seen at once — by the engine that made it and by another engine (as
// in another process) on the same SQLite file.
#include <doctest/doctest.h>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

// Ann's lead in her pool east, a second engine on the same file, and `a` warmed up: ann's
// rights are cached in it before the other engine changes anything.
struct TwoEngines {
    Company<SqliteStoreFactory> c;
    Engine& a = *c.engine;
    std::unique_ptr<Engine> b = std::make_unique<Engine>(c.factory.open(), EngineOptions{c.clock});
    LeadId lead = c.capture("13800000001");
    TwoEngines() {
        a.transition("boss", TransitionRequest::distribute(lead, c.east, "ann"));
        REQUIRE(a.can("ann", Action::qualify, lead));
        REQUIRE_FALSE(a.can("bob", Action::qualify, lead));
    }
};

}  // namespace

TEST_CASE("another engine's change of a user's roles or activity is seen at once") {
    TwoEngines t;
    SUBCASE("roles") {
        t.b->update_user("boss", User{"ann", "Ann", "sales", {"trainee"}, true});
        CHECK_FALSE(t.a.can("ann", Action::qualify, t.lead));
        t.b->update_user("boss", User{"ann", "Ann", "sales", {"salesperson"}, true});
        CHECK(t.a.can("ann", Action::qualify, t.lead));
    }
    SUBCASE("deactivated") {
        t.b->update_user("boss", User{"ann", "Ann", "sales", {"salesperson"}, false});
        CHECK_THROWS_AS(t.a.lead("ann", t.lead), Error);
    }
}

TEST_CASE("another engine's change of the pool tree is seen at once") {
    TwoEngines t;
    t.b->update_pool("boss", t.c.east, PoolSpec{"east", std::nullopt, {"bob"}, {}});
    CHECK_FALSE(t.a.can("ann", Action::qualify, t.lead));
    CHECK(t.a.can("bob", Action::qualify, t.lead));
    // East back to ann: the change after a change is seen too.
    t.b->update_pool("boss", t.c.east, PoolSpec{"east", std::nullopt, {"ann"}, {}});
    CHECK(t.a.can("ann", Action::qualify, t.lead));
}

TEST_CASE("another engine's change of the stage or its policy is seen at once") {
    TwoEngines t;
    SUBCASE("stage") {
        // In sales-led a salesperson works only the leads they own: ann owns this one, bob none.
        REQUIRE(t.a.can("ann", Action::reactivate, t.lead));
        t.b->set_stage("boss", OrgStage::sales_led);
        CHECK_FALSE(t.a.can("ann", Action::reactivate, t.lead));
        CHECK(t.a.can("ann", Action::qualify, t.lead));
    }
    SUBCASE("policy") {
        Policy policy = t.a.policy(OrgStage::factory_led);
        policy.roles.erase("salesperson");
        t.b->set_policy("boss", OrgStage::factory_led, policy);
        CHECK_FALSE(t.a.can("ann", Action::qualify, t.lead));
        t.b->reset_policy("boss", OrgStage::factory_led);
        CHECK(t.a.can("ann", Action::qualify, t.lead));
    }
}

TEST_CASE("an actor unknown a moment ago may act once another engine adds them") {
    TwoEngines t;
    CHECK_THROWS_AS(t.a.can("cid", Action::qualify, t.lead), Error);
    t.b->add_user("boss", User{"cid", "Cid", "sales", {"director"}, true});
    CHECK(t.a.can("cid", Action::qualify, t.lead));
}
