// Lead scoring: rules as data, scores kept current by every touch, explained and recorded, and
// rescored when the rules change — on every store.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "engine_fixture.hpp"
#include "leadpool/json.hpp"

using namespace leadpool;
using namespace leadpool::testing;
using nlohmann::json;

namespace {

// "fit": who the lead is; "engagement": what they did lately.
constexpr const char* kRules = R"({"models": [
  {"name": "fit", "cap": 50, "rules": [
    {"name": "big company", "points": 30,
     "when": [{"field": "attributes.employees", "op": "range", "min": 500}]},
    {"name": "from ads", "points": 10, "when": [{"field": "source", "op": "equals", "values": ["ads"]}]},
    {"name": "vip", "points": 20, "when": [{"field": "tags", "op": "in", "values": ["vip"]}]},
    {"name": "referrer", "points": 15, "referrals": {"at_least": 1, "reached": "opportunity"}}]},
  {"name": "engagement", "floor": 0, "rules": [
    {"name": "pricing twice this week", "points": 40,
     "event": {"type": "page_view", "at_least": 2, "within_days": 7,
               "payload": [{"field": "payload.page", "op": "prefix", "values": ["/pricing"]}]}},
    {"name": "recent demo", "points": 10, "decay_days": 5, "event": {"type": "demo"}},
    {"name": "unsubscribed", "points": -100, "event": {"type": "unsubscribe"}}]}]})";

ChannelRecord record(const std::string& number, const std::string& attributes = "{}") {
    ChannelRecord r;
    r.channel = "web";
    r.identities = {phone(number)};
    r.attributes = attributes;
    return r;
}

ChannelRecord with_event(ChannelRecord r, const std::string& type, const std::string& payload = "{}") {
    r.events.push_back({type, 0, payload});
    return r;
}

// A lead the "fit" model gives 30 points: a big company.
LeadId capture_big_company(Engine& engine) {
    LeadInput big = phone_lead("13800000001");
    big.attributes = R"({"employees": 800})";
    return engine.capture("boss", big).lead.id;
}

template <typename Factory>
struct Scored : Company<Factory> {
    Scored() { this->engine->set_scoring_rules("boss", scoring_rules_from_json(kRules)); }

    LeadId ingest(const ChannelRecord& r) {
        const auto results = this->engine->ingest("boss", {r});
        REQUIRE(results.at(0).lead != 0);
        return results.at(0).lead;
    }

    // The lead's points in `model`; none when it has no score there.
    std::optional<std::int64_t> points(LeadId lead, const std::string& model) {
        for (const LeadScore& score : this->engine->scores("boss", lead)) {
            if (score.model == model) return score.points;
        }
        return std::nullopt;
    }

    std::vector<HistoryEntry> score_rows(LeadId lead) {
        std::vector<HistoryEntry> rows;
        for (const HistoryEntry& row : this->engine->history("boss", lead)) {
            if (row.action == Action::score) rows.push_back(row);
        }
        return rows;
    }
};

}  // namespace

TEST_SUITE_BEGIN("scoring");

LEADPOOL_STORE_TEST_CASE("a capture scores the lead, explains the points and records the change") {
    Scored<Factory> c;
    Engine& e = *c.engine;
    LeadInput in = phone_lead("13800000001");
    in.attributes = R"({"employees": 800})";
    in.attribution.source = "ads";
    in.tags = {"vip"};
    const LeadId lead = e.capture("boss", in).lead.id;

    const std::vector<LeadScore> scores = e.scores("boss", lead);
    REQUIRE(scores.size() == 2);
    CHECK(scores[0].model == "engagement");  // by model
    CHECK(scores[0].points == 0);
    CHECK(scores[0].rules.empty());
    CHECK(scores[0].next_change == 0);
    CHECK(scores[1].model == "fit");
    CHECK(scores[1].points == 50);  // 60, held at the cap
    CHECK(scores[1].rules ==
          std::vector<RulePoints>{{"big company", 30}, {"from ads", 10}, {"vip", 20}});
    CHECK(scores[1].scored_at == c.clock->now());

    // The change is a history row that moves nothing.
    const auto rows = c.score_rows(lead);
    REQUIRE(rows.size() == 2);
    const HistoryEntry& fit = rows[0].reason == "score 'fit'" ? rows[0] : rows[1];
    CHECK(fit.from_tier == fit.to_tier);
    CHECK(fit.from_pool == fit.to_pool);
    CHECK(fit.from_owner == fit.to_owner);
    CHECK(json::parse(fit.detail) == json::parse(R"({"model": "fit", "from": null, "to": 50,
        "rules": [{"rule": "big company", "points": 30}, {"rule": "from ads", "points": 10},
                  {"rule": "vip", "points": 20}]})"));

    // An edit rescored in its own transaction; a touch that changes no score records nothing.
    LeadUpdate untag;
    untag.remove_tags = {"vip"};
    e.update_lead("boss", lead, untag);
    CHECK(c.points(lead, "fit") == 40);
    CHECK(c.score_rows(lead).size() == 3);
    e.update_lead("boss", lead, LeadUpdate{R"({"city": "Hangzhou"})", {}, {}, 0});
    CHECK(c.score_rows(lead).size() == 3);
    ChangeQuery query;
    query.filter.kinds = {"score"};
    CHECK(e.changes("boss", query).changes.size() == 3);
}

