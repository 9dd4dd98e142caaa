// The hoarding report (囤积): per owner, leads held now, idle ones, claims, releases, recycles,
// takeaways and churn — on every store, worked out by hand on the busy days of hoarding_fixture.hpp.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "hoarding_fixture.hpp"
#include "leadpool/json.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

// The line of `owner`; fails the check when there is none.
OwnerHolding line_of(const OwnerHoldings& report, const UserId& owner) {
    for (const OwnerHolding& line : report.owners) {
        if (line.owner == owner) return line;
    }
    FAIL("no line for " << owner);
    return {};
}

std::int64_t held(const OwnerHolding& line) {
    std::int64_t n = 0;
    for (const std::int64_t count : line.held) n += count;
    return n;
}

std::vector<UserId> owners_of(const OwnerHoldings& report) {
    std::vector<UserId> out;
    for (const OwnerHolding& line : report.owners) out.push_back(line.owner);
    return out;
}

}  // namespace

TEST_SUITE_BEGIN("owner holdings");

LEADPOOL_STORE_TEST_CASE("holdings count each owner's leads, idle ones, claims, releases and churn") {
    BusyDays<Factory> t;
    Engine& e = t.engine_ref();
    const OwnerHoldings report = e.owner_holdings("boss", HoldingsRequest{7, kBusyDay, kReportTime});
    CHECK(report.now == kReportTime);
    CHECK(report.idle_before == kReportTime - 7 * kDay);
    CHECK(owners_of(report) == std::vector<UserId>{"ann", "bob", "cy", "dan"});

    // ann holds l2 (followed up on day 8) and l3a (last followed up on the busy day): one idle.
    // She claimed l1 and released it again the same day: one claim, one release, one churn.
    const OwnerHolding ann = line_of(report, "ann");
    CHECK(ann.held[static_cast<std::size_t>(Tier::sub)] == 2);
    CHECK(held(ann) == 2);
    CHECK(ann.idle == 1);
    CHECK(ann.claims == 1);
    CHECK(ann.releases == 1);
    CHECK(ann.churned == 1);
    CHECK(ann.recycles == 0);
    CHECK(ann.taken_away == 0);
    // bob holds l1 (followed up on day 9) and l4 (his since kStart): one idle; sam took l5 away.
    const OwnerHolding bob = line_of(report, "bob");
    CHECK(held(bob) == 2);
    CHECK(bob.idle == 1);
    CHECK(bob.claims == 1);
    CHECK(bob.releases == 0);
    CHECK(bob.churned == 0);
    CHECK(bob.taken_away == 1);
    // cy got l5 from sam on the busy day and never followed it up.
    const OwnerHolding cy = line_of(report, "cy");
    CHECK(held(cy) == 1);
    CHECK(cy.idle == 1);
    CHECK(cy.claims == 0);
    // The maintenance run took l6 back from dan.
    const OwnerHolding dan = line_of(report, "dan");
    CHECK(held(dan) == 0);
    CHECK(dan.recycles == 1);
    CHECK(dan.taken_away == 0);
}

LEADPOOL_STORE_TEST_CASE("idle is measured from the clock's now: the last follow-up, else the take") {
    BusyDays<Factory> t;
    Engine& e = t.engine_ref();
    // Two days: ann's l2 (followed up on day 8, three days ago) is idle too.
    CHECK(line_of(e.owner_holdings("boss", {2, kBusyDay, kReportTime}), "ann").idle == 2);
    // Nine days: ann's l3a was last followed up on day 1 at 8h30, more than nine days ago; l2 not.
    CHECK(line_of(e.owner_holdings("boss", {9, kBusyDay, kReportTime}), "ann").idle == 1);
    // Ten days: not l3a either (ten days before now is day 1 at 00:00).
    CHECK(line_of(e.owner_holdings("boss", {10, kBusyDay, kReportTime}), "ann").idle == 0);
    // Eleven days: cy took l5 at day 1 10h, less than eleven days ago.
    CHECK(line_of(e.owner_holdings("boss", {11, kBusyDay, kReportTime}), "cy").idle == 0);
    // The clock moves on: bob's l1, followed up on day 9, is not idle after three days at day 12
    // (exactly three days), and is a day later.
    t.at(kReportTime + kDay);
    CHECK(line_of(e.owner_holdings("boss", {3, kBusyDay, kReportTime}), "bob").idle == 1);
    t.at(kReportTime + 2 * kDay);
    CHECK(line_of(e.owner_holdings("boss", {3, kBusyDay, kReportTime}), "bob").idle == 2);
}

