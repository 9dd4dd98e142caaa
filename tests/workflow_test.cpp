// Opportunity workflows: defined once and bound to product types; qualifying opens an
// opportunity; steps, collaborators, winning, losing and reactivating — on every store.
#include <doctest/doctest.h>

#include "pool_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;


namespace {

// Machines are sold in four steps; a pre-sales engineer (cy) joins at the demo, finance (dan) at
// the contract.
Workflow machine_sale() {
    return Workflow{"machine sale",
                    {{"contact", {}}, {"demo", {"cy"}}, {"contract", {"dan", "cy"}}, {"delivery", {}}},
                    {"lathe", "mill"}};
}

std::vector<std::string> users_of(const Opportunity& o) {
    std::vector<std::string> users;
    for (const auto& c : o.collaborators) users.push_back(c.user + "@" + c.step);
    return users;
}

}  // namespace

TEST_SUITE_BEGIN("workflows");

LEADPOOL_STORE_TEST_CASE("a workflow is defined once and its product types bound once") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    const Workflow defined = e.define_workflow("boss", machine_sale());
    CHECK(to_json(defined) == to_json(machine_sale()));
    CHECK(to_json(e.workflows("ann")) == to_json(std::vector<Workflow>{machine_sale()}));

    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::conflict, e.define_workflow("boss", machine_sale()));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::conflict,
                               e.define_workflow("boss", Workflow{"other", {{"one", {}}}, {"mill"}}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.define_workflow("boss", Workflow{"empty", {}, {}}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.define_workflow("boss", Workflow{"twice", {{"a", {}}, {"a", {}}}, {}}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.define_workflow("boss", Workflow{" ", {{"a", {}}}, {}}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found,
                               e.define_workflow("boss", Workflow{"ghost", {{"a", {"nobody"}}}, {}}));
    // Only manage_workflows (the director's, by default) defines one.
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied,
                               e.define_workflow("sam", Workflow{"mine", {{"a", {}}}, {}}));
}

LEADPOOL_STORE_TEST_CASE("an opportunity follows its workflow from qualification to the order") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    e.define_workflow("boss", machine_sale());
    const LeadId lead = t.in_north("13800000001", "ann");
    t.clock->advance(kDay);

    const Opportunity opened = e.open_opportunity("ann", OpportunityRequest{lead, "lathe", 120000, {}});
    CHECK(opened.number == 1);
    CHECK(opened.workflow == "machine sale");
    CHECK(opened.step == "contact");
    CHECK(opened.amount == 120000);
    CHECK(opened.owner.user == "ann");
    CHECK(opened.status == OpportunityStatus::open);
    CHECK(opened.opened_at == t.clock->now());
    CHECK(t.lead(lead).tier == Tier::opportunity);
    CHECK(e.history("boss", lead).back().action == Action::qualify);

    const Opportunity demo = e.advance_opportunity("ann", lead, "demo");
    CHECK(demo.step == "demo");
    CHECK(users_of(demo) == std::vector<std::string>{"cy@demo"});
    HistoryEntry row = e.history("boss", lead).back();
    CHECK(row.action == Action::advance);
    CHECK(row.detail == R"({"from_step":"contact","joined":["cy"],"opportunity":1,"to_step":"demo"})");

    const Opportunity with_eve = e.add_collaborator("ann", lead, "eve");
    CHECK(users_of(with_eve) == std::vector<std::string>{"cy@demo", "eve@demo"});
    CHECK(e.history("boss", lead).back().action == Action::collaborate);
    // Steps may go back and forth; who already collaborates joins once.
    e.advance_opportunity("ann", lead, "contract");
    e.advance_opportunity("ann", lead, "demo");
    CHECK(users_of(e.opportunities("ann", lead).back()) ==
          std::vector<std::string>{"cy@demo", "eve@demo", "dan@contract"});

    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.advance_opportunity("ann", lead, "demo"));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.advance_opportunity("ann", lead, "nowhere"));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::conflict, e.add_collaborator("ann", lead, "eve"));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.add_collaborator("ann", lead, "nobody"));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.advance_opportunity("bob", lead, "delivery"));

    t.clock->advance(kDay);
    const Opportunity won = e.win_opportunity("ann", lead, 118000);
    CHECK(won.status == OpportunityStatus::won);
    CHECK(won.order_amount == 118000);
    CHECK(won.closed_at == t.clock->now());
    CHECK(t.lead(lead).tier == Tier::order);
    CHECK(to_json(e.opportunities("boss", lead)) == to_json(std::vector<Opportunity>{won}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::illegal_transition,
                               e.advance_opportunity("boss", lead, "delivery"));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.win_opportunity("boss", lead, std::nullopt));
}

LEADPOOL_STORE_TEST_CASE("a team may own an opportunity, a plain win records the opportunity's amount") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    e.define_workflow("boss", machine_sale());
    const LeadId lead = t.in_north("13800000001");
    const Opportunity opened =
        e.open_opportunity("sam", OpportunityRequest{lead, "mill", 5000, {"", t.north}});
    CHECK(opened.owner.team == t.north);
    CHECK(opened.owner.user.empty());
    CHECK(t.lead(lead).owner == "sam");  // the qualifying manager holds the lead for the team
    e.transition("sam", TransitionRequest::win(lead));
    const Opportunity won = e.opportunities("sam", lead).back();
    CHECK(won.status == OpportunityStatus::won);
    CHECK(won.order_amount == 5000);
}

