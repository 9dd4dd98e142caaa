// Funnel breakdowns: one read groups the funnel by one or two keys — on every store, with counts
// worked out by hand on a quarter of captures.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "engine_fixture.hpp"
#include "leadpool/json.hpp"
#include "pool_fixture.hpp"
#include "quarter_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

FunnelBreakdownRequest by(std::vector<BreakdownKey> keys) {
    FunnelBreakdownRequest request;
    request.keys = std::move(keys);
    return request;
}

// Each row as "value,value:leads", values as numbers, names or "-" for none.
std::vector<std::string> rows_of(const FunnelBreakdown& breakdown) {
    std::vector<std::string> out;
    for (const auto& row : breakdown.rows) {
        std::string text;
        for (const BreakdownValue& value : row.group) {
            if (!text.empty()) text += ',';
            if (const auto* number = std::get_if<std::int64_t>(&value)) text += std::to_string(*number);
            if (const auto* name = std::get_if<std::string>(&value)) text += *name;
            if (std::holds_alternative<std::monostate>(value)) text += '-';
        }
        out.push_back(text + ":" + std::to_string(row.report.leads));
    }
    return out;
}

std::string at(Timestamp t) { return std::to_string(t); }
std::string pool(PoolId id) { return std::to_string(id); }

// The sum of the rows' reports equals the total, which equals the plain funnel.
void check_total(Engine& e, const std::string& actor, const FunnelFilter& filter, const FunnelBreakdown& b) {
    const FunnelReport plain = e.funnel(actor, filter);
    CHECK(to_json(b.total) == to_json(plain));
    FunnelReport sum;
    for (const auto& row : b.rows) {
        sum.leads += row.report.leads;
        for (int t = 0; t < kTierCount; ++t) {
            sum.tiers[t].at += row.report.tiers[t].at;
            sum.tiers[t].reached += row.report.tiers[t].reached;
        }
    }
    CHECK(sum.leads == plain.leads);
    for (int t = 0; t < kTierCount; ++t) {
        CHECK(sum.tiers[t].at == plain.tiers[t].at);
        CHECK(sum.tiers[t].reached == plain.tiers[t].reached);
    }
}

}  // namespace

TEST_SUITE_BEGIN("funnel breakdown");

LEADPOOL_STORE_TEST_CASE("a breakdown by pool and capture month reports each group's funnel") {
    Company<Factory> c;
    capture_quarter(c);
    Engine& e = *c.engine;
    const FunnelBreakdown b = e.funnel_breakdown("boss", {}, by({BreakdownKey::pool, BreakdownKey::capture_month}));
    REQUIRE(c.east < c.west);
    CHECK(rows_of(b) == std::vector<std::string>{pool(kMasterPoolId) + "," + at(kFebruary) + ":1",
                                                 pool(c.east) + "," + at(kStart) + ":2",
                                                 pool(c.east) + "," + at(kMarch) + ":1",
                                                 pool(c.west) + "," + at(kStart) + ":1",
                                                 pool(c.west) + "," + at(kFebruary) + ":1"});
    // East in January: lead 1 won, lead 2 at sub.
    const FunnelReport& east_january = b.rows[1].report;
    CHECK(east_january[Tier::sub].at == 1);
    CHECK(east_january[Tier::sub].reached == 2);
    CHECK(east_january[Tier::opportunity].reached == 1);
    CHECK(east_january[Tier::order].at == 1);
    CHECK(east_january.conversions[0].rate == doctest::Approx(1.0));
    CHECK(east_january.conversions[1].rate == doctest::Approx(0.5));
    CHECK(east_january.main_line_conversion == doctest::Approx(0.5));
    // West in January: lead 3 at opportunity.
    CHECK(b.rows[3].report[Tier::opportunity].at == 1);
    CHECK(b.rows[3].report[Tier::order].reached == 0);
    CHECK(b.total.leads == 6);
    check_total(e, "boss", {}, b);
}