LEADPOOL_STORE_TEST_CASE("behaviour events score within their window and maintain rescores what time changed") {
    Scored<Factory> c;
    Engine& e = *c.engine;
    const LeadId lead = c.ingest(with_event(record("13800000001"), "page_view", R"({"page": "/pricing/pro"})"));
    CHECK(c.points(lead, "engagement") == 0);  // one view: the rule wants two
    c.clock->advance(kMillisPerDay);
    c.ingest(with_event(record("13800000001"), "page_view", R"({"page": "/blog"})"));
    CHECK(c.points(lead, "engagement") == 0);  // not a pricing page
    c.ingest(with_event(record("13800000001"), "page_view", R"({"page": "/pricing"})"));
    CHECK(c.points(lead, "engagement") == 40);
    const LeadScore engagement = e.scores("boss", lead).at(0);
    // The first pricing view leaves the 7-day window 6 days from now.
    CHECK(engagement.next_change == kStart + 7 * kMillisPerDay);

    c.clock->set(kStart + 7 * kMillisPerDay - 1);
    CHECK(e.maintain("boss").rescored == 0);
    CHECK(c.points(lead, "engagement") == 40);
    c.clock->set(kStart + 7 * kMillisPerDay);
    CHECK(e.maintain("boss").rescored == 1);
    CHECK(c.points(lead, "engagement") == 0);
    const HistoryEntry row = c.score_rows(lead).back();
    CHECK(json::parse(row.detail) == json::parse(R"({"model": "engagement", "from": 40, "to": 0, "rules": []})"));
    CHECK(e.maintain("boss").rescored == 0);  // nothing due any more

    // A negative rule under the model's floor.
    c.ingest(with_event(record("13800000001"), "unsubscribe"));
    CHECK(c.points(lead, "engagement") == 0);
    CHECK(e.scores("boss", lead).at(0).rules == std::vector<RulePoints>{{"unsubscribed", -100}});
}

LEADPOOL_STORE_TEST_CASE("a decaying rule loses a share of its points each day") {
    Scored<Factory> c;
    Engine& e = *c.engine;
    const LeadId lead = c.ingest(with_event(record("13800000001"), "demo"));
    CHECK(c.points(lead, "engagement") == 10);
    CHECK(e.scores("boss", lead).at(0).next_change == kStart + kMillisPerDay);
    c.clock->set(kStart + 2 * kMillisPerDay + 5);
    CHECK(e.maintain("boss").rescored == 1);
    CHECK(c.points(lead, "engagement") == 6);  // 10 * 3 / 5
    c.clock->set(kStart + 5 * kMillisPerDay);
    e.maintain("boss");
    CHECK(c.points(lead, "engagement") == 0);
    CHECK(e.scores("boss", lead).at(0).next_change == 0);
    // A new demo starts it again.
    c.ingest(with_event(record("13800000001"), "demo"));
    CHECK(c.points(lead, "engagement") == 10);
}

