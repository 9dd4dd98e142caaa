// Ingestion and identity resolution: channel records become one lead per person; merges lose
// nothing, keep to the identity rules and can be undone — on every store.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;
using nlohmann::json;


namespace {

Identity unionid(const std::string& value) { return {IdentityKind::wechat_unionid, value, ""}; }
Identity openid(const std::string& value) { return {IdentityKind::wechat_openid, value, "wx-mini"}; }
Identity device(const std::string& value) { return {IdentityKind::device_id, value, ""}; }

ChannelRecord record(const std::string& channel, std::vector<Identity> identities,
                     const std::string& attributes = "{}") {
    ChannelRecord r;
    r.channel = channel;
    r.identities = std::move(identities);
    r.attributes = attributes;
    return r;
}

ChannelRecord with_event(ChannelRecord r, const std::string& type, const std::string& payload = "{}") {
    r.events.push_back({type, 0, payload});
    return r;
}

json attributes_of(const Lead& lead) { return json::parse(lead.attributes); }

bool holds(const Lead& lead, const Identity& identity) {
    return std::find(lead.identities.begin(), lead.identities.end(), identity) != lead.identities.end();
}

template <typename Factory>
struct Ingesting : Company<Factory> {
    using Company<Factory>::Company;

    // Ingests one record as the boss, a minute after the last one.
    IngestResult ingest(const ChannelRecord& r, const UserId& actor = "boss") {
        this->clock->advance(60000);
        auto results = this->engine->ingest(actor, {r});
        REQUIRE(results.size() == 1);
        return results.front();
    }

    std::size_t listed() { return this->engine->leads("boss").leads.size(); }
};

}  // namespace

TEST_SUITE_BEGIN("ingest");

LEADPOOL_STORE_TEST_CASE("three channels' records of one person become one lead") {
    Ingesting<Factory> c;
    ChannelRecord web = record("web", {phone("138 0000 0001")}, R"({"name": "Li Lei"})");
    web.attribution = {"baidu", "cpc", "spring"};
    const IngestResult first = c.ingest(web);
    const IngestResult second =
        c.ingest(record("wechat_mini_program", {openid("oMini1"), unionid("uLiLei"), phone("13800000001")},
                        R"({"city": "Hangzhou"})"));
    const IngestResult third = c.ingest(
        with_event(record("shop", {unionid("uLiLei"), email("Li@Example.com")}, R"({"city": "Shanghai"})"),
                   "order_paid", R"({"amount": 99})"));

    CHECK(first.outcome == IngestOutcome::created);
    CHECK(second.outcome == IngestOutcome::updated);
    CHECK(third.outcome == IngestOutcome::updated);
    CHECK(second.lead == first.lead);
    CHECK(third.lead == first.lead);
    CHECK(c.listed() == 1);

    const Lead lead = c.lead(first.lead);
    CHECK(lead.identities.size() == 4);
    CHECK(holds(lead, email("li@example.com")));
    CHECK(lead.channel == "web");
    CHECK(lead.channels == std::vector<std::string>{"web", "wechat_mini_program", "shop"});
    CHECK(attributes_of(lead) == json::parse(R"({"name": "Li Lei", "city": "Shanghai"})"));
    CHECK(lead.attribution == Attribution{"baidu", "cpc", "spring"});
    CHECK(lead.last_seen_at == kStart + 3 * 60000);
    const auto events = c.engine->events("boss", lead.id);
    REQUIRE(events.size() == 1);
    CHECK(events[0].type == "order_paid");
    CHECK(events[0].channel == "shop");
    CHECK(events[0].at == kStart + 3 * 60000);  // the record's time
    CHECK(json::parse(events[0].payload) == json::parse(R"({"amount": 99})"));
}

