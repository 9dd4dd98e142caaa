// One rule for every time that arrives from outside (kMaxClockSkewMs): a record's occurred_at,
// an event's at and a follow-up's at are taken as now within the tolerance and refused beyond it,
// naming the field and both times — on every store.
#include <doctest/doctest.h>

#include "pool_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;


namespace {

ChannelRecord record_at(const std::string& phone, std::optional<Timestamp> occurred_at) {
    ChannelRecord r;
    r.channel = "web";
    r.identities = {Identity{IdentityKind::phone, phone, ""}};
    r.occurred_at = occurred_at;
    r.attributes = R"({"city": "Ningbo"})";
    return r;
}

ChannelRecord with_event_at(ChannelRecord r, Timestamp at) {
    r.events.push_back(BehaviourEvent{"page_view", at, "{}"});
    return r;
}

// What the refusal of a time `at` must say: the field and both times.
void check_names_times(const std::string& message, const std::string& field, Timestamp at, Timestamp now) {
    CHECK_MESSAGE(message.find(field + ": " + std::to_string(at) + " is in the future") != std::string::npos,
                  message);
    CHECK_MESSAGE(message.find("now is " + std::to_string(now)) != std::string::npos, message);
}

}  // namespace

TEST_SUITE_BEGIN("input time");

LEADPOOL_STORE_TEST_CASE("a record or event dated beyond the tolerance is rejected alone, within it, it is now") {
    Company<Factory> c;
    Engine& e = *c.engine;
    const Timestamp now = c.clock->now();
    const Timestamp too_late = now + kMaxClockSkewMs + 1;
    const Timestamp skewed = now + kMaxClockSkewMs;

    const auto results = e.ingest("boss", {record_at("13800000001", too_late), record_at("13800000002", skewed),
                                           with_event_at(record_at("13800000003", now), too_late),
                                           with_event_at(record_at("13800000004", now - kDay), skewed),
                                           record_at("13800000005", now - 365 * kDay)});
    REQUIRE(results.size() == 5);
    CHECK(results[0].outcome == IngestOutcome::rejected);
    CHECK(results[0].error == ErrorCode::invalid_argument);
    check_names_times(results[0].reason, "occurred_at", too_late, now);
    CHECK(results[2].outcome == IngestOutcome::rejected);
    CHECK(results[2].error == ErrorCode::invalid_argument);
    check_names_times(results[2].reason, "events[0].at", too_late, now);
    CHECK_FALSE(e.find_lead("boss", Identity{IdentityKind::phone, "13800000001", ""}));
    CHECK_FALSE(e.find_lead("boss", Identity{IdentityKind::phone, "13800000003", ""}));

    // Within the tolerance the caller's clock ran ahead: kept as the engine's now.
    CHECK(results[1].outcome == IngestOutcome::created);
    CHECK(c.lead(results[1].lead).last_seen_at == now);
    CHECK(e.attribute_history("boss", results[1].lead, "city").front().occurred_at == now);
    CHECK(results[3].outcome == IngestOutcome::created);
    CHECK(e.events("boss", results[3].lead).front().at == now);
    // The past is never refused.
    CHECK(results[4].outcome == IngestOutcome::created);
    CHECK(c.lead(results[4].lead).last_seen_at == now - 365 * kDay);

    // A later record of the same person is the latest again, as it should be.
    c.clock->advance(60000);
    ChannelRecord later = record_at("13800000002", std::nullopt);
    later.attributes = R"({"city": "Hangzhou"})";
    e.ingest("boss", {later});
    CHECK(c.lead(results[1].lead).attributes == R"({"city":"Hangzhou"})");
}

LEADPOOL_STORE_TEST_CASE("all or nothing: a future record fails the batch and nothing is written") {
    Company<Factory> c;
    Engine& e = *c.engine;
    const Timestamp too_late = c.clock->now() + 30 * kDay;
    IngestOptions options;
    options.all_or_nothing = true;
    const std::string message = refusal(e, ErrorCode::invalid_argument, [&] {
        e.ingest("boss", {record_at("13800000001", std::nullopt), record_at("13800000002", too_late)}, options);
    });
    CHECK(message.find("ingest batch item 1: occurred_at: ") != std::string::npos);
}

LEADPOOL_STORE_TEST_CASE("a follow-up dated beyond the tolerance is refused, within it, it happened now") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    const LeadId lead = t.in_north("13800000001", "ann");
    const Timestamp now = t.clock->now();
    const Timestamp too_late = now + kMaxClockSkewMs + 1;

    const std::string message = refusal(e, ErrorCode::invalid_argument, [&] {
        e.follow_up("ann", lead, FollowUp{ActivityKind::call, too_late, "", ""});
    });
    check_names_times(message, "follow-up: at", too_late, now);

    const Activity call = e.follow_up("ann", lead, FollowUp{ActivityKind::call, now + kMaxClockSkewMs, "", ""});
    CHECK(call.at == now);
    CHECK(t.lead(lead).last_activity_at == now);
}

TEST_SUITE_END();
