// Erasure and subject access (include/leadpool/personal_data.hpp), on every store: a person's
// values leave every record that held them while the funnel's truth stays; a suppressed person
// is refused; merges around an erased lead; who may erase and export; every bad input refused
// with its own code and changing nothing.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "erasure_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;
using namespace leadpool::testing::erasure;



TEST_SUITE_BEGIN("erasure");

LEADPOOL_STORE_TEST_CASE("an erasure takes the person out of every record and keeps the funnel's truth") {
    Person<Factory> p;
    Engine& e = p.e;
    const std::string before = everything_readable(e);
    REQUIRE(held_values(before) != "");  // the search below can fail
    const Lead lead_before = lead_of(e, p.lead);
    const auto history_before = e.history("boss", p.lead);
    const FunnelReport funnel_before = e.funnel("boss");

    // The absorbed id names the lead that holds it: the whole group goes.
    const ErasureReport report = e.erase("boss", p.wechat_lead, ErasureRequest{"request 42 from Li Lei", false});
    CHECK(report.lead == p.lead);
    CHECK(report.leads == std::vector<LeadId>{p.lead, p.wechat_lead});
    CHECK(report.identities == 3);
    CHECK(report.suppressed == 0);
    CHECK(report.history >= 4);
    CHECK(report.events == 1);
    CHECK(report.merges == 1);
    CHECK(report.conflicts == 1);
    CHECK(report.deliveries == 1);
    CHECK(report.changes >= 4);
    CHECK(report.scrub != ScrubOutcome::held_back);

    const std::string after = everything_readable(e);
    CHECK(held_values(after) == "");

    // The lead stays where it was, with its tags, channels and attribution; its attribute keys
    // stay, their values are gone; it holds no identity.
    const Lead erased = lead_of(e, p.lead);
    CHECK(erased.identities.empty());
    CHECK(nlohmann::json::parse(erased.attributes) ==
          nlohmann::json::parse(R"({"name": "[erased]", "address": {"street": "[erased]", "floor": "[erased]"},
                                    "budget": "[erased]", "nickname": "[erased]"})"));
    CHECK(erased.tier == lead_before.tier);
    CHECK(erased.pool == lead_before.pool);
    CHECK(erased.owner == lead_before.owner);
    CHECK(erased.tags == lead_before.tags);
    CHECK(erased.channels == lead_before.channels);
    CHECK(erased.referred_by == p.referrer);
    CHECK(erased.version == lead_before.version + 1);
    CHECK(lead_of(e, p.wechat_lead).id == p.lead);

    // Every history row stays, actions, places and times intact; the erasure is one more row.
    const auto history = e.history("boss", p.lead);
    REQUIRE(history.size() == history_before.size() + 1);
    for (std::size_t i = 0; i < history_before.size(); ++i) {
        CHECK(history[i].seq == history_before[i].seq);
        CHECK(history[i].action == history_before[i].action);
        CHECK(history[i].at == history_before[i].at);
        CHECK(history[i].to_pool == history_before[i].to_pool);
        CHECK(history[i].to_owner == history_before[i].to_owner);
    }
    CHECK(history.back().action == Action::erase_personal_data);
    CHECK(history.back().reason == "request 42 from [erased]");
    CHECK(nlohmann::json::parse(history.back().detail) ==
          nlohmann::json{{"leads", {p.lead, p.wechat_lead}}, {"suppressed", false}});
    const auto capture = nlohmann::json::parse(history.front().detail);
    CHECK(capture["record_id"] == "[erased]");
    CHECK(capture["identities"][0] == nlohmann::json{{"kind", "phone"}, {"value", "[erased]"}});
    CHECK(capture["referrer"]["value"] == "[erased]");
    CHECK(capture["channel"] == "web");
    CHECK(capture["tags"] == nlohmann::json{"vip"});

    const auto activities = e.activities("boss", p.lead);
    REQUIRE(activities.size() == 1);
    CHECK(activities[0].outcome == "[erased]");
    CHECK(activities[0].note == "[erased]");
    CHECK(activities[0].kind == ActivityKind::call);
    CHECK(nlohmann::json::parse(e.events("boss", p.lead).at(0).payload) ==
          nlohmann::json{{"url", "[erased]"}, {"typed", "[erased]"}});
    for (const AttributeValue& value : e.attribute_history("boss", p.lead)) {
        CHECK(nlohmann::json::parse(value.value) ==
              (value.field == "address" ? nlohmann::json{{"street", "[erased]"}, {"floor", "[erased]"}}
                                        : nlohmann::json("[erased]")));
    }
    CHECK(e.merges("boss").at(0).identities == std::vector<Identity>{unionid("[erased]")});
    const IdentityConflict conflict = e.identity_conflicts("boss").at(0);
    CHECK(conflict.record_id.empty());  // a capture has none
    for (const Identity& identity : conflict.identities) CHECK(identity.value == "[erased]");

    // The funnel and every count stay true.
    const FunnelReport funnel = e.funnel("boss");
    CHECK(funnel.leads == funnel_before.leads);
    for (Tier tier : {Tier::master, Tier::sub, Tier::opportunity}) {
        CHECK(funnel[tier].at == funnel_before[tier].at);
        CHECK(funnel[tier].reached == funnel_before[tier].reached);
    }

    // The erasure is an organisation row and a change, neither naming a value.
    const OrgEvent event = e.org_history("boss").back();
    CHECK(event.kind == OrgEventKind::personal_data_erased);
    CHECK(nlohmann::json::parse(event.detail) == nlohmann::json{{"lead", p.lead},
                                                                {"leads", {p.lead, p.wechat_lead}},
                                                                {"reason", "request 42 from [erased]"},
                                                                {"suppressed", false}});
    ChangeQuery query;
    query.filter.kinds = {"erase_personal_data"};
    const ChangePage changes = e.changes("boss", query);
    REQUIRE(changes.changes.size() == 1);
    CHECK(changes.changes[0].lead == p.lead);
    CHECK(changes.changes[0].version == erased.version);

    // The person is unknown now: a later capture makes a new lead.
    CHECK_FALSE(e.find_lead("boss", phone(kPhone)));
    CHECK_FALSE(e.find_lead("boss", email(kEmail)));
    const CaptureResult again = e.capture("boss", phone_lead(kPhone));
    CHECK(again.created);
    CHECK(again.lead.id != p.lead);
}

