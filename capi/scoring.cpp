// Lead scoring: the rules, their rescore, and a lead's scores.
#include "boundary.hpp"
#include "leadpool/json.hpp"

using namespace leadpool;
using namespace leadpool::capi;

extern "C" {

lp_status lp_scoring_get(char** out, lp_engine* engine) {
    return returning(out, [&] { return to_json(handle(engine).scoring_rules()); });
}

lp_status lp_scoring_set(char** out, lp_engine* engine, const char* actor, const char* rules_json) {
    return returning(out, [&] {
        return to_json(handle(engine).set_scoring_rules(arg(actor, "actor"),
                                                        scoring_rules_from_json(arg(rules_json, "rules_json"))));
    });
}

lp_status lp_scoring_set_progress(char** out, lp_engine* engine, const char* actor, const char* rules_json,
                                  lp_progress_callback callback, void* user_data) {
    return returning(out, [&] {
        if (callback == nullptr) throw Error(ErrorCode::invalid_argument, "callback is NULL");
        return to_json(handle(engine).set_scoring_rules(
            arg(actor, "actor"), scoring_rules_from_json(arg(rules_json, "rules_json")),
            [callback, user_data](const RescoreReport& so_far) { callback(to_json(so_far).c_str(), user_data); }));
    });
}

lp_status lp_lead_scores(char** out, lp_engine* engine, const char* actor, int64_t lead_id) {
    return returning(out, [&] { return to_json(handle(engine).scores(arg(actor, "actor"), lead_id)); });
}

}  // extern "C"
