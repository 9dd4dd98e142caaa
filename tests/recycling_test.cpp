// Follow-ups and recycling on a virtual clock: activities reset the idle clock, the maintenance
// run recycles idle held leads per pool and tier and lists those due soon — on every store.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "pool_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;


namespace {

// The leads of a report's recycled or due_soon list.
template <typename Item>
std::vector<LeadId> ids_of(const std::vector<Item>& items) {
    std::vector<LeadId> ids;
    for (const auto& item : items) ids.push_back(item.lead);
    return ids;
}

}  // namespace

TEST_SUITE_BEGIN("recycling");

LEADPOOL_STORE_TEST_CASE("a follow-up is recorded on the lead and resets its idle clock") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    const LeadId lead = t.in_north("13800000001", "ann");
    const Timestamp held_since = t.clock->now();
    t.clock->advance(2 * kDay);

    const Activity call =
        e.follow_up("ann", lead, FollowUp{ActivityKind::call, std::nullopt, "interested", "call back"});
    CHECK(call.lead == lead);
    CHECK(call.actor == "ann");
    CHECK(call.at == t.clock->now());
    CHECK(call.recorded_at == t.clock->now());
    CHECK(t.lead(lead).last_activity_at == t.clock->now());

    // A visit logged afterwards, that happened yesterday: the clock keeps the latest activity.
    const Timestamp yesterday = t.clock->now() - kDay;
    t.clock->advance(kDay);
    const Activity visit =
        e.follow_up("ann", lead, FollowUp{ActivityKind::visit, yesterday, "", "met the buyer"});
    CHECK(visit.at == yesterday);
    CHECK(t.lead(lead).last_activity_at == call.at);
    CHECK(t.lead(lead).owner == "ann");  // a follow-up moves nothing

    const auto activities = e.activities("sam", lead);
    REQUIRE(activities.size() == 2);
    CHECK(to_json(activities[0]) == to_json(call));
    CHECK(activities[1].kind == ActivityKind::visit);
    CHECK(activities[1].note == "met the buyer");
    const HistoryEntry row = e.history("boss", lead).back();
    CHECK(row.action == Action::follow_up);
    CHECK(row.at == visit.recorded_at);
    CHECK(held_since < call.at);

    for (ActivityKind kind : {ActivityKind::message, ActivityKind::meeting, ActivityKind::note}) {
        CHECK(e.follow_up("ann", lead, FollowUp{kind, std::nullopt, "", ""}).kind == kind);
    }

    LP_CHECK_REFUSED_UNCHANGED(
        e, ErrorCode::invalid_argument,
        e.follow_up("ann", lead, FollowUp{ActivityKind::call, t.clock->now() + kMaxClockSkewMs + 1, "", ""}));
    LP_CHECK_REFUSED_UNCHANGED(
        e, ErrorCode::invalid_argument,
        e.follow_up("ann", lead, FollowUp{static_cast<ActivityKind>(9), std::nullopt, "", ""}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found,
                               e.follow_up("bob", lead, FollowUp{ActivityKind::call, std::nullopt, "", ""}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found,
                               e.follow_up("ann", 999, FollowUp{ActivityKind::call, std::nullopt, "", ""}));
    LP_CHECK_REFUSED_UNCHANGED(
        e, ErrorCode::limit_exceeded,
        e.follow_up("ann", lead,
                    FollowUp{ActivityKind::note, std::nullopt, "", std::string(kMaxTextBytes + 1, 'x')}));
    CHECK_THROWS_AS(e.activities("bob", lead), Error);
}

LEADPOOL_STORE_TEST_CASE("idle held leads go back to their pool, the warning window lists those due soon") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    PoolSettings settings;
    settings.held_idle_ms = 7 * kDay;
    settings.warning_ms = 2 * kDay;
    t.settings(settings);

    const LeadId quiet = t.in_north("13800000001", "ann");     // no follow-up at all
    const LeadId followed = t.in_north("13800000002", "bob");  // followed up on day 3
    const LeadId unowned = t.in_north("13800000003");          // nobody holds it: nothing to recycle
    const LeadId elsewhere = t.capture("13800000004");         // east has no limit
    e.transition("boss", TransitionRequest::distribute(elsewhere, t.east, "ann"));
    const Timestamp start = t.clock->now();

    t.clock->set(start + 3 * kDay);
    e.follow_up("bob", followed, FollowUp{ActivityKind::call, std::nullopt, "", ""});

    t.clock->set(start + 5 * kDay - 1);
    MaintenanceReport report = e.maintain("boss");
    CHECK(report.recycled.empty());
    CHECK(report.due_soon.empty());

    t.clock->set(start + 5 * kDay);  // quiet is due in 2 days: warned
    report = e.maintain("boss");
    CHECK(report.at == t.clock->now());
    CHECK(report.recycled.empty());
    REQUIRE(report.due_soon.size() == 1);
    CHECK(report.due_soon[0].lead == quiet);
    CHECK(report.due_soon[0].owner == "ann");
    CHECK(report.due_soon[0].due_at == start + 7 * kDay);

    t.clock->set(start + 7 * kDay);  // quiet is due; followed is due in 3 days, not yet warned
    report = e.maintain("boss");
    CHECK(ids_of(report.recycled) == std::vector<LeadId>{quiet});
    CHECK(report.due_soon.empty());
    const RecycledLead& recycled = report.recycled[0];
    CHECK(recycled.from_owner == "ann");
    CHECK(recycled.to == RecycleTarget::pool);
    CHECK(recycled.idle_since == start);
    const Lead back = t.lead(quiet);
    CHECK(back.owner.empty());
    CHECK(back.pool == t.north);
    CHECK(back.tier == Tier::sub);
    const HistoryEntry row = e.history("boss", quiet).back();
    CHECK(row.action == Action::recycle);
    CHECK(row.actor == "boss");
    CHECK(row.from_owner == "ann");
    CHECK(nlohmann::json::parse(row.detail) ==
          nlohmann::json{{"idle_since", start}, {"limit_ms", 7 * kDay}, {"to", "pool"}});
    // Run again at once: nothing more to do.
    CHECK(e.maintain("boss").recycled.empty());

    t.clock->set(start + 8 * kDay);
    CHECK(ids_of(e.maintain("boss").due_soon) == std::vector<LeadId>{followed});
    t.clock->set(start + 10 * kDay);
    CHECK(ids_of(e.maintain("boss").recycled) == std::vector<LeadId>{followed});
    CHECK(t.lead(unowned).owner.empty());
    CHECK(t.lead(elsewhere).owner == "ann");
}