LEADPOOL_STORE_TEST_CASE("a re-delivered record of an erased person is new, unless suppressed") {
    Person<Factory> p;
    Engine& e = p.e;
    e.erase("boss", p.lead, ErasureRequest{"gdpr", false});
    ChannelRecord web;
    web.channel = "web";
    web.record_id = "r-li-1";
    web.identities = {phone(kPhone)};
    const auto results = e.ingest("boss", {web});
    CHECK(results.at(0).outcome == IngestOutcome::created);
    CHECK(results.at(0).lead != p.lead);
}

LEADPOOL_STORE_TEST_CASE("erasing needs a reason, a lead the actor may erase, and something left to erase") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    const LeadId lead = t.in_north(kPhone, UserId("ann"));
    const LeadId elsewhere = t.capture("13700137000");  // in the master pool: beyond sam's pools

    CHECK(holds(refusal(e, ErrorCode::invalid_argument, [&] { e.erase("boss", lead, {"", false}); }), "reason"));
    CHECK(holds(refusal(e, ErrorCode::invalid_argument, [&] { e.erase("boss", lead, {" \t ", false}); }), "reason"));
    CHECK(refusal(e, ErrorCode::limit_exceeded, [&] { e.erase("boss", lead, {std::string(5000, 'r'), false}); }) !=
          "");
    CHECK(refusal(e, ErrorCode::not_found, [&] { e.erase("boss", 99999, {"gdpr", false}); }) == "no lead 99999");
    // ann may read her lead but not erase it; eve may not even read it: to her, no such lead.
    CHECK(holds(refusal(e, ErrorCode::permission_denied, [&] { e.erase("ann", lead, {"gdpr", false}); }),
                "erase_personal_data"));
    CHECK(refusal(e, ErrorCode::not_found, [&] { e.erase("eve", lead, {"gdpr", false}); }) ==
          "no lead " + std::to_string(lead));
    CHECK(refusal(e, ErrorCode::permission_denied, [&] { e.erase("nobody", lead, {"gdpr", false}); }) != "");
    // The sales manager erases in the pools he runs, not beyond.
    CHECK(refusal(e, ErrorCode::not_found, [&] { e.erase("sam", elsewhere, {"gdpr", false}); }) ==
          "no lead " + std::to_string(elsewhere));
    CHECK(e.can("sam", Action::erase_personal_data, lead));
    CHECK_FALSE(e.can("ann", Action::erase_personal_data, lead));

    e.erase("sam", lead, ErasureRequest{"gdpr", false});
    CHECK(holds(refusal(e, ErrorCode::conflict, [&] { e.erase("sam", lead, {"gdpr", true}); }), "erased before"));
    CHECK(holds(refusal(e, ErrorCode::conflict, [&] { e.erase("boss", lead, {"again", false}); }), "erased before"));
}

