// The public share over time: a pool's leads and its unowned ones at the end of each day, week or
// month, replayed from the history — on every store, on the busy days of hoarding_fixture.hpp.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "hoarding_fixture.hpp"
#include "leadpool/json.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

struct Expected {
    Timestamp start;
    Timestamp at;
    std::int64_t leads;
    std::int64_t unowned;
};

void check_points(const PublicShare& share, const std::vector<Expected>& expected) {
    REQUIRE(share.points.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        const SharePoint& point = share.points[i];
        CHECK(point.start == expected[i].start);
        CHECK(point.at == expected[i].at);
        CHECK(point.leads == expected[i].leads);
        CHECK(point.unowned == expected[i].unowned);
        const double share_of = expected[i].leads == 0 ? 0.0
                                                       : static_cast<double>(expected[i].unowned) /
                                                             static_cast<double>(expected[i].leads);
        CHECK(point.share == doctest::Approx(share_of));
    }
}

}  // namespace

TEST_SUITE_BEGIN("public share");

LEADPOOL_STORE_TEST_CASE("the public share of a pool at the end of each day") {
    BusyDays<Factory> t;
    Engine& e = t.engine_ref();
    // north itself: l1 .. l5 (l3b counts as part of l3a). Day 1 ends with l1 unowned; bob holds it
    // from the busy day on.
    const PublicShare north = e.public_share("boss", {t.north, false, kStart, kStart + 3 * kDay, ShareInterval::day});
    CHECK(north.pool == t.north);
    CHECK_FALSE(north.subtree);
    CHECK(north.interval == ShareInterval::day);
    check_points(north, {{kStart, kStart + kDay, 5, 1},
                         {kStart + kDay, kStart + 2 * kDay, 5, 0},
                         {kStart + 2 * kDay, kStart + 3 * kDay, 5, 0}});
    // With its subtree: south's l6 too, held by dan.
    check_points(e.public_share("boss", {t.north, true, kStart, kStart + 2 * kDay, ShareInterval::day}),
                 {{kStart, kStart + kDay, 6, 1}, {kStart + kDay, kStart + 2 * kDay, 6, 0}});
    // Before the captures at 1h nothing was there: the period may start and end anywhere.
    check_points(e.public_share("boss", {t.north, false, kStart, kStart + kHour, ShareInterval::day}),
                 {{kStart, kStart + kHour, 0, 0}});
}

LEADPOOL_STORE_TEST_CASE("the public share by week runs from Monday, by month from the 1st") {
    BusyDays<Factory> t;
    Engine& e = t.engine_ref();
    // south by week, from Thursday 1 January: the first week ends on Monday 5 January (l6 is dan's),
    // the next on the 12th (recycled on the 6th: unowned), the last at `to`.
    const Timestamp monday = kStart + 4 * kDay;
    check_points(e.public_share("boss", {t.south, false, kStart, kStart + 14 * kDay, ShareInterval::week}),
                 {{kStart, monday, 1, 0}, {monday, monday + 7 * kDay, 1, 1},
                  {monday + 7 * kDay, kStart + 14 * kDay, 1, 1}});
    const Timestamp february = kStart + 31 * kDay;
    check_points(e.public_share("boss", {t.south, false, kStart, february + kDay, ShareInterval::month}),
                 {{kStart, february, 1, 1}, {february, february + kDay, 1, 1}});
    CHECK(interval_start(ShareInterval::month, february + 5) == february);
    CHECK(next_interval_start(ShareInterval::month, february + 5) == february + 28 * kDay);
    CHECK(interval_start(ShareInterval::week, kStart) == kStart - 3 * kDay);  // 1 January 2026 is a Thursday
}

LEADPOOL_STORE_TEST_CASE("a salesperson's public share counts the leads they may read") {
    BusyDays<Factory> t;
    Engine& e = t.engine_ref();
    // ann reads l2 and l3a, both hers since the start.
    check_points(e.public_share("ann", {t.north, false, kStart, kStart + kDay, ShareInterval::day}),
                 {{kStart, kStart + kDay, 2, 0}});
}

LEADPOOL_STORE_TEST_CASE("a bad public share request is refused naming its field") {
    BusyDays<Factory> t;
    Engine& e = t.engine_ref();
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.public_share("boss", {t.north, false, kStart, kStart, ShareInterval::day}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found,
                               e.public_share("boss", {9999, false, kStart, kStart + kDay, ShareInterval::day}));
    LP_CHECK_REFUSED_UNCHANGED(
        e, ErrorCode::limit_exceeded,
        e.public_share("boss", {t.north, false, kStart, kStart + 1001 * kDay, ShareInterval::day}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.public_share("boss", {t.north, false, kStart, kStart + kDay,
                                                       static_cast<ShareInterval>(7)}));
}

LEADPOOL_STORE_TEST_CASE("public share requests and answers cross as JSON") {
    BusyDays<Factory> t;
    const PublicShareRequest request =
        public_share_request_from_json(R"({"pool": 3, "subtree": true, "from": 5, "to": 9, "interval": "month"})");
    CHECK((request.pool == 3 && request.subtree && request.from == 5 && request.to == 9));
    CHECK(request.interval == ShareInterval::month);
    CHECK(public_share_request_from_json(R"({"pool": 3, "from": 5, "to": 9})").interval == ShareInterval::week);
    const auto json = nlohmann::json::parse(to_json(
        t.engine_ref().public_share("boss", {t.north, false, kStart, kStart + kDay, ShareInterval::day})));
    CHECK(json == nlohmann::json::parse(R"({"pool": )" + std::to_string(t.north) +
                                        R"(, "subtree": false, "interval": "day", "points": [{"start": )" +
                                        std::to_string(kStart) + R"(, "at": )" + std::to_string(kStart + kDay) +
                                        R"(, "leads": 5, "unowned": 1, "share": 0.2}]})"));
    for (const char* bad : {R"({"from": 0, "to": 1})", R"({"pool": 1, "from": 0, "to": 1, "interval": "year"})",
                            R"({"pool": 1, "from": 0, "to": 1, "subtree": 1})"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(public_share_request_from_json(bad), Error);
    }
}

TEST_SUITE_END();