LEADPOOL_STORE_TEST_CASE("a pool may recycle to the master pool, and opportunities have their own limit") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    PoolSettings settings;
    settings.held_idle_ms = 3 * kDay;
    settings.opportunity_idle_ms = 10 * kDay;
    settings.recycle_to = RecycleTarget::master;
    t.settings(settings);
    const LeadId held = t.in_north("13800000001", "ann");
    const LeadId deal = t.in_north("13800000002", "bob");
    e.transition("bob", TransitionRequest::qualify(deal));
    const Timestamp start = t.clock->now();

    t.clock->set(start + 3 * kDay);
    MaintenanceReport report = e.maintain("mo");  // the market department runs it in sales-led
    CHECK(ids_of(report.recycled) == std::vector<LeadId>{held});
    CHECK(report.recycled[0].to == RecycleTarget::master);
    const Lead back = t.lead(held);
    CHECK(back.tier == Tier::master);
    CHECK(back.pool == kMasterPoolId);
    CHECK(back.owner.empty());
    CHECK(t.lead(deal).owner == "bob");

    t.clock->set(start + 10 * kDay);
    report = e.maintain("mo");
    CHECK(ids_of(report.recycled) == std::vector<LeadId>{deal});
    CHECK(report.recycled[0].tier == Tier::opportunity);
    CHECK(report.recycled[0].to == RecycleTarget::master);  // an opportunity goes where the pool says too
    CHECK(report.stranded.empty());
    const Lead opportunity = t.lead(deal);
    CHECK(opportunity.tier == Tier::master);
    CHECK(opportunity.pool == kMasterPoolId);
    CHECK(opportunity.owner.empty());
    CHECK((opportunity.reached & tier_bit(Tier::opportunity)) != 0);

    // Who may run the maintenance: recycle is an organisation action.
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.maintain("sam"));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.maintain("ann"));
}

