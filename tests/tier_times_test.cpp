// Time in tier, velocity and revenue, from the history log — on every store, with durations
// worked out by hand on the quarter of quarter_fixture.hpp.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "quarter_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

DurationStats stats(std::int64_t count, Timestamp median, Timestamp p90, Timestamp mean) {
    return DurationStats{count, median, p90, mean};
}

doctest::String stats_text(const DurationStats& s) {
    return (std::to_string(s.count) + " median " + std::to_string(s.median) + " p90 " +
            std::to_string(s.p90) + " mean " + std::to_string(s.mean))
        .c_str();
}

const TierTime& in(const TierTimesPart& part, Tier tier) {
    return part.tiers[static_cast<std::size_t>(tier)];
}

// After the quarter: ann's lead 2 and bob's lead 4 are qualified at 1 April 02:00 and won a day
// later, for 700 and for their amount of 300.
template <typename Factory>
void win_two(Company<Factory>& c, const std::vector<LeadId>& id) {
    Engine& e = *c.engine;
    c.clock->set(kApril + 2 * kHour);
    e.define_workflow("boss", Workflow{"deal", {{"quote", {}}}, {"crm"}});
    e.open_opportunity("ann", OpportunityRequest{id[2], "crm", 500, {}});
    e.open_opportunity("bob", OpportunityRequest{id[4], "crm", 300, {}});
    c.clock->set(kApril + kDay + 2 * kHour);
    e.win_opportunity("ann", id[2], 700);
    e.win_opportunity("bob", id[4]);
}

}  // namespace

namespace doctest {
template <>
struct StringMaker<DurationStats> {
    static String convert(const DurationStats& s) { return stats_text(s); }
};
}  // namespace doctest

TEST_SUITE_BEGIN("time in tier");

LEADPOOL_STORE_TEST_CASE("time in tier measures finished stays and the open ones' age at the clock's now") {
    Company<Factory> c;
    capture_quarter(c);
    const TierTimes times = c.engine->tier_times("boss", {}, {});
    CHECK(times.at == kApril + kHour);  // the clock, after lead 6 went to sub
    CHECK(times.rows.empty());
    const TierTimesPart& t = times.total;
    // Master: leads 1-4 and 6 left it after 23, 22, 24, 25 and 2 hours; lead 5 is still there.
    CHECK(in(t, Tier::master).finished == stats(5, 23 * kHour, 25 * kHour, 96 * kHour / 5));
    CHECK(in(t, Tier::master).open ==
          stats(1, 50 * kDay - 8 * kHour, 50 * kDay - 8 * kHour, 50 * kDay - 8 * kHour));
    // Sub: lead 1 for 18 days, lead 3 for 36; leads 2, 4 and 6 there for 89 days - 8 h, 49 days - 8 h
    // and since the clock's now.
    CHECK(in(t, Tier::sub).finished == stats(2, 18 * kDay, 36 * kDay, 27 * kDay));
    CHECK(in(t, Tier::sub).open ==
          stats(3, 49 * kDay - 8 * kHour, 89 * kDay - 8 * kHour, (138 * kDay - 16 * kHour) / 3));
    CHECK(in(t, Tier::opportunity).finished == stats(1, 14 * kDay, 14 * kDay, 14 * kDay));
    CHECK(in(t, Tier::opportunity).open ==
          stats(1, 49 * kDay - 8 * kHour, 49 * kDay - 8 * kHour, 49 * kDay - 8 * kHour));
    CHECK(in(t, Tier::order).finished == stats(0, 0, 0, 0));
    CHECK(in(t, Tier::order).open ==
          stats(1, 57 * kDay - 8 * kHour, 57 * kDay - 8 * kHour, 57 * kDay - 8 * kHour));
    // Lead 1: captured 1 January 10:00, won 3 February 09:00; no opportunity record, no revenue.
    CHECK(t.to_order == stats(1, 33 * kDay - kHour, 33 * kDay - kHour, 33 * kDay - kHour));
    CHECK(t.revenue.orders == 0);
}

