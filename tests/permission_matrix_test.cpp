// The permission matrix of the four default stages (docs/design.md 5): every role × action × tier ×
// scope, the denials as much as the grants. The expected answers come from the suite's own copy
// of the default policies in permission_spec.hpp; the engine is asked through can(), through
// the real operations, through what each actor lists and counts, and for the organisation.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "permission_spec.hpp"
#include "pool_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;
using namespace leadpool::testing::permission_spec;

namespace {

template <OrgStage S>
struct InStage {
    static constexpr OrgStage stage = S;
};
using FactoryLed = InStage<OrgStage::factory_led>;
using SalesLed = InStage<OrgStage::sales_led>;
using MarketingLed = InStage<OrgStage::marketing_led>;
using AllStaff = InStage<OrgStage::all_staff>;

}  // namespace

TYPE_TO_STRING(FactoryLed);
TYPE_TO_STRING(SalesLed);
TYPE_TO_STRING(MarketingLed);
TYPE_TO_STRING(AllStaff);

#define STAGES FactoryLed, SalesLed, MarketingLed, AllStaff

namespace {

// One actor per role, named after it. Every role is tried in every stage: one the stage does not
// know must grant nothing. "intern" is a role no stage knows.
const std::vector<std::string> kRoles = {"director",    "marketing", "market", "sales_manager",
                                         "salesperson", "staff",     "intern"};

const std::vector<Action> kLeadActions = {Action::read,       Action::capture,    Action::update,
                                          Action::distribute, Action::transfer,   Action::return_to_master,
                                          Action::qualify,    Action::win,        Action::lose,
                                          Action::reactivate, Action::invalidate, Action::restore,
                                          Action::merge,      Action::unmerge};
// The public-pool lead actions, whose operations have a test case of their own.
const std::vector<Action> kPoolLeadActions = {Action::route,      Action::assign,    Action::claim,
                                              Action::release,    Action::follow_up, Action::advance,
                                              Action::collaborate};
const std::vector<Action> kOrgActions = {Action::report,     Action::manage_pools, Action::manage_users,
                                         Action::manage_org, Action::recycle,      Action::manage_workflows};
const std::vector<PoolKind> kSubPools = {PoolKind::managed, PoolKind::child, PoolKind::member,
                                         PoolKind::unrelated};
const std::vector<PoolKind> kPools = {PoolKind::master, PoolKind::managed, PoolKind::child, PoolKind::member,
                                      PoolKind::unrelated};

// The quickstart company of engine_fixture.hpp (boss; ann running "east", bob running "west")
// with every role's actor standing in the same place: each manages "managed" (where bob works),
// is a plain member of "member" (run by ann, bob works there too), and has nothing to do with
// "managed-child" below "managed" (run by bob) nor with ann's "east".
struct Org : Company<MemoryStoreFactory> {
    std::map<PoolKind, PoolId> pools;
    int phones = 0;

