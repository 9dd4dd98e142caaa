// Moving a company through the four stages changes who does what, never the data.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;
using nlohmann::json;


namespace {

// The observable state without the lines that a stage change is meant to change.
std::string data_state(Engine& engine) {
    std::string state = observable_state(engine, "boss");
    std::string out;
    std::size_t start = 0;
    while (start < state.size()) {
        std::size_t end = state.find('\n', start);
        std::string line = state.substr(start, end - start);
        if (line.rfind("stage ", 0) != 0 && line.rfind("org events ", 0) != 0 && line.rfind("changes ", 0) != 0) {
            out += line + "\n";
        }
        start = end + 1;
    }
    return out;
}

std::string funnel_text(const FunnelReport& report) {
    std::string out = std::to_string(report.leads);
    for (const auto& tier : report.tiers)
        out += " " + std::to_string(tier.at) + "/" + std::to_string(tier.reached);
    return out;
}

}  // namespace

LEADPOOL_STORE_TEST_CASE("stages 1 -> 2 -> 3 -> 4 keep every lead, pool, user and history row") {
    Company<Factory> c;
    Engine& e = *c.engine;
    std::vector<LeadId> ids;
    for (int i = 0; i < 8; ++i)
        ids.push_back(c.capture("1380000000" + std::to_string(i), i % 2 ? "web" : "shop"));
    e.transition_batch(
        "boss",
        {move(ids[0], Action::distribute, c.east, "ann"), move(ids[1], Action::distribute, c.east, "ann"),
         move(ids[2], Action::distribute, c.west, "bob"), move(ids[3], Action::distribute, c.west, "bob")});
    e.transition_batch(
        "boss", {move(ids[0], Action::qualify), move(ids[2], Action::qualify), move(ids[0], Action::win),
                 move(ids[2], Action::lose, std::nullopt, std::nullopt, "competitor")});
    e.transition("boss", move(ids[7], Action::invalidate, std::nullopt, std::nullopt, "test entry"));

    const std::string data = data_state(e);
    const std::string funnel = funnel_text(e.funnel("boss"));
    // What a factory-led salesperson sees: everything in the pool they manage.
    CHECK(e.leads("ann").leads.size() == 2);

    const OrgStage path[] = {OrgStage::sales_led, OrgStage::marketing_led, OrgStage::all_staff};
    OrgStage from = OrgStage::factory_led;
    for (OrgStage stage : path) {
        CAPTURE(to_string(stage));
        c.clock->advance(kDay);
        e.set_stage("boss", stage);
        CHECK(e.stage() == stage);
        CHECK(data_state(e) == data);
        CHECK(funnel_text(e.funnel("boss")) == funnel);
        const OrgEvent last = e.org_history("boss").back();
        CHECK(last.kind == OrgEventKind::stage_changed);
        CHECK(last.actor == "boss");
        CHECK(last.at == c.clock->now());
        CHECK(json::parse(last.detail) == json{{"from", to_string(from)}, {"to", to_string(stage)}});
        from = stage;
    }

    // Same data, other rules: from marketing-led on, a salesperson works only the opportunities,
    // orders and lost deals they own.
    std::vector<LeadId> seen;
    for (const auto& lead : e.leads("ann").leads) seen.push_back(lead.id);
    CHECK(seen == std::vector<LeadId>{ids[0]});

    // Setting the stage in force again changes and records nothing.
    const std::size_t events = e.org_history("boss").size();
    e.set_stage("boss", OrgStage::all_staff);
    CHECK(e.org_history("boss").size() == events);
}

LEADPOOL_STORE_TEST_CASE("only manage_org may change the stage, and bad stages are refused") {
    Company<Factory> c;
    LP_CHECK_REFUSED_UNCHANGED(*c.engine, ErrorCode::permission_denied,
                               c.engine->set_stage("ann", OrgStage::sales_led));
    LP_CHECK_REFUSED_UNCHANGED(*c.engine, ErrorCode::invalid_argument,
                               c.engine->set_stage("boss", static_cast<OrgStage>(0)));
    LP_CHECK_REFUSED_UNCHANGED(*c.engine, ErrorCode::invalid_argument,
                               c.engine->set_stage("boss", static_cast<OrgStage>(5)));
}
