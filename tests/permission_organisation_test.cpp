// The permission matrix of the organisation actions (docs/design.md 5.2), and of actors who are
// unknown or inactive: refused whatever their roles.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "permission_matrix.hpp"

using namespace leadpool;
using namespace leadpool::testing;
using namespace leadpool::testing::permission_matrix;

TEST_SUITE_BEGIN("permission matrix");

PERMISSION_MATRIX_TEST("organisation actions are granted and refused as the table says", run) {
    const OrgStage stage = run.stage;
    for (const auto& role : kRoles) {
        INFO(name(stage) << " / " << role);
        Org org(run);
        Engine& engine = *org.engine;
        const LeadId lead = org.make_lead(Tier::sub, PoolKind::managed, "bob");
        auto may = [&](Action action) { return !granted_scopes(stage, role, action).empty(); };

        for (Action action : kOrgActions) {
            CHECK_MESSAGE(engine.can(role, action, lead) == may(action), name(action));
        }

        check_outcome(org, may(Action::report), [&] { engine.funnel(role); });

        // A pool may be created where manage_pools reaches: top level (as the master pool) only
        // with scope all, below a pool by the scope that reaches that pool.
        const auto pool_scopes = granted_scopes(stage, role, Action::manage_pools);
        for (PoolKind parent : kPools) {
            INFO("create a pool below " << pool_name(parent));
            const std::optional<PoolId> parent_id =
                parent == PoolKind::master ? std::nullopt : std::optional<PoolId>(org.pool(parent));
            const std::string pool_label = "new pool below " + pool_name(parent);
            Pool created;
            if (check_outcome(org, any_common(pool_scopes, scopes_reaching_target(parent)), [&] {
                    created = engine.create_pool(role, PoolSpec{pool_label, parent_id, {}, {}});
                })) {
                CHECK(created.parent == parent_id);
                CHECK(engine.pool("boss", created.id).name == pool_label);
            }
        }

        if (check_outcome(org, may(Action::manage_users), [&] {
                engine.add_user(role, User{"newcomer", "Newcomer", "sales", {"salesperson"}, true});
            })) {
            CHECK(engine.user("boss", "newcomer").roles == std::vector<std::string>{"salesperson"});
        }

        const bool manage_org = may(Action::manage_org);
        check_outcome(org, manage_org, [&] { engine.org_history(role); });
        if (check_outcome(org, manage_org,
                          [&] { engine.set_policy(role, stage, Policy::default_for(stage)); })) {
            CHECK(engine.org_history("boss").back().kind == OrgEventKind::policy_changed);
        }
        const OrgStage other = stage == OrgStage::factory_led ? OrgStage::sales_led : OrgStage::factory_led;
        if (check_outcome(org, manage_org, [&] { engine.set_stage(role, other); })) {
            CHECK(engine.stage() == other);
        }
    }
}

PERMISSION_MATRIX_TEST("unknown and inactive actors are refused whatever their roles", run) {
    const OrgStage stage = run.stage;
    Org org(run);
    Engine& engine = *org.engine;
    engine.add_user("boss", User{"retired", "Retired", "management", {"director"}, false});
    const LeadId lead = org.make_lead(Tier::sub, PoolKind::managed, "bob");

    for (const UserId actor : {"nobody", "retired"}) {
        INFO(name(stage) << " / " << actor);
        for (Action action : table::every_action) {
            CHECK_MESSAGE(error_of([&] { engine.can(actor, action, lead); }) == ErrorCode::permission_denied,
                          name(action));
        }
        const auto refused = [&](auto&& operation) { check_outcome(org, false, operation); };
        refused([&] { engine.lead(actor, lead); });
        refused([&] { engine.history(actor, lead); });
        refused([&] { engine.leads(actor); });
        refused([&] { engine.funnel(actor); });
        refused([&] { engine.capture(actor, org.new_lead_input()); });
        refused([&] { engine.update_lead(actor, lead, LeadUpdate{}); });
        refused([&] { engine.transition(actor, move(lead, Action::transfer, org.pool(PoolKind::child))); });
        refused([&] { engine.create_pool(actor, PoolSpec{"refused", std::nullopt, {}, {}}); });
        refused([&] {
            engine.add_user(actor, User{"newcomer", "Newcomer", "sales", {"salesperson"}, true});
        });
        refused([&] { engine.set_stage(actor, OrgStage::all_staff); });
    }
}

TEST_SUITE_END();
