// The permission matrix of the four default stages (docs/design.md 5), for the lead actions:
// every role × action × tier × scope, the denials as much as the grants. The engine is asked
// through can(), through the real operations and through what each actor lists and counts.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "permission_matrix.hpp"

using namespace leadpool;
using namespace leadpool::testing;
using namespace leadpool::testing::permission_matrix;

namespace {

// A lead case of the real-operation check.
struct Case {
    Tier tier;
    const Situation* where;
};

// For one role and action: the first case the table grants, and next to it the denied cases at
// the same tier and in the same situation (any denied case when neither exists, the first case
// when nothing is granted), and a case denied only for a further right the action needs (capture
// onto a lead the actor may capture at but not read). Only legal moves, so that permission alone
// decides.
std::vector<Case> chosen_cases(OrgStage stage, const std::string& role, Action action) {
    std::vector<Case> cases;
    for (Tier tier : tiers_acted_on(action)) {
        for (const auto& where : situations) {
            if (occurs(tier, where.pool)) cases.push_back({tier, &where});
        }
    }
    auto granted = [&](const Case& c) { return expected_can(stage, role, action, c.tier, *c.where); };
    std::vector<Case> chosen;
    auto add_denial = [&](auto&& near) {
        auto denial = std::find_if(cases.begin(), cases.end(), [&](const Case& c) {
            const bool already = std::any_of(chosen.begin(), chosen.end(), [&](const Case& other) {
                return other.tier == c.tier && other.where == c.where;
            });
            return !already && !granted(c) && near(c);
        });
        if (denial != cases.end()) chosen.push_back(*denial);
    };
    const auto grant = std::find_if(cases.begin(), cases.end(), granted);
    if (grant == cases.end()) {
        chosen.push_back(cases.front());
    } else {
        chosen.push_back(*grant);
        add_denial([&](const Case& c) { return c.tier == grant->tier; });
        add_denial([&](const Case& c) { return c.where == grant->where; });
    }
    add_denial([&](const Case& c) {
        return any_common(granted_scopes(stage, role, action, c.tier), scopes_reaching_lead(*c.where));
    });
    if (chosen.size() == 1) add_denial([](const Case&) { return true; });
    return chosen;
}

// Where a move may place the lead: distribute into any sub pool, transfer into a sub pool other
// than its own, reactivate into any sub pool or (none) back to the master pool.
std::vector<std::optional<PoolKind>> targets(Action action, PoolKind from) {
    std::vector<std::optional<PoolKind>> out;
    if (action == Action::reactivate) out.push_back(std::nullopt);
    if (action == Action::distribute || action == Action::transfer || action == Action::reactivate) {
        for (PoolKind kind : kSubPools) {
            if (action != Action::transfer || kind != from) out.push_back(kind);
        }
        return out;
    }
    return {std::nullopt};
}

// What a lead operation returned: the lead acted on, and for a capture whether it was created.
struct Performed {
    Lead lead;
    bool created = false;
};

// Performs a lead action on `lead` as `actor` through the engine's own operation for it (capture:
// of an input naming the lead by one of its identities) and returns what the operation did.
// Merge needs a second lead standing in the same place, unmerge a merge to undo, resolving a
// conflict a conflict on the lead: each is made before the operation, so a refusal is checked
// against a state that already holds it.
std::int64_t prepare(Org& org, Action action, LeadId lead) {
    if (action == Action::resolve_conflict) return org.raise_conflict(lead);
    if (action != Action::merge && action != Action::unmerge) return 0;
    const LeadId twin = org.make_twin(lead);
    if (action == Action::merge) return twin;
    return org.engine->merge_leads("boss", lead, twin, "prepared").id;
}

Performed perform(Org& org, const UserId& actor, Action action, LeadId lead, std::optional<PoolId> target,
                  std::int64_t prepared) {
    Engine& engine = *org.engine;
    switch (action) {
        case Action::merge:
            return {
                engine.lead("boss", engine.merge_leads(actor, lead, prepared, "permission matrix").survivor)};
        case Action::unmerge:
            engine.unmerge(actor, prepared, "permission matrix");
            return {engine.lead("boss", lead)};
        case Action::resolve_conflict:
            engine.resolve_identity_conflict(actor, prepared, ConflictResolution::dismiss, "permission matrix");
            return {engine.lead("boss", lead)};
        case Action::read: return {engine.lead(actor, lead)};
        case Action::erase_personal_data:
            engine.erase(actor, lead, ErasureRequest{"permission matrix", false});
            return {engine.lead("boss", lead)};
        case Action::export_personal_data:
            return {engine.personal_data(actor, engine.lead("boss", lead).identities.front()).lead};
        case Action::capture: {
            const LeadInput input = org.input_onto(lead);
            const CaptureResult result = engine.capture(actor, input);
            return {result.lead, result.created};
        }
        case Action::update: {
            LeadUpdate update;
            update.attributes = R"({"feedback": "called back"})";
            update.add_tags = {"checked"};
            return {engine.update_lead(actor, lead, update)};
        }
        default:
            return {engine.transition(actor, move(lead, action, target, std::nullopt, "permission matrix"))};
    }
}

std::set<LeadId> ids(const std::vector<Lead>& leads) {
    std::set<LeadId> out;
    for (const auto& lead : leads) out.insert(lead.id);
    return out;
}

}  // namespace