LEADPOOL_STORE_TEST_CASE("time in tier counts the stays that ended in the period, open ones at `at`") {
    Company<Factory> c;
    capture_quarter(c);
    TierTimesRequest january;
    january.from = kStart;
    january.to = kFebruary;
    january.at = kFebruary;
    const TierTimes times = c.engine->tier_times("boss", {}, january);
    CHECK(times.at == kFebruary);
    const TierTimesPart& t = times.total;
    CHECK(in(t, Tier::master).finished == stats(3, 23 * kHour, 24 * kHour, 23 * kHour));  // leads 1, 2, 3
    CHECK(in(t, Tier::sub).finished == stats(1, 18 * kDay, 18 * kDay, 18 * kDay));        // lead 1
    CHECK(in(t, Tier::opportunity).finished.count == 0);  // lead 1 left it on 3 February
    // On 1 February: leads 2 and 3 in sub, lead 1 in opportunity; leads 4-6 were not captured yet.
    CHECK(in(t, Tier::master).open.count == 0);
    CHECK(in(t, Tier::sub).open ==
          stats(2, 26 * kDay - 9 * kHour, 30 * kDay - 9 * kHour, 28 * kDay - 9 * kHour));
    CHECK(in(t, Tier::opportunity).open ==
          stats(1, 12 * kDay - 9 * kHour, 12 * kDay - 9 * kHour, 12 * kDay - 9 * kHour));
    CHECK(t.to_order.count == 0);
    // A stay ending at `to` is the next period's: lead 1's January in sub ends at 20 January 09:00.
    TierTimesRequest until_then;
    until_then.to = kStart + 19 * kDay + 9 * kHour;
    CHECK(in(c.engine->tier_times("boss", {}, until_then).total, Tier::sub).finished.count == 0);
    until_then.to = *until_then.to + 1;
    CHECK(in(c.engine->tier_times("boss", {}, until_then).total, Tier::sub).finished.count == 1);
}

LEADPOOL_STORE_TEST_CASE("time in tier by pool, owner and capture month groups by the lead's value now") {
    Company<Factory> c;
    capture_quarter(c);
    Engine& e = *c.engine;
    TierTimesRequest by_pool;
    by_pool.by = BreakdownKey::pool;
    const TierTimes pools = e.tier_times("boss", {}, by_pool);
    REQUIRE(pools.rows.size() == 3);
    CHECK(pools.rows[0].group == BreakdownValue{kMasterPoolId});  // lead 5
    CHECK(in(pools.rows[0].times, Tier::master).open.count == 1);
    CHECK(in(pools.rows[0].times, Tier::master).finished.count == 0);
    CHECK(pools.rows[1].group == BreakdownValue{c.east});  // leads 1, 2 and 6
    CHECK(in(pools.rows[1].times, Tier::master).finished == stats(3, 22 * kHour, 23 * kHour, 47 * kHour / 3));
    CHECK(pools.rows[2].group == BreakdownValue{c.west});  // leads 3 and 4
    CHECK(in(pools.rows[2].times, Tier::master).finished ==
          stats(2, 24 * kHour, 25 * kHour, 24 * kHour + kHour / 2));
    CHECK(in(pools.rows[2].times, Tier::sub).finished == stats(1, 36 * kDay, 36 * kDay, 36 * kDay));

    TierTimesRequest by_month;
    by_month.by = BreakdownKey::capture_month;
    const TierTimes months = e.tier_times("boss", {}, by_month);
    REQUIRE(months.rows.size() == 3);
    CHECK(months.rows[0].group == BreakdownValue{kStart});
    CHECK(in(months.rows[0].times, Tier::master).finished.count == 3);
    CHECK(months.rows[0].times.to_order.count == 1);
    CHECK(months.rows[1].group == BreakdownValue{kFebruary});
    CHECK(in(months.rows[1].times, Tier::master).finished == stats(1, 25 * kHour, 25 * kHour, 25 * kHour));
    CHECK(months.rows[2].group == BreakdownValue{kMarch});
    CHECK(in(months.rows[2].times, Tier::master).finished == stats(1, 2 * kHour, 2 * kHour, 2 * kHour));
}

