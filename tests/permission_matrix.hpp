// The company the permission matrix suite runs in and what the table expects of it, shared by the
// suite's files (permission_*_test.cpp). The expected answers come from the suite's own copy of
// the default policies in permission_spec.hpp (docs/design.md 5.3).
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "permission_runs.hpp"
#include "permission_spec.hpp"
#include "pool_fixture.hpp"

namespace leadpool::testing::permission_matrix {

using namespace leadpool::testing::permission_spec;

// One actor per role, named after it. Every role is tried in every stage: one the stage does not
// know must grant nothing. "intern" is a role no stage knows.
inline const std::vector<std::string> kRoles = {"director",    "marketing", "market", "sales_manager",
                                                "salesperson", "staff",     "intern"};

inline const std::vector<Action> kLeadActions = {
    Action::read,     Action::capture,          Action::update,     Action::distribute,
    Action::transfer, Action::return_to_master, Action::qualify,    Action::win,
    Action::lose,     Action::reactivate,       Action::invalidate, Action::restore,
    Action::merge,    Action::unmerge,          Action::erase_personal_data,
    Action::export_personal_data, Action::resolve_conflict};
// The public-pool lead actions, whose operations have a test case of their own.
inline const std::vector<Action> kPoolLeadActions = {Action::route,      Action::assign,    Action::claim,
                                                     Action::release,    Action::follow_up, Action::advance,
                                                     Action::collaborate};
inline const std::vector<Action> kOrgActions = {Action::report,       Action::manage_pools,
                                                Action::manage_users, Action::manage_org,
                                                Action::recycle,      Action::manage_workflows,
                                                Action::read_feed};
inline const std::vector<PoolKind> kSubPools = {PoolKind::managed, PoolKind::child, PoolKind::member,
                                                PoolKind::unrelated};
inline const std::vector<PoolKind> kPools = {PoolKind::master, PoolKind::managed, PoolKind::child,
                                             PoolKind::member, PoolKind::unrelated};

// The quickstart company of engine_fixture.hpp (boss; ann running "east", bob running "west")
// with every role's actor standing in the same place: each manages "managed" (where bob works),
// is a plain member of "member" (run by ann, bob works there too), and has nothing to do with
// "managed-child" below "managed" (run by bob) nor with ann's "east". It stands in the stage and
// on the store of a run (permission_runs.hpp).
struct Org {
    // The company of engine_fixture.hpp on the run's store, which its factory owns (the SQLite
    // file, the PostgreSQL schema). Held without its type, so the suite's helpers are written once
    // for every store.
    std::shared_ptr<void> company;
    Engine* engine = nullptr;
    std::map<PoolKind, PoolId> pools;
    int phones = 0;

    Org(const Org&) = delete;
    Org& operator=(const Org&) = delete;

    explicit Org(const Run& run) {
        RunCompany made = run.make_company(run.stage);
        engine = made.engine;
        const PoolId east = made.east;
        company = std::move(made.owner);
        for (const auto& role : kRoles) engine->add_user("boss", User{role, role, "staff", {role}, true});
        std::vector<UserId> members = kRoles;
        members.push_back("bob");
        const PoolId managed =
            engine->create_pool("boss", PoolSpec{"managed", std::nullopt, kRoles, {"bob"}}).id;
        pools = {{PoolKind::master, kMasterPoolId},
                 {PoolKind::managed, managed},
                 {PoolKind::child,
                  engine->create_pool("boss", PoolSpec{"managed-child", managed, {"bob"}, {}}).id},
                 {PoolKind::member,
                  engine->create_pool("boss", PoolSpec{"member", std::nullopt, {"ann"}, members}).id},
                 {PoolKind::unrelated, east}};
    }

    PoolId pool(PoolKind kind) const { return pools.at(kind); }

    // Who holds the leads of a sub pool that are someone else's.
    static UserId someone_else(PoolKind kind) { return kind == PoolKind::unrelated ? "ann" : "bob"; }

    // Who holds a lead standing `where` relative to `actor`.
    static UserId holder(const Situation& where, const UserId& actor) {
        if (where.owned_by_actor) return actor;
        return where.pool == PoolKind::master ? "" : someone_else(where.pool);
    }

    Lead lead(LeadId id) { return engine->lead("boss", id); }

    LeadInput new_lead_input() { return phone_lead("+86138" + std::to_string(10000000 + phones++)); }

