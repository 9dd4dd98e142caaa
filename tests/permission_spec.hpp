// The permission matrix suite's own statement of the four default policies (docs/design.md 5.3)
// and of what each scope reaches. The suite checks the engine against this copy, not against the
// shipped JSON: an accidental edit of src/policies/default_policies.json, or a slip in evaluating
// it, makes the suite fail.
#pragma once

#include <leadpool/leadpool.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace leadpool::testing::permission_spec {

// One line of a role's rights: these actions, on leads at these tiers, within this scope.
// Organisation actions (report, manage_pools, manage_users, manage_org) have no tier.
struct Line {
    std::vector<Action> actions;
    std::vector<Tier> tiers;
    Scope scope;
};
using StagePolicy = std::map<std::string, std::vector<Line>>;  // role -> lines

namespace table {

using A = Action;
using T = Tier;
using S = Scope;

inline const std::vector<Action> every_action = {
    A::read,        A::capture,          A::update,          A::distribute,
    A::transfer,    A::return_to_master, A::qualify,         A::win,
    A::lose,        A::reactivate,       A::invalidate,      A::restore,
    A::report,      A::manage_pools,     A::manage_users,    A::manage_org,
    A::merge,       A::unmerge,          A::route,           A::assign,
    A::claim,       A::release,          A::follow_up,       A::advance,
    A::collaborate, A::recycle,          A::manage_workflows, A::read_feed,
    A::erase_personal_data, A::export_personal_data, A::rekey,
    A::manage_scoring, A::score, A::resolve_conflict};
inline const std::vector<Tier> every_tier = {T::master, T::sub,  T::opportunity,
                                             T::order,  T::lost, T::invalid};
inline const std::vector<Tier> no_tier = {};

// Everything a sales team works on: every tier but the master pool.
inline const std::vector<Tier> handed_out = {T::sub, T::opportunity, T::order, T::lost, T::invalid};
// What the manager of a sub pool does there and in every pool below it, merging duplicates,
// assigning, releasing, following up and working the opportunities there too.
inline const std::vector<Action> run_sub_pools = {
    A::read,       A::update,     A::transfer, A::return_to_master, A::qualify, A::win,     A::lose,
    A::reactivate, A::invalidate, A::merge,    A::unmerge,          A::assign,  A::release, A::follow_up,
    A::advance,    A::collaborate, A::resolve_conflict};
// ... and, in factory_led, also captures onto the leads there and claims them.
inline const std::vector<Action> run_and_capture_sub_pools = {
    A::read,    A::capture,    A::update,     A::transfer,   A::return_to_master, A::qualify, A::win,
    A::lose,    A::reactivate, A::invalidate, A::merge,      A::unmerge,          A::assign,  A::claim,
    A::release, A::follow_up,  A::advance,    A::collaborate, A::resolve_conflict};
// Anyone who works a sub pool may claim its unowned leads where they belong.
inline const Line claim_where_member = {{A::claim}, {T::sub}, S::member_pools};
// A sales manager answers a person's requests about their data (erasure, subject access) for the
// leads of the pools they run.
inline const Line personal_data_in_managed_pools = {
    {A::erase_personal_data, A::export_personal_data}, every_tier, S::managed_pools};

inline const std::vector<Line> director = {{every_action, every_tier, S::all}};

// Marketing sits above the master pool and sees everything; the market department keeps
// acquiring; salespeople execute on their own opportunities and orders.
inline const StagePolicy marketing_led = {
    {"director", director},
    {"marketing",
     {{{A::read, A::capture, A::update, A::merge, A::unmerge, A::resolve_conflict}, every_tier, S::all},
      {{A::report}, no_tier, S::all},
      {{A::manage_pools}, no_tier, S::all}}},
    {"market",
     {{{A::update, A::distribute, A::invalidate, A::route}, {T::master}, S::all},
      {{A::restore}, {T::invalid}, S::all},
      {{A::read, A::capture, A::merge, A::unmerge, A::resolve_conflict}, {T::master, T::sub, T::invalid}, S::all},
      {{A::report, A::recycle}, no_tier, S::all}}},
    {"sales_manager",
     {{run_sub_pools, handed_out, S::managed_pools},
      claim_where_member,
      personal_data_in_managed_pools,
      {{A::report}, no_tier, S::all},
      {{A::manage_pools}, no_tier, S::managed_pools}}},
    {"salesperson",
     {{{A::read, A::update, A::win, A::lose, A::follow_up}, {T::opportunity, T::order, T::lost}, S::own},
      {{A::advance, A::collaborate}, {T::opportunity}, S::own},
      {{A::report}, no_tier, S::all}}}};

// Marketing-led, and every other department (staff) sees customers, tags them and feeds back.
inline StagePolicy all_staff() {
    StagePolicy policy = marketing_led;
    policy["staff"] = {{{A::read, A::update, A::follow_up}, every_tier, S::all},
                       {{A::report}, no_tier, S::all}};
    return policy;
}

inline const std::map<OrgStage, StagePolicy> defaults = {
    // A boss who is the sales director, and salespeople who each run their own sub pool and
    // everything below it, and capture new leads and onto the leads they run. Nobody but the
    // director hands leads out of the master pool.
    {OrgStage::factory_led,
     {{"director", director},
      {"salesperson",
       {{run_and_capture_sub_pools, handed_out, S::managed_pools},
        claim_where_member,
        // ... and work the leads they claimed in pools they only belong to.
        {{A::read, A::follow_up, A::release}, {T::sub, T::opportunity, T::order, T::lost}, S::own},
        {{A::capture}, {T::master}, S::all},
        {{A::report}, no_tier, S::all},
        {{A::manage_pools}, no_tier, S::managed_pools}}}}},

    // The market department owns the master pool (and merges duplicates everywhere it reads);
    // sales managers run their sub pools; salespeople work their own leads.
    {OrgStage::sales_led,
     {{"director", director},
      {"market",
       {{{A::update, A::distribute, A::invalidate, A::route}, {T::master}, S::all},
        {{A::restore}, {T::invalid}, S::all},
        {{A::read, A::capture, A::merge, A::unmerge, A::resolve_conflict}, every_tier, S::all},
        {{A::report, A::recycle}, no_tier, S::all},
        {{A::manage_pools}, no_tier, S::all}}},
      {"sales_manager",
       {{run_sub_pools, handed_out, S::managed_pools},
        claim_where_member,
        personal_data_in_managed_pools,
        {{A::report}, no_tier, S::all},
        {{A::manage_pools}, no_tier, S::managed_pools}}},
      {"salesperson",
       {{{A::read, A::update, A::return_to_master, A::qualify, A::win, A::lose, A::release, A::follow_up},
         {T::sub, T::opportunity, T::order, T::lost},
         S::own},
        {{A::advance, A::collaborate}, {T::opportunity}, S::own},
        claim_where_member,
        {{A::report}, no_tier, S::all}}}}},

    {OrgStage::marketing_led, marketing_led},
    {OrgStage::all_staff, all_staff()},
};

}  // namespace table