LEADPOOL_STORE_TEST_CASE("a bridging record merges two leads, and nothing of either is lost") {
    Ingesting<Factory> c;
    ChannelRecord web = with_event(
        record("web", {phone("13800000001")}, R"({"city": "Hangzhou", "name": "Li"})"), "page_view");
    web.tags = {"vip"};
    const LeadId a = c.ingest(web).lead;
    ChannelRecord shop =
        with_event(record("shop", {email("li@example.com")}, R"({"city": "Shanghai"})"), "order_paid");
    shop.tags = {"buyer"};
    const LeadId b = c.ingest(shop).lead;
    REQUIRE(a != b);
    CHECK(c.listed() == 2);

    const IngestResult bridge = c.ingest(
        record("wechat_mini_program", {phone("13800000001"), email("li@example.com")}, R"({"age": 30})"));
    CHECK(bridge.outcome == IngestOutcome::merged);
    CHECK(bridge.lead == a);  // both in the master pool: the older survives
    CHECK(bridge.absorbed == std::vector<LeadId>{b});

    // One lead, reachable by either id, holding everything both had.
    CHECK(c.listed() == 1);
    CHECK(c.engine->funnel("boss").leads == 1);
    const Lead merged = c.lead(b);
    CHECK(merged.id == a);
    CHECK(holds(merged, phone("+8613800000001")));
    CHECK(holds(merged, email("li@example.com")));
    CHECK(merged.channels == std::vector<std::string>{"web", "shop", "wechat_mini_program"});
    CHECK(merged.tags == std::vector<std::string>{"buyer", "vip"});
    CHECK(attributes_of(merged) == json::parse(R"({"city": "Shanghai", "name": "Li", "age": 30})"));
    CHECK(c.engine->find_lead("boss", email("li@example.com"))->id == a);
    CHECK(merged.version == 3);  // one version per row of its own: captured, merged, captured

    // Every value with its provenance; the latest is the current one.
    const auto cities = c.engine->attribute_history("boss", a, "city");
    REQUIRE(cities.size() == 2);
    CHECK(cities[0].value == "\"Hangzhou\"");
    CHECK(cities[0].channel == "web");
    CHECK(cities[0].lead == a);
    CHECK(cities[1].value == "\"Shanghai\"");
    CHECK(cities[1].channel == "shop");
    CHECK(cities[1].lead == b);
    CHECK(c.engine->attribute_history("boss", a).size() == 4);  // city, name; city; age

    const auto events = c.engine->events("boss", b);
    REQUIRE(events.size() == 2);
    CHECK(events[0].type == "page_view");
    CHECK(events[1].type == "order_paid");

    // History is the union, with the merge on both sides.
    const auto history = c.engine->history("boss", a);
    std::vector<std::pair<LeadId, Action>> rows;
    for (const auto& h : history) rows.push_back({h.lead, h.action});
    CHECK(rows == std::vector<std::pair<LeadId, Action>>{{a, Action::capture},
                                                         {b, Action::capture},
                                                         {b, Action::merge},
                                                         {a, Action::merge},
                                                         {a, Action::capture}});

    const auto merges = c.engine->merges("boss");
    REQUIRE(merges.size() == 1);
    CHECK(merges[0].survivor == a);
    CHECK(merges[0].absorbed == b);
    CHECK(merges[0].reason == "ingest");
    CHECK_FALSE(merges[0].collision);
    CHECK(merges[0].identities == std::vector<Identity>{email("li@example.com")});

    // Later records of either identity land on the survivor.
    CHECK(c.ingest(record("shop", {email("li@example.com")})).lead == a);
}

LEADPOOL_STORE_TEST_CASE("the survivor is the lead furthest along the funnel, then the oldest") {
    Ingesting<Factory> c;
    Engine& e = *c.engine;
    const LeadId old_master = c.ingest(record("web", {phone("13800000001")})).lead;
    const LeadId young_sub = c.ingest(record("shop", {email("a@example.com")})).lead;
    e.transition("boss", TransitionRequest::distribute(young_sub, c.east, "ann"));

    IngestResult merged = c.ingest(record("web", {phone("13800000001"), email("a@example.com")}));
    CHECK(merged.lead == young_sub);
    const Lead survivor = c.lead(old_master);
    CHECK(survivor.id == young_sub);
    CHECK(survivor.tier == Tier::sub);
    CHECK(survivor.pool == c.east);
    CHECK(survivor.owner == "ann");

    // Among leads at one tier the oldest wins; an opportunity beats both.
    const LeadId older = c.ingest(record("web", {phone("13900000001")})).lead;
    const LeadId younger = c.ingest(record("web", {phone("13900000002")})).lead;
    const LeadId youngest = c.ingest(record("web", {phone("13900000003")})).lead;
    e.transition("boss", TransitionRequest::distribute(older, c.east, "ann"));
    e.transition("boss", TransitionRequest::distribute(younger, c.east, "ann"));
    e.transition("boss", TransitionRequest::distribute(youngest, c.east, "ann"));
    CHECK(c.ingest(record("web", {phone("13900000002"), phone("13900000001")})).lead == older);
    e.transition("boss", TransitionRequest::qualify(youngest));
    CHECK(c.ingest(record("web", {phone("13900000001"), phone("13900000003")})).lead == youngest);
    CHECK(c.lead(older).tier == Tier::opportunity);
}

LEADPOOL_STORE_TEST_CASE("a merge that takes a lead from its owner is a collision managers can list") {
    Ingesting<Factory> c;
    Engine& e = *c.engine;
    const LeadId anns = c.ingest(record("web", {phone("13800000001")})).lead;
    const LeadId bobs = c.ingest(record("shop", {email("li@example.com")})).lead;
    e.transition("boss", TransitionRequest::distribute(anns, c.east, "ann"));
    e.transition("boss", TransitionRequest::distribute(bobs, c.west, "bob"));
    c.ingest(record("web", {phone("13800000001"), email("li@example.com")}));

    MergeFilter collisions;
    collisions.collisions_only = true;
    const auto listed = e.merges("boss", collisions);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].collision);
    CHECK(listed[0].survivor == anns);
    CHECK(listed[0].absorbed_owner == "bob");
    CHECK(c.lead(bobs).owner == "ann");
    CHECK(e.merges("ann", collisions).size() == 1);  // ann runs the pool of the surviving lead
    CHECK(e.merges("bob", collisions).empty());      // bob may no longer read it
    MergeFilter of_lead;
    of_lead.lead = bobs;
    CHECK(e.merges("boss", of_lead).size() == 1);
}

