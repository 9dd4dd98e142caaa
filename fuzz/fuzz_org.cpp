// Fuzzes the organisation's entry points — open options and storage URIs, the first user, stage
// names, policies, users, pool specs, identity rules and scoring rules — and every call that takes only an
// actor's name.
#include "fuzz_entry.hpp"

using namespace leadpool::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Input input = split(data, size, 11);
    const char* text = input.text.c_str();
    char* out = nullptr;
    if (input.selector <= 1) {  // nothing opened yet: options, or a URI that must name no file
        lp_engine* opened = nullptr;
        const lp_status status = input.selector == 0
                                     ? lp_engine_open(&opened, "memory:", text)
                                     : lp_engine_open(&opened, (std::string("x") + text).c_str(), nullptr);
        check(status, nullptr);
        lp_engine_close(opened);
        return 0;
    }
    lp_engine* engine = company();
    switch (input.selector) {
        case 2: {
            lp_engine* empty = nullptr;
            check(lp_engine_open(&empty, "memory:", nullptr), nullptr);
            check(lp_org_initialize(empty, text, "sales_led"), nullptr);
            lp_engine_close(empty);
            break;
        }
        case 3:
            check(lp_stage_set(engine, "boss", text), nullptr);
            check(lp_policy_get(&out, engine, text), out);
            break;
        case 4: check(lp_policy_set(engine, "boss", "factory_led", text), nullptr); break;
        case 5:
            check(lp_user_add(engine, "boss", text), nullptr);
            check(lp_user_update(engine, "boss", text), nullptr);
            break;
        case 6:
            check(lp_pool_create(&out, engine, "boss", text), out);
            check(lp_pool_update(&out, engine, "ann", 2, text), out);
            break;
        case 7:
            check(lp_user_get(&out, engine, "boss", text), out);
            check(lp_policy_reset(engine, "boss", text), nullptr);
            break;
        case 9:
            check(lp_identity_rules_set(engine, "boss", text), nullptr);
            check(lp_identity_normalize(&out, R"({"kind": "phone", "value": "13800000001"})", text), out);
            // Back to bare digits and again under the text: the leads re-keyed both ways.
            check(lp_identity_rules_replace(&out, engine, "boss", R"({"default_region": ""})"), out);
            check(lp_identity_rules_replace(&out, engine, "boss", text), out);
            break;
        case 10:  // scoring rules, and the lead's scores under them when they were taken
            check(lp_scoring_set(&out, engine, "boss", text), out);
            check(lp_lead_scores(&out, engine, "boss", 1), out);
            break;
        default:  // the text as the actor of every call that takes one and little else
            check(lp_identity_conflict_list(&out, engine, text), out);
            check(lp_lead_events(&out, engine, text, 1), out);
            check(lp_lead_get(&out, engine, text, 1), out);
            check(lp_lead_history(&out, engine, text, 1), out);
            check(lp_user_list(&out, engine, text), out);
            check(lp_pool_list(&out, engine, text), out);
            check(lp_pool_get(&out, engine, text, 2), out);
            check(lp_pool_move(&out, engine, text, 3, 2), out);
            check(lp_org_history(&out, engine, text), out);
            break;
    }
    lp_engine_close(engine);
    return 0;
}
