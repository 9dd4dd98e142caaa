// Claiming and holding: who may claim, the per-pool cap, the cool-down, managers releasing and
// transferring, and two claims racing for one lead — on every store.
#include <doctest/doctest.h>

#include <atomic>
#include <future>
#include <thread>

#include "pool_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;


namespace {

// Runs `first` and `second` on two threads released at the same moment; the error code each
// ended with (nullopt: it succeeded).
template <typename First, typename Second>
std::pair<std::optional<ErrorCode>, std::optional<ErrorCode>> race(First&& first, Second&& second) {
    std::promise<void> start;
    std::shared_future<void> go = start.get_future().share();
    auto run = [go](auto&& claim) {
        return std::async(std::launch::async, [go, claim]() -> std::optional<ErrorCode> {
            go.wait();
            try {
                claim();
            } catch (const Error& error) {
                return error.code();
            }
            return std::nullopt;
        });
    };
    auto a = run(first);
    auto b = run(second);
    start.set_value();
    return {a.get(), b.get()};
}

// Of two racing claims exactly one won, the other got conflict, and the lead is the winner's.
template <typename Factory>
void check_one_winner(SalesTeam<Factory>& t, LeadId lead,
                      const std::pair<std::optional<ErrorCode>, std::optional<ErrorCode>>& outcome) {
    const bool ann_won = !outcome.first;
    CHECK(ann_won != !outcome.second);
    CHECK((ann_won ? outcome.second : outcome.first) == ErrorCode::conflict);
    CHECK(t.lead(lead).owner == (ann_won ? "ann" : "bob"));
    const auto history = t.engine_ref().history("boss", lead);
    CHECK(std::count_if(history.begin(), history.end(),
                        [](const HistoryEntry& row) { return row.action == Action::claim; }) == 1);
}

}  // namespace

TEST_SUITE_BEGIN("claims");

LEADPOOL_STORE_TEST_CASE("a member claims an unowned lead of their pool, nobody else can then") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    const LeadId lead = t.in_north("13800000001");
    t.clock->advance(kDay);
    const Lead claimed = e.claim("ann", lead);
    CHECK(claimed.owner == "ann");
    CHECK(claimed.last_activity_at == t.clock->now());
    CHECK(t.lead(lead).owner == "ann");
    const HistoryEntry row = e.history("boss", lead).back();
    CHECK(row.action == Action::claim);
    CHECK(row.actor == "ann");
    CHECK(row.to_owner == "ann");

    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::conflict, e.claim("bob", lead));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::conflict, e.claim("ann", lead));
    // eve is no member of north (and a salesperson reaches only pools they belong to).
    const LeadId other = t.in_north("13800000002");
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.claim("eve", other));
    // The director may claim anywhere by policy, but holds leads only where they belong.
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.claim("boss", other));
    // Only leads of a sub pool are claimed.
    const LeadId master = t.capture("13800000003");
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::illegal_transition, e.claim("boss", master));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.claim("ann", 999));
}

LEADPOOL_STORE_TEST_CASE("a member holds at most the pool's cap") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    PoolSettings settings;
    settings.max_held = 2;
    settings.capacity = {{"bob", 3}};
    t.settings(settings);
    const auto leads = t.many_in_north(4);
    e.claim("ann", leads[0]);
    e.claim("ann", leads[1]);
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::limit_exceeded, e.claim("ann", leads[2]));
    for (int i = 2; i < 4; ++i) e.claim("bob", leads[i]);
    // A qualified lead no longer counts as held: room again.
    e.transition("ann", TransitionRequest::qualify(leads[0]));
    const LeadId more = t.in_north("13800000005");
    CHECK(e.claim("ann", more).owner == "ann");
}

LEADPOOL_STORE_TEST_CASE("a lead taken from someone is not theirs to claim again during the cool-down") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    PoolSettings settings;
    settings.claim_cooldown_ms = 3 * kDay;
    t.settings(settings);
    const LeadId lead = t.in_north("13800000001");
    e.claim("ann", lead);

    SUBCASE("released by a manager") {
        t.clock->advance(kDay);
        const Lead released = e.release("sam", lead, "spread the leads");
        CHECK(released.owner.empty());
        CHECK(released.pool == t.north);
        CHECK(e.history("boss", lead).back().reason == "spread the leads");
    }
    SUBCASE("released by ann herself") { e.release("ann", lead); }
    SUBCASE("taken by the recycling") {
        PoolSettings recycling = settings;
        recycling.held_idle_ms = kDay;
        t.settings(recycling);
        t.clock->advance(kDay);
        CHECK(e.maintain("boss").recycled.size() == 1);
    }
    const Timestamp taken = t.clock->now();
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.claim("ann", lead));
    t.clock->set(taken + 3 * kDay - 1);
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.claim("ann", lead));
    t.clock->set(taken + 3 * kDay);
    CHECK(e.claim("ann", lead).owner == "ann");
}