LEADPOOL_STORE_TEST_CASE("a merge scores the survivor on both sides' data, an unmerge rescores both") {
    Scored<Factory> c;
    Engine& e = *c.engine;
    const LeadId first = c.ingest(with_event(record("13800000001"), "page_view", R"({"page": "/pricing"})"));
    const LeadId second = c.ingest(with_event(record("13800000002", R"({"employees": 900})"), "page_view",
                                              R"({"page": "/pricing"})"));
    CHECK(c.points(first, "engagement") == 0);
    CHECK(c.points(second, "fit") == 30);

    const MergeRecord merge = e.merge_leads("boss", first, second, "one person");
    const LeadId survivor = merge.survivor;
    const LeadId absorbed = survivor == first ? second : first;
    CHECK(c.points(survivor, "engagement") == 40);  // two pricing views between them
    CHECK(c.points(survivor, "fit") == 30);
    CHECK(c.points(absorbed, "fit") == 30);  // the absorbed id names the survivor

    e.unmerge("boss", merge.id, "two people after all");
    CHECK(c.points(first, "engagement") == 0);
    CHECK(c.points(second, "engagement") == 0);
    CHECK(c.points(first, "fit") == 0);
    CHECK(c.points(second, "fit") == 30);
}

LEADPOOL_STORE_TEST_CASE("a referrer scores when a lead it referred reaches the tier") {
    Scored<Factory> c;
    Engine& e = *c.engine;
    const LeadId referrer = c.ingest(record("13800000001"));
    ChannelRecord friend_record = record("13800000002");
    friend_record.referrer = phone("13800000001");
    const LeadId referred = c.ingest(friend_record);
    CHECK(c.points(referrer, "fit") == 0);  // referred, not yet an opportunity
    e.transition("boss", TransitionRequest::distribute(referred, c.east, "ann"));
    e.transition("boss", TransitionRequest::qualify(referred));
    CHECK(c.points(referrer, "fit") == 15);
    CHECK(c.points(referred, "fit") == 0);
}

LEADPOOL_STORE_TEST_CASE("new rules rescore every lead in batches and say how many scores changed") {
    Company<Factory> c;
    Engine& e = *c.engine;
    const LeadId scored = capture_big_company(e);
    const LeadId plain = c.capture("13800000002");
    CHECK(e.scores("boss", scored).empty());  // no rules, no scores

    const std::size_t org_rows = e.org_history("boss").size();
    std::vector<RescoreReport> heard;
    const RescoreReport report = e.set_scoring_rules(
        "boss", scoring_rules_from_json(kRules), [&](const RescoreReport& r) { heard.push_back(r); });
    CHECK(report.needed);
    CHECK(report.leads == 2);
    CHECK(report.changed == 4);  // a first score in each model counts as a change
    REQUIRE_FALSE(heard.empty());
    CHECK(heard.back().leads == 2);
    CHECK(e.scores("boss", scored).at(1).points == 30);
    CHECK(e.scores("boss", plain).at(1).points == 0);
    CHECK(to_json(e.scoring_rules()) == to_json(scoring_rules_from_json(kRules)));
    const auto org = e.org_history("boss");
    REQUIRE(org.size() == org_rows + 2);
    CHECK(org[org_rows].kind == OrgEventKind::scoring_changed);
    CHECK(org[org_rows + 1].kind == OrgEventKind::scores_rescored);
    CHECK(json::parse(org[org_rows + 1].detail) == json::parse(R"({"leads": 2, "changed": 4})"));

    // Dropping a model takes its scores away; the history keeps what they were.
    ScoringRules fit_only = scoring_rules_from_json(kRules);
    fit_only.models.pop_back();
    const RescoreReport again = e.set_scoring_rules("boss", fit_only);
    CHECK(again.changed == 2);
    REQUIRE(e.scores("boss", scored).size() == 1);
    CHECK(json::parse(e.history("boss", scored).back().detail) ==
          json::parse(R"({"model": "engagement", "from": 0, "to": null, "rules": []})"));
    e.set_scoring_rules("boss", ScoringRules{});
    CHECK(e.scores("boss", scored).empty());
}