    explicit Org(OrgStage stage) : Company(stage) {
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

const Situation& situation_of(const PlacedLead& lead, const UserId& actor) {
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
std::vector<PlacedLead> place_matrix_leads(Org& org) {
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
bool expected_can(OrgStage stage, const std::string& role, Action action, Tier tier, const Situation& where) {
    const auto needed = rights_needed(action);
    return std::all_of(needed.begin(), needed.end(), [&](Action right) {
        return any_common(granted_scopes(stage, role, right, tier), scopes_reaching_lead(where));
    });
}

// ... and, in one and the same scope, place the lead into a pool of kind `target`.
bool expected_can(OrgStage stage, const std::string& role, Action action, Tier tier, const Situation& where,
                  std::optional<PoolKind> target) {
    if (!target) return expected_can(stage, role, action, tier, where);
    const auto lead_scopes = scopes_reaching_lead(where);
    const auto target_scopes = scopes_reaching_target(*target);
    for (Scope scope : granted_scopes(stage, role, action, tier)) {
        if (lead_scopes.count(scope) != 0 && target_scopes.count(scope) != 0) return true;
    }
    return false;
}

// May `role` capture a new lead? It lands at tier master in the master pool, unowned.
bool expected_new_capture(OrgStage stage, const std::string& role) {
    const auto unowned_in_master = std::find_if(situations.begin(), situations.end(), [](const Situation& s) {
        return s.pool == PoolKind::master && !s.owned_by_actor;
    });
    REQUIRE(unowned_in_master != situations.end());
    return any_common(granted_scopes(stage, role, Action::capture, Tier::master),
                      scopes_reaching_lead(*unowned_in_master));
}

// Names for messages (doctest would print a const char* as an address).
template <typename Enum>
std::string name(Enum value) {
    return to_string(value);
}

std::string pool_name(PoolKind kind) {
    switch (kind) {
        case PoolKind::master: return "the master pool";
        case PoolKind::managed: return "a pool the actor manages";
        case PoolKind::child: return "a child of a pool the actor manages";
        case PoolKind::member: return "a pool the actor is a member of";
        case PoolKind::unrelated: return "an unrelated pool";
    }
    return "?";
}

std::string describe(OrgStage stage, const std::string& role, Action action, Tier tier,
                     const Situation& where) {
    return name(stage) + " / " + role + " / " + name(action) + " / tier " + name(tier) + " / (" +
           where.label + ") " + where.text;
}

// Runs `operation` as the table expects: a grant succeeds (returns true), a denial throws
// permission_denied and changes nothing (returns false).
template <typename Operation>
bool check_outcome(Org& org, bool granted, Operation&& operation) {
    if (!granted) {
        LP_CHECK_REFUSED_UNCHANGED(*org.engine, ErrorCode::permission_denied, operation());
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
// Merge needs a second lead standing in the same place, unmerge a merge to undo: both are made
// before the operation, so a refusal is checked against a state that already holds them.
std::int64_t prepare(Org& org, Action action, LeadId lead) {
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
        case Action::read: return {engine.lead(actor, lead)};
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

bool has_tag(const Lead& lead, const std::string& tag) {
    return std::find(lead.tags.begin(), lead.tags.end(), tag) != lead.tags.end();
}

std::set<LeadId> ids(const std::vector<Lead>& leads) {
    std::set<LeadId> out;
    for (const auto& lead : leads) out.insert(lead.id);
    return out;
}

}  // namespace

TEST_SUITE_BEGIN("permission matrix");

TEST_CASE_TEMPLATE("can() answers every role × lead action × tier × situation as the table says", Stage,
                   STAGES) {
    constexpr OrgStage stage = Stage::stage;
    Org org(stage);
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

TEST_CASE_TEMPLATE("each role lists exactly the leads it may read, and its funnel counts them", Stage,
                   STAGES) {
    constexpr OrgStage stage = Stage::stage;
    Org org(stage);
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

TEST_CASE_TEMPLATE("real lead operations are granted and refused as can() and the table say", Stage, STAGES) {
    constexpr OrgStage stage = Stage::stage;
    for (const auto& role : kRoles) {
        Org org(stage);

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
                    if (!check_outcome(org, granted, [&] {
                            acted = perform(org, role, action, lead, target_pool, prepared);
                        })) {
                        continue;
                    }
                    CHECK(acted.lead.id == lead);
                    if (action == Action::read) {
                        CHECK_FALSE(org.engine->history(role, lead).empty());
                        continue;
                    }
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
            check_outcome(org, granted, [&] { org.engine->history(role, lead); });
        }
    }
}

// The hole that capture onto an existing lead used to be: checked only as a new lead landing in
// the master pool, it let a salesperson change, and see, a lead of someone else's pool.
TEST_CASE("a salesperson cannot capture onto a lead in someone else's pool, its holder can") {
    Company<MemoryStoreFactory> company(OrgStage::factory_led);
    Engine& engine = *company.engine;
    const std::string phone = "+8613900000001";
    const LeadId id = company.capture(phone);
    engine.transition("boss", move(id, Action::distribute, company.west, std::string("bob")));
    engine.transition("boss", move(id, Action::qualify));
    REQUIRE(company.lead(id).tier == Tier::opportunity);

    LeadInput input = phone_lead(phone, "web", R"({"budget": 1})");
    input.tags = {"ann-was-here"};

    CHECK_FALSE(engine.can("ann", Action::capture, id));
    LP_CHECK_REFUSED_UNCHANGED(engine, ErrorCode::permission_denied, engine.capture("ann", input));

    CHECK(engine.can("bob", Action::capture, id));
    const Lead before = company.lead(id);
    const CaptureResult result = engine.capture("bob", input);
    CHECK_FALSE(result.created);
    CHECK(result.lead.id == id);
    CHECK(result.lead.tier == Tier::opportunity);
    CHECK(result.lead.pool == company.west);
    CHECK(result.lead.owner == "bob");
    CHECK(result.lead.version == before.version + 1);
    CHECK(has_tag(result.lead, "ann-was-here"));
    CHECK(result.lead.attributes != before.attributes);
    const auto history = engine.history("boss", id);
    REQUIRE_FALSE(history.empty());
    CHECK(history.back().action == Action::capture);
    CHECK(history.back().actor == "bob");
}

// The default policies grant capture on master leads to everyone who captures at all, and read
// wherever they grant capture but on master leads. A host's own policy pulls the rights apart.
TEST_CASE("capture of a new lead needs capture on master, onto a lead capture and read on it") {
    Company<MemoryStoreFactory> company(OrgStage::factory_led);
    Engine& engine = *company.engine;
    engine.set_policy("boss", OrgStage::factory_led, Policy::from_json(R"({"roles": {
        "director": [{"actions": ["*"], "tiers": ["*"], "scope": "all"}],
        "sorter": [{"actions": ["capture"], "tiers": ["sub"], "scope": "all"},
                   {"actions": ["read"], "tiers": ["*"], "scope": "all"}],
        "scout": [{"actions": ["capture"], "tiers": ["master", "sub"], "scope": "all"},
                  {"actions": ["read"], "tiers": ["sub"], "scope": "all"}]}})"));
    engine.add_user("boss", User{"sorter", "Sorter", "market", {"sorter"}, true});
    engine.add_user("boss", User{"scout", "Scout", "market", {"scout"}, true});
    const LeadId in_master = company.capture("+8613900000010");
    const LeadId in_west = company.capture("+8613900000011");
    engine.transition("boss", move(in_west, Action::distribute, company.west, std::string("bob")));

    auto onto = [&](LeadId id, const char* tag) {
        LeadInput input = phone_lead(company.lead(id).identities.front().value, "shop");
        input.tags = {tag};
        return input;
    };

    SUBCASE("capture on sub leads only: no new lead, no capture onto a master lead") {
        LP_CHECK_REFUSED_UNCHANGED(engine, ErrorCode::permission_denied,
                                   engine.capture("sorter", phone_lead("+8613900000012")));
        CHECK_FALSE(engine.can("sorter", Action::capture, in_master));
        LP_CHECK_REFUSED_UNCHANGED(engine, ErrorCode::permission_denied,
                                   engine.capture("sorter", onto(in_master, "sorted")));
        CHECK(engine.can("sorter", Action::capture, in_west));
        const CaptureResult result = engine.capture("sorter", onto(in_west, "sorted"));
        CHECK_FALSE(result.created);
        CHECK(result.lead.id == in_west);
        CHECK(has_tag(result.lead, "sorted"));
    }
    SUBCASE("capture on master leads without read: new leads, but no capture onto an unread one") {
        const CaptureResult created = engine.capture("scout", phone_lead("+8613900000013"));
        CHECK(created.created);
        CHECK(created.lead.tier == Tier::master);
        CHECK_FALSE(engine.can("scout", Action::capture, in_master));
        LP_CHECK_REFUSED_UNCHANGED(engine, ErrorCode::permission_denied,
                                   engine.capture("scout", onto(in_master, "scouted")));
        CHECK(engine.can("scout", Action::capture, in_west));
        const CaptureResult result = engine.capture("scout", onto(in_west, "scouted"));
        CHECK_FALSE(result.created);
        CHECK(result.lead.id == in_west);
        CHECK(has_tag(result.lead, "scouted"));
    }
}

// Any capture first needs some capture grant: without one, an actor learns nothing from its
// input — not that its identities belong to two different leads, not that it is malformed.
// Someone who may capture onto and read both leads merges them.
TEST_CASE_TEMPLATE("an actor without any capture grant is refused before its input is looked at", Stage,
                   STAGES) {
    constexpr OrgStage stage = Stage::stage;
    Org org(stage);
    const LeadId first = org.make_lead(Tier::sub, PoolKind::managed, "bob");
    const LeadId second = org.make_lead(Tier::master, PoolKind::master, "");
    LeadInput both = org.input_onto(first);
    both.identities.push_back(org.lead(second).identities.front());
    LeadInput malformed = org.new_lead_input();
    malformed.identities.clear();

    bool some_role_without = false;
    for (const auto& role : kRoles) {
        if (!granted_scopes(stage, role, Action::capture).empty()) continue;
        some_role_without = true;
        INFO(name(stage) << " / " << role << " holds no capture grant");
        LP_CHECK_REFUSED_UNCHANGED(*org.engine, ErrorCode::permission_denied,
                                   org.engine->capture(role, both));
        LP_CHECK_REFUSED_UNCHANGED(*org.engine, ErrorCode::permission_denied,
                                   org.engine->capture(role, malformed));
        LP_CHECK_REFUSED_UNCHANGED(*org.engine, ErrorCode::permission_denied,
                                   org.engine->capture_batch(role, {org.new_lead_input(), both}));
    }
    CHECK(some_role_without);  // "intern" at least

    // The director, who may capture and read everything, is told what is wrong with the input.
    LP_CHECK_REFUSED_UNCHANGED(*org.engine, ErrorCode::invalid_argument,
                               org.engine->capture("director", malformed));
    const CaptureResult merged = org.engine->capture("director", both);
    CHECK(merged.lead.id == first);  // the sub-pool lead is further along the funnel
    CHECK(org.lead(second).id == first);
}

TEST_CASE_TEMPLATE("organisation actions are granted and refused as the table says", Stage, STAGES) {
    constexpr OrgStage stage = Stage::stage;
    for (const auto& role : kRoles) {
        INFO(name(stage) << " / " << role);
        Org org(stage);
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

// The public-pool operations, one case per situation that tells the grants apart: each runs
// through the engine as the table says, granted or refused (and then changing nothing).
TEST_CASE_TEMPLATE("public-pool operations are granted and refused as the table says", Stage, STAGES) {
    constexpr OrgStage stage = Stage::stage;
    auto situation = [](char label) -> const Situation& {
        return *std::find_if(situations.begin(), situations.end(),
                             [&](const Situation& s) { return s.label == label; });
    };
    for (const auto& role : kRoles) {
        Org org(stage);
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
            check_outcome(org, granted, operation);
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

TEST_CASE_TEMPLATE("unknown and inactive actors are refused whatever their roles", Stage, STAGES) {
    constexpr OrgStage stage = Stage::stage;
    Org org(stage);
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