LEADPOOL_STORE_TEST_CASE("a breakdown groups by owner, channel, campaign and capture week") {
    Company<Factory> c;
    capture_quarter(c);
    Engine& e = *c.engine;
    CHECK(rows_of(e.funnel_breakdown("boss", {}, by({BreakdownKey::owner}))) ==
          std::vector<std::string>{"-:1", "ann:3", "bob:2"});
    CHECK(rows_of(e.funnel_breakdown("boss", {}, by({BreakdownKey::channel, BreakdownKey::owner}))) ==
          std::vector<std::string>{"shop,-:1", "shop,ann:1", "shop,bob:1", "web,ann:2", "web,bob:1"});
    CHECK(rows_of(e.funnel_breakdown("boss", {}, by({BreakdownKey::campaign}))) ==
          std::vector<std::string>{"-:3", "spring:2", "summer:1"});
    // Weeks start on Monday: 1 January 2026 is in the week of Monday 29 December 2025.
    const FunnelBreakdown weeks = e.funnel_breakdown("boss", {}, by({BreakdownKey::capture_week}));
    CHECK(rows_of(weeks) == std::vector<std::string>{at(kStart - 3 * kDay) + ":2", at(kStart + 4 * kDay) + ":1",
                                                     at(kStart + 39 * kDay) + ":2", at(kStart + 88 * kDay) + ":1"});
    check_total(e, "boss", {}, weeks);
}

LEADPOOL_STORE_TEST_CASE("a breakdown by score band puts each lead in the band of its points") {
    Company<Factory> c;
    capture_quarter(c);
    Engine& e = *c.engine;
    FunnelBreakdownRequest bands = by({BreakdownKey::score_band});
    bands.score_model = "fit";
    CHECK(rows_of(e.funnel_breakdown("boss", {}, bands)) == std::vector<std::string>{"0:2", "10:2", "40:2"});
    bands.band_width = 25;
    CHECK(rows_of(e.funnel_breakdown("boss", {}, bands)) == std::vector<std::string>{"0:4", "25:2"});
    bands.keys = {BreakdownKey::pool, BreakdownKey::score_band};
    bands.band_width = 40;
    CHECK(rows_of(e.funnel_breakdown("boss", {}, bands)) ==
          std::vector<std::string>{pool(kMasterPoolId) + ",0:1", pool(c.east) + ",0:2", pool(c.east) + ",40:1",
                                   pool(c.west) + ",0:1", pool(c.west) + ",40:1"});
    bands.score_model = "no such model";
    CHECK(rows_of(e.funnel_breakdown("boss", {}, bands)) ==
          std::vector<std::string>{pool(kMasterPoolId) + ",-:1", pool(c.east) + ",-:3", pool(c.west) + ",-:2"});
}

LEADPOOL_STORE_TEST_CASE("a breakdown reads the filter and only the leads the actor may read") {
    Company<Factory> c;
    capture_quarter(c);
    Engine& e = *c.engine;
    FunnelFilter shop;
    shop.channel = "shop";
    const FunnelBreakdown by_pool = e.funnel_breakdown("boss", shop, by({BreakdownKey::pool}));
    CHECK(rows_of(by_pool) ==
          std::vector<std::string>{pool(kMasterPoolId) + ":1", pool(c.east) + ":1", pool(c.west) + ":1"});
    check_total(e, "boss", shop, by_pool);

    FunnelFilter spring_in_january;  // the campaign of the first touch, captured by the hour
    spring_in_january.campaign = "spring";
    spring_in_january.captured_from = kStart + 10 * kHour;
    spring_in_january.captured_to = kStart + 10 * kHour + 1;
    CHECK(rows_of(e.funnel_breakdown("boss", spring_in_january, by({BreakdownKey::campaign}))) ==
          std::vector<std::string>{"spring:1"});

    // A factory-led salesperson reads the sub pool they manage: ann sees east only.
    const FunnelBreakdown ann = e.funnel_breakdown("ann", {}, by({BreakdownKey::pool, BreakdownKey::owner}));
    CHECK(rows_of(ann) == std::vector<std::string>{pool(c.east) + ",ann:3"});
    check_total(e, "ann", {}, ann);

    FunnelFilter nothing;
    nothing.captured_from = kMarch + 31 * kDay;
    const FunnelBreakdown empty = e.funnel_breakdown("boss", nothing, by({BreakdownKey::capture_month}));
    CHECK(empty.rows.empty());
    CHECK(empty.total.leads == 0);
    CHECK(empty.total.conversions.size() == 3);
}

