// The capture cohort table: each capture period's leads followed through the periods after it,
// from the history log — on every store, with counts worked out by hand on the quarter of
// quarter_fixture.hpp.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "quarter_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

CohortRequest cohorts_by(CohortPeriod period, int periods_after) { return CohortRequest{period, periods_after}; }

// A cohort as "start:leads" then, per period after, "sub/opportunity/order".
std::string shown(const CaptureCohorts::Cohort& cohort) {
    std::string text = std::to_string((cohort.start - kStart) / kDay) + "d:" + std::to_string(cohort.leads);
    for (const CohortReached& reached : cohort.reached) {
        text += " " + std::to_string(reached[0]) + "/" + std::to_string(reached[1]) + "/" + std::to_string(reached[2]);
    }
    return text;
}

std::vector<std::string> shown(const CaptureCohorts& table) {
    std::vector<std::string> out;
    for (const auto& cohort : table.cohorts) out.push_back(shown(cohort));
    return out;
}

}  // namespace

TEST_SUITE_BEGIN("capture cohorts");

LEADPOOL_STORE_TEST_CASE("a monthly cohort table follows each month's captures through the months after") {
    Company<Factory> c;
    capture_quarter(c);
    Engine& e = *c.engine;
    const CaptureCohorts table = e.capture_cohorts("boss", {}, cohorts_by(CohortPeriod::month, 3));
    CHECK(table.period == CohortPeriod::month);
    CHECK(table.periods_after == 3);
    // January: 1 and 2 to sub on the 2nd, 3 on the 6th; 1 to opportunity on the 20th, won on
    // 3 February; 3 to opportunity on 11 February. February: 4 to sub on the 11th. March: 6 to sub
    // on 1 April.
    CHECK(shown(table) == std::vector<std::string>{"0d:3 3/1/0 3/2/1 3/2/1 3/2/1", "31d:2 1/0/0 1/0/0 1/0/0 1/0/0",
                                                   "59d:1 0/0/0 1/0/0 1/0/0 1/0/0"});
    CHECK(shown(e.capture_cohorts("boss", {}, cohorts_by(CohortPeriod::month, 0))) ==
          std::vector<std::string>{"0d:3 3/1/0", "31d:2 1/0/0", "59d:1 0/0/0"});
}

LEADPOOL_STORE_TEST_CASE("a weekly cohort table counts weeks from Monday") {
    Company<Factory> c;
    capture_quarter(c);
    Engine& e = *c.engine;
    // Lead 1 reached opportunity on Tue 20 January: three weeks after the week of Mon 29 December.
    CHECK(shown(e.capture_cohorts("boss", {}, cohorts_by(CohortPeriod::week, 2))) ==
          std::vector<std::string>{"-3d:2 2/0/0 2/0/0 2/0/0", "4d:1 1/0/0 1/0/0 1/0/0", "39d:2 1/0/0 1/0/0 1/0/0",
                                   "88d:1 1/0/0 1/0/0 1/0/0"});
    CHECK(shown(e.capture_cohorts("boss", {}, cohorts_by(CohortPeriod::week, 3))).front() ==
          "-3d:2 2/0/0 2/0/0 2/0/0 2/1/0");
}

LEADPOOL_STORE_TEST_CASE("a cohort table reads the funnel's filter and the actor's scope") {
    Company<Factory> c;
    capture_quarter(c);
    Engine& e = *c.engine;
    CHECK(shown(e.capture_cohorts("ann", {}, cohorts_by(CohortPeriod::month, 1))) ==
          std::vector<std::string>{"0d:2 2/1/0 2/1/1", "59d:1 0/0/0 1/0/0"});
    FunnelFilter shop;
    shop.channel = "shop";
    shop.captured_from = kFebruary;
    CHECK(shown(e.capture_cohorts("boss", shop, cohorts_by(CohortPeriod::month, 1))) ==
          std::vector<std::string>{"31d:1 0/0/0 0/0/0", "59d:1 0/0/0 1/0/0"});
    FunnelFilter nothing;
    nothing.captured_from = kApril;
    CHECK(e.capture_cohorts("boss", nothing, cohorts_by(CohortPeriod::month, 1)).cohorts.empty());
}

LEADPOOL_STORE_TEST_CASE("a bad cohort request is refused with the field it names") {
    Company<Factory> c;
    capture_quarter(c);
    Engine& e = *c.engine;
    for (const int bad : {-1, kMaxCohortPeriodsAfter + 1}) {
        CHECK(refusal(e, ErrorCode::invalid_argument, [&] {
                  e.capture_cohorts("boss", {}, cohorts_by(CohortPeriod::month, bad));
              }).find("cohort periods_after") != std::string::npos);
    }
    CHECK(refusal(e, ErrorCode::invalid_argument, [&] {
              e.capture_cohorts("boss", {}, cohorts_by(static_cast<CohortPeriod>(2), 1));
          }).find("cohort period") != std::string::npos);
    refusal(e, ErrorCode::permission_denied, [&] { e.capture_cohorts("nobody", {}, {}); });
    CHECK(e.capture_cohorts("boss", {}, cohorts_by(CohortPeriod::month, kMaxCohortPeriodsAfter))
              .cohorts.front()
              .reached.size() == static_cast<std::size_t>(kMaxCohortPeriodsAfter) + 1);
}

LEADPOOL_STORE_TEST_CASE("cohort requests and tables cross as JSON") {
    Company<Factory> c;
    capture_quarter(c);
    const CohortRequest request = cohort_request_from_json(R"({"period": "week", "periods_after": 1})");
    CHECK(request.period == CohortPeriod::week);
    CHECK(request.periods_after == 1);
    CHECK(cohort_request_from_json("{}").period == CohortPeriod::month);
    const auto json = nlohmann::json::parse(to_json(c.engine->capture_cohorts("boss", {}, request)));
    CHECK(json["period"] == "week");
    CHECK(json["periods_after"] == 1);
    REQUIRE(json["cohorts"].size() == 4);
    CHECK(json["cohorts"][0]["start"] == kStart - 3 * kDay);
    CHECK(json["cohorts"][0]["leads"] == 2);
    CHECK(json["cohorts"][0]["reached"][1] == nlohmann::json::parse(R"({"sub": 2, "opportunity": 0, "order": 0})"));
    for (const char* bad : {R"({"period": "day"})", R"({"periods_after": 25})", R"({"periods_after": -1})",
                            R"({"periods_after": "3"})", R"({"tier": "sub"})"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(cohort_request_from_json(bad), Error);
    }
}

TEST_SUITE_END();
