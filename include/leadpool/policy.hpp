// leadpool — who may do what: actions, scopes and the per-stage policy (docs/design.md 5).
//
// A policy is data, not code: for one company stage it maps each role to grants, and a grant
// allows some actions on leads at some tiers within a scope. The four default policies ship as
// JSON compiled into the library (src/policies/default_policies.json); a host may load its own.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadpool/stage.hpp"
#include "leadpool/tier.hpp"

namespace leadpool {

// Everything an actor can do. Lead actions are checked against the lead's tier and the scope;
// the organisation actions (report ... manage_org) have no tier (a grant's tiers are ignored).
enum class Action : std::uint8_t {
    read = 0,              // see a lead and its history
    capture = 1,           // bring a lead into the master pool (or update the lead its identity names)
    update = 2,            // change attributes and tags: tagging, feedback, segmentation
    distribute = 3,        // master -> sub
    transfer = 4,          // sub -> sub, or hand a lead to another owner in its pool
    return_to_master = 5,  // sub -> master (return / recycle)
    qualify = 6,           // sub -> opportunity
    win = 7,               // opportunity -> order
    lose = 8,              // opportunity -> lost (reason required)
    reactivate = 9,        // lost -> sub or master
    invalidate = 10,       // any -> invalid (reason required)
    restore = 11,          // invalid -> master
    report = 12,           // run the funnel report (over the leads the actor may read)
    manage_pools = 13,     // create, rename, staff and move sub pools
    manage_users = 14,     // add users, change their roles
    manage_org = 15,       // change the company stage, the policies and the identity rules
    merge = 16,            // merge two leads found to be one person (checked on both)
    unmerge = 17,          // undo a merge (checked on the lead that holds the merged one)

    // --- public-pool mechanics (docs/design.md 3, 4) ---
    route = 18,             // send a master lead to the sub pool the routing rules pick
    assign = 19,            // hand a lead in a sub pool to a member, by the pool's strategy
    claim = 20,             // take an unowned lead of a pool one belongs to
    release = 21,           // put a held lead back into its pool, unowned
    follow_up = 22,         // record a call, message, visit, meeting or note on a lead
    advance = 23,           // move an opportunity to another step of its workflow
    collaborate = 24,       // add a collaborator to an opportunity
    recycle = 25,           // run the maintenance that recycles idle leads (organisation action)
    manage_workflows = 26,  // define opportunity workflows (organisation action)
    read_feed = 27,         // read the whole change feed, every consumer (organisation action)

    // --- personal data (personal_data.hpp) ---
    erase_personal_data = 28,   // erase what a lead holds of a person, keeping the funnel's truth
    export_personal_data = 29,  // subject access: everything the pool holds of the person

    // A lead's identities re-keyed under new identity rules: a history row only (organisation
    // action; set_identity_rules runs it under manage_org, maintain finishes one cut short).
    rekey = 30,

    // --- lead scoring (scoring.hpp) ---
    manage_scoring = 31,  // replace the scoring rules, which rescores every lead (organisation action)
    // A lead's score changed: a history row only (the engine keeps scores current itself).
    score = 32,

    // Settle an identity conflict held for review: merge its leads or dismiss it (checked on the
    // conflict's lead; a merge also needs merge on every lead it joins).
    resolve_conflict = 33,
};

inline constexpr int kActionCount = 34;

// Every action this build knows, in value order.
const std::vector<Action>& all_actions() noexcept;

// Which leads (or pools, for manage_pools) a grant reaches, relative to the actor.
enum class Scope : std::uint8_t {
    own = 0,            // leads the actor owns
    member_pools = 1,   // leads in pools the actor is a member or manager of
    managed_pools = 2,  // leads in pools the actor manages, and in all their descendants
    all = 3,            // every lead
};

// Stable names, as used in policy JSON: "read", "capture", ..., "return_to_master", ...
const char* to_string(Action action) noexcept;
std::optional<Action> parse_action(std::string_view name) noexcept;
const char* to_string(Scope scope) noexcept;
std::optional<Scope> parse_scope(std::string_view name) noexcept;

// True for the actions that move a lead between tiers or pools (distribute ... restore).
bool is_transition(Action action) noexcept;
// True for report, manage_pools, manage_users, manage_org, recycle, manage_workflows, read_feed,
// rekey, manage_scoring and score.
bool is_org_action(Action action) noexcept;

// What a duplicate check tells an actor about a lead they may not read that holds an identity
// they name, in a capture, an ingest or find_lead (docs/design.md 5.4). The most telling of a
// user's roles applies; a role the policy does not list gets kDefaultDuplicateDisclosure.
enum class DuplicateDisclosure : std::uint8_t {
    none = 0,    // nothing: the record becomes a lead of its own, the collision goes to review
    exists = 1,  // that a lead outside their scope holds the identity, nothing more
    owner = 2,   // that, and who owns it (查重: "already followed by ..."), to stop 撞单
};

inline constexpr DuplicateDisclosure kDefaultDuplicateDisclosure = DuplicateDisclosure::exists;

// "none", "exists", "owner".
const char* to_string(DuplicateDisclosure disclosure) noexcept;
std::optional<DuplicateDisclosure> parse_duplicate_disclosure(std::string_view name) noexcept;

struct Grant {
    std::vector<Action> actions;
    TierMask tiers = kAllTiers;  // tiers the lead may be at (before the action)
    Scope scope = Scope::own;
};

// The role -> grants table of one stage.
//
// JSON form (what from_json reads and to_json writes):
//   {"roles": {"salesperson": [{"actions": ["read", "qualify"],
//                               "tiers": ["sub", "opportunity"],   // or ["*"]; default all
//                               "scope": "own"}]},
//    "duplicates": {"salesperson": "owner"}}                       // optional
// "actions": ["*"] grants every action. Unknown roles, actions, tiers or scopes are errors, and so
// is a "duplicates" entry for a role "roles" does not list.
class Policy {
public:
    std::map<std::string, std::vector<Grant>> roles;
    std::map<std::string, DuplicateDisclosure> duplicates;  // by role; unlisted: the default

    // Throws Error(invalid_argument) naming the offending field.
    static Policy from_json(std::string_view json);
    std::string to_json() const;

    // The default policy shipped for a stage.
    static const Policy& default_for(OrgStage stage);
    // The JSON text of all four defaults: {"factory_led": {...}, "sales_led": {...}, ...}.
    static std::string_view defaults_json() noexcept;

    // The scopes in which any of `roles` may perform `action` on a lead at `tier`
    // (a bit mask: bit (1 << Scope)). 0 means not at all.
    std::uint8_t scopes_for(const std::vector<std::string>& user_roles, Action action, Tier tier) const;
    // The same for an organisation action (tiers ignored).
    std::uint8_t scopes_for(const std::vector<std::string>& user_roles, Action action) const;
    // What a duplicate check reveals to a user with `user_roles`: the most telling of them.
    DuplicateDisclosure disclosure_for(const std::vector<std::string>& user_roles) const;

    friend bool operator==(const Policy& a, const Policy& b);
};

bool operator==(const Grant& a, const Grant& b);

}  // namespace leadpool
