// The funnel report: at and reached per tier, conversions, filters, visibility — on every store.
#include <doctest/doctest.h>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;


namespace {

// Ten leads over two days and two channels, taken down the funnel:
//   day 0, web:    1..6   day 1, shop: 7..10
//   east (ann):    1 order, 2 lost, 3 opportunity, 4 sub
//   west (bob):    7 order, 8 sub, 9 returned to master
//   master:        5, 10;  invalid: 6 (junk, from master)
template <typename Factory>
std::vector<LeadId> build_funnel(Company<Factory>& c) {
    Engine& e = *c.engine;
    std::vector<LeadId> id(11, 0);
    for (int i = 1; i <= 10; ++i) {
        if (i == 7) c.clock->advance(kDay);
        id[i] = c.capture(std::to_string(13800000100LL + i), i <= 6 ? "web" : "shop");
    }
    for (int i : {1, 2, 3, 4}) e.transition("boss", move(id[i], Action::distribute, c.east, "ann"));
    for (int i : {7, 8, 9}) e.transition("boss", move(id[i], Action::distribute, c.west, "bob"));
    for (int i : {1, 2, 3, 7}) e.transition("boss", move(id[i], Action::qualify));
    e.transition("boss", move(id[1], Action::win));
    e.transition("boss", move(id[7], Action::win));
    e.transition("boss", move(id[2], Action::lose, std::nullopt, std::nullopt, "price"));
    e.transition("boss", move(id[9], Action::return_to_master));
    e.transition("boss", move(id[6], Action::invalidate, std::nullopt, std::nullopt, "junk"));
    return id;
}

void check_tier(const FunnelReport& report, Tier tier, std::int64_t at, std::int64_t reached) {
    CAPTURE(to_string(tier));
    CHECK(report[tier].tier == tier);
    CHECK(report[tier].at == at);
    CHECK(report[tier].reached == reached);
}

}  // namespace

LEADPOOL_STORE_TEST_CASE("the funnel counts leads at each tier and leads that ever reached it") {
    Company<Factory> c;
    build_funnel(c);
    const FunnelReport report = c.engine->funnel("boss");
    CHECK(report.leads == 10);
    check_tier(report, Tier::master, 3, 10);
    check_tier(report, Tier::sub, 2, 7);
    check_tier(report, Tier::opportunity, 1, 4);
    check_tier(report, Tier::order, 2, 2);
    check_tier(report, Tier::lost, 1, 1);
    check_tier(report, Tier::invalid, 1, 1);
    REQUIRE(report.conversions.size() == 3);
    CHECK(report.conversions[0].from == Tier::master);
    CHECK(report.conversions[0].to == Tier::sub);
    CHECK(report.conversions[0].rate == doctest::Approx(0.7));
    CHECK(report.conversions[1].rate == doctest::Approx(4.0 / 7.0));
    CHECK(report.conversions[2].rate == doctest::Approx(0.5));
    CHECK(report.main_line_conversion == doctest::Approx(0.2));
}

LEADPOOL_STORE_TEST_CASE("the funnel filters by pool subtree, owner, channel and capture period") {
    Company<Factory> c;
    build_funnel(c);
    Engine& e = *c.engine;

    FunnelFilter east;
    east.pool = c.east;
    FunnelReport r = e.funnel("boss", east);
    CHECK(r.leads == 4);
    check_tier(r, Tier::order, 1, 1);
    CHECK(r.main_line_conversion == doctest::Approx(0.25));

    FunnelFilter bob;
    bob.owner = "bob";
    r = e.funnel("boss", bob);
    CHECK(r.leads == 2);  // 7 and 8; 9 went back to the master pool, unowned
    check_tier(r, Tier::sub, 1, 2);

    FunnelFilter shop;
    shop.channel = "shop";
    r = e.funnel("boss", shop);
    CHECK(r.leads == 4);
    check_tier(r, Tier::master, 2, 4);
    check_tier(r, Tier::order, 1, 1);

    FunnelFilter day_two;  // aligned to whole days
    day_two.captured_from = kStart + kDay;
    day_two.captured_to = kStart + 2 * kDay;
    CHECK(e.funnel("boss", day_two).leads == 4);
    FunnelFilter first_day_by_the_hour;  // not aligned
    first_day_by_the_hour.captured_from = kStart - 3600000;
    first_day_by_the_hour.captured_to = kStart + 3600000;
    r = e.funnel("boss", first_day_by_the_hour);
    CHECK(r.leads == 6);
    check_tier(r, Tier::invalid, 1, 1);
    FunnelFilter nothing;
    nothing.captured_from = kStart + 5 * kDay;
    r = e.funnel("boss", nothing);
    CHECK(r.leads == 0);
    CHECK(r.main_line_conversion == 0);
    CHECK(r.conversions[0].rate == 0);
}

LEADPOOL_STORE_TEST_CASE("the funnel only counts leads the actor may read") {
    Company<Factory> c;
    build_funnel(c);
    // A factory-led salesperson reads the sub pools they manage: ann's four leads in east.
    const FunnelReport ann = c.engine->funnel("ann");
    CHECK(ann.leads == 4);
    check_tier(ann, Tier::sub, 1, 4);
    check_tier(ann, Tier::order, 1, 1);
    check_tier(ann, Tier::master, 0, 4);
    // Asking for bob's pool does not widen ann's view.
    FunnelFilter west;
    west.pool = c.west;
    CHECK(c.engine->funnel("ann", west).leads == 0);
}

LEADPOOL_STORE_TEST_CASE("the funnel stays exact as leads keep moving") {
    Company<Factory> c;
    auto id = build_funnel(c);
    Engine& e = *c.engine;
    e.transition("boss", move(id[2], Action::reactivate, c.west, "bob"));
    e.transition("boss", move(id[6], Action::restore));
    e.transition("boss", move(id[1], Action::invalidate, std::nullopt, std::nullopt, "refunded"));
    const FunnelReport report = e.funnel("boss");
    check_tier(report, Tier::master, 4, 10);
    check_tier(report, Tier::sub, 3, 7);
    check_tier(report, Tier::order, 1, 2);
    check_tier(report, Tier::lost, 0, 1);
    check_tier(report, Tier::invalid, 1, 2);
    int at = 0;
    for (const auto& tier : report.tiers) at += static_cast<int>(tier.at);
    CHECK(at == report.leads);  // each lead is at exactly one tier
}