LEADPOOL_STORE_TEST_CASE("a suppressed person is refused from then on, and only they are") {
    Person<Factory> p;
    Engine& e = p.e;
    const ErasureReport report = e.erase("boss", p.lead, ErasureRequest{"gdpr, do not contact", true});
    CHECK(report.identities == 3);
    CHECK(report.suppressed == 4);  // and the e-mail the lead could not hold, which their record carried

    // A capture carrying one of them, written any way the identity rules read it, is refused.
    for (const Identity& identity : {phone("+86 138 0013 8000"), email("LI.Erased@Example.com "), unionid(kUnionid)}) {
        LeadInput input = phone_lead("13600136000");
        input.identities.push_back(identity);
        CHECK(holds(refusal(e, ErrorCode::suppressed, [&] { e.capture("boss", input); }), "suppressed"));
    }
    // Another person is not.
    CHECK(e.capture("boss", phone_lead("13600136000")).created);

    // In an ingest the person's record alone is rejected, whatever drop_unusable_identities says;
    // a record naming them as its referrer goes on without the referrer.
    for (bool drop_unusable : {true, false}) {
        ChannelRecord theirs;
        theirs.channel = "shop";
        theirs.identities = {phone("13500135000"), email(kEmail)};
        ChannelRecord friend_record;
        friend_record.channel = "shop";
        friend_record.identities = {phone(drop_unusable ? "13500135001" : "13500135002")};
        friend_record.referrer = phone(kPhone);
        IngestOptions options;
        options.drop_unusable_identities = drop_unusable;
        const auto results = e.ingest("boss", {theirs, friend_record}, options);
        CHECK(results.at(0).outcome == IngestOutcome::rejected);
        CHECK(results.at(0).error == ErrorCode::suppressed);
        CHECK_FALSE(e.find_lead("boss", phone("13500135000")));
        CHECK(results.at(1).outcome == IngestOutcome::created);
        CHECK(results.at(1).dropped == std::vector<std::string>{"referrer: phone '+8613800138000' is suppressed"});
        CHECK(lead_of(e, results.at(1).lead).referred_by == 0);
        CHECK_FALSE(holds(to_json(e.history("boss", results.at(1).lead)), kNormalPhone));
    }
    // All or nothing: the suppressed record fails the batch with its code.
    ChannelRecord theirs;
    theirs.channel = "shop";
    theirs.identities = {unionid(kUnionid)};
    IngestOptions all_or_nothing;
    all_or_nothing.all_or_nothing = true;
    refusal(e, ErrorCode::suppressed, [&] { e.ingest("boss", {theirs}, all_or_nothing); });

    // The list holds hashes, never the values.
    CHECK(held_values(everything_readable(e)) == "");
}