LEADPOOL_STORE_TEST_CASE("unmerge restores the absorbed lead as it was, and what came later stays") {
    Ingesting<Factory> c;
    Engine& e = *c.engine;
    ChannelRecord web = record("web", {phone("13800000001")}, R"({"city": "Hangzhou"})");
    web.tags = {"a"};
    const LeadId a = c.ingest(web).lead;
    ChannelRecord shop = with_event(
        record("shop", {email("li@example.com")}, R"({"city": "Shanghai", "vip": true})"), "order_paid");
    shop.tags = {"b"};
    const LeadId b = c.ingest(shop).lead;
    const Lead b_before = c.lead(b);
    c.ingest(
        record("wechat_mini_program", {phone("13800000001"), email("li@example.com")}, R"({"age": 30})"));
    // After the merge a record names the absorbed lead's e-mail and brings a device id.
    c.ingest(record("app", {email("li@example.com"), device("dev-1")}, R"({"budget": 5})"));
    e.update_lead("boss", b, LeadUpdate{R"({"note": "called"})", {"called"}, {}, 0});  // via the old id

    const MergeId merge = e.merges("boss").front().id;
    c.clock->advance(60000);
    const Lead restored = e.unmerge("boss", merge, "two people after all");

    CHECK(restored.id == b);
    CHECK(restored.merged_into == 0);
    CHECK(restored.identities == b_before.identities);
    CHECK(restored.attributes == b_before.attributes);
    CHECK(restored.tags == b_before.tags);
    CHECK(restored.channels == b_before.channels);
    CHECK(restored.version == b_before.version + 2);  // merged, restored
    CHECK(c.lead(b).id == b);
    CHECK(e.find_lead("boss", email("li@example.com"))->id == b);
    REQUIRE(e.events("boss", b).size() == 1);
    CHECK(e.events("boss", a).empty());

    const Lead survivor = c.lead(a);
    CHECK(survivor.identities == std::vector<Identity>{phone("+8613800000001"), device("dev-1")});
    CHECK(attributes_of(survivor) ==
          json::parse(R"({"city": "Hangzhou", "age": 30, "budget": 5, "note": "called"})"));
    CHECK(survivor.tags == std::vector<std::string>{"a", "called"});
    CHECK(survivor.channels == std::vector<std::string>{"web", "wechat_mini_program", "app"});
    CHECK(c.listed() == 2);
    CHECK(e.funnel("boss").leads == 2);

    CHECK(e.history("boss", a).back().action == Action::unmerge);
    const auto b_history = e.history("boss", b);
    CHECK(b_history.back().action == Action::unmerge);
    CHECK(b_history.back().reason == "two people after all");
    CHECK(
        std::none_of(b_history.begin(), b_history.end(), [&](const HistoryEntry& h) { return h.lead == a; }));

    const MergeRecord undone = e.merges("boss").front();
    CHECK(undone.unmerged_at == kStart + 5 * 60000);
    CHECK(undone.unmerged_by == "boss");
    MergeFilter open;
    open.include_unmerged = false;
    CHECK(e.merges("boss", open).empty());
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::conflict, e.unmerge("boss", merge));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.unmerge("boss", merge + 100));
}

LEADPOOL_STORE_TEST_CASE("re-delivering a record changes nothing") {
    Ingesting<Factory> c;
    ChannelRecord order = record("shop", {phone("13800000001")}, R"({"order": 1})");
    order.record_id = "order-1";
    const IngestResult first = c.ingest(order);
    CHECK(first.outcome == IngestOutcome::created);

    const std::string before = observable_state(*c.engine, "boss");
    order.attributes = R"({"order": 2})";
    const IngestResult again = c.ingest(order);
    CHECK(again.outcome == IngestOutcome::duplicate);
    CHECK(again.lead == first.lead);
    CHECK(observable_state(*c.engine, "boss") == before);

    // The id is the channel's: the same id from another channel is another record.
    order.channel = "web";
    CHECK(c.ingest(order).outcome == IngestOutcome::updated);

    // Within one batch, too; and a re-delivery after a merge names the survivor.
    ChannelRecord other = record("shop", {email("li@example.com")});
    other.record_id = "order-2";
    const auto results = c.engine->ingest("boss", {other, other});
    CHECK(results[0].outcome == IngestOutcome::created);
    CHECK(results[1].outcome == IngestOutcome::duplicate);
    c.ingest(record("web", {phone("13800000001"), email("li@example.com")}));
    CHECK(c.ingest(other).lead == first.lead);
}