LEADPOOL_STORE_TEST_CASE("a recycled or released opportunity comes back where a member claims it") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    e.define_workflow("boss", Workflow{"sale", {{"contact", {}}}, {"lathe"}});
    PoolSettings settings;
    settings.opportunity_idle_ms = 10 * kDay;
    t.settings(settings);
    const LeadId idle = t.in_north("13800000001", "bob");
    e.open_opportunity("bob", OpportunityRequest{idle, "lathe", 500, {"bob", std::nullopt}});
    const LeadId dropped = t.in_north("13800000002", "ann");
    e.open_opportunity("ann", OpportunityRequest{dropped, "lathe", 700, {"ann", std::nullopt}});

    const Lead released = e.release("ann", dropped, "cannot follow it");
    CHECK(released.tier == Tier::sub);
    CHECK(released.pool == t.north);
    CHECK(released.owner.empty());
    CHECK(e.opportunities("boss", dropped).back().status == OpportunityStatus::released);

    t.clock->advance(10 * kDay);
    const MaintenanceReport report = e.maintain("boss");
    CHECK(ids_of(report.recycled) == std::vector<LeadId>{idle});
    CHECK(report.recycled[0].tier == Tier::opportunity);
    CHECK(report.recycled[0].to == RecycleTarget::pool);
    CHECK(report.stranded.empty());
    const Lead back = t.lead(idle);
    CHECK(back.tier == Tier::sub);
    CHECK(back.pool == t.north);
    CHECK(back.owner.empty());
    const Opportunity closed = e.opportunities("boss", idle).back();
    CHECK(closed.status == OpportunityStatus::released);
    CHECK(closed.closed_at == t.clock->now());
    const HistoryEntry row = e.history("boss", idle).back();
    CHECK(row.action == Action::recycle);
    CHECK(row.from_tier == Tier::opportunity);
    CHECK(row.to_tier == Tier::sub);

    // A member picks both up, and qualifying again opens the next opportunity.
    CHECK(e.claim("cy", idle).owner == "cy");
    CHECK(e.claim("dan", dropped).owner == "dan");
    CHECK(e.open_opportunity("cy", OpportunityRequest{idle, "lathe", 500, {"cy", std::nullopt}}).number == 2);
}

LEADPOOL_STORE_TEST_CASE("a deactivated owner's leads are let go at once, and those nobody can pick up are reported") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    const PoolId solo = e.create_pool("boss", PoolSpec{"solo", std::nullopt, {}, {"dan"}}).id;
    const LeadId alone = t.capture("13800000001");
    e.transition("boss", TransitionRequest::distribute(alone, solo, "dan"));
    const LeadId staffed = t.in_north("13800000002", "dan");
    const LeadId kept = t.in_north("13800000003", "ann");
    e.update_user("boss", User{"dan", "dan", "sales", {"salesperson"}, false});  // dan leaves

    // No idle limit anywhere: dan's leads go anyway, nobody else's do.
    const MaintenanceReport report = e.maintain("boss");
    CHECK(ids_of(report.recycled) == std::vector<LeadId>{alone, staffed});
    for (const RecycledLead& r : report.recycled) {
        CHECK_FALSE(r.idle);
        CHECK(r.from_owner == "dan");
    }
    const HistoryEntry row = e.history("boss", alone).back();
    CHECK(row.action == Action::recycle);
    CHECK(row.reason == "held by 'dan', who is inactive");
    CHECK(nlohmann::json::parse(row.detail)["limit_ms"].is_null());
    REQUIRE(report.stranded.size() == 1);  // solo has nobody left
    CHECK(report.stranded[0].lead == alone);
    CHECK(report.stranded[0].pool == solo);
    CHECK(t.lead(alone).owner.empty());
    CHECK(e.claim("ann", staffed).owner == "ann");  // north still has members
    CHECK(t.lead(kept).owner == "ann");
    CHECK(e.maintain("boss").recycled.empty());
}

TEST_CASE("an opportunity an earlier version left with no owner is let go by the next maintenance") {
    SalesTeam<SqliteStoreFactory> t;
    Engine& e = t.engine_ref();
    const LeadId deal = t.in_north("13800000001", "ann");
    e.transition("ann", TransitionRequest::qualify(deal));
    {
        // As release and recycling used to leave an opportunity: at its tier, unowned.
        const auto store = t.factory.open();
        const auto w = store->write();
        Lead lead = *w->lead(deal);
        lead.owner.clear();
        ++lead.version;
        w->update_lead(lead);
        w->commit();
    }
    const MaintenanceReport report = e.maintain("boss");
    CHECK(ids_of(report.recycled) == std::vector<LeadId>{deal});
    CHECK_FALSE(report.recycled[0].idle);
    CHECK(e.history("boss", deal).back().reason == "an opportunity nobody holds");
    CHECK(t.lead(deal).tier == Tier::sub);
    CHECK(e.claim("bob", deal).owner == "bob");
}

TEST_SUITE_END();