LEADPOOL_STORE_TEST_CASE("velocity and revenue: capture to order, and the won orders' amounts") {
    Company<Factory> c;
    const std::vector<LeadId> id = capture_quarter(c);
    win_two(c, id);
    Engine& e = *c.engine;
    const TierTimesPart all = e.tier_times("boss", {}, {}).total;
    // Leads 1, 4 and 2 reached order 33 days - 1 h, 51 days - 6 h and 91 days - 9 h after capture.
    CHECK(all.to_order ==
          stats(3, 51 * kDay - 6 * kHour, 91 * kDay - 9 * kHour, (175 * kDay - 16 * kHour) / 3));
    CHECK(all.revenue.orders == 2);
    CHECK(all.revenue.sum == 1000);
    CHECK(all.revenue.mean == 500);
    // Leads 2 and 4 left sub when qualified and opportunity when won.
    CHECK(in(all, Tier::sub).finished.count == 4);
    CHECK(in(all, Tier::opportunity).finished.count == 3);

    TierTimesRequest april;
    april.from = kApril;
    const TierTimesPart since_april = e.tier_times("boss", {}, april).total;
    CHECK(since_april.to_order.count == 2);
    CHECK(since_april.revenue.orders == 2);
    april.from = kApril + kDay + 2 * kHour + 1;  // just after the wins
    CHECK(e.tier_times("boss", {}, april).total.revenue.orders == 0);

    TierTimesRequest by_owner;
    by_owner.by = BreakdownKey::owner;
    const TierTimes owners = e.tier_times("boss", {}, by_owner);
    REQUIRE(owners.rows.size() == 3);
    CHECK(owners.rows[0].group == BreakdownValue{});  // lead 5, unowned in master
    CHECK(owners.rows[0].times.revenue.orders == 0);
    CHECK(owners.rows[1].group == BreakdownValue{std::string("ann")});
    CHECK(owners.rows[1].times.revenue.sum == 700);
    CHECK(owners.rows[1].times.to_order.count == 2);
    CHECK(owners.rows[2].group == BreakdownValue{std::string("bob")});
    CHECK(owners.rows[2].times.revenue.sum == 300);
    CHECK(owners.rows[2].times.to_order ==
          stats(1, 51 * kDay - 6 * kHour, 51 * kDay - 6 * kHour, 51 * kDay - 6 * kHour));
}

LEADPOOL_STORE_TEST_CASE("a merge takes the absorbed lead's stays out until the unmerge, and an erasure keeps them") {
    Company<Factory> c;
    const std::vector<LeadId> id = capture_quarter(c);
    win_two(c, id);
    Engine& e = *c.engine;
    TierTimesRequest at_end;
    at_end.at = kApril + 2 * kDay;
    const std::string before = to_json(e.tier_times("boss", {}, at_end));
    // Lead 3 (west, at opportunity since 11 February) and lead 4 (won) are merged: one is absorbed.
    const MergeRecord merge = e.merge_leads("boss", id[3], id[4], "the same person");
    const TierTimesPart merged = e.tier_times("boss", {}, at_end).total;
    const bool lost_lead_3 = merge.absorbed == id[3];
    CHECK(in(merged, Tier::opportunity).open.count == (lost_lead_3 ? 0 : 1));
    CHECK(merged.revenue.orders == (lost_lead_3 ? 2 : 1));
    CHECK(in(merged, Tier::master).finished.count == 4);  // leads 1-4 and 6 left it; one is absorbed
    e.unmerge("boss", merge.id, "two people after all");
    CHECK(to_json(e.tier_times("boss", {}, at_end)) == before);
    ErasureRequest erasure;
    erasure.reason = "request 17";
    e.erase("boss", id[2], erasure);
    CHECK(to_json(e.tier_times("boss", {}, at_end)) == before);
}