LEADPOOL_STORE_TEST_CASE("a bad record is rejected alone, unless the batch is all or nothing") {
    Ingesting<Factory> c;
    Engine& e = *c.engine;
    ChannelRecord bad_attributes = record("web", {phone("13800000002")}, "nope");
    ChannelRecord no_identity = record("web", {});
    ChannelRecord bad_event = with_event(record("web", {phone("13800000003")}), " ");
    const std::vector<ChannelRecord> batch = {record("web", {phone("13800000001")}), bad_attributes,
                                              no_identity, bad_event,
                                              record("shop", {phone("13800000004")})};

    IngestOptions all_or_nothing;
    all_or_nothing.all_or_nothing = true;
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.ingest("boss", batch, all_or_nothing));

    const auto results = e.ingest("boss", batch);
    REQUIRE(results.size() == 5);
    CHECK(results[0].outcome == IngestOutcome::created);
    CHECK(results[4].outcome == IngestOutcome::created);
    for (std::size_t i : {1, 2, 3}) {
        INFO("record " << i);
        CHECK(results[i].outcome == IngestOutcome::rejected);
        CHECK(results[i].error == ErrorCode::invalid_argument);
        CHECK(results[i].lead == 0);
    }
    CHECK(results[1].reason.find("attributes") != std::string::npos);
    CHECK(results[2].reason.find("at least one is required") != std::string::npos);
    CHECK(results[3].reason.find("events[0].type") != std::string::npos);
    CHECK(c.listed() == 2);
    CHECK_FALSE(e.find_lead("boss", phone("13800000002")));

    // An unusable identity beside usable ones is dropped and reported, or rejects the record.
    ChannelRecord partly = record("web", {phone("call me"), email("li@example.com")});
    const IngestResult dropped = e.ingest("boss", {partly}).front();
    CHECK(dropped.outcome == IngestOutcome::created);
    REQUIRE(dropped.dropped.size() == 1);
    CHECK(dropped.dropped[0].find("identities[0]") != std::string::npos);
    CHECK(c.lead(dropped.lead).identities == std::vector<Identity>{email("li@example.com")});
    IngestOptions strict;
    strict.drop_unusable_identities = false;
    partly.identities[1] = email("other@example.com");
    CHECK(e.ingest("boss", {partly}, strict).front().outcome == IngestOutcome::rejected);
    CHECK_FALSE(e.find_lead("boss", email("other@example.com")));

    // Too many records for one batch fail the whole call.
    const std::vector<ChannelRecord> huge(kMaxBatchSize + 1, record("web", {phone("13800000009")}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::limit_exceeded, e.ingest("boss", huge));
}

LEADPOOL_STORE_TEST_CASE("one person's phone written every way a channel writes it is one lead") {
    Ingesting<Factory> c;
    Engine& e = *c.engine;
    const LeadId li = c.ingest(record("web", {phone("+86 138 0013 8000")})).lead;
    for (const char* written : {"138 0013 8000", "0086-138-0013-8000", "8613800138000", "(0138) 0013 8000"}) {
        INFO(written);
        const IngestResult again = c.ingest(record("shop", {phone(written)}));
        CHECK(again.outcome == IngestOutcome::updated);
        CHECK(again.lead == li);
    }
    CHECK(c.lead(li).identities == std::vector<Identity>{phone("+8613800138000")});

    // A record from the Italian shop places its national numbers in Italy; the same number from
    // a Chinese form, written with its country code, is the same person.
    ChannelRecord italian = record("shop-it", {phone("06 1234 5678")});
    italian.region = "IT";
    const LeadId rossi = c.ingest(italian).lead;
    CHECK(c.lead(rossi).identities == std::vector<Identity>{phone("+390612345678")});
    CHECK(c.ingest(record("web", {phone("0039 06 1234 5678")})).lead == rossi);
    CHECK(e.find_lead("boss", phone("+39 06 1234 5678"))->id == rossi);
    LeadInput by_hand = phone_lead("06 1234 5678", "fair");
    by_hand.region = "IT";
    CHECK(e.capture("boss", by_hand).lead.id == rossi);

    // A region with no numbering plan rejects the record alone, and a capture, changing nothing.
    ChannelRecord nowhere = record("web", {email("x@example.com")});
    nowhere.region = "Italy";
    const IngestResult refused = c.ingest(nowhere);
    CHECK(refused.outcome == IngestOutcome::rejected);
    CHECK(refused.reason.find("region: 'Italy' has no numbering plan") != std::string::npos);
    by_hand.region = "XX";
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.capture("boss", by_hand));
    CHECK(c.listed() == 2);
}