    // An input naming the existing lead `id` by one of its identities, with a new identity, an
    // attribute and a tag that a capture onto it adds.
    LeadInput input_onto(LeadId id) {
        LeadInput input = phone_lead(lead(id).identities.front().value, "shop", R"({"recaptured": true})");
        const std::string email = "again" + std::to_string(phones++) + "@example.com";
        input.identities.push_back(Identity{IdentityKind::email, email, ""});
        input.tags = {"recaptured"};
        return input;
    }

    // A new lead brought by the boss through legal moves to `tier` in the pool of `kind`, held by
    // `owner` (nobody in the master pool).
    LeadId make_lead(Tier tier, PoolKind kind, const UserId& owner) {
        const LeadId id = make_lead_in(tier, pool(kind), owner);
        const Lead made = lead(id);
        REQUIRE(made.tier == tier);
        REQUIRE(made.pool == pool(kind));
        REQUIRE(made.owner == owner);
        return id;
    }

    // A second lead standing where `id` stands: same tier, pool and holder.
    // An identity conflict on the lead `id`: records give it a second WeChat unionid, which it may
    // not hold (max_per_lead 1).
    std::int64_t raise_conflict(LeadId id) {
        const Identity named = lead(id).identities.front();
        auto ingest = [&](const std::string& unionid) {
            ChannelRecord record;
            record.channel = "shop";
            record.identities = {named, Identity{IdentityKind::wechat_unionid, unionid, ""}};
            return engine->ingest("boss", {record}).front();
        };
        ingest("u" + std::to_string(id) + "a");
        const IngestResult second = ingest("u" + std::to_string(id) + "b");
        REQUIRE(second.conflicts.size() == 1);
        return second.conflicts.front();
    }

    LeadId make_twin(LeadId id) {
        const Lead original = lead(id);
        return make_lead_in(original.tier, original.pool, original.owner);
    }

