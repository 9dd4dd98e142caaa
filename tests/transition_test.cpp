// Every legal move of the pyramid, every illegal one, and malformed requests — on every store.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;


namespace {

// A lead brought to `tier` by the director through legal moves, in pool east, owned by ann
// where the tier has an owner.
template <typename Factory>
LeadId lead_at(Company<Factory>& c, Tier tier, const std::string& phone) {
    Engine& e = *c.engine;
    LeadId id = c.capture(phone);
    if (tier == Tier::master) return id;
    e.transition("boss", move(id, Action::distribute, c.east, "ann"));
    switch (tier) {
        case Tier::sub: break;
        case Tier::opportunity: e.transition("boss", move(id, Action::qualify)); break;
        case Tier::order:
            e.transition("boss", move(id, Action::qualify));
            e.transition("boss", move(id, Action::win));
            break;
        case Tier::lost:
            e.transition("boss", move(id, Action::qualify));
            e.transition("boss", move(id, Action::lose, std::nullopt, std::nullopt, "price"));
            break;
        case Tier::invalid:
            e.transition("boss", move(id, Action::invalidate, std::nullopt, std::nullopt, "junk"));
            break;
        default: break;
    }
    return id;
}

// The moves docs/design.md 2.2 allows, by the tier the lead is at.
const std::map<Tier, std::set<Action>> kLegal = {
    {Tier::master, {Action::distribute, Action::invalidate}},
    {Tier::sub, {Action::transfer, Action::return_to_master, Action::qualify, Action::invalidate}},
    {Tier::opportunity, {Action::win, Action::lose, Action::invalidate}},
    {Tier::order, {Action::invalidate}},
    {Tier::lost, {Action::reactivate, Action::invalidate}},
    {Tier::invalid, {Action::restore}},
};

constexpr Tier kTiers[] = {Tier::master, Tier::sub,  Tier::opportunity,
                           Tier::order,  Tier::lost, Tier::invalid};
constexpr Action kTransitions[] = {Action::distribute, Action::transfer,   Action::return_to_master,
                                   Action::qualify,    Action::win,        Action::lose,
                                   Action::reactivate, Action::invalidate, Action::restore};

// A well-formed request for `action` (so only legality decides).
template <typename Factory>
TransitionRequest well_formed(Company<Factory>& c, LeadId id, Action action) {
    switch (action) {
        case Action::distribute: return move(id, action, c.east);
        case Action::transfer: return move(id, action, c.west);
        case Action::reactivate: return move(id, action, c.east);
        case Action::lose:
        case Action::invalidate: return move(id, action, std::nullopt, std::nullopt, "a reason");
        default: return move(id, action);
    }
}

}  // namespace

LEADPOOL_STORE_TEST_CASE("every move the pyramid does not list is refused and changes nothing") {
    Company<Factory> c;
    long long phone = 13800000100;
    for (Tier tier : kTiers) {
        for (Action action : kTransitions) {
            if (kLegal.at(tier).count(action)) continue;
            CAPTURE(to_string(tier));
            CAPTURE(to_string(action));
            LeadId id = lead_at(c, tier, std::to_string(phone++));
            LP_CHECK_REFUSED_UNCHANGED(*c.engine, ErrorCode::illegal_transition,
                                       c.engine->transition("boss", well_formed(c, id, action)));
        }
    }
}