LEADPOOL_STORE_TEST_CASE("blocked values never become identities") {
    Ingesting<Factory> c;
    const IngestResult result = c.ingest(record("web", {phone("11111111111"), email("li@example.com")}));
    CHECK(result.outcome == IngestOutcome::created);
    REQUIRE(result.dropped.size() == 1);
    CHECK(result.dropped[0].find("blocked") != std::string::npos);
    // So two people who both typed the placeholder stay two people.
    CHECK(c.ingest(record("web", {phone("11111111111"), email("wang@example.com")})).outcome ==
          IngestOutcome::created);
    CHECK(c.listed() == 2);
}

LEADPOOL_STORE_TEST_CASE("a merge that would break an identity rule is not made, and is raised for review") {
    Ingesting<Factory> c;
    Engine& e = *c.engine;

    SUBCASE("two WeChat unionids cannot be one person (max_per_lead)") {
        const LeadId a = c.ingest(record("web", {phone("13800000001"), unionid("uA")})).lead;
        const LeadId b = c.ingest(record("shop", {email("li@example.com"), unionid("uB")})).lead;
        const IngestResult r =
            c.ingest(record("web", {phone("13800000001"), email("li@example.com")}, R"({"x": 1})"));
        CHECK(r.outcome == IngestOutcome::updated);
        CHECK(r.lead == a);
        REQUIRE(r.conflicts.size() == 1);
        CHECK(c.listed() == 2);
        CHECK(e.find_lead("boss", email("li@example.com"))->id == b);  // stays where it was
        CHECK(attributes_of(c.lead(a)) == json::parse(R"({"x": 1})"));
        const auto conflicts = e.identity_conflicts("boss");
        REQUIRE(conflicts.size() == 1);
        CHECK(conflicts[0].id == r.conflicts[0]);
        CHECK(conflicts[0].rule == ConflictRule::max_per_lead);
        CHECK(conflicts[0].lead == a);
        CHECK(conflicts[0].others == std::vector<LeadId>{b});
        CHECK(conflicts[0].channel == "web");
        CHECK(conflicts[0].message.find("wechat_unionid") != std::string::npos);
    }
    SUBCASE("a value beyond a kind's max_per_lead is not attached") {
        const LeadId a = c.ingest(record("web", {phone("13800000001"), unionid("uA")})).lead;
        const IngestResult r = c.ingest(record("web", {phone("13800000001"), unionid("uC")}));
        CHECK(r.outcome == IngestOutcome::updated);
        CHECK(r.lead == a);
        REQUIRE(r.dropped.size() == 1);
        CHECK(r.dropped[0].find("max_per_lead") != std::string::npos);
        CHECK(r.conflicts.size() == 1);
        CHECK_FALSE(e.find_lead("boss", unionid("uC")));
        CHECK(e.identity_conflicts("boss").front().identities == std::vector<Identity>{unionid("uC")});
        // A capture says the same.
        LeadInput input = phone_lead("13800000001");
        input.identities.push_back(unionid("uD"));
        const CaptureResult captured = e.capture("boss", input);
        CHECK(captured.lead.id == a);
        CHECK(captured.conflicts.size() == 1);
        REQUIRE(captured.dropped.size() == 1);
        CHECK(captured.dropped[0].find("uD") != std::string::npos);
    }
    SUBCASE("an identity that bridged max_joins merges bridges no more") {
        IdentityRules rules = e.identity_rules();
        rules[IdentityKind::email].max_joins = 1;
        e.set_identity_rules("boss", rules);
        const LeadId a = c.ingest(record("web", {email("li@example.com")})).lead;
        c.ingest(record("shop", {phone("13800000001")}));
        c.ingest(record("shop", {phone("13800000002")}));
        CHECK(c.ingest(record("web", {email("li@example.com"), phone("13800000001")})).outcome ==
              IngestOutcome::merged);
        // The e-mail names a, the phone another lead: both as strong as ever, the e-mail spent.
        rules[IdentityKind::email].priority = rules[IdentityKind::phone].priority;
        e.set_identity_rules("boss", rules);
        const IngestResult r = c.ingest(record("web", {email("li@example.com"), phone("13800000002")}));
        CHECK(r.outcome == IngestOutcome::updated);
        CHECK(r.lead == a);
        CHECK(c.listed() == 2);
        CHECK(e.identity_conflicts("boss").front().rule == ConflictRule::max_joins);
    }
    SUBCASE("a merged lead is made of at most max_merge_size leads") {
        IdentityRules rules = e.identity_rules();
        rules.max_merge_size = 2;
        e.set_identity_rules("boss", rules);
        c.ingest(record("web", {phone("13800000001")}));
        c.ingest(record("shop", {email("a@example.com")}));
        c.ingest(record("shop", {email("b@example.com")}));
        CHECK(c.ingest(record("web", {phone("13800000001"), email("a@example.com")})).outcome ==
              IngestOutcome::merged);
        CHECK(c.ingest(record("web", {phone("13800000001"), email("b@example.com")})).outcome ==
              IngestOutcome::updated);
        CHECK(c.listed() == 2);
        CHECK(e.identity_conflicts("boss").front().rule == ConflictRule::max_merge_size);
    }
    // Conflicts are for people who may merge: a salesperson sees those on leads they read.
    CHECK(e.identity_conflicts("ann").empty());
}