LEADPOOL_STORE_TEST_CASE("a breakdown by product type reads each lead's latest opportunity") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    e.define_workflow("boss", Workflow{"machine sale", {{"contact", {}}, {"delivery", {}}}, {"lathe", "mill"}});
    const LeadId lathe = t.in_north("13800000001", "ann");
    const LeadId moved_on = t.in_north("13800000002", "ann");
    t.in_north("13800000003", "ann");
    e.open_opportunity("ann", OpportunityRequest{lathe, "lathe", 100, {}});
    e.open_opportunity("ann", OpportunityRequest{moved_on, "lathe", 100, {}});
    e.transition("ann", TransitionRequest::lose(moved_on, "not now"));
    e.transition("sam", TransitionRequest::reactivate(moved_on, t.north, "ann"));
    e.open_opportunity("ann", OpportunityRequest{moved_on, "mill", 300, {}});

    const FunnelBreakdown b = e.funnel_breakdown("boss", {}, by({BreakdownKey::product_type}));
    CHECK(rows_of(b) == std::vector<std::string>{"-:1", "lathe:1", "mill:1"});
    CHECK(b.rows[2].report[Tier::lost].reached == 1);
    CHECK(b.rows[2].report[Tier::opportunity].at == 1);
    check_total(e, "boss", {}, b);
}

LEADPOOL_STORE_TEST_CASE("a bad breakdown request is refused with the field it names") {
    Company<Factory> c;
    capture_quarter(c);
    Engine& e = *c.engine;
    const auto refused = [&](const FunnelBreakdownRequest& request, ErrorCode code, const std::string& field) {
        const std::string message = refusal(e, code, [&] { e.funnel_breakdown("boss", {}, request); });
        CHECK_MESSAGE(message.find(field) != std::string::npos, message);
    };
    refused(by({}), ErrorCode::invalid_argument, "breakdown keys");
    refused(by({BreakdownKey::pool, BreakdownKey::owner, BreakdownKey::channel}), ErrorCode::invalid_argument,
            "breakdown keys");
    refused(by({BreakdownKey::owner, BreakdownKey::owner}), ErrorCode::invalid_argument, "breakdown keys");
    refused(by({static_cast<BreakdownKey>(kBreakdownKeyCount)}), ErrorCode::invalid_argument, "breakdown keys");
    refused(by({BreakdownKey::score_band}), ErrorCode::invalid_argument, "breakdown score_model");
    FunnelBreakdownRequest stray_model = by({BreakdownKey::pool});
    stray_model.score_model = "fit";
    refused(stray_model, ErrorCode::invalid_argument, "breakdown score_model");
    FunnelBreakdownRequest no_width = by({BreakdownKey::score_band});
    no_width.score_model = "fit";
    no_width.band_width = 0;
    refused(no_width, ErrorCode::invalid_argument, "breakdown band_width");
    refusal(e, ErrorCode::permission_denied, [&] { e.funnel_breakdown("nobody", {}, by({BreakdownKey::pool})); });
    FunnelFilter missing_pool;
    missing_pool.pool = 404;
    refusal(e, ErrorCode::not_found, [&] { e.funnel_breakdown("boss", missing_pool, by({BreakdownKey::pool})); });
}

LEADPOOL_STORE_TEST_CASE("breakdown requests and breakdowns cross as JSON") {
    Company<Factory> c;
    capture_quarter(c);
    const FunnelBreakdownRequest request =
        funnel_breakdown_request_from_json(R"({"keys": ["owner", "score_band"], "score_model": "fit", "band_width": 25})");
    CHECK(request.keys == std::vector<BreakdownKey>{BreakdownKey::owner, BreakdownKey::score_band});
    CHECK(request.score_model == "fit");
    CHECK(request.band_width == 25);
    const auto json = nlohmann::json::parse(to_json(c.engine->funnel_breakdown("boss", {}, request)));
    CHECK(json["keys"] == nlohmann::json::array({"owner", "score_band"}));
    REQUIRE(json["rows"].size() == 5);  // (none, 0), (ann, 0), (ann, 25), (bob, 0), (bob, 25)
    CHECK(json["rows"][0]["group"] == nlohmann::json::parse(R"({"owner": null, "score_band": 0})"));
    CHECK(json["rows"][0]["report"]["leads"] == 1);
    CHECK(json["total"]["leads"] == 6);
    for (const char* bad : {R"({})", R"({"keys": "pool"})", R"({"keys": ["region"]})",
                            R"({"keys": ["pool"], "band_width": "ten"})", R"({"keys": ["pool"], "colour": 1})"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(funnel_breakdown_request_from_json(bad), Error);
    }
}

TEST_SUITE_END();