TEST_SUITE_BEGIN("permission matrix");

PERMISSION_MATRIX_TEST("can() answers every role × lead action × tier × situation as the table says", run) {
    const OrgStage stage = run.stage;
    Org org(run);
    const std::vector<PlacedLead> leads = place_matrix_leads(org);

    std::set<std::string> policy_roles;
    for (const auto& entry : org.engine->policy(stage).roles) policy_roles.insert(entry.first);
    CHECK(policy_roles == roles_of(stage));

    std::vector<Action> every_lead_action = kLeadActions;
    every_lead_action.insert(every_lead_action.end(), kPoolLeadActions.begin(), kPoolLeadActions.end());
    std::set<std::pair<Tier, char>> every_case;  // tier × situation label
    for (Tier tier : table::every_tier) {
        for (const auto& where : situations) {
            if (occurs(tier, where.pool)) every_case.insert({tier, where.label});
        }
    }

    for (const auto& role : kRoles) {
        std::set<std::pair<Tier, char>> covered;
        for (const auto& lead : leads) {
            const Situation& where = situation_of(lead, role);
            covered.insert({lead.tier, where.label});
            for (Action action : every_lead_action) {
                CHECK_MESSAGE(org.engine->can(role, action, lead.id) ==
                                  expected_can(stage, role, action, lead.tier, where),
                              describe(stage, role, action, lead.tier, where) << " (lead " << lead.id << ")");
            }
        }
        CHECK_MESSAGE(covered == every_case, "the matrix leads miss a tier × situation for " << role);
    }
}

PERMISSION_MATRIX_TEST("each role lists exactly the leads it may read, and its funnel counts them", run) {
    const OrgStage stage = run.stage;
    Org org(run);
    const std::vector<PlacedLead> leads = place_matrix_leads(org);

    for (const auto& role : kRoles) {
        INFO(name(stage) << " / " << role);
        std::set<LeadId> readable;
        std::map<Tier, std::int64_t> readable_at;
        for (const auto& lead : leads) {
            if (expected_can(stage, role, Action::read, lead.tier, situation_of(lead, role))) {
                readable.insert(lead.id);
                ++readable_at[lead.tier];
            }
        }
        PageRequest page;
        page.limit = kMaxPageSize;
        const LeadPage listed = org.engine->leads(role, {}, page);
        CHECK_FALSE(listed.next_after);
        CHECK(ids(listed.leads) == readable);

        if (granted_scopes(stage, role, Action::report).empty()) continue;
        const FunnelReport funnel = org.engine->funnel(role);
        CHECK(funnel.leads == static_cast<std::int64_t>(readable.size()));
        for (Tier tier : table::every_tier) {
            CHECK_MESSAGE(funnel[tier].at == readable_at[tier], "tier " << name(tier));
        }
    }
}

