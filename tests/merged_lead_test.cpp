// A merged lead is one lead, whichever of its ids names it: the follow-ups and opportunities of
// every lead merged into it are its own, advance / collaborate / win act on the opportunity that
// moves with it, and an unmerge hands each side back what it brought — on every store.
#include <doctest/doctest.h>

#include "pool_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;


namespace {

Workflow machine_sale() {
    return Workflow{"machine sale", {{"contact", {}}, {"demo", {"cy"}}, {"contract", {}}}, {"lathe", "mill"}};
}

std::vector<LeadId> leads_of(const std::vector<Activity>& activities) {
    std::vector<LeadId> out;
    for (const Activity& a : activities) out.push_back(a.lead);
    return out;
}

std::vector<std::string> steps_of(const std::vector<Opportunity>& opportunities) {
    std::vector<std::string> out;
    for (const Opportunity& o : opportunities)
        out.push_back(std::to_string(o.lead) + ":" + o.step + ":" + to_string(o.status));
    return out;
}

}  // namespace

TEST_SUITE_BEGIN("merged leads");

LEADPOOL_STORE_TEST_CASE("the follow-ups of both sides show on the merged lead and go back with an unmerge") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    const LeadId first = t.in_north("13800000001", UserId("ann"));
    const LeadId second = t.in_north("13800000002", UserId("ann"));
    e.follow_up("ann", first, FollowUp{ActivityKind::call, std::nullopt, "interested", ""});
    t.clock->advance(kDay);
    e.follow_up("ann", second, FollowUp{ActivityKind::visit, std::nullopt, "wants a demo", ""});
    const MergeRecord merge = e.merge_leads("boss", first, second, "same factory");
    REQUIRE(merge.survivor == first);

    // Both ids name the merged lead; each follow-up still says where it was recorded.
    CHECK(leads_of(e.activities("ann", first)) == std::vector<LeadId>{first, second});
    CHECK(leads_of(e.activities("ann", second)) == std::vector<LeadId>{first, second});
    CHECK(e.activities("ann", first).back().outcome == "wants a demo");

    e.unmerge("boss", merge.id, "two factories after all");
    CHECK(leads_of(e.activities("ann", first)) == std::vector<LeadId>{first});
    CHECK(leads_of(e.activities("ann", second)) == std::vector<LeadId>{second});
}

LEADPOOL_STORE_TEST_CASE("a merged lead's opportunities are its own, and the survivor's open one moves with it") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    e.define_workflow("boss", machine_sale());
    const LeadId first = t.in_north("13800000001", UserId("ann"));
    const LeadId second = t.in_north("13800000002", UserId("ann"));
    e.open_opportunity("ann", OpportunityRequest{first, "lathe", 100, {}});
    t.clock->advance(kDay);
    e.open_opportunity("ann", OpportunityRequest{second, "mill", 200, {}});
    const MergeRecord merge = e.merge_leads("boss", second, first, "same factory");
    REQUIRE(merge.survivor == first);  // the older of two opportunities
    CHECK(steps_of(e.opportunities("ann", second)) ==
          std::vector<std::string>{std::to_string(first) + ":contact:open", std::to_string(second) + ":contact:open"});

    // The absorbed id reaches the merged lead's opportunity, not the one it brought.
    CHECK(e.advance_opportunity("ann", second, "demo").lead == first);
    CHECK(e.add_collaborator("ann", second, "eve").lead == first);
    const Opportunity won = e.win_opportunity("ann", second, 150);
    CHECK(won.lead == first);
    CHECK(won.status == OpportunityStatus::won);
    CHECK(won.order_amount == 150);
    CHECK(steps_of(e.opportunities("ann", first)) ==
          std::vector<std::string>{std::to_string(first) + ":demo:won", std::to_string(second) + ":contact:open"});

    // Unmerged, the second lead has its own open opportunity back, untouched, to work on.
    e.unmerge("boss", merge.id, "two factories after all");
    CHECK(steps_of(e.opportunities("ann", second)) ==
          std::vector<std::string>{std::to_string(second) + ":contact:open"});
    CHECK(e.advance_opportunity("ann", second, "demo").lead == second);
}

LEADPOOL_STORE_TEST_CASE("a survivor qualified without an opportunity takes on the one the absorbed lead brought") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    e.define_workflow("boss", machine_sale());
    const LeadId first = t.in_north("13800000001", UserId("ann"));
    const LeadId second = t.in_north("13800000002", UserId("ann"));
    e.transition("ann", TransitionRequest::qualify(first));
    e.open_opportunity("ann", OpportunityRequest{second, "lathe", 100, {}});
    REQUIRE(e.merge_leads("boss", first, second, "same factory").survivor == first);

    CHECK(e.advance_opportunity("ann", first, "demo").lead == second);
    e.transition("ann", TransitionRequest::lose(first, "went with a rival"));
    const auto all = e.opportunities("ann", first);
    REQUIRE(all.size() == 1);
    CHECK(all[0].status == OpportunityStatus::lost);
    CHECK(all[0].lost_reason == "went with a rival");

    // Reactivated, the lead's last loss (the absorbed lead's opportunity) is marked so.
    e.transition("sam", TransitionRequest::reactivate(first, t.north, "ann"));
    CHECK(e.opportunities("ann", second).front().status == OpportunityStatus::reactivated);
    const Opportunity next = e.open_opportunity("ann", OpportunityRequest{second, "mill", 300, {}});
    CHECK(next.lead == first);
    CHECK(next.number == 1);
    CHECK(e.opportunities("ann", first).size() == 2);
}

TEST_SUITE_END();
