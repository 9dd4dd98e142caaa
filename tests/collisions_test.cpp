// The collision report (撞单): leads two or more users worked within a window of each other, on
// every store, with the rows worked out by hand on the busy days of hoarding_fixture.hpp.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "hoarding_fixture.hpp"
#include "leadpool/json.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

CollisionRequest busy_day(Timestamp window) { return CollisionRequest{window, kBusyDay, kReportTime}; }

std::vector<LeadId> leads_of(const CollisionPage& page) {
    std::vector<LeadId> out;
    for (const Collision& row : page.collisions) out.push_back(row.lead);
    return out;
}

}  // namespace

TEST_SUITE_BEGIN("collisions");

LEADPOOL_STORE_TEST_CASE("a collision is two users working a lead within the window") {
    BusyDays<Factory> t;
    Engine& e = t.engine_ref();
    const CollisionPage page = e.collisions("boss", busy_day(3 * kHour));
    REQUIRE(leads_of(page) == std::vector<LeadId>{t.l1, t.l2, t.l3a});
    CHECK_FALSE(page.next_after);

    // l1: ann took it at 1h and followed up at 2h; bob took it at 4h and followed up at 5h.
    const Collision& l1 = page.collisions[0];
    CHECK(l1.users == std::vector<UserId>{"ann", "bob"});
    CHECK(l1.first == kBusyDay + kHour);
    CHECK(l1.last == kBusyDay + 5 * kHour);
    CHECK(l1.kind == CollisionKind::both);
    CHECK(l1.merges.empty());
    // l2: ann's follow-up at 6h and sam's at 7h (ann's of day 8 meets nobody's).
    const Collision& l2 = page.collisions[1];
    CHECK(l2.users == std::vector<UserId>{"ann", "sam"});
    CHECK(l2.first == kBusyDay + 6 * kHour);
    CHECK(l2.last == kBusyDay + 7 * kHour);
    CHECK(l2.kind == CollisionKind::follow_up);
    // l3a holds l3b since the merge: bob's follow-up on l3b at 8h and ann's on l3a at 8h30; the
    // merge is linked.
    const Collision& l3 = page.collisions[2];
    CHECK(l3.users == std::vector<UserId>{"ann", "bob"});
    CHECK(l3.first == kBusyDay + 8 * kHour);
    CHECK(l3.last == kBusyDay + 8 * kHour + kHour / 2);
    CHECK(l3.kind == CollisionKind::follow_up);
    CHECK(l3.merges == std::vector<MergeId>{t.merge});
    const auto merges = e.merges("boss", MergeFilter{t.l3a, true});
    REQUIRE(merges.size() == 1);
    CHECK(merges[0].collision);
}

LEADPOOL_STORE_TEST_CASE("the window bounds a collision on both sides, inclusive") {
    BusyDays<Factory> t;
    Engine& e = t.engine_ref();
    // One hour: l1's events are two hours apart across users; l2's exactly one hour.
    CHECK(leads_of(e.collisions("boss", busy_day(kHour))) == std::vector<LeadId>{t.l2, t.l3a});
    CHECK(leads_of(e.collisions("boss", busy_day(kHour - 1))) == std::vector<LeadId>{t.l3a});
    // A millisecond under three hours: on l1 only ann's follow-up (2h) and bob's take (4h) meet.
    const CollisionPage page = e.collisions("boss", busy_day(3 * kHour - 1));
    REQUIRE(!page.collisions.empty());
    const Collision& l1 = page.collisions[0];
    CHECK(l1.lead == t.l1);
    CHECK(l1.first == kBusyDay + 2 * kHour);
    CHECK(l1.last == kBusyDay + 4 * kHour);
    CHECK(l1.kind == CollisionKind::both);
}