LEADPOOL_STORE_TEST_CASE("a new lead of an erased person merges with it and splits again, an older merge stays") {
    Person<Factory> p;
    Engine& e = p.e;
    e.erase("boss", p.lead, ErasureRequest{"gdpr", false});

    // The merge made before the erasure cannot be undone: the identities it moved are gone.
    CHECK(holds(refusal(e, ErrorCode::conflict, [&] { e.unmerge("boss", p.merge, "split"); }),
                "was erased"));

    // The person comes back; a manager sees it is them and merges by hand, then splits again.
    const LeadId back = e.capture("boss", phone_lead(kPhone, "shop", R"({"name": "Li again"})")).lead.id;
    const MergeRecord merged = e.merge_leads("boss", back, p.lead, "the same person again");
    CHECK(merged.survivor == p.lead);  // further along the funnel
    CHECK(merged.identities == std::vector<Identity>{phone(kNormalPhone)});
    CHECK(lead_of(e, back).id == p.lead);
    CHECK(lead_of(e, p.lead).identities == std::vector<Identity>{phone(kNormalPhone)});
    CHECK(nlohmann::json::parse(lead_of(e, p.lead).attributes)["name"] == "Li again");

    const Lead restored = e.unmerge("boss", merged.id, "not sure");
    CHECK(restored.id == back);
    CHECK(restored.identities == std::vector<Identity>{phone(kNormalPhone)});
    CHECK(lead_of(e, p.lead).identities.empty());
    CHECK(nlohmann::json::parse(lead_of(e, p.lead).attributes)["name"] == "[erased]");

    // Erased again with the new lead merged in: it had new data, so there is something to erase.
    e.merge_leads("boss", back, p.lead, "it is them");
    const ErasureReport second = e.erase("boss", back, ErasureRequest{"second request", false});
    CHECK(second.lead == p.lead);
    CHECK(second.identities == 1);
    CHECK_FALSE(holds(everything_readable(e), "Li again"));
}

LEADPOOL_STORE_TEST_CASE("the leads a person referred keep the link and lose the person's identity") {
    Company<Factory> c;
    Engine& e = *c.engine;
    const LeadId referrer = c.capture(kPhone);
    ChannelRecord referred;
    referred.channel = "web";
    referred.identities = {phone("13600136001")};
    referred.referrer = phone(kPhone);
    const LeadId friend_lead = e.ingest("boss", {referred}).at(0).lead;
    REQUIRE(lead_of(e, friend_lead).referred_by == referrer);

    const ErasureReport report = e.erase("boss", referrer, ErasureRequest{"gdpr", false});
    CHECK(report.referrals == 1);
    CHECK(lead_of(e, friend_lead).referred_by == referrer);
    const auto capture = nlohmann::json::parse(e.history("boss", friend_lead).at(0).detail);
    CHECK(capture["referrer"] == nlohmann::json{{"kind", "phone"}, {"value", "[erased]"}});
    CHECK(capture["identities"][0]["value"] == "+8613600136001");  // the friend's own stay
    CHECK_FALSE(holds(everything_readable(e), kNormalPhone));
}

LEADPOOL_STORE_TEST_CASE("subject access reads everything held of the person, and is recorded without the identity") {
    Person<Factory> p;
    Engine& e = p.e;
    const PersonalData data = e.personal_data("boss", phone("+86 138-0013-8000"));
    CHECK(data.lead.id == p.lead);
    REQUIRE(data.leads.size() == 1);
    CHECK(data.leads[0].id == p.wechat_lead);
    CHECK(data.identities == lead_of(e, p.lead).identities);
    CHECK(data.history.size() == e.history("boss", p.lead).size());
    CHECK(data.events.size() == 1);
    CHECK(data.follow_ups.size() == 1);
    CHECK(data.follow_ups[0].note == "called back at 13800138000");
    CHECK(data.merges.size() == 1);
    CHECK(data.conflicts.size() == 1);
    const auto has_value = [&](const std::string& field, const std::string& value) {
        return std::any_of(data.attributes.begin(), data.attributes.end(), [&](const AttributeValue& v) {
            return v.field == field && v.value == value;
        });
    };
    CHECK(has_value("name", "\"Li Lei\""));
    CHECK(has_value("nickname", "\"Li Lei\""));
    CHECK(has_value("budget", "5000"));
    CHECK(holds(to_json(data), "Hangzhou West Lake"));

    const OrgEvent event = e.org_history("boss").back();
    CHECK(event.kind == OrgEventKind::personal_data_exported);
    CHECK(nlohmann::json::parse(event.detail) ==
          nlohmann::json{{"lead", p.lead}, {"leads", {p.lead, p.wechat_lead}}});

    // After the erasure the same identity names nobody.
    e.erase("boss", p.lead, ErasureRequest{"gdpr", false});
    CHECK(holds(refusal(e, ErrorCode::not_found, [&] { e.personal_data("boss", phone(kPhone)); }), "no lead holds"));
}