LEADPOOL_STORE_TEST_CASE("a lead list sorts by score, pages through equal scores and follows a score's change") {
    Company<Factory> c;
    Engine& e = *c.engine;
    const auto capture = [&](const std::string& phone, int employees, const std::string& source) {
        LeadInput input = phone_lead(phone);
        input.attributes = R"({"employees": )" + std::to_string(employees) + "}";
        input.attribution.source = source;
        return e.capture("boss", input).lead.id;
    };
    // "fit": a big company gives 30 points, a lead from ads 10.
    const LeadId small = capture("13800000011", 10, "");
    const LeadId ads = capture("13800000012", 10, "ads");
    const LeadId big = capture("13800000013", 900, "");
    const LeadId big_ads = capture("13800000014", 900, "ads");
    const LeadId big_too = capture("13800000015", 600, "");
    using V = std::vector<LeadId>;
    const auto list = [&](const UserId& actor, const LeadFilter& filter, PageRequest page) {
        V walked;
        for (int n = 0; n < 10; ++n) {
            const LeadPage got = e.leads(actor, filter, page);
            for (const Lead& lead : got.leads) walked.push_back(lead.id);
            if (!got.next_cursor) break;
            page.cursor = got.next_cursor;
        }
        return walked;
    };
    PageRequest best_first;
    best_first.sort = {LeadSortKey::score, true, "fit"};
    CHECK(list("boss", {}, best_first).empty());  // no rules, no scores: nothing to sort by
    e.set_scoring_rules("boss", scoring_rules_from_json(kRules));

    best_first.limit = 2;  // pages end inside the run of equal scores
    CHECK(list("boss", {}, best_first) == V{big_ads, big_too, big, ads, small});
    PageRequest worst_first;
    worst_first.sort = {LeadSortKey::score, false, "fit"};
    worst_first.limit = 1;
    CHECK(list("boss", {}, worst_first) == V{small, ads, big, big_too, big_ads});
    const LeadPage first = e.leads("boss", {}, best_first);
    REQUIRE(first.next_cursor);
    CHECK(*first.next_cursor == (LeadCursor{30, big_too}));  // the cursor carries the points

    // With a filter, and within what the actor may read.
    LeadFilter band;
    band.score = ScoreRange{"fit", 10, 30};
    CHECK(list("boss", band, worst_first) == V{ads, big, big_too});
    e.transition("boss", move(big, Action::distribute, c.east, "ann"));
    e.transition("boss", move(small, Action::distribute, c.east, "ann"));
    CHECK(list("ann", {}, best_first) == V{big, small});

    // A change of score moves the lead: the company shrank, its 30 points went.
    LeadUpdate shrank;
    shrank.attributes = R"({"employees": 40})";
    e.update_lead("boss", big, shrank);
    CHECK(list("boss", {}, best_first) == V{big_ads, big_too, ads, big, small});
    PageRequest engaged;
    engaged.sort = {LeadSortKey::score, true, "engagement"};
    CHECK(list("boss", {}, engaged) == V{big_too, big_ads, big, ads, small});  // all 0: by id
    CHECK(list("boss", {}, page_from_json(R"({"sort": "score", "score_model": "fit", "limit": 2})")) ==
          V{small, big, ads, big_too, big_ads});
}

LEADPOOL_STORE_TEST_CASE("scoring rules that cannot hold are refused and change nothing") {
    Company<Factory> c;
    Engine& e = *c.engine;
    c.capture("13800000001");
    auto refused = [&](const char* rules, ErrorCode code, const char* names) {
        CAPTURE(rules);
        try {
            e.set_scoring_rules("boss", scoring_rules_from_json(rules));
            FAIL("accepted");
        } catch (const Error& error) {
            CHECK(error.code() == code);
            CHECK_MESSAGE(std::string(error.what()).find(names) != std::string::npos, error.what());
        }
        CHECK(e.scoring_rules().models.empty());
    };
    refused(R"({"models": [{"name": "fit", "rules": [{"name": "a", "points": 1,
        "when": [{"field": "colour", "op": "exists"}]}]}]})",
            ErrorCode::invalid_argument, "models[0].rules[0].when[0]: unknown field 'colour'");
    refused(R"({"models": [{"name": "fit", "rules": [{"name": "a", "points": 1,
        "when": [{"field": "channel", "op": "like", "values": ["x"]}]}]}]})",
            ErrorCode::invalid_argument, "unknown operator 'like'");
    refused(R"({"models": [{"name": "fit"}, {"name": "fit"}]})", ErrorCode::invalid_argument,
            "model name 'fit' appears twice");
    refused(R"({"models": [{"name": "fit", "rules": [{"name": "a", "points": 1}, {"name": "a", "points": 2}]}]})",
            ErrorCode::invalid_argument, "rule name 'a' appears twice");
    refused(R"({"models": [{"name": "fit", "rules": [{"name": "a", "points": 1, "decay_days": 3}]}]})",
            ErrorCode::invalid_argument, "decay applies to rules with an event condition only");
    refused(R"({"models": [{"name": "fit", "rules": [{"name": "a", "points": 1,
        "event": {"type": "view", "payload": [{"field": "page", "op": "exists"}]}}]}]})",
            ErrorCode::invalid_argument, "unknown field 'page' (payload.<path>)");
    refused(R"({"models": [{"name": "fit", "rules": [{"name": "a", "points": 1, "event": {"type": "view", "at_least": 0}}]}]})",
            ErrorCode::invalid_argument, "event.at_least: 0 is out of range");
    refused(R"({"models": [{"name": "fit", "cap": 1, "floor": 2}]})", ErrorCode::invalid_argument,
            "floor is above cap");
    refused(R"({"models": [{"name": "fit", "rules": [], "weight": 2}]})", ErrorCode::invalid_argument,
            "models[0].weight: unknown field");
    json many = {{"models", json::array({{{"name", "fit"}, {"rules", json::array()}}})}};
    for (std::size_t i = 0; i <= kMaxScoringRules; ++i) {
        many["models"][0]["rules"].push_back({{"name", "r" + std::to_string(i)}, {"points", 1}});
    }
    refused(many.dump().c_str(), ErrorCode::limit_exceeded, "rules: at most 256");

    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied,
                               e.set_scoring_rules("ann", scoring_rules_from_json(kRules)));
}