LEADPOOL_STORE_TEST_CASE("every listed move succeeds and lands where docs/design.md 2.2 says") {
    Company<Factory> c;
    const std::map<Action, Tier> kLands = {
        {Action::distribute, Tier::sub},
        {Action::transfer, Tier::sub},
        {Action::return_to_master, Tier::master},
        {Action::qualify, Tier::opportunity},
        {Action::win, Tier::order},
        {Action::lose, Tier::lost},
        {Action::reactivate, Tier::sub},
        {Action::invalidate, Tier::invalid},
        {Action::restore, Tier::master},
    };
    long long phone = 13800000500;
    for (Tier tier : kTiers) {
        for (Action action : kLegal.at(tier)) {
            CAPTURE(to_string(tier));
            CAPTURE(to_string(action));
            LeadId id = lead_at(c, tier, std::to_string(phone++));
            const Lead before = c.lead(id);
            const Lead after = c.engine->transition("boss", well_formed(c, id, action));
            CHECK(after.tier == kLands.at(action));
            CHECK(after.version == before.version + 1);
            CHECK((after.reached & tier_bit(after.tier)) != 0);
            CHECK((after.reached & before.reached) == before.reached);
            const auto history = c.engine->history("boss", id);
            REQUIRE(!history.empty());
            const HistoryEntry& last = history.back();
            CHECK(last.action == action);
            CHECK(last.actor == "boss");
            CHECK(last.from_tier == before.tier);
            CHECK(last.to_tier == after.tier);
            CHECK(last.from_pool == before.pool);
            CHECK(last.to_pool == after.pool);
            CHECK(last.from_owner == before.owner);
            CHECK(last.to_owner == after.owner);
        }
    }
}

LEADPOOL_STORE_TEST_CASE("pools and owners follow each move") {
    Company<Factory> c;
    Engine& e = *c.engine;
    e.update_pool("boss", c.east, PoolSpec{"east", std::nullopt, {"ann"}, {"bob"}});

    SUBCASE("distribute hands the lead to a pool, with or without an owner") {
        LeadId a = c.capture("13800001001");
        CHECK(e.transition("boss", move(a, Action::distribute, c.east)).owner.empty());
        LeadId b = c.capture("13800001002");
        Lead moved = e.transition("boss", move(b, Action::distribute, c.east, "bob"));
        CHECK(moved.pool == c.east);
        CHECK(moved.owner == "bob");
    }
    SUBCASE("transfer to another pool clears the owner unless one is named") {
        LeadId a = lead_at(c, Tier::sub, "13800001001");
        CHECK(e.transition("boss", move(a, Action::transfer, c.west)).owner.empty());
        LeadId b = lead_at(c, Tier::sub, "13800001002");
        Lead moved = e.transition("boss", move(b, Action::transfer, c.west, "bob"));
        CHECK(moved.pool == c.west);
        CHECK(moved.owner == "bob");
    }
    SUBCASE("transfer inside the pool hands the lead to another owner") {
        LeadId a = lead_at(c, Tier::sub, "13800001001");
        Lead moved = e.transition("boss", move(a, Action::transfer, std::nullopt, "bob"));
        CHECK(moved.pool == c.east);
        CHECK(moved.owner == "bob");
        CHECK(moved.tier == Tier::sub);
    }
    SUBCASE("return and restore put the lead back in the master pool, unowned") {
        LeadId a = lead_at(c, Tier::sub, "13800001001");
        Lead back =
            e.transition("boss", move(a, Action::return_to_master, std::nullopt, std::nullopt, "no answer"));
        CHECK(back.pool == kMasterPoolId);
        CHECK(back.owner.empty());
        CHECK(e.history("boss", a).back().reason == "no answer");
        LeadId b = lead_at(c, Tier::invalid, "13800001002");
        Lead restored = e.transition("boss", move(b, Action::restore));
        CHECK(restored.pool == kMasterPoolId);
        CHECK(restored.owner.empty());
        CHECK(restored.tier == Tier::master);
    }
    SUBCASE("qualify keeps the owner, names a new one, or makes the actor the owner") {
        LeadId a = lead_at(c, Tier::sub, "13800001001");
        CHECK(e.transition("boss", move(a, Action::qualify)).owner == "ann");
        LeadId b = lead_at(c, Tier::sub, "13800001002");
        CHECK(e.transition("boss", move(b, Action::qualify, std::nullopt, "bob")).owner == "bob");
        LeadId d = c.capture("13800001003");
        e.transition("boss", move(d, Action::distribute, c.east));
        CHECK(e.transition("boss", move(d, Action::qualify)).owner == "boss");
    }
    SUBCASE("win, lose and invalidate keep pool and owner") {
        LeadId a = lead_at(c, Tier::opportunity, "13800001001");
        Lead won = e.transition("boss", move(a, Action::win));
        CHECK(won.pool == c.east);
        CHECK(won.owner == "ann");
        LeadId b = lead_at(c, Tier::opportunity, "13800001002");
        Lead lost = e.transition("boss", move(b, Action::lose, std::nullopt, std::nullopt, "budget cut"));
        CHECK(lost.owner == "ann");
        CHECK(e.history("boss", b).back().reason == "budget cut");
        Lead junk =
            e.transition("boss", move(a, Action::invalidate, std::nullopt, std::nullopt, "fake order"));
        CHECK(junk.pool == c.east);
        CHECK(junk.tier == Tier::invalid);
    }
    SUBCASE("reactivate brings a lost lead to a sub pool or to the master pool") {
        LeadId a = lead_at(c, Tier::lost, "13800001001");
        Lead again = e.transition("boss", move(a, Action::reactivate, c.west, "bob"));
        CHECK(again.tier == Tier::sub);
        CHECK(again.pool == c.west);
        CHECK(again.owner == "bob");
        LeadId b = lead_at(c, Tier::lost, "13800001002");
        Lead master = e.transition("boss", move(b, Action::reactivate));
        CHECK(master.tier == Tier::master);
        CHECK(master.pool == kMasterPoolId);
        CHECK(master.owner.empty());
        LeadId d = lead_at(c, Tier::lost, "13800001003");
        CHECK(e.transition("boss", move(d, Action::reactivate, kMasterPoolId)).tier == Tier::master);
    }
}