LEADPOOL_STORE_TEST_CASE("a lost opportunity keeps its reason, reactivating the lead opens the way to a new one") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    e.define_workflow("boss", machine_sale());
    const LeadId lead = t.in_north("13800000001", "ann");
    e.open_opportunity("ann", OpportunityRequest{lead, "lathe", 100, {"bob", std::nullopt}});
    CHECK(t.lead(lead).owner == "bob");
    e.transition("bob", TransitionRequest::lose(lead, "went with a rival"));
    Opportunity lost = e.opportunities("boss", lead).back();
    CHECK(lost.status == OpportunityStatus::lost);
    CHECK(lost.lost_reason == "went with a rival");

    e.transition("sam", TransitionRequest::reactivate(lead, t.north, "cy"));
    CHECK(e.opportunities("boss", lead).back().status == OpportunityStatus::reactivated);
    const Opportunity second = e.open_opportunity("cy", OpportunityRequest{lead, "mill", 300, {}});
    CHECK(second.number == 2);
    CHECK(second.owner.user == "cy");
    const auto all = e.opportunities("boss", lead);
    REQUIRE(all.size() == 2);
    CHECK(all[0].status == OpportunityStatus::reactivated);
    CHECK(all[1].status == OpportunityStatus::open);
}

LEADPOOL_STORE_TEST_CASE("a collaborator reads the lead while its opportunity is open or won, and may do no more") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    e.define_workflow("boss", machine_sale());
    const LeadId won = t.in_north("13800000001", "ann");
    const LeadId lost = t.in_north("13800000002", "ann");
    e.open_opportunity("ann", OpportunityRequest{won, "lathe", 100, {}});
    e.open_opportunity("ann", OpportunityRequest{lost, "lathe", 100, {}});
    // eve works outside north: the leads are nothing to her until she joins their opportunity.
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.lead("eve", won));
    e.add_collaborator("ann", won, "eve");
    e.add_collaborator("ann", lost, "eve");

    CHECK(e.lead("eve", won).id == won);
    CHECK(e.history("eve", won).size() == e.history("boss", won).size());
    CHECK(e.opportunities("eve", won).size() == 1);
    CHECK(e.activities("eve", won).empty());
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied,
                               e.update_lead("eve", won, LeadUpdate{R"({"city":"Hangzhou"})", {}, {}, 0}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.advance_opportunity("eve", won, "demo"));

    e.win_opportunity("ann", won, 120);
    e.transition("ann", TransitionRequest::lose(lost, "went with a rival"));
    CHECK(e.lead("eve", won).tier == Tier::order);
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.lead("eve", lost));
}

LEADPOOL_STORE_TEST_CASE("a workflow is updated while every step an open opportunity is at stays") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    e.define_workflow("boss", machine_sale());
    const LeadId at_demo = t.in_north("13800000001", "ann");
    const LeadId won = t.in_north("13800000002", "ann");
    e.open_opportunity("ann", OpportunityRequest{at_demo, "lathe", 100, {}});
    e.advance_opportunity("ann", at_demo, "demo");
    e.open_opportunity("ann", OpportunityRequest{won, "lathe", 100, {}});
    e.advance_opportunity("ann", won, "delivery");
    e.win_opportunity("ann", won, 100);

    // "demo" holds an open opportunity: it stays. "delivery" only a won one: it may go.
    Workflow without_demo{"machine sale", {{"contact", {}}, {"contract", {"dan"}}}, {"lathe"}};
    try {
        e.update_workflow("boss", without_demo);
        FAIL("a step with an open opportunity was dropped");
    } catch (const Error& error) {
        CHECK(error.code() == ErrorCode::conflict);
        CHECK(std::string(error.what()) ==
              "update workflow 'machine sale': step 'demo' has 1 open opportunities (leads " +
                  std::to_string(at_demo) + "); keep it");
    }
    const Workflow updated{
        "machine sale", {{"contact", {}}, {"demo", {"eve"}}, {"quote", {"dan"}}}, {"lathe", "drill"}};
    const std::size_t org_rows = e.org_history("boss").size();
    CHECK(to_json(e.update_workflow("boss", updated)) == to_json(updated));
    CHECK(to_json(e.workflows("ann")) == to_json(std::vector<Workflow>{updated}));
    const auto org = e.org_history("boss");
    REQUIRE(org.size() == org_rows + 1);
    CHECK(org.back().kind == OrgEventKind::workflow_updated);
    CHECK(org.back().detail.find(R"("from":{"name":"machine sale")") != std::string::npos);

    // The open opportunity keeps its step and goes on by the new definition.
    CHECK(e.opportunities("ann", at_demo).back().step == "demo");
    CHECK(users_of(e.advance_opportunity("ann", at_demo, "quote")) ==
          std::vector<std::string>{"cy@demo", "dan@quote"});
    CHECK(e.open_opportunity("ann", OpportunityRequest{t.in_north("13800000003", "ann"), "drill", 1, {}})
              .workflow == "machine sale");

    // Refusals change nothing.
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found,
                               e.update_workflow("boss", Workflow{"ghost", {{"a", {}}}, {}}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.update_workflow("boss", Workflow{"machine sale", {}, {}}));
    LP_CHECK_REFUSED_UNCHANGED(
        e, ErrorCode::not_found,
        e.update_workflow("boss", Workflow{"machine sale", {{"quote", {"nobody"}}}, {}}));
    e.define_workflow("boss", Workflow{"mill sale", {{"call", {}}}, {"mill"}});
    LP_CHECK_REFUSED_UNCHANGED(
        e, ErrorCode::conflict,
        e.update_workflow("boss", Workflow{"machine sale", {{"quote", {}}}, {"mill"}}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.update_workflow("sam", updated));
}

