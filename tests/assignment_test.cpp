// Assignment inside a sub pool: each strategy's exact outcome on a fixed case, capacity and
// inactive members, determinism, and never taking a held lead unless asked — on every store.
#include <doctest/doctest.h>

#include "pool_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;


using Owners = std::vector<UserId>;

TEST_SUITE_BEGIN("assignment");

LEADPOOL_STORE_TEST_CASE("round-robin takes members in id order and carries on where it stopped") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    const auto first = t.many_in_north(6);
    const AssignResult result = e.assign("sam", AssignRequest{t.north, {}, false});
    CHECK(owners_of(result) == Owners{"ann", "bob", "cy", "dan", "ann", "bob"});
    CHECK(result.unassigned.empty());
    for (std::size_t i = 0; i < first.size(); ++i) {
        CHECK(result.assigned[i].lead == first[i]);
        const Lead lead = t.lead(first[i]);
        CHECK(lead.owner == result.assigned[i].owner);
        const HistoryEntry row = e.history("boss", first[i]).back();
        CHECK(row.action == Action::assign);
        CHECK(row.actor == "sam");
        CHECK(row.from_owner.empty());
        CHECK(row.to_owner == lead.owner);
        CHECK(row.detail == R"({"strategy":"round_robin"})");
    }
    // The next run starts after bob, who got the last lead.
    t.many_in_north(3, "138");
    CHECK(owners_of(e.assign("sam", AssignRequest{t.north, {}, false})) == Owners{"cy", "dan", "ann"});
    // Nothing unowned is left: nothing to do.
    CHECK(e.assign("sam", AssignRequest{t.north, {}, false}).assigned.empty());
}

LEADPOOL_STORE_TEST_CASE("least-loaded gives each lead to whoever holds the fewest") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    t.in_north("13800000001", "ann");
    t.in_north("13800000002", "ann");
    t.in_north("13800000003", "bob");
    PoolSettings settings;
    settings.strategy = AssignStrategy::least_loaded;
    t.settings(settings);
    t.many_in_north(5);
    // Loads ann 2, bob 1, cy 0, dan 0.
    CHECK(owners_of(e.assign("sam", AssignRequest{t.north, {}, false})) ==
          Owners{"cy", "dan", "bob", "cy", "dan"});
}

LEADPOOL_STORE_TEST_CASE("weighted fills members in proportion to their capacity") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    PoolSettings settings;
    settings.strategy = AssignStrategy::weighted;
    settings.capacity = {{"ann", 1}, {"bob", 3}, {"cy", 2}, {"dan", 0}};
    t.settings(settings);
    t.many_in_north(7);
    const AssignResult result = e.assign("sam", AssignRequest{t.north, {}, false});
    // Smallest (load + 1) / capacity first, ties by id: bob 1/3; cy 1/2; bob 2/3; then ann, bob
    // and cy all at 1: ann (now full), bob (full), cy (full).
    CHECK(owners_of(result) == Owners{"bob", "cy", "bob", "ann", "bob", "cy"});
    CHECK(result.unassigned.size() == 1);  // everybody is full; dan has no capacity at all
    CHECK(t.lead(result.unassigned.front()).owner.empty());
}

LEADPOOL_STORE_TEST_CASE("only active members with capacity left receive leads") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    e.update_user("boss", User{"bob", "Bob", "sales", {"salesperson"}, false});
    t.in_north("13800000001", "cy");
    PoolSettings settings;
    settings.max_held = 1;
    settings.capacity = {{"dan", 2}};
    t.settings(settings);
    t.many_in_north(5);
    const AssignResult result = e.assign("sam", AssignRequest{t.north, {}, false});
    // bob is inactive and cy is full: ann takes 1, dan 2, and two leads stay unowned.
    CHECK(owners_of(result) == Owners{"ann", "dan", "dan"});
    CHECK(result.unassigned.size() == 2);
}

LEADPOOL_STORE_TEST_CASE("the same state and clock give the same assignment") {
    auto run = [](AssignStrategy strategy) {
        SalesTeam<Factory> t;
        t.in_north("13800000001", "dan");
        PoolSettings settings;
        settings.strategy = strategy;
        settings.capacity = {{"ann", 2}, {"bob", 5}};
        t.settings(settings);
        t.many_in_north(9);
        return to_json(t.engine_ref().assign("sam", AssignRequest{t.north, {}, false}));
    };
    for (AssignStrategy strategy :
         {AssignStrategy::round_robin, AssignStrategy::least_loaded, AssignStrategy::weighted}) {
        CAPTURE(to_string(strategy));
        CHECK(run(strategy) == run(strategy));
    }
}

LEADPOOL_STORE_TEST_CASE("a held lead changes hands only when asked") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    const LeadId held = t.in_north("13800000001", "dan");
    const LeadId free = t.in_north("13800000002");
    // Leads not named: the held one is left alone.
    CHECK(owners_of(e.assign("sam", AssignRequest{t.north, {}, false})) == Owners{"ann"});
    CHECK(t.lead(held).owner == "dan");
    CHECK(t.lead(free).owner == "ann");

    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::conflict,
                               e.assign("sam", AssignRequest{t.north, {held}, false}));
    const AssignResult again = e.assign("sam", AssignRequest{t.north, {held}, true});
    CHECK(owners_of(again) == Owners{"bob"});
    CHECK(e.history("boss", held).back().from_owner == "dan");
}

LEADPOOL_STORE_TEST_CASE("bad assign requests are refused and change nothing") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    const LeadId in_north = t.in_north("13800000001");
    const LeadId in_east = t.capture("13800000002");
    e.transition("boss", TransitionRequest::distribute(in_east, t.east));
    const LeadId master = t.capture("13800000003");

    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.assign("sam", AssignRequest{999, {}, false}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.assign("boss", AssignRequest{kMasterPoolId, {}, false}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.assign("boss", AssignRequest{t.north, {in_east}, false}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.assign("boss", AssignRequest{t.north, {master}, false}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.assign("sam", AssignRequest{t.north, {in_north, in_north}, false}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found,
                               e.assign("sam", AssignRequest{t.north, {in_north, 999}, false}));
    // sam runs north, not east; ann only works her own leads.
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied,
                               e.assign("sam", AssignRequest{t.east, {}, false}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied,
                               e.assign("ann", AssignRequest{t.north, {}, false}));
    LP_CHECK_REFUSED_UNCHANGED(
        e, ErrorCode::limit_exceeded,
        e.assign("sam", AssignRequest{t.north, std::vector<LeadId>(kMaxBatchSize + 1, in_north), false}));

    PoolSettings bad;
    bad.max_held = -1;
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.set_pool_settings("boss", t.north, bad));
    bad = PoolSettings{};
    bad.held_idle_ms = 0;
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.set_pool_settings("boss", t.north, bad));
    bad = PoolSettings{};
    bad.capacity = {{"nobody", 3}};
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.set_pool_settings("boss", t.north, bad));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.set_pool_settings("boss", kMasterPoolId, PoolSettings{}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied,
                               e.set_pool_settings("sam", t.east, PoolSettings{}));
}

TEST_SUITE_END();