LEADPOOL_STORE_TEST_CASE("malformed transition requests are refused with their own code") {
    Company<Factory> c;
    Engine& e = *c.engine;
    LeadId master = c.capture("13800001001");
    LeadId sub = lead_at(c, Tier::sub, "13800001002");
    LeadId opportunity = lead_at(c, Tier::opportunity, "13800001003");
    e.add_user("boss", User{"gone", "Gone", "sales", {"salesperson"}, false});
    e.update_pool("boss", c.west, PoolSpec{"west", std::nullopt, {"bob"}, {"gone"}});

    auto refused = [&](ErrorCode code, const TransitionRequest& request) {
        LP_CHECK_REFUSED_UNCHANGED(e, code, e.transition("boss", request));
    };
    SUBCASE("lose and invalidate need a reason") {
        refused(ErrorCode::invalid_argument, move(opportunity, Action::lose));
        refused(ErrorCode::invalid_argument,
                move(opportunity, Action::lose, std::nullopt, std::nullopt, "  "));
        refused(ErrorCode::invalid_argument, move(sub, Action::invalidate));
    }
    SUBCASE("unknown lead, pool or owner") {
        refused(ErrorCode::not_found, move(999, Action::distribute, c.east));
        refused(ErrorCode::not_found, move(master, Action::distribute, 999));
        refused(ErrorCode::not_found, move(master, Action::distribute, c.east, "nobody"));
    }
    SUBCASE("targets and owners that do not fit the move") {
        refused(ErrorCode::invalid_argument, move(master, Action::distribute));
        refused(ErrorCode::invalid_argument, move(master, Action::distribute, kMasterPoolId));
        refused(ErrorCode::invalid_argument, move(sub, Action::transfer, kMasterPoolId));
        refused(ErrorCode::invalid_argument, move(sub, Action::transfer));  // changes nothing
        refused(ErrorCode::invalid_argument, move(sub, Action::transfer, c.east, "ann"));
        refused(ErrorCode::invalid_argument, move(master, Action::distribute, c.east, "bob"));  // not in east
        refused(ErrorCode::invalid_argument, move(master, Action::distribute, c.west, "gone"));  // inactive
        refused(ErrorCode::invalid_argument, move(opportunity, Action::win, std::nullopt, "ann"));
        refused(ErrorCode::invalid_argument, move(opportunity, Action::win, c.west));
        refused(ErrorCode::invalid_argument, move(sub, Action::return_to_master, std::nullopt, "ann"));
        refused(ErrorCode::invalid_argument, move(sub, Action::read));  // not a transition
        refused(ErrorCode::invalid_argument, move(sub, Action::capture));
    }
    SUBCASE("a stale version is a conflict") {
        TransitionRequest request = move(sub, Action::qualify);
        request.expected_version = c.lead(sub).version - 1;
        refused(ErrorCode::conflict, request);
        request.expected_version = c.lead(sub).version;
        CHECK(e.transition("boss", request).tier == Tier::opportunity);
    }
}