LEADPOOL_STORE_TEST_CASE("a shared device links people only up to its max_joins, then the phones decide") {
    Ingesting<Factory> c;
    Engine& e = *c.engine;
    // The family tablet: dad signs in first, then mum and the son with phones of their own.
    const LeadId dad = c.ingest(record("app", {device("family-ipad"), phone("13800000001")})).lead;
    const IngestResult mum = c.ingest(record("app", {device("family-ipad"), phone("13800000002")}));
    // Within device_id's max_joins (2) the tablet links: one person with two phones, maybe.
    CHECK(mum.outcome == IngestOutcome::updated);
    CHECK(mum.lead == dad);
    c.ingest(record("app", {device("family-ipad"), phone("13800000003")}));
    CHECK(c.lead(dad).identities.size() == 4);

    // Past it, the tablet is shared: the next phone makes its own lead, the tablet stays put.
    const IngestResult son = c.ingest(record("app", {device("family-ipad"), phone("13800000004")}, R"({"age": 9})"));
    CHECK(son.outcome == IngestOutcome::created);
    CHECK(son.lead != dad);
    REQUIRE(son.dropped.size() == 1);
    CHECK(son.dropped[0].find("device_id 'family-ipad' is shared: it joined 2 times already (max_joins 2)") !=
          std::string::npos);
    CHECK(son.conflicts.empty());
    CHECK(c.lead(son.lead).identities == std::vector<Identity>{normalize_identity(phone("13800000004"))});
    CHECK(attributes_of(c.lead(son.lead)) == json::parse(R"({"age": 9})"));
    CHECK(attributes_of(c.lead(dad)) == json::object());
    CHECK(e.find_lead("boss", device("family-ipad"))->id == dad);

    // The son again: his phone names his lead, the tablet another: his phone decides, no merge.
    const IngestResult again = c.ingest(record("app", {device("family-ipad"), phone("13800000004")}));
    CHECK(again.outcome == IngestOutcome::updated);
    CHECK(again.lead == son.lead);
    CHECK(again.absorbed.empty());
    // The tablet alone still names the lead that holds it.
    CHECK(c.ingest(record("app", {device("family-ipad")})).lead == dad);
    CHECK(c.listed() == 2);
    CHECK(e.identity_conflicts("boss").empty());

    // max_joins 0: a device never links a person its lead does not know.
    IdentityRules rules = e.identity_rules();
    rules[IdentityKind::device_id].max_joins = 0;
    e.set_identity_rules("boss", rules);
    const LeadId tv = c.ingest(record("app", {device("living-room-tv"), email("grandma@example.com")})).lead;
    CHECK(c.ingest(record("app", {device("living-room-tv"), email("grandpa@example.com")})).lead != tv);
}

LEADPOOL_STORE_TEST_CASE("a shared device does not merge two people once it is spent") {
    Ingesting<Factory> c;
    Engine& e = *c.engine;
    IdentityRules rules = e.identity_rules();
    rules[IdentityKind::device_id].max_joins = 1;
    e.set_identity_rules("boss", rules);
    const LeadId a = c.ingest(record("app", {device("family-ipad"), phone("13800000001")})).lead;
    c.ingest(record("shop", {email("dad@example.com")}));
    const LeadId mum = c.ingest(record("shop", {email("mum@example.com")})).lead;
    CHECK(c.ingest(record("app", {device("family-ipad"), email("dad@example.com")})).outcome ==
          IngestOutcome::merged);
    // The tablet names a, mum's address her own lead: the address decides, nothing is merged,
    // and the tablet is reported as shared rather than raised as a conflict.
    const IngestResult r = c.ingest(record("app", {device("family-ipad"), email("mum@example.com")}, R"({"x": 1})"));
    CHECK(r.outcome == IngestOutcome::updated);
    CHECK(r.lead == mum);
    CHECK(r.conflicts.empty());
    REQUIRE(r.dropped.size() == 1);
    CHECK(r.dropped[0].find("is shared") != std::string::npos);
    CHECK(attributes_of(c.lead(mum)) == json::parse(R"({"x": 1})"));
    CHECK(c.listed() == 2);
    CHECK(e.identity_conflicts("boss").empty());
}