LEADPOOL_STORE_TEST_CASE("assignment keeps to the cool-down: a recycled lead does not go back to whom it left") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    PoolSettings settings;
    settings.claim_cooldown_ms = 3 * kDay;
    settings.held_idle_ms = kDay;
    t.settings(settings);
    const LeadId idle = t.in_north("13800000001", UserId("ann"));
    const LeadId fresh = t.in_north("13800000002");
    t.clock->advance(kDay);
    REQUIRE(e.maintain("boss").recycled.size() == 1);

    // Either strategy would give ann, the first member, the first lead (idle): not while it cools.
    SUBCASE("round robin") { settings.strategy = AssignStrategy::round_robin; }
    SUBCASE("least loaded") { settings.strategy = AssignStrategy::least_loaded; }
    t.settings(settings);
    const AssignResult others = e.assign("sam", AssignRequest{t.north, {idle, fresh}, false});
    REQUIRE(others.assigned.size() == 2);
    CHECK(t.lead(idle).owner != "ann");
    CHECK_FALSE(t.lead(idle).owner.empty());
}

LEADPOOL_STORE_TEST_CASE("a lead in its only member's cool-down stays unassigned until it is over") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    e.update_pool("boss", t.north, PoolSpec{"north", std::nullopt, {"sam"}, {"ann"}});
    PoolSettings settings;
    settings.claim_cooldown_ms = 3 * kDay;
    t.settings(settings);
    const LeadId lead = t.in_north("13800000001", UserId("ann"));
    const LeadId fresh = t.in_north("13800000002");
    e.release("sam", lead, "spread the leads");
    const Timestamp taken = t.clock->now();
    AssignResult result = e.assign("sam", AssignRequest{t.north, {lead, fresh}, false});
    CHECK(result.unassigned == std::vector<LeadId>{lead});
    CHECK(owners_of(result) == std::vector<UserId>{"ann"});  // fresh: nothing was taken from her
    t.clock->set(taken + 3 * kDay - 1);
    CHECK(e.assign("sam", AssignRequest{t.north, {lead}, false}).unassigned == std::vector<LeadId>{lead});
    t.clock->set(taken + 3 * kDay);
    result = e.assign("sam", AssignRequest{t.north, {lead}, false});
    CHECK(owners_of(result) == std::vector<UserId>{"ann"});
}

LEADPOOL_STORE_TEST_CASE("others may claim during someone's cool-down, managers release and transfer") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    PoolSettings settings;
    settings.claim_cooldown_ms = kDay;
    t.settings(settings);
    const LeadId lead = t.in_north("13800000001");
    e.claim("ann", lead);
    e.release("sam", lead);
    CHECK(e.claim("bob", lead).owner == "bob");
    CHECK(e.transition("sam", TransitionRequest::transfer(lead, std::nullopt, "cy")).owner == "cy");

    // release needs a held lead of a sub pool or an opportunity, and the right to release it.
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.release("ann", lead));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.release("bob", lead));
    e.release("cy", lead);
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.release("sam", lead));
    const LeadId master = t.capture("13800000002");
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::illegal_transition, e.release("boss", master));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.release("boss", 999));
}

LEADPOOL_STORE_TEST_CASE("two threads on one engine claim one lead: exactly one wins") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    for (const LeadId lead : t.many_in_north(20)) {
        CAPTURE(lead);
        check_one_winner(t, lead, race([&] { e.claim("ann", lead); }, [&] { e.claim("bob", lead); }));
    }
}

TEST_CASE("two engines on one SQLite file claim one lead: exactly one wins") {
    SalesTeam<SqliteStoreFactory> t;
    Engine& first = t.engine_ref();
    Engine second(t.factory.open(), EngineOptions{t.clock});
    for (const LeadId lead : t.many_in_north(20)) {
        CAPTURE(lead);
        check_one_winner(t, lead,
                         race([&] { first.claim("ann", lead); }, [&] { second.claim("bob", lead); }));
    }
}

TEST_SUITE_END();