// The roles the default policy of `stage` knows.
inline std::set<std::string> roles_of(OrgStage stage) {
    std::set<std::string> roles;
    for (const auto& entry : table::defaults.at(stage)) roles.insert(entry.first);
    return roles;
}

// The scopes within which `role` may perform `action` on a lead at `tier` (for an organisation
// action: no tier). Empty when the role may not at all, or is unknown to the stage.
inline std::set<Scope> granted_scopes(OrgStage stage, const std::string& role, Action action,
                                      std::optional<Tier> tier = std::nullopt) {
    std::set<Scope> scopes;
    const StagePolicy& policy = table::defaults.at(stage);
    const auto found = policy.find(role);
    if (found == policy.end()) return scopes;
    auto has = [](const auto& list, const auto& item) {
        return std::find(list.begin(), list.end(), item) != list.end();
    };
    for (const Line& line : found->second) {
        if (has(line.actions, action) && (!tier || has(line.tiers, *tier))) scopes.insert(line.scope);
    }
    return scopes;
}

// The pools of the suite's company, as one actor sees them.
enum class PoolKind {
    master,     // the master pool
    managed,    // a sub pool the actor manages
    child,      // a sub pool below it, which the actor neither manages nor belongs to
    member,     // a sub pool the actor is a plain member of
    unrelated,  // a sub pool the actor has nothing to do with
};