LEADPOOL_STORE_TEST_CASE("time in tier reads the funnel's filter and the actor's scope") {
    Company<Factory> c;
    capture_quarter(c);
    Engine& e = *c.engine;
    FunnelFilter shop;  // leads 3, 5 and 6
    shop.channel = "shop";
    const TierTimesPart t = e.tier_times("boss", shop, {}).total;
    CHECK(in(t, Tier::master).finished == stats(2, 2 * kHour, 24 * kHour, 13 * kHour));
    CHECK(in(t, Tier::master).open.count == 1);
    // ann reads east's leads 1, 2 and 6, their whole history.
    const TierTimesPart ann = e.tier_times("ann", {}, {}).total;
    CHECK(in(ann, Tier::master).finished.count == 3);
    CHECK(in(ann, Tier::sub).open.count == 2);
    CHECK(ann.to_order.count == 1);
}

LEADPOOL_STORE_TEST_CASE("a bad time-in-tier request is refused with the field it names") {
    Company<Factory> c;
    capture_quarter(c);
    Engine& e = *c.engine;
    TierTimesRequest backwards;
    backwards.from = kApril;
    backwards.to = kStart;
    CHECK(refusal(e, ErrorCode::invalid_argument, [&] {
              e.tier_times("boss", {}, backwards);
          }).find("tier times to") != std::string::npos);
    for (const BreakdownKey key : {BreakdownKey::score_band, BreakdownKey::product_type,
                                   static_cast<BreakdownKey>(kBreakdownKeyCount)}) {
        TierTimesRequest by;
        by.by = key;
        CHECK(refusal(e, ErrorCode::invalid_argument, [&] {
                  e.tier_times("boss", {}, by);
              }).find("tier times by") != std::string::npos);
    }
    refusal(e, ErrorCode::permission_denied, [&] { e.tier_times("nobody", {}, {}); });
    FunnelFilter missing_pool;
    missing_pool.pool = 404;
    refusal(e, ErrorCode::not_found, [&] { e.tier_times("boss", missing_pool, {}); });
}

LEADPOOL_STORE_TEST_CASE("time-in-tier requests and reports cross as JSON") {
    Company<Factory> c;
    const std::vector<LeadId> id = capture_quarter(c);
    win_two(c, id);
    const TierTimesRequest request =
        tier_times_request_from_json(R"({"from": )" + std::to_string(kStart) + R"(, "by": "owner"})");
    CHECK(request.from == kStart);
    CHECK(request.to == std::nullopt);
    CHECK(request.at == std::nullopt);
    CHECK(request.by == BreakdownKey::owner);
    const auto json = nlohmann::json::parse(to_json(c.engine->tier_times("boss", {}, request)));
    CHECK(json["from"] == kStart);
    CHECK(json["to"].is_null());
    CHECK(json["at"] == kApril + kDay + 2 * kHour);
    CHECK(json["by"] == "owner");
    REQUIRE(json["rows"].size() == 3);
    CHECK(json["rows"][1]["group"] == "ann");
    CHECK(json["rows"][1]["times"]["revenue"] ==
          nlohmann::json::parse(R"({"orders": 1, "sum": 700, "mean": 700})"));
    CHECK(json["total"]["tiers"]["sub"]["finished"]["count"] == 4);
    CHECK(json["total"]["to_order"]["median_ms"] == 51 * kDay - 6 * kHour);
    CHECK(json["total"]["tiers"].size() == 4);  // master, sub, opportunity, order
    CHECK(tier_times_request_from_json(R"({"at": 5, "by": null, "to": null})").at == 5);
    for (const char* bad : {R"({"by": "score_band"})", R"({"by": "week"})", R"({"from": "0"})",
                            R"({"tier": "sub"})", R"([])"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(tier_times_request_from_json(bad), Error);
    }
}

TEST_SUITE_END();