    LeadId make_lead_in(Tier tier, PoolId in, const UserId& owner) {
        const LeadId id = engine->capture("boss", new_lead_input()).lead.id;
        auto step = [&](Action action, const char* reason = "") {
            engine->transition("boss", move(id, action, std::nullopt, std::nullopt, reason));
        };
        if (in != kMasterPoolId) engine->transition("boss", move(id, Action::distribute, in, owner));
        switch (tier) {
            case Tier::master:
            case Tier::sub: break;
            case Tier::opportunity: step(Action::qualify); break;
            case Tier::order:
                step(Action::qualify);
                step(Action::win);
                break;
            case Tier::lost:
                step(Action::qualify);
                step(Action::lose, "no budget");
                break;
            case Tier::invalid: step(Action::invalidate, "junk"); break;
        }
        return id;
    }
};

// A lead of the matrix: its tier, its pool and who holds it.
struct PlacedLead {
    LeadId id;
    Tier tier;
    PoolKind pool;
    UserId owner;
};

inline const Situation& situation_of(const PlacedLead& lead, const UserId& actor) {
    const bool own = !lead.owner.empty() && lead.owner == actor;
    auto found = std::find_if(situations.begin(), situations.end(), [&](const Situation& s) {
        return s.pool == lead.pool && s.owned_by_actor == own;
    });
    REQUIRE(found != situations.end());
    return *found;
}

// Leads at every tier in every situation for every actor: in "managed" and "member" one held by
// each actor and one by bob; one held by someone else in "managed-child" and "east"; an unowned
// master lead and an unowned invalid lead in the master pool.
inline std::vector<PlacedLead> place_matrix_leads(Org& org) {
    std::vector<PlacedLead> leads;
    for (Tier tier : table::every_tier) {
        for (PoolKind kind : kPools) {
            if (!occurs(tier, kind)) continue;
            std::vector<UserId> owners = {kind == PoolKind::master ? "" : Org::someone_else(kind)};
            if (kind == PoolKind::managed || kind == PoolKind::member) {
                owners.insert(owners.end(), kRoles.begin(), kRoles.end());
            }
            for (const auto& owner : owners)
                leads.push_back({org.make_lead(tier, kind, owner), tier, kind, owner});
        }
    }
    return leads;
}

// May `role` perform `action` on an existing lead at `tier`, standing `where`? Every right the
// action needs (capture: capture and read) must reach the lead.
inline bool expected_can(OrgStage stage, const std::string& role, Action action, Tier tier,
                         const Situation& where) {
    const auto needed = rights_needed(action);
    return std::all_of(needed.begin(), needed.end(), [&](Action right) {
        return any_common(granted_scopes(stage, role, right, tier), scopes_reaching_lead(where));
    });
}

// ... and, in one and the same scope, place the lead into a pool of kind `target`.
inline bool expected_can(OrgStage stage, const std::string& role, Action action, Tier tier,
                         const Situation& where, std::optional<PoolKind> target) {
    if (!target) return expected_can(stage, role, action, tier, where);
    const auto lead_scopes = scopes_reaching_lead(where);
    const auto target_scopes = scopes_reaching_target(*target);
    for (Scope scope : granted_scopes(stage, role, action, tier)) {
        if (lead_scopes.count(scope) != 0 && target_scopes.count(scope) != 0) return true;
    }
    return false;
}

// May `role` capture a new lead? It lands at tier master in the master pool, unowned.
inline bool expected_new_capture(OrgStage stage, const std::string& role) {
    const auto unowned_in_master = std::find_if(situations.begin(), situations.end(), [](const Situation& s) {
        return s.pool == PoolKind::master && !s.owned_by_actor;
    });
    REQUIRE(unowned_in_master != situations.end());
    return any_common(granted_scopes(stage, role, Action::capture, Tier::master),
                      scopes_reaching_lead(*unowned_in_master));
}

// Names for messages (doctest would print a const char* as an address).
template <typename Enum>
inline std::string name(Enum value) {
    return to_string(value);
}

inline std::string pool_name(PoolKind kind) {
    switch (kind) {
        case PoolKind::master: return "the master pool";
        case PoolKind::managed: return "a pool the actor manages";
        case PoolKind::child: return "a child of a pool the actor manages";
        case PoolKind::member: return "a pool the actor is a member of";
        case PoolKind::unrelated: return "an unrelated pool";
    }
    return "?";
}

inline std::string describe(OrgStage stage, const std::string& role, Action action, Tier tier,
                            const Situation& where) {
    return name(stage) + " / " + role + " / " + name(action) + " / tier " + name(tier) + " / (" +
           where.label + ") " + where.text;
}

// How a denial reads (docs/design.md 5.4).
struct Refusal {
    ErrorCode code = ErrorCode::permission_denied;
    // When set, the whole message is that of an unknown id: "no lead 42" ("no merge 7").
    std::string as_unknown;
};

// The denial of `action` on a lead: permission_denied when the actor may read the lead or act on
// it at all (a target pool out of reach), when the operation first asks for the action in the
// stage and the actor holds no grant of it (`refused_in_stage`: nothing about the lead is looked
// at), and for a capture (the default duplicate disclosure says that the lead exists); else, for
// a lead that is nothing to them, not_found (for an unmerge: of the merge).
inline Refusal refusal_for(Action action, bool readable, bool allowed_on_lead, bool refused_in_stage = false) {
    if (action == Action::capture || readable || allowed_on_lead || refused_in_stage) return {};
    // A subject access names the lead by an identity: "no lead holds phone '…'".
    if (action == Action::export_personal_data) return {ErrorCode::not_found, ""};
    if (action == Action::unmerge) return {ErrorCode::not_found, "no merge "};
    if (action == Action::resolve_conflict) return {ErrorCode::not_found, "no identity conflict "};
    return {ErrorCode::not_found, "no lead "};
}

// Runs `operation` as the table expects: a grant succeeds (returns true), a denial throws as
// `refusal` says and changes nothing (returns false).
template <typename Operation>
bool check_outcome(Org& org, bool granted, Operation&& operation, const Refusal& refusal = {}) {
    if (!granted) {
        const std::string before = observable_state(*org.engine, "boss");
        try {
            operation();
            FAIL_CHECK("granted although the table denies it");
        } catch (const Error& error) {
            CHECK_MESSAGE(error.code() == refusal.code, error.what());
            if (!refusal.as_unknown.empty()) {
                const std::string said = error.what();
                const std::string id = said.substr(std::min(said.size(), refusal.as_unknown.size()));
                CHECK_MESSAGE((said.rfind(refusal.as_unknown, 0) == 0 && !id.empty() &&
                               id.find_first_not_of("0123456789") == std::string::npos),
                              said);
            }
        }
        CHECK(observable_state(*org.engine, "boss") == before);
        return false;
    }
    try {
        operation();
        return true;
    } catch (const Error& error) {
        FAIL_CHECK("refused although granted: " << error.what());
        return false;
    }
}

template <typename Operation>
std::optional<ErrorCode> error_of(Operation&& operation) {
    try {
        operation();
    } catch (const Error& error) {
        return error.code();
    }
    return std::nullopt;
}

inline bool has_tag(const Lead& lead, const std::string& tag) {
    return std::find(lead.tags.begin(), lead.tags.end(), tag) != lead.tags.end();
}

}  // namespace leadpool::testing::permission_matrix