LEADPOOL_STORE_TEST_CASE("subject access refuses what it must, with its own code, changing nothing") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    t.in_north(kPhone, UserId("ann"));
    const std::string unknown = refusal(e, ErrorCode::not_found, [&] { e.personal_data("boss", phone("13700137000")); });
    CHECK(unknown == "personal data: no lead holds phone '+8613700137000'");
    // eve may not read the lead: the same words as for no lead at all.
    CHECK(refusal(e, ErrorCode::not_found, [&] { e.personal_data("eve", phone(kPhone)); }) ==
          "personal data: no lead holds phone '+8613800138000'");
    // ann may read it, not export it.
    CHECK(holds(refusal(e, ErrorCode::permission_denied, [&] { e.personal_data("ann", phone(kPhone)); }),
                "export_personal_data"));
    CHECK(refusal(e, ErrorCode::invalid_argument, [&] { e.personal_data("boss", phone("12")); }) != "");
    CHECK(refusal(e, ErrorCode::invalid_argument, [&] { e.personal_data("boss", email("not an address")); }) != "");
    CHECK(refusal(e, ErrorCode::permission_denied, [&] { e.personal_data("nobody", phone(kPhone)); }) != "");
    CHECK(e.personal_data("sam", phone(kPhone)).identities == std::vector<Identity>{phone(kNormalPhone)});
}

LEADPOOL_STORE_TEST_CASE("what is the business's stays: steps, amounts, channels, and reasons but for the person in them") {
    Company<Factory> c;
    Engine& e = *c.engine;
    e.define_workflow("boss", Workflow{"sale", {{"contact", {}}, {"demo", {}}}, {"lathe"}});
    const LeadId lead = e.capture("boss", phone_lead(kPhone, "web", R"({"interest": "demo", "name": "Li Lei"})")).lead.id;
    e.transition("boss", TransitionRequest::distribute(lead, c.east, UserId("ann")));
    e.open_opportunity("ann", OpportunityRequest{lead, "lathe", 120000, {}});
    e.advance_opportunity("ann", lead, "demo");
    e.transition("ann", TransitionRequest::lose(lead, "Li Lei bought elsewhere, call 13800138000 in May"));

    e.erase("boss", lead, ErasureRequest{"gdpr", false});
    const Opportunity opportunity = e.opportunities("boss", lead).at(0);
    CHECK(opportunity.step == "demo");  // the same text as an erased attribute value, but the business's
    CHECK(opportunity.amount == 120000);
    CHECK(opportunity.status == OpportunityStatus::lost);
    const auto history = e.history("boss", lead);
    const auto lost = std::find_if(history.begin(), history.end(),
                                   [](const HistoryEntry& row) { return row.action == Action::lose; });
    REQUIRE(lost != history.end());
    CHECK(lost->reason == "[erased] bought elsewhere, call [erased] in May");
    ChangeQuery query;
    query.filter.kinds = {"opportunity_advanced"};
    CHECK(nlohmann::json::parse(e.changes("boss", query).changes.at(0).detail)["step"] == "demo");
    CHECK(lead_of(e, lead).channel == "web");
}

TEST_SUITE_END();

LEADPOOL_STORE_TEST_CASE("an erasure takes the person out of the rows a re-key wrote") {
    Company<Factory> c;
    Engine& e = *c.engine;
    IdentityRules rules = e.identity_rules();
    rules.default_region = "";  // phones kept as bare digits, then re-keyed to E.164
    e.set_identity_rules("boss", rules);
    LeadInput input = phone_lead(kPhone);
    input.identities.push_back(email(kEmail));
    const LeadId lead = e.capture("boss", input).lead.id;
    rules.default_region = "CN";
    REQUIRE(e.set_identity_rules("boss", rules).rekeyed == 1);
    REQUIRE(holds(everything_readable(e), kPhone));  // the re-key row holds both forms

    e.erase("boss", lead, ErasureRequest{"gdpr", false});
    const std::string after = everything_readable(e);
    CHECK_FALSE(holds(after, kPhone));
    CHECK_FALSE(holds(after, kNormalPhone));
    CHECK_FALSE(holds(after, kEmail));
    // The re-key row stays, its values redacted.
    const auto history = e.history("boss", lead);
    CHECK(std::any_of(history.begin(), history.end(), [](const HistoryEntry& row) {
        return row.action == Action::rekey && row.detail.find(kRedacted) != std::string::npos;
    }));
}