LEADPOOL_STORE_TEST_CASE("collisions count only the events of the period, from inclusive, to exclusive") {
    BusyDays<Factory> t;
    Engine& e = t.engine_ref();
    // From 8h30: bob's follow-up at 8h is out, so l3a has no collision; nor has anything after it.
    CHECK(e.collisions("boss", {3 * kHour, kBusyDay + 8 * kHour + kHour / 2, kReportTime}).collisions.empty());
    // Up to 8h30, exclusive: ann's follow-up on l3a is out.
    CHECK(leads_of(e.collisions("boss", {3 * kHour, kBusyDay, kBusyDay + 8 * kHour + kHour / 2})) ==
          std::vector<LeadId>{t.l1, t.l2});
}

LEADPOOL_STORE_TEST_CASE("collisions come in pages by lead id") {
    BusyDays<Factory> t;
    Engine& e = t.engine_ref();
    const CollisionPage first = e.collisions("boss", busy_day(3 * kHour), CollisionPageRequest{std::nullopt, 2});
    CHECK(leads_of(first) == std::vector<LeadId>{t.l1, t.l2});
    REQUIRE(first.next_after == t.l2);
    const CollisionPage second = e.collisions("boss", busy_day(3 * kHour), CollisionPageRequest{first.next_after, 2});
    CHECK(leads_of(second) == std::vector<LeadId>{t.l3a});
    CHECK_FALSE(second.next_after);
}

LEADPOOL_STORE_TEST_CASE("a salesperson sees the collisions of the leads they may read") {
    BusyDays<Factory> t;
    Engine& e = t.engine_ref();
    CHECK(leads_of(e.collisions("ann", busy_day(3 * kHour))) == std::vector<LeadId>{t.l2, t.l3a});
    CHECK(leads_of(e.collisions("bob", busy_day(3 * kHour))) == std::vector<LeadId>{t.l1});
    CHECK(e.collisions("cy", busy_day(3 * kHour)).collisions.empty());
}

LEADPOOL_STORE_TEST_CASE("a bad collision request is refused naming its field") {
    BusyDays<Factory> t;
    Engine& e = t.engine_ref();
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.collisions("boss", busy_day(0)));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.collisions("boss", {kHour, kBusyDay, kBusyDay}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.collisions("boss", busy_day(kHour), CollisionPageRequest{std::nullopt, 0}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.collisions("boss", busy_day(kHour), CollisionPageRequest{std::nullopt, kMaxPageSize + 1}));
    try {
        e.collisions("boss", busy_day(0));
    } catch (const Error& error) {
        CHECK(std::string(error.what()).find("window") != std::string::npos);
    }
}

LEADPOOL_STORE_TEST_CASE("collision requests and pages cross as JSON") {
    BusyDays<Factory> t;
    const CollisionRequest request = collision_request_from_json(R"({"window": 3600000, "from": 5, "to": 9})");
    CHECK((request.window == kHour && request.from == 5 && request.to == 9));
    const CollisionPageRequest page = collision_page_from_json(R"({"after": 7, "limit": 2})");
    CHECK((page.after == 7 && page.limit == 2));
    CHECK_FALSE(collision_page_from_json(R"({"after": null})").after);
    const auto json = nlohmann::json::parse(to_json(t.engine_ref().collisions("boss", busy_day(3 * kHour))));
    REQUIRE(json["collisions"].size() == 3);
    CHECK(json["collisions"][0]["kind"] == "both");
    CHECK(json["collisions"][0]["users"] == nlohmann::json::array({"ann", "bob"}));
    CHECK(json["collisions"][2]["merges"] == nlohmann::json::array({t.merge}));
    CHECK(json["next_after"].is_null());
    for (const char* bad : {R"({"window": 1, "from": 0})", R"({"window": "1", "from": 0, "to": 1})",
                            R"({"window": 1, "from": 0, "to": 1, "pool": 2})"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(collision_request_from_json(bad), Error);
    }
    CHECK_THROWS_AS(collision_page_from_json(R"({"limit": 0})"), Error);
    CHECK_THROWS_AS(collision_page_from_json(R"({"newest_first": true})"), Error);
}

TEST_SUITE_END();
