// The permission matrix of the public-pool operations (docs/design.md 4, 5): routing, assignment,
// claims, releases, follow-ups, opportunity steps and collaborators, maintenance and workflows.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "permission_matrix.hpp"

using namespace leadpool;
using namespace leadpool::testing;
using namespace leadpool::testing::permission_matrix;

TEST_SUITE_BEGIN("permission matrix");

// The public-pool operations, one case per situation that tells the grants apart: each runs
// through the engine as the table says, granted or refused (and then changing nothing).
PERMISSION_MATRIX_TEST("public-pool operations are granted and refused as the table says", run) {
    const OrgStage stage = run.stage;
    auto situation = [](char label) -> const Situation& {
        return *std::find_if(situations.begin(), situations.end(),
                             [&](const Situation& s) { return s.label == label; });
    };
    for (const auto& role : kRoles) {
        Org org(run);
        Engine& engine = *org.engine;
        engine.set_routing("boss", RoutingTable{{}, org.pool(PoolKind::managed)});
        engine.define_workflow("boss", Workflow{"sale", {{"contact", {}}, {"demo", {}}}, {"lathe"}});
        auto expect = [&](Action action, Tier tier, char label,
                          std::optional<PoolKind> target = std::nullopt) {
            return expected_can(stage, role, action, tier, situation(label), target);
        };
        auto run = [&](Action action, Tier tier, char label, bool granted, auto&& operation) {
            INFO(describe(stage, role, action, tier, situation(label))
                 << " / expected " << std::string(granted ? "granted" : "denied"));
            check_outcome(org, granted, operation,
                          refusal_for(action, expect(Action::read, tier, label), expect(action, tier, label),
                                      granted_scopes(stage, role, action).empty()));
        };
        // A new unowned lead of a sub pool.
        auto unowned = [&](PoolKind kind) {
            const LeadId id = engine.capture("boss", org.new_lead_input()).lead.id;
            engine.transition("boss", TransitionRequest::distribute(id, org.pool(kind)));
            return id;
        };
        // An opportunity opened by the boss on a lead of `kind` held by `owner`.
        auto opportunity = [&](PoolKind kind, const UserId& owner) {
            const LeadId lead = org.make_lead(Tier::sub, kind, owner);
            engine.open_opportunity("boss", OpportunityRequest{lead, "lathe", 1, {owner, std::nullopt}});
            return lead;
        };

        // Each operation's result is checked outside CHECK, which would swallow a refusal.
        {  // route: an unowned master lead into the default pool, one the actor manages
            const LeadId lead = org.make_lead(Tier::master, PoolKind::master, "");
            run(Action::route, Tier::master, 'g', expect(Action::route, Tier::master, 'g', PoolKind::managed),
                [&] {
                    const auto decisions = engine.route(role, RouteRequest{{lead}, false});
                    CHECK(decisions.front().pool == org.pool(PoolKind::managed));
                });
        }
        {  // assign: an unowned lead of a pool the actor manages (to bob, its member)
            const LeadId lead = unowned(PoolKind::managed);
            run(Action::assign, Tier::sub, 'b', expect(Action::assign, Tier::sub, 'b'), [&] {
                const auto result =
                    engine.assign(role, AssignRequest{org.pool(PoolKind::managed), {lead}, false});
                CHECK(owners_of(result) == std::vector<UserId>{"bob"});
            });
        }
        for (const auto& [label, kind] :
             {std::pair{'b', PoolKind::managed}, std::pair{'d', PoolKind::member}}) {
            // claim: an unowned lead of a pool the actor manages, or is a plain member of
            const LeadId lead = unowned(kind);
            run(Action::claim, Tier::sub, label, expect(Action::claim, Tier::sub, label), [&] {
                const Lead claimed = engine.claim(role, lead);
                CHECK(claimed.owner == role);
            });
        }
        for (const char label : {'a', 'b', 'e'}) {
            const Situation& where = situation(label);
            const LeadId lead = org.make_lead(Tier::sub, where.pool, Org::holder(where, role));
            run(Action::release, Tier::sub, label, expect(Action::release, Tier::sub, label), [&] {
                const Lead released = engine.release(role, lead);
                CHECK(released.owner.empty());
            });
        }
        for (const char label : {'a', 'b', 'e', 'f'}) {
            const Situation& where = situation(label);
            const LeadId lead = org.make_lead(Tier::sub, where.pool, Org::holder(where, role));
            run(Action::follow_up, Tier::sub, label, expect(Action::follow_up, Tier::sub, label), [&] {
                const Activity activity =
                    engine.follow_up(role, lead, FollowUp{ActivityKind::call, std::nullopt, "", ""});
                CHECK(activity.actor == role);
            });
        }
        for (const char label : {'a', 'b', 'e'}) {
            const Situation& where = situation(label);
            const LeadId advanced = opportunity(where.pool, Org::holder(where, role));
            run(Action::advance, Tier::opportunity, label, expect(Action::advance, Tier::opportunity, label),
                [&] {
                    const Opportunity moved = engine.advance_opportunity(role, advanced, "demo");
                    CHECK(moved.step == "demo");
                });
            const LeadId joined = opportunity(where.pool, Org::holder(where, role));
            run(Action::collaborate, Tier::opportunity, label,
                expect(Action::collaborate, Tier::opportunity, label), [&] {
                    const Opportunity with_boss = engine.add_collaborator(role, joined, "boss");
                    CHECK(with_boss.collaborators.size() == 1);
                });
        }

        INFO(name(stage) << " / " << role);
        const bool may_recycle = !granted_scopes(stage, role, Action::recycle).empty();
        check_outcome(org, may_recycle, [&] { engine.maintain(role); });
        const bool may_define = !granted_scopes(stage, role, Action::manage_workflows).empty();
        check_outcome(org, may_define, [&] {
            engine.define_workflow(role, Workflow{"by " + role, {{"one", {}}}, {}});
        });
    }
}

TEST_SUITE_END();