LEADPOOL_STORE_TEST_CASE("a transition batch is all or nothing and runs in order") {
    Company<Factory> c;
    Engine& e = *c.engine;
    LeadId a = c.capture("13800001001");
    LeadId b = c.capture("13800001002");

    SUBCASE("the same lead moves step by step") {
        auto moved =
            e.transition_batch("boss", {move(a, Action::distribute, c.east, "ann"), move(a, Action::qualify),
                                        move(a, Action::win), move(b, Action::distribute, c.west)});
        REQUIRE(moved.size() == 4);
        CHECK(moved[2].tier == Tier::order);
        CHECK(c.lead(a).tier == Tier::order);
        CHECK(c.lead(b).pool == c.west);
        CHECK(e.history("boss", a).size() == 4);  // capture + three moves
    }
    SUBCASE("one bad item undoes the items before it") {
        LP_CHECK_REFUSED_UNCHANGED(
            e, ErrorCode::illegal_transition,
            e.transition_batch("boss", {move(a, Action::distribute, c.east),
                                        move(b, Action::distribute, c.west), move(b, Action::win)}));
        CHECK_THROWS_WITH_AS(
            e.transition_batch("boss", {move(a, Action::distribute, c.east), move(b, Action::win)}),
            doctest::Contains("item 1"), Error);
    }
}

LEADPOOL_STORE_TEST_CASE("replaying a lead's history gives its current tier, pool and owner") {
    Company<Factory> c;
    Engine& e = *c.engine;
    LeadId id = c.capture("13800001001");
    e.transition("boss", move(id, Action::distribute, c.east, "ann"));
    e.transition("boss", move(id, Action::transfer, c.west, "bob"));
    e.transition("boss", move(id, Action::qualify));
    e.transition("boss", move(id, Action::lose, std::nullopt, std::nullopt, "silent"));
    e.transition("boss", move(id, Action::reactivate, c.east, "ann"));
    e.transition("boss", move(id, Action::invalidate, std::nullopt, std::nullopt, "duplicate"));
    e.transition("boss", move(id, Action::restore));

    Tier tier = Tier::master;
    PoolId pool = kMasterPoolId;
    UserId owner;
    std::int64_t seq = 0;
    for (const auto& entry : e.history("boss", id)) {
        CHECK(entry.from_tier == tier);
        CHECK(entry.from_pool == pool);
        CHECK(entry.from_owner == owner);
        CHECK(entry.seq > seq);
        seq = entry.seq;
        tier = entry.to_tier;
        pool = entry.to_pool;
        owner = entry.to_owner;
    }
    const Lead now = c.lead(id);
    CHECK(now.tier == tier);
    CHECK(now.pool == pool);
    CHECK(now.owner == owner);
    CHECK(now.reached == (tier_bit(Tier::master) | tier_bit(Tier::sub) | tier_bit(Tier::opportunity) |
                          tier_bit(Tier::lost) | tier_bit(Tier::invalid)));
}