PERMISSION_MATRIX_TEST("real lead operations are granted and refused as can() and the table say", run) {
    const OrgStage stage = run.stage;
    for (const auto& role : kRoles) {
        Org org(run);

        // Capture of a new lead: capture on a lead at tier master in the master pool, unowned.
        {
            const bool granted = expected_new_capture(stage, role);
            INFO(name(stage) << " / " << role << " / capture of a new lead / expected "
                             << std::string(granted ? "granted" : "denied"));
            CaptureResult result;
            if (check_outcome(org, granted,
                              [&] { result = org.engine->capture(role, org.new_lead_input()); })) {
                CHECK(result.created);
                CHECK(result.lead.tier == Tier::master);
                CHECK(result.lead.pool == kMasterPoolId);
                CHECK(result.lead.owner.empty());
                const auto history = org.engine->history("boss", result.lead.id);
                REQUIRE(history.size() == 1);
                CHECK(history.back().action == Action::capture);
                CHECK(history.back().actor == role);
            }
        }

        for (Action action : kLeadActions) {
            for (const Case& c : chosen_cases(stage, role, action)) {
                for (const auto& target : targets(action, c.where->pool)) {
                    const bool granted = expected_can(stage, role, action, c.tier, *c.where, target);
                    INFO(describe(stage, role, action, c.tier, *c.where)
                         << (target ? " / into " + pool_name(*target) : std::string()) << " / expected "
                         << std::string(granted ? "granted" : "denied"));
                    const LeadId lead = org.make_lead(c.tier, c.where->pool, Org::holder(*c.where, role));
                    const Lead before = org.lead(lead);
                    CHECK(org.engine->can(role, action, lead) ==
                          expected_can(stage, role, action, c.tier, *c.where));
                    const std::optional<PoolId> target_pool =
                        target ? std::optional<PoolId>(org.pool(*target)) : std::nullopt;
                    const std::int64_t prepared = prepare(org, action, lead);
                    Performed acted;
                    const Refusal refusal =
                        refusal_for(action, expected_can(stage, role, Action::read, c.tier, *c.where),
                                    expected_can(stage, role, action, c.tier, *c.where));
                    if (!check_outcome(
                            org, granted,
                            [&] { acted = perform(org, role, action, lead, target_pool, prepared); }, refusal)) {
                        continue;
                    }
                    CHECK(acted.lead.id == lead);
                    if (action == Action::read) {
                        CHECK_FALSE(org.engine->history(role, lead).empty());
                        continue;
                    }
                    if (action == Action::export_personal_data) {  // an organisation row, not the lead's
                        CHECK(org.engine->org_history("boss").back().kind == OrgEventKind::personal_data_exported);
                        continue;
                    }
                    if (action == Action::erase_personal_data) CHECK(org.lead(lead).identities.empty());
                    if (action == Action::capture) {
                        // Onto the lead it names: updated where it stands, not created, not moved.
                        CHECK_FALSE(acted.created);
                        CHECK(acted.lead.identities.size() == before.identities.size() + 1);
                        CHECK(has_tag(acted.lead, "recaptured"));
                        CHECK(acted.lead.version == before.version + 1);
                        CHECK(acted.lead.tier == before.tier);
                        CHECK(acted.lead.pool == before.pool);
                        CHECK(acted.lead.owner == before.owner);
                    }
                    const auto history = org.engine->history("boss", lead);
                    REQUIRE_FALSE(history.empty());
                    CHECK(history.back().action == action);
                    CHECK(history.back().actor == role);
                    if (target_pool) CHECK(org.lead(lead).pool == *target_pool);
                }
            }
        }
        // A lead's history is read like the lead itself.
        for (const auto& where : situations) {
            if (!occurs(Tier::sub, where.pool)) continue;
            const LeadId lead = org.make_lead(Tier::sub, where.pool, Org::holder(where, role));
            const bool granted = expected_can(stage, role, Action::read, Tier::sub, where);
            INFO(describe(stage, role, Action::read, Tier::sub, where) << " / history()");
            check_outcome(org, granted, [&] { org.engine->history(role, lead); },
                          refusal_for(Action::read, granted, granted));
        }
    }
}

TEST_SUITE_END();