// Where a lead stands relative to the actor.
struct Situation {
    char label;
    const char* text;
    PoolKind pool;
    bool owned_by_actor;
};

inline const std::vector<Situation> situations = {
    {'a', "owned by the actor in a pool the actor manages", PoolKind::managed, true},
    {'b', "owned by someone else in a pool the actor manages", PoolKind::managed, false},
    {'c', "in a child pool of a pool the actor manages", PoolKind::child, false},
    {'d', "owned by someone else in a pool the actor is a plain member of", PoolKind::member, false},
    {'e', "owned by the actor in a pool the actor is only a member of", PoolKind::member, true},
    {'f', "owned by someone else in an unrelated pool", PoolKind::unrelated, false},
    {'g', "unowned in the master pool", PoolKind::master, false},
};

// Master leads are always in the master pool, unowned; invalid ones stay where they were made
// invalid; every other tier is in a sub pool.
inline bool occurs(Tier tier, PoolKind pool) {
    if (tier == Tier::invalid) return true;
    return (pool == PoolKind::master) == (tier == Tier::master);
}

// The scopes that reach a pool: member_pools those the actor is a member or manager of,
// managed_pools those the actor manages and every pool below them, all every pool.
inline std::set<Scope> scopes_reaching_pool(PoolKind pool) {
    switch (pool) {
        case PoolKind::managed: return {Scope::member_pools, Scope::managed_pools, Scope::all};
        case PoolKind::child: return {Scope::managed_pools, Scope::all};
        case PoolKind::member: return {Scope::member_pools, Scope::all};
        case PoolKind::master:
        case PoolKind::unrelated: break;
    }
    return {Scope::all};
}

// The scopes that reach a lead: those of its pool, and own when the actor holds it.
inline std::set<Scope> scopes_reaching_lead(const Situation& where) {
    std::set<Scope> scopes = scopes_reaching_pool(where.pool);
    if (where.owned_by_actor) scopes.insert(Scope::own);
    return scopes;
}

// The scopes that reach a pool a lead is moved into (distribute, transfer, reactivate) or a new
// pool is created under (the master pool standing for top level): those of the pool, and own
// for pools the actor belongs to — a lead one owns may go only where one belongs.
inline std::set<Scope> scopes_reaching_target(PoolKind pool) {
    std::set<Scope> scopes = scopes_reaching_pool(pool);
    if (scopes.count(Scope::member_pools) != 0) scopes.insert(Scope::own);
    return scopes;
}

inline bool any_common(const std::set<Scope>& a, const std::set<Scope>& b) {
    return std::any_of(a.begin(), a.end(), [&](Scope s) { return b.count(s) != 0; });
}

// The rights an action on an existing lead needs, each on the lead as it is. A capture that lands
// on an existing lead changes it and hands it back to the actor: it needs capture and read.
inline std::vector<Action> rights_needed(Action action) {
    if (action == Action::capture) return {Action::capture, Action::read};
    return {action};
}

// The tiers a lead action starts from (docs/design.md 2.2): the legal moves, and read, update and
// capture at every tier. Capture acts on the existing lead its input names, whatever its tier;
// capture of a new lead is checked as one landing in the master pool, unowned.
inline std::vector<Tier> tiers_acted_on(Action action) {
    switch (action) {
        case Action::distribute: return {Tier::master};
        case Action::transfer:
        case Action::return_to_master:
        case Action::qualify: return {Tier::sub};
        case Action::win:
        case Action::lose: return {Tier::opportunity};
        case Action::reactivate: return {Tier::lost};
        case Action::invalidate: return {Tier::master, Tier::sub, Tier::opportunity, Tier::order, Tier::lost};
        case Action::restore: return {Tier::invalid};
        default: return table::every_tier;
    }
}

}  // namespace leadpool::testing::permission_spec