LEADPOOL_STORE_TEST_CASE("a company switchboard ranks below the people's own identities") {
    Ingesting<Factory> c;
    Engine& e = *c.engine;
    // +86 10 6552 9988: a Beijing fixed line, the switchboard everyone at the firm gives.
    const LeadId first = c.ingest(record("web", {phone("010 6552 9988"), email("zhang@firm.cn")})).lead;
    c.ingest(record("web", {phone("010 6552 9988"), email("wang@firm.cn")}));
    c.ingest(record("web", {phone("010 6552 9988"), email("zhao@firm.cn")}));
    c.ingest(record("web", {phone("010 6552 9988"), email("li@firm.cn")}));
    CHECK(c.lead(first).identities.size() == 5);  // the number linked three addresses (max_joins 3)
    const IngestResult fifth = c.ingest(record("web", {phone("010 6552 9988"), email("sun@firm.cn")}));
    CHECK(fifth.outcome == IngestOutcome::created);
    REQUIRE(fifth.dropped.size() == 1);
    CHECK(fifth.dropped[0].find("phone '+861065529988' is shared") != std::string::npos);
    // A mobile number outranks an e-mail address: it still decides against one.
    const LeadId mobile = c.ingest(record("web", {phone("13800000001"), email("a@example.com")})).lead;
    CHECK(c.ingest(record("web", {phone("13800000001"), email("b@example.com")})).lead == mobile);
    // switchboard_priority as the phone's: the switchboard is any phone again, and decides.
    IdentityRules rules = e.identity_rules();
    rules.switchboard_priority = rules[IdentityKind::phone].priority;
    e.set_identity_rules("boss", rules);
    CHECK(c.ingest(record("web", {phone("010 6552 9988"), email("qian@firm.cn")})).lead == first);
}

LEADPOOL_STORE_TEST_CASE("unmerged by a guard, a record goes to the lead its strongest identity names") {
    Ingesting<Factory> c;
    Engine& e = *c.engine;
    IdentityRules rules = e.identity_rules();
    rules.max_merge_size = 1;  // nothing merges
    e.set_identity_rules("boss", rules);
    const LeadId by_email = c.ingest(record("web", {email("li@example.com")})).lead;   // the oldest
    c.clock->advance(kDay);
    const LeadId by_unionid = c.ingest(record("wechat", {unionid("u-li")})).lead;
    const IngestResult r = c.ingest(record("web", {email("li@example.com"), unionid("u-li")}, R"({"y": 2})"));
    CHECK(r.outcome == IngestOutcome::updated);
    CHECK(r.lead == by_unionid);  // the unionid outranks the address; the survivor rule would pick the older
    REQUIRE(e.identity_conflicts("boss").size() == 1);
    CHECK(e.identity_conflicts("boss").front().others == std::vector<LeadId>{by_email});
    CHECK(attributes_of(c.lead(by_unionid)) == json::parse(R"({"y": 2})"));
}

LEADPOOL_STORE_TEST_CASE("a record whose every identity is unusable is kept as a lead that never merges") {
    Ingesting<Factory> c;
    Engine& e = *c.engine;
    ChannelRecord placeholder = record("web", {phone("11111111111"), unionid("null")}, R"({"city": "Suzhou"})");
    placeholder.record_id = "form-1";
    const IngestResult first = c.ingest(placeholder);
    CHECK(first.outcome == IngestOutcome::created);
    REQUIRE(first.dropped.size() == 2);
    CHECK(first.dropped[0].find("blocked") != std::string::npos);
    const Lead kept = c.lead(first.lead);
    CHECK(kept.identities.empty());
    CHECK(kept.tier == Tier::master);
    CHECK(attributes_of(kept) == json::parse(R"({"city": "Suzhou"})"));
    // Re-delivered: a duplicate, as for any record.
    CHECK(c.ingest(placeholder).outcome == IngestOutcome::duplicate);
    // Another person who typed the same placeholders is another lead.
    placeholder.record_id = "form-2";
    CHECK(c.ingest(placeholder).lead != first.lead);
    CHECK(c.listed() == 2);
    // The lead works like any other: moved, merged by hand with the person it turns out to be.
    e.transition("boss", TransitionRequest::distribute(first.lead, c.east, "ann"));
    const LeadId known = c.ingest(record("web", {phone("13800000001")})).lead;
    e.merge_leads("boss", known, first.lead, "called back");
    CHECK(c.lead(first.lead).identities == std::vector<Identity>{normalize_identity(phone("13800000001"))});

    // A capture needs every identity usable; the rules may reject such records too.
    CHECK_THROWS_AS(e.capture("boss", phone_lead("11111111111")), Error);
    IdentityRules rules = e.identity_rules();
    rules.keep_unidentified = false;
    e.set_identity_rules("boss", rules);
    placeholder.record_id = "form-3";
    const IngestResult rejected = c.ingest(placeholder);
    CHECK(rejected.outcome == IngestOutcome::rejected);
    CHECK(rejected.reason.find("none is usable") != std::string::npos);
}