LEADPOOL_STORE_TEST_CASE("lead lists and the funnel filter by a score range") {
    Scored<Factory> c;
    Engine& e = *c.engine;
    const LeadId scored = capture_big_company(e);
    const LeadId vip = c.capture("13800000002");
    e.update_lead("boss", vip, LeadUpdate{"{}", {"vip"}, {}, 0});
    const LeadId plain = c.capture("13800000003");
    e.transition("boss", TransitionRequest::distribute(scored, c.east, "ann"));

    auto ids = [&](std::optional<std::int64_t> min, std::optional<std::int64_t> max) {
        LeadFilter filter;
        filter.score = ScoreRange{"fit", min, max};
        std::vector<LeadId> out;
        for (const Lead& lead : e.leads("boss", filter).leads) out.push_back(lead.id);
        return out;
    };
    CHECK(ids(25, std::nullopt) == std::vector<LeadId>{scored});
    CHECK(ids(20, 30) == (std::vector<LeadId>{scored, vip}));  // both bounds inclusive
    CHECK(ids(std::nullopt, 0) == std::vector<LeadId>{plain});
    CHECK(ids(31, std::nullopt).empty());
    LeadFilter unknown;
    unknown.score = ScoreRange{"nobody", std::nullopt, std::nullopt};
    CHECK(e.leads("boss", unknown).leads.empty());  // no score in that model: never in range
    unknown.score = ScoreRange{"fit", 5, 4};
    CHECK_THROWS_WITH_AS(e.leads("boss", unknown), "score: min 5 is above max 4", Error);

    FunnelFilter band;
    band.score = ScoreRange{"fit", 20, std::nullopt};
    const FunnelReport report = e.funnel("boss", band);
    CHECK(report.leads == 2);
    CHECK(report[Tier::sub].at == 1);
    CHECK(report[Tier::master].at == 1);
    CHECK(lead_filter_from_json(R"({"score": {"model": "fit", "min": 20}})").score->min == 20);
    CHECK(funnel_filter_from_json(R"({"score": {"model": "fit", "max": 5}})").score->max == 5);
    CHECK_THROWS_AS(lead_filter_from_json(R"({"score": {"min": 20}})"), Error);
}

LEADPOOL_STORE_TEST_CASE("routing sends leads by their score") {
    Scored<Factory> c;
    Engine& e = *c.engine;
    const LeadId scored = capture_big_company(e);
    const LeadId plain = c.capture("13800000002");
    RoutingTable table;
    table.rules = {{"high fit", c.east, {{"score.fit", RuleOperator::range, {}, 25.0, std::nullopt}}}};
    table.default_pool = c.west;
    e.set_routing("boss", table);
    RouteRequest all;
    all.all_unrouted = true;
    const std::vector<RouteDecision> decisions = e.route("boss", all);
    REQUIRE(decisions.size() == 2);
    CHECK(decisions[0].lead == scored);
    CHECK(decisions[0].pool == c.east);
    CHECK(decisions[0].rule == "high fit");
    CHECK(decisions[1].lead == plain);
    CHECK(decisions[1].pool == c.west);

    // Only routing reads scores: a scoring rule on a score is refused, and so is a bad one.
    table.rules = {{"named", c.east, {{"score.fit", RuleOperator::equals, {"30"}, std::nullopt, std::nullopt}}}};
    CHECK_NOTHROW(e.set_routing("boss", table));
    table.rules = {{"empty", c.east, {{"score.", RuleOperator::exists, {}, std::nullopt, std::nullopt}}}};
    CHECK_THROWS_WITH_AS(e.set_routing("boss", table), doctest::Contains("unknown field 'score.'"), Error);
    CHECK_THROWS_WITH_AS(
        e.set_scoring_rules("boss", scoring_rules_from_json(R"({"models": [{"name": "x", "rules": [{"name": "a",
            "points": 1, "when": [{"field": "score.fit", "op": "exists"}]}]}]})")),
        doctest::Contains("unknown field 'score.fit'"), Error);
}

