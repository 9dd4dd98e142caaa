// Fuzzes the public-pool mechanics: routing tables and route requests, pool settings and
// assignment, claims and releases, follow-ups and the maintenance run, workflow definitions and
// the opportunities they drive. A definition the engine accepts is then put to work (route,
// assign, claim and recycle under fuzzed settings; open, advance and win under a fuzzed workflow),
// so the rules' evaluation is fuzzed as well as their reading.
#include "fuzz_entry.hpp"

using namespace leadpool::fuzz;

namespace {

constexpr std::int64_t kDay = 86400000;

// company() plus what the mechanics need: pool 4 ("north", run by ann, bob a member) with the
// unowned lead 4 in it, lead 3 with a city in the master pool, and a workflow for "lathe" with an
// opportunity on lead 1.
lp_engine* pool_company() {
    lp_engine* engine = company();
    char* out = nullptr;
    bool ok = lp_pool_create(&out, engine, "boss",
                             R"({"name": "north", "managers": ["ann"], "members": ["bob"]})") == LP_OK;
    lp_free(out);
    for (const char* input :
         {R"({"identities": [{"kind": "phone", "value": "13800000003"}], "channel": "shop",
              "attributes": {"city": "Hangzhou", "budget": 150000}})",
          R"({"identities": [{"kind": "phone", "value": "13800000004"}], "channel": "web"})"}) {
        ok = ok && lp_lead_capture(&out, engine, "boss", input) == LP_OK;
        lp_free(out);
    }
    ok = ok && lp_lead_transition(&out, engine, "boss",
                                  R"({"lead": 4, "action": "distribute", "to_pool": 4})") == LP_OK;
    lp_free(out);
    ok = ok && lp_workflow_define(&out, engine, "boss",
                                  R"({"name": "machine sale", "steps": [{"name": "contact"},
                                      {"name": "demo", "collaborators": ["bob"]}], "product_types": ["lathe"]})") ==
                   LP_OK;
    lp_free(out);
    ok = ok && lp_opportunity_open(&out, engine, "ann",
                                   R"({"lead": 1, "product_type": "lathe", "amount": 100})") == LP_OK;
    lp_free(out);
    if (!ok) std::abort();
    return engine;
}

// Checks a call whose result the target reads on: its JSON when it succeeded, else null.
nlohmann::json checked_json(lp_status status, char* out) {
    const std::string written = out != nullptr ? out : "null";
    check(status, out);  // aborts unless it is JSON
    return nlohmann::json::parse(written);
}

// The time moves on past every idle limit, so the maintenance run has leads to recycle.
void maintain_later(lp_engine* engine) {
    char* out = nullptr;
    if (lp_engine_set_time(engine, 1767225600000 + 90 * kDay) != LP_OK) std::abort();
    check(lp_pool_maintain(&out, engine, "boss"), out);
}

// Runs a workflow the engine accepted: an opportunity for its first product type on lead 2, moved
// to its last step, with a collaborator, then won.
void run_workflow(lp_engine* engine, const nlohmann::json& workflow) {
    char* out = nullptr;
    check(lp_lead_transition(&out, engine, "boss", R"({"lead": 2, "action": "distribute", "to_pool": 2,
                                                       "to_owner": "ann"})"),
          out);
    if (workflow["product_types"].empty()) return;
    const nlohmann::json request = {{"lead", 2}, {"product_type", workflow["product_types"][0]}};
    if (checked_json(lp_opportunity_open(&out, engine, "ann", request.dump().c_str()), out).is_null()) return;
    const std::string last_step = workflow["steps"].back()["name"];
    check(lp_opportunity_advance(&out, engine, "ann", 2, last_step.c_str()), out);
    check(lp_opportunity_add_collaborator(&out, engine, "ann", 2, "bob"), out);
    check(lp_opportunity_win(&out, engine, "ann", 2, nullptr), out);
    check(lp_opportunity_list(&out, engine, "ann", 2), out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Input input = split(data, size, 11);
    lp_engine* engine = pool_company();
    const char* text = input.text.c_str();
    char* out = nullptr;
    switch (input.selector) {
        case 0:  // a routing table, then every master lead routed by it
            if (!checked_json(lp_routing_set(&out, engine, "boss", text), out).is_null())
                check(lp_lead_route(&out, engine, "boss", R"({"all_unrouted": true})"), out);
            break;
        case 1: check(lp_lead_route(&out, engine, "boss", text), out); break;
        case 2:  // a pool's settings, then assignment, a claim and recycling under them
            if (!checked_json(lp_pool_settings_set(&out, engine, "ann", 4, text), out).is_null()) {
                check(lp_pool_assign(&out, engine, "ann", R"({"pool": 4})"), out);
                check(lp_lead_release(&out, engine, "ann", 4, nullptr), out);
                check(lp_lead_claim(&out, engine, "bob", 4), out);
                maintain_later(engine);
            }
            break;
        case 3: check(lp_pool_assign(&out, engine, "ann", text), out); break;
        case 4:  // a follow-up, then the activities and a maintenance run that must respect it
            check(lp_lead_follow_up(&out, engine, "ann", 1, text), out);
            check(lp_lead_activities(&out, engine, "ann", 1), out);
            maintain_later(engine);
            break;
        case 5: {
            const nlohmann::json workflow = checked_json(lp_workflow_define(&out, engine, "boss", text), out);
            if (!workflow.is_null()) run_workflow(engine, workflow);
            // The same text as a new definition of the workflow in use (lead 1's opportunity is
            // open at "contact"), then that workflow retired under the opportunity.
            const nlohmann::json updated = checked_json(lp_workflow_update(&out, engine, "boss", text), out);
            if (!updated.is_null()) run_workflow(engine, updated);
            check(lp_workflow_retire(&out, engine, "boss", "machine sale"), out);
            check(lp_opportunity_advance(&out, engine, "ann", 1, "demo"), out);
            break;
        }
        case 6: check(lp_opportunity_open(&out, engine, "ann", text), out); break;
        case 7:
            check(lp_opportunity_advance(&out, engine, "ann", 1, text), out);
            check(lp_opportunity_add_collaborator(&out, engine, "ann", 1, text), out);
            break;
        case 8: check(lp_opportunity_win(&out, engine, "ann", 1, text), out); break;
        case 9:
            check(lp_lead_claim(&out, engine, "bob", 4), out);
            check(lp_lead_release(&out, engine, "bob", 4, text), out);
            break;
        default:  // the text as the actor of every call that takes one and a lead or pool
            check(lp_routing_get(&out, engine, text), out);
            check(lp_pool_settings_get(&out, engine, text, 4), out);
            check(lp_lead_claim(&out, engine, text, 4), out);
            check(lp_lead_release(&out, engine, text, 1, nullptr), out);
            check(lp_lead_activities(&out, engine, text, 1), out);
            check(lp_pool_maintain(&out, engine, text), out);
            check(lp_workflow_list(&out, engine, text), out);
            check(lp_workflow_retire(&out, engine, text, "machine sale"), out);
            check(lp_workflow_retire(&out, engine, "boss", text), out);
            check(lp_opportunity_list(&out, engine, text, 1), out);
            break;
    }
    lp_engine_close(engine);
    return 0;
}
