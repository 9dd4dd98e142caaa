// The period report: the moves into each tier during a period, from the history log — on every
// store, with counts worked out by hand on the quarter of quarter_fixture.hpp.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "quarter_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

TierMovesRequest period(Timestamp from, Timestamp to, std::optional<MoveKey> by = std::nullopt) {
    return TierMovesRequest{from, to, by};
}

// master, sub, opportunity, order, lost, invalid
TierCounts counts(std::int64_t master, std::int64_t sub, std::int64_t opportunity, std::int64_t order) {
    return TierCounts{master, sub, opportunity, order, 0, 0};
}

}  // namespace

TEST_SUITE_BEGIN("period report");

LEADPOOL_STORE_TEST_CASE("the period report counts the moves into each tier during the period") {
    Company<Factory> c;
    capture_quarter(c);
    Engine& e = *c.engine;
    const TierMoves quarter = e.tier_moves("boss", {}, period(kStart, kApril));
    CHECK(quarter.into == counts(6, 4, 2, 1));  // lead 6 went to sub on 1 April, after the quarter
    CHECK(quarter.rows.empty());
    CHECK(quarter.from == kStart);
    CHECK(quarter.to == kApril);
    CHECK(e.tier_moves("boss", {}, period(kApril, kApril + kDay)).into == counts(0, 1, 0, 0));
    // [from, to): the win at Feb 3 09:00 is in a period ending a millisecond later, not one ending then.
    const Timestamp win = kFebruary + 2 * kDay + 9 * kHour;
    CHECK(e.tier_moves("boss", {}, period(win, win + 1)).into == counts(0, 0, 0, 1));
    CHECK(e.tier_moves("boss", {}, period(win - kDay, win)).into == counts(0, 0, 0, 0));
}

LEADPOOL_STORE_TEST_CASE("the period report breaks the moves down by month, pool and owner") {
    Company<Factory> c;
    capture_quarter(c);
    Engine& e = *c.engine;
    const TierMoves by_month = e.tier_moves("boss", {}, period(kStart, kApril, MoveKey::month));
    REQUIRE(by_month.rows.size() == 3);
    CHECK(by_month.rows[0].group == BreakdownValue{kStart});
    CHECK(by_month.rows[0].into == counts(3, 3, 1, 0));
    CHECK(by_month.rows[1].group == BreakdownValue{kFebruary});
    CHECK(by_month.rows[1].into == counts(2, 1, 1, 1));
    CHECK(by_month.rows[2].group == BreakdownValue{kMarch});
    CHECK(by_month.rows[2].into == counts(1, 0, 0, 0));
    CHECK(by_month.into == counts(6, 4, 2, 1));

    const TierMoves by_pool = e.tier_moves("boss", {}, period(kStart, kApril, MoveKey::pool));
    REQUIRE(by_pool.rows.size() == 3);
    CHECK(by_pool.rows[0].group == BreakdownValue{kMasterPoolId});  // captures land in the master pool
    CHECK(by_pool.rows[0].into == counts(6, 0, 0, 0));
    CHECK(by_pool.rows[1].group == BreakdownValue{c.east});
    CHECK(by_pool.rows[1].into == counts(0, 2, 1, 1));
    CHECK(by_pool.rows[2].group == BreakdownValue{c.west});
    CHECK(by_pool.rows[2].into == counts(0, 2, 1, 0));

    const TierMoves by_owner = e.tier_moves("boss", {}, period(kStart, kApril, MoveKey::owner));
    REQUIRE(by_owner.rows.size() == 3);
    CHECK(by_owner.rows[0].group == BreakdownValue{});  // captured by nobody
    CHECK(by_owner.rows[0].into == counts(6, 0, 0, 0));
    CHECK(by_owner.rows[1].group == BreakdownValue{std::string("ann")});
    CHECK(by_owner.rows[1].into == counts(0, 2, 1, 1));
    CHECK(by_owner.rows[2].group == BreakdownValue{std::string("bob")});
    CHECK(by_owner.rows[2].into == counts(0, 2, 1, 0));
}

LEADPOOL_STORE_TEST_CASE("the period report reads the funnel's filter and the actor's scope") {
    Company<Factory> c;
    capture_quarter(c);
    Engine& e = *c.engine;
    FunnelFilter shop;
    shop.channel = "shop";
    CHECK(e.tier_moves("boss", shop, period(kStart, kApril)).into == counts(3, 1, 1, 0));
    FunnelFilter west;
    west.pool = c.west;
    CHECK(e.tier_moves("boss", west, period(kStart, kApril)).into == counts(2, 2, 1, 0));
    // ann reads east's leads, and their whole history: their captures in the master pool too.
    CHECK(e.tier_moves("ann", {}, period(kStart, kApril + kDay)).into == counts(3, 3, 1, 1));
    FunnelFilter spring;
    spring.campaign = "spring";
    CHECK(e.tier_moves("boss", spring, period(kStart, kApril)).into == counts(2, 2, 2, 1));
}

LEADPOOL_STORE_TEST_CASE("a bad period is refused with the field it names") {
    Company<Factory> c;
    capture_quarter(c);
    Engine& e = *c.engine;
    CHECK(refusal(e, ErrorCode::invalid_argument, [&] { e.tier_moves("boss", {}, period(kApril, kStart)); })
              .find("moves to") != std::string::npos);
    CHECK(refusal(e, ErrorCode::invalid_argument, [&] { e.tier_moves("boss", {}, period(kStart, kStart)); })
              .find("moves to") != std::string::npos);
    CHECK(refusal(e, ErrorCode::invalid_argument, [&] {
              e.tier_moves("boss", {}, period(kStart, kApril, static_cast<MoveKey>(kMoveKeyCount)));
          }).find("moves by") != std::string::npos);
    refusal(e, ErrorCode::permission_denied, [&] { e.tier_moves("nobody", {}, period(kStart, kApril)); });
    FunnelFilter missing_pool;
    missing_pool.pool = 404;
    refusal(e, ErrorCode::not_found, [&] { e.tier_moves("boss", missing_pool, period(kStart, kApril)); });
}

LEADPOOL_STORE_TEST_CASE("period requests and reports cross as JSON") {
    Company<Factory> c;
    capture_quarter(c);
    const TierMovesRequest request = tier_moves_request_from_json(
        R"({"from": )" + std::to_string(kStart) + R"(, "to": )" + std::to_string(kApril) + R"(, "by": "owner"})");
    CHECK(request.from == kStart);
    CHECK(request.to == kApril);
    CHECK(request.by == MoveKey::owner);
    const auto json = nlohmann::json::parse(to_json(c.engine->tier_moves("boss", {}, request)));
    CHECK(json["by"] == "owner");
    REQUIRE(json["rows"].size() == 3);
    CHECK(json["rows"][0]["group"].is_null());
    CHECK(json["rows"][1]["group"] == "ann");
    CHECK(json["rows"][1]["into"] ==
          nlohmann::json::parse(R"({"master": 0, "sub": 2, "opportunity": 1, "order": 1, "lost": 0, "invalid": 0})"));
    CHECK(json["into"]["master"] == 6);
    CHECK(tier_moves_request_from_json(R"({"from": 0, "to": 1, "by": null})").by == std::nullopt);
    for (const char* bad : {R"({"from": 0})", R"({"to": 1})", R"({"from": 0, "to": 1, "by": "week"})",
                            R"({"from": "0", "to": 1})", R"({"from": 0, "to": 1, "tier": "sub"})"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(tier_moves_request_from_json(bad), Error);
    }
}

TEST_SUITE_END();