LEADPOOL_STORE_TEST_CASE("a retired workflow opens no more opportunities, its open ones run to their end") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    e.define_workflow("boss", machine_sale());
    const LeadId open = t.in_north("13800000001", "ann");
    e.open_opportunity("ann", OpportunityRequest{open, "lathe", 100, {}});

    const Workflow retired = e.retire_workflow("boss", "machine sale");
    CHECK(retired.retired);
    CHECK(to_json(e.workflows("ann")) == to_json(std::vector<Workflow>{retired}));
    CHECK(e.org_history("boss").back().kind == OrgEventKind::workflow_retired);
    CHECK(e.org_history("boss").back().detail == R"({"name":"machine sale"})");

    // Its open opportunity runs on through every step to the order.
    CHECK(e.advance_opportunity("ann", open, "demo").step == "demo");
    e.add_collaborator("ann", open, "eve");
    CHECK(e.win_opportunity("ann", open, 90).status == OpportunityStatus::won);

    // No new opportunity on it; its product types are free for another workflow.
    const LeadId next = t.in_north("13800000002", "ann");
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found,
                               e.open_opportunity("ann", OpportunityRequest{next, "lathe", 1, {}}));
    e.define_workflow("boss", Workflow{"lathe sale", {{"call", {}}}, {"lathe"}});
    CHECK(e.open_opportunity("ann", OpportunityRequest{next, "lathe", 1, {}}).workflow == "lathe sale");

    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::conflict, e.retire_workflow("boss", "machine sale"));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::conflict, e.update_workflow("boss", machine_sale()));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::conflict, e.define_workflow("boss", machine_sale()));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.retire_workflow("boss", "ghost"));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.retire_workflow("sam", "lathe sale"));
    Workflow flagged{"flagged", {{"call", {}}}, {}};
    flagged.retired = true;
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.define_workflow("boss", flagged));
}

LEADPOOL_STORE_TEST_CASE("updating a workflow keeps the steps of open opportunities merged leads brought") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    e.define_workflow("boss", machine_sale());
    const LeadId survivor = t.in_north("13800000001", "ann");
    const LeadId absorbed = t.in_north("13800000002", "ann");
    e.open_opportunity("ann", OpportunityRequest{survivor, "lathe", 100, {}});
    e.open_opportunity("ann", OpportunityRequest{absorbed, "lathe", 100, {}});
    e.advance_opportunity("ann", absorbed, "contract");
    e.merge_leads("boss", survivor, absorbed, "one customer");
    // The absorbed lead's open opportunity waits at "contract" for an unmerge to hand it back.
    LP_CHECK_REFUSED_UNCHANGED(
        e, ErrorCode::conflict,
        e.update_workflow("boss", Workflow{"machine sale", {{"contact", {}}, {"demo", {}}}, {"lathe"}}));
}

LEADPOOL_STORE_TEST_CASE("bad opportunity requests are refused and change nothing") {
    SalesTeam<Factory> t;
    Engine& e = t.engine_ref();
    e.define_workflow("boss", machine_sale());
    const LeadId lead = t.in_north("13800000001", "ann");
    const LeadId master = t.capture("13800000002");
    using R = OpportunityRequest;
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.open_opportunity("ann", R{lead, "drill", 1, {}}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.open_opportunity("ann", R{lead, "lathe", -1, {}}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.open_opportunity("ann", R{lead, "lathe", 1, {"ann", t.north}}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.open_opportunity("ann", R{lead, "lathe", 1, {"", kMasterPoolId}}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found,
                               e.open_opportunity("ann", R{lead, "lathe", 1, {"", 999}}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.open_opportunity("ann", R{lead, "lathe", 1, {"eve", std::nullopt}}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::illegal_transition,
                               e.open_opportunity("boss", R{master, "lathe", 1, {}}));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.open_opportunity("bob", R{lead, "lathe", 1, {}}));
    // A qualified lead without an opportunity has no workflow to follow.
    e.transition("ann", TransitionRequest::qualify(lead));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.advance_opportunity("ann", lead, "demo"));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.add_collaborator("ann", lead, "cy"));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.win_opportunity("ann", lead, 5));
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.win_opportunity("ann", lead, -5));
}

TEST_SUITE_END();
