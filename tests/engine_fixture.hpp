// A small company on a fresh store, for engine-level tests over every store.
#pragma once

#include <doctest/doctest.h>
#include <leadpool/leadpool.hpp>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "store_factories.hpp"
#include "store_test_case.hpp"

namespace leadpool::testing {

// 2026-01-01T00:00:00Z: tests start here and move the clock by hand.
inline constexpr Timestamp kStart = 1767225600000;
inline constexpr Timestamp kDay = 86400000;

// Identities as a test writes them.
inline Identity phone(const std::string& value) { return {IdentityKind::phone, value, ""}; }
inline Identity email(const std::string& value) { return {IdentityKind::email, value, ""}; }

inline LeadInput phone_lead(const std::string& phone, const std::string& channel = "web",
                            const std::string& attributes = "{}") {
    LeadInput input;
    input.identities = {Identity{IdentityKind::phone, phone, ""}};
    input.channel = channel;
    input.attributes = attributes;
    return input;
}

inline TransitionRequest move(LeadId lead, Action action, std::optional<PoolId> to_pool = std::nullopt,
                              std::optional<UserId> to_owner = std::nullopt, std::string reason = {}) {
    TransitionRequest request;
    request.lead = lead;
    request.action = action;
    request.to_pool = to_pool;
    request.to_owner = std::move(to_owner);
    request.reason = std::move(reason);
    return request;
}

// The factory-led company of the quickstart: director "boss"; salespeople "ann" and "bob", each
// managing a sub pool of their own ("east" and "west").
template <typename Factory>
struct Company {
    Factory factory;
    std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(kStart);
    std::unique_ptr<Engine> engine;
    PoolId east = 0;
    PoolId west = 0;

    explicit Company(OrgStage stage = OrgStage::factory_led) {
        engine = std::make_unique<Engine>(factory.open(), EngineOptions{clock});
        engine->initialize(User{"boss", "The Boss", "management", {"director"}, true}, stage);
        engine->add_user("boss", User{"ann", "Ann", "sales", {"salesperson"}, true});
        engine->add_user("boss", User{"bob", "Bob", "sales", {"salesperson"}, true});
        east = engine->create_pool("boss", PoolSpec{"east", std::nullopt, {"ann"}, {}}).id;
        west = engine->create_pool("boss", PoolSpec{"west", std::nullopt, {"bob"}, {}}).id;
    }

    // Reopens the engine on the same store contents (the SQLite file; memory cannot reopen).
    void reopen() {
        engine.reset();
        engine = std::make_unique<Engine>(factory.open(), EngineOptions{clock});
    }

    LeadId capture(const std::string& phone, const std::string& channel = "web") {
        return engine->capture("boss", phone_lead(phone, channel)).lead.id;
    }

    Lead lead(LeadId id) { return engine->lead("boss", id); }
};

// Everything an all-seeing actor can observe, as text: compare before and after an operation
// that must change nothing.
inline std::string observable_state(Engine& engine, const UserId& actor) {
    std::ostringstream out;
    out << "stage " << to_string(engine.stage()) << "\n";
    for (const auto& user : engine.users(actor)) {
        out << "user " << user.id << " " << user.name << " " << user.department << " " << user.active;
        for (const auto& role : user.roles) out << " " << role;
        out << "\n";
    }
    for (const auto& pool : engine.pools(actor)) {
        out << "pool " << pool.id << " " << pool.name << " " << pool.parent.value_or(0);
        for (const auto& m : pool.managers) out << " m:" << m;
        for (const auto& m : pool.members) out << " u:" << m;
        out << "\n";
        if (pool.id != kMasterPoolId)
            out << "  settings " << to_json(engine.pool_settings(actor, pool.id)) << "\n";
    }
    out << "routing " << to_json(engine.routing(actor)) << "\n";
    out << "workflows " << to_json(engine.workflows(actor)) << "\n";
    PageRequest page;
    page.limit = kMaxPageSize;
    for (;;) {
        LeadPage leads = engine.leads(actor, {}, page);
        for (const auto& lead : leads.leads) {
            out << "lead " << lead.id << " " << to_string(lead.tier) << " " << lead.pool << " '" << lead.owner
                << "' v" << lead.version << " r" << int(lead.reached) << " " << lead.attributes << " "
                << lead.channel << " upd" << lead.updated_at << " act" << lead.last_activity_at;
            for (const auto& i : lead.identities)
                out << " " << to_string(i.kind) << ":" << i.scope << ":" << i.value;
            for (const auto& t : lead.tags) out << " #" << t;
            for (const auto& c : lead.channels) out << " @" << c;
            out << "\n";
            for (const auto& h : engine.history(actor, lead.id)) {
                out << "  h" << h.seq << " " << to_string(h.action) << " " << h.actor << " " << h.at << " "
                    << to_string(h.from_tier) << ">" << to_string(h.to_tier) << " " << h.from_pool << ">"
                    << h.to_pool << " '" << h.from_owner << "'>'" << h.to_owner << "' " << h.reason << "\n";
            }
            out << "  opportunities " << to_json(engine.opportunities(actor, lead.id)) << "\n";
        }
        if (!leads.next_after) break;
        page.after = *leads.next_after;
    }
    out << "merges " << to_json(engine.merges(actor)) << "\n";
    out << "conflicts " << to_json(engine.identity_conflicts(actor)) << "\n";
    out << "org events " << engine.org_history(actor).size() << "\n";
    out << "changes " << engine.changes(actor, {}).last << "\n";
    return out.str();
}

// Runs `operation`, which must fail with `code`, and checks that nothing observable changed.
#define LP_CHECK_REFUSED_UNCHANGED(engine, expected_code, operation)                          \
    do {                                                                                      \
        const std::string lp_before_ = ::leadpool::testing::observable_state(engine, "boss"); \
        try {                                                                                 \
            operation;                                                                        \
            FAIL("expected error " << std::string(::leadpool::to_string(expected_code)));     \
        } catch (const ::leadpool::Error& lp_error_) {                                        \
            CHECK_MESSAGE(lp_error_.code() == (expected_code), lp_error_.what());             \
        }                                                                                     \
        CHECK(::leadpool::testing::observable_state(engine, "boss") == lp_before_);           \
    } while (false)

// Runs `operation`, which must fail with `code` and change nothing, and returns its message.
template <typename Operation>
std::string refusal(Engine& engine, ErrorCode code, Operation&& operation) {
    std::string message;
    LP_CHECK_REFUSED_UNCHANGED(engine, code, {
        try {
            operation();
        } catch (const Error& error) {
            message = error.what();
            throw;
        }
    });
    return message;
}

}  // namespace leadpool::testing