LEADPOOL_STORE_TEST_CASE("a late record does not overwrite newer values, but its values are kept") {
    Ingesting<Factory> c;
    ChannelRecord fresh = record("web", {phone("13800000001")}, R"({"city": "Shanghai"})");
    fresh.occurred_at = kStart + 100;
    const LeadId a = c.ingest(fresh).lead;
    ChannelRecord late = record("shop", {phone("13800000001")}, R"({"city": "Hangzhou", "age": 30})");
    late.occurred_at = kStart + 50;
    c.ingest(late);
    const Lead lead = c.lead(a);
    CHECK(attributes_of(lead) == json::parse(R"({"city": "Shanghai", "age": 30})"));
    CHECK(lead.last_seen_at == kStart + 100);
    const auto cities = c.engine->attribute_history("boss", a, "city");
    REQUIRE(cities.size() == 2);
    CHECK(cities[0].value == "\"Hangzhou\"");  // oldest first
    CHECK(cities[0].occurred_at == kStart + 50);
}

LEADPOOL_STORE_TEST_CASE("a referral names the lead who referred") {
    Ingesting<Factory> c;
    const LeadId referrer = c.ingest(record("web", {phone("13800000001")})).lead;
    ChannelRecord referred = record("wechat_mini_program", {openid("oFriend")});
    referred.referrer = phone("13800000001");
    const IngestResult r = c.ingest(referred);
    CHECK(c.lead(r.lead).referred_by == referrer);
    ChannelRecord unknown = record("wechat_mini_program", {openid("oStranger")});
    unknown.referrer = phone("13999999999");
    const IngestResult u = c.ingest(unknown);
    CHECK(c.lead(u.lead).referred_by == 0);
    REQUIRE(u.dropped.size() == 1);
    CHECK(u.dropped[0].find("names no lead") != std::string::npos);
}

LEADPOOL_STORE_TEST_CASE("leads are merged and unmerged by hand") {
    Ingesting<Factory> c;
    Engine& e = *c.engine;
    const LeadId a = c.ingest(record("web", {phone("13800000001")}, R"({"city": "Hangzhou"})")).lead;
    const LeadId b = c.ingest(record("shop", {email("li@example.com")}, R"({"city": "Shanghai"})")).lead;

    const MergeRecord merge = e.merge_leads("boss", b, a, "same person, says the call");
    CHECK(merge.survivor == a);
    CHECK(merge.absorbed == b);
    CHECK(merge.reason == "same person, says the call");
    CHECK(c.lead(b).id == a);
    CHECK(attributes_of(c.lead(a))["city"] == "Shanghai");
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.merge_leads("boss", a, b));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.merge_leads("boss", a, 999));

    // An absorbed id works for updates and transitions alike.
    e.transition("boss", TransitionRequest::distribute(b, c.east, "ann"));
    CHECK(c.lead(a).pool == c.east);

    e.unmerge("boss", merge.id);
    CHECK(c.lead(b).pool == kMasterPoolId);  // as it was
    CHECK(attributes_of(c.lead(a))["city"] == "Hangzhou");

    const LeadId u1 = c.ingest(record("web", {unionid("u1")})).lead;
    const LeadId u2 = c.ingest(record("web", {unionid("u2")})).lead;
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::conflict, e.merge_leads("boss", u1, u2));
}

LEADPOOL_STORE_TEST_CASE("ingest and merges need the rights the stage's policy grants") {
    SUBCASE("factory-led: a salesperson captures, but not onto leads outside their pools") {
        Ingesting<Factory> c;
        Engine& e = *c.engine;
        const LeadId bobs = c.ingest(record("web", {phone("13800000001")})).lead;
        e.transition("boss", TransitionRequest::distribute(bobs, c.west, "bob"));
        const std::string before = observable_state(e, "boss");
        const IngestResult refused = c.ingest(record("web", {phone("13800000001")}, R"({"x": 1})"), "ann");
        CHECK(refused.outcome == IngestOutcome::rejected);
        CHECK(refused.error == ErrorCode::permission_denied);
        CHECK(observable_state(e, "boss") == before);
        CHECK(c.ingest(record("web", {phone("13800000002")}), "ann").outcome == IngestOutcome::created);

        // ann may merge in her own pool only.
        const LeadId ann1 = c.ingest(record("web", {phone("13800000003")})).lead;
        const LeadId ann2 = c.ingest(record("web", {phone("13800000004")})).lead;
        e.transition("boss", TransitionRequest::distribute(ann1, c.east, "ann"));
        e.transition("boss", TransitionRequest::distribute(ann2, c.east, "ann"));
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.merge_leads("ann", ann1, bobs));
        const MergeRecord merge = e.merge_leads("ann", ann1, ann2);
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.unmerge("bob", merge.id));
        CHECK(e.unmerge("ann", merge.id).id == ann2);
    }
    SUBCASE("sales-led: salespeople neither capture nor merge") {
        Ingesting<Factory> c(OrgStage::sales_led);
        Engine& e = *c.engine;
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied,
                                   e.ingest("ann", {record("web", {phone("13800000001")})}));
        // The lists need no grant beyond read: ann sees what she may read, here nothing.
        CHECK(e.merges("ann").empty());
        CHECK(e.identity_conflicts("ann").empty());
    }
}

TEST_SUITE_END();