LEADPOOL_STORE_TEST_CASE("a pool assigning by score hands out the highest-scored leads first") {
    Scored<Factory> c;
    Engine& e = *c.engine;
    const LeadId plain = c.capture("13800000002");
    const LeadId vip = c.capture("13800000003");
    e.update_lead("boss", vip, LeadUpdate{"{}", {"vip"}, {}, 0});
    const LeadId big = capture_big_company(e);
    const PoolId north = e.create_pool("boss", PoolSpec{"north", std::nullopt, {}, {"ann"}}).id;
    for (LeadId id : {plain, vip, big}) e.transition("boss", TransitionRequest::distribute(id, north));
    PoolSettings settings;
    settings.max_held = 2;
    settings.assign_by_score = "fit";
    e.set_pool_settings("boss", north, settings);
    CHECK(e.pool_settings("boss", north).assign_by_score == "fit");
    AssignRequest request;
    request.pool = north;
    const AssignResult result = e.assign("boss", request);
    REQUIRE(result.assigned.size() == 2);  // ann holds two at the most
    CHECK(result.assigned[0].lead == big);  // 30 points
    CHECK(result.assigned[1].lead == vip);  // 20
    CHECK(result.unassigned == std::vector<LeadId>{plain});
    CHECK(json::parse(to_json(settings)).at("assign_by_score") == "fit");
    CHECK(pool_settings_from_json(R"({"assign_by_score": null})").assign_by_score.empty());
}

LEADPOOL_STORE_TEST_CASE("a salesperson reads the scores of the leads they may read only") {
    Scored<Factory> c;
    Engine& e = *c.engine;
    const LeadId lead = c.capture("13800000001");
    CHECK(e.scores("boss", lead).size() == 2);
    CHECK_THROWS_AS(e.scores("ann", lead), Error);
    e.transition("boss", TransitionRequest::distribute(lead, c.east, "ann"));
    CHECK(e.scores("ann", lead).size() == 2);
}

TEST_SUITE_END();

TEST_CASE("a rescore cut short resumes at the next maintenance run") {
    Company<SqliteStoreFactory> c;
    for (const char* number : {"13800000001", "13800000002", "13800000003"}) c.capture(number);
    // The state a crash leaves between the rules' change and the rescore's second batch.
    {
        auto store = c.factory.open();
        auto writer = store->write();
        writer->set_setting("scoring", R"({"models": [{"name": "all", "rules": [{"name": "any", "points": 5}]}]})");
        writer->set_setting("scoring_rescore", R"({"after": 1, "leads": 1, "changed": 0})");
        writer->commit();
    }
    c.reopen();
    const MaintenanceReport report = c.engine->maintain("boss");
    REQUIRE(report.rescore.has_value());
    CHECK(report.rescore->leads == 3);  // the whole rescore's counts
    CHECK(report.rescore->changed == 2);
    CHECK(c.engine->scores("boss", 1).empty());  // before the cut: as it was
    CHECK(c.engine->scores("boss", 2).at(0).points == 5);
    CHECK(c.engine->scores("boss", 3).at(0).points == 5);
    CHECK(c.engine->org_history("boss").back().kind == OrgEventKind::scores_rescored);
    CHECK_FALSE(c.engine->maintain("boss").rescore.has_value());
}

TEST_CASE("the scoring rules read back as they were written") {
    const ScoringRules rules = scoring_rules_from_json(kRules);
    CHECK(to_json(scoring_rules_from_json(to_json(rules))) == to_json(rules));
    REQUIRE(rules.models.size() == 2);
    CHECK(rules.models[1].rules[1].decay_days == 5);
    CHECK(rules.models[0].rules[3].referrals->reached == Tier::opportunity);
    CHECK_THROWS_AS(scoring_rules_from_json(R"({"models": [{"name": "x", "rules": [{"name": "a"}]}]})"), Error);
}