LEADPOOL_STORE_TEST_CASE("holdings count only the period's rows, from inclusive, to exclusive") {
    BusyDays<Factory> t;
    Engine& e = t.engine_ref();
    // Up to the release at 3h, exclusive: ann's claim only, no churn.
    const OwnerHolding ann = line_of(e.owner_holdings("boss", {7, kBusyDay, kBusyDay + 3 * kHour}), "ann");
    CHECK(ann.claims == 1);
    CHECK(ann.releases == 0);
    CHECK(ann.churned == 0);
    // From the release on: the release without its claim is no churn.
    const OwnerHolding later = line_of(e.owner_holdings("boss", {7, kBusyDay + 3 * kHour, kReportTime}), "ann");
    CHECK(later.claims == 0);
    CHECK(later.releases == 1);
    CHECK(later.churned == 0);
}

LEADPOOL_STORE_TEST_CASE("a salesperson's holdings report covers the leads they may read") {
    BusyDays<Factory> t;
    Engine& e = t.engine_ref();
    // ann reads l2 and l3a, the leads she holds: no claim or release of l1 is hers to see.
    const OwnerHoldings report = e.owner_holdings("ann", {7, kBusyDay, kReportTime});
    CHECK(owners_of(report) == std::vector<UserId>{"ann"});
    const OwnerHolding ann = line_of(report, "ann");
    CHECK(held(ann) == 2);
    CHECK(ann.idle == 1);
    CHECK(ann.claims == 0);
    // bob reads l1, which ann claimed and released before he claimed it.
    const OwnerHoldings bobs = e.owner_holdings("bob", {7, kBusyDay, kReportTime});
    CHECK(owners_of(bobs) == std::vector<UserId>{"ann", "bob"});
    CHECK(line_of(bobs, "ann").churned == 1);
}

LEADPOOL_STORE_TEST_CASE("a bad holdings request is refused naming its field") {
    BusyDays<Factory> t;
    Engine& e = t.engine_ref();
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.owner_holdings("boss", {0, kBusyDay, kReportTime}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.owner_holdings("boss", {kMaxIdleDays + 1, kBusyDay, kReportTime}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.owner_holdings("boss", {7, kReportTime, kBusyDay}));
    try {
        e.owner_holdings("boss", {0, kBusyDay, kReportTime});
    } catch (const Error& error) {
        CHECK(std::string(error.what()).find("idle_days") != std::string::npos);
    }
}

LEADPOOL_STORE_TEST_CASE("holdings requests and reports cross as JSON") {
    BusyDays<Factory> t;
    const HoldingsRequest request = holdings_request_from_json(R"({"from": 5, "to": 9})");
    CHECK((request.idle_days == 7 && request.from == 5 && request.to == 9));
    CHECK(holdings_request_from_json(R"({"idle_days": 30, "from": 5, "to": 9})").idle_days == 30);
    const auto json = nlohmann::json::parse(to_json(t.engine_ref().owner_holdings("boss", {7, kBusyDay, kReportTime})));
    CHECK(json["now"] == kReportTime);
    CHECK(json["owners"][0] == nlohmann::json::parse(R"({"owner": "ann", "held": 2, "held_by_tier":
        {"master": 0, "sub": 2, "opportunity": 0, "order": 0, "lost": 0, "invalid": 0}, "idle": 1, "claims": 1,
        "releases": 1, "recycles": 0, "taken_away": 0, "churned": 1})"));
    for (const char* bad : {R"({"from": 0})", R"({"idle_days": 0, "from": 0, "to": 1})",
                            R"({"idle_days": 3651, "from": 0, "to": 1})", R"({"from": 0, "to": 1, "owner": "ann"})"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(holdings_request_from_json(bad), Error);
    }
}

TEST_SUITE_END();
