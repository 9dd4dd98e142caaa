// Moving leads through the pyramid, and the funnel that counts them.
#include "boundary.hpp"

using namespace leadpool;
using namespace leadpool::capi;

namespace {

Action action_arg(const char* name) {
    const auto action = parse_action(arg(name, "action"));
    if (!action)
        throw Error(ErrorCode::invalid_argument, std::string("action: unknown action '") + name + "'");
    return *action;
}

}  // namespace

// --- transitions --------------------------------------------------------------------------------

lp_status lp_lead_transition(char** out, lp_engine* engine, const char* actor, const char* request_json) {
    return returning(out, [&] {
        return to_json(handle(engine).transition(arg(actor, "actor"),
                                                 transition_from_json(arg(request_json, "request_json"))));
    });
}

lp_status lp_lead_transition_batch(char** out, lp_engine* engine, const char* actor,
                                   const char* requests_json) {
    return returning(out, [&] {
        return to_json(handle(engine).transition_batch(
            arg(actor, "actor"), transitions_from_json(arg(requests_json, "requests_json"))));
    });
}

lp_status lp_lead_can(int* out, lp_engine* engine, const char* actor, const char* action, int64_t lead_id) {
    return returning(out,
                     [&] { return handle(engine).can(arg(actor, "actor"), action_arg(action), lead_id); });
}

// --- reports ------------------------------------------------------------------------------------

lp_status lp_funnel_report(char** out, lp_engine* engine, const char* actor, const char* filter_json) {
    return returning(out, [&] {
        return to_json(
            handle(engine).funnel(arg(actor, "actor"), optional_json(filter_json, funnel_filter_from_json)));
    });
}

lp_status lp_funnel_breakdown(char** out, lp_engine* engine, const char* actor, const char* filter_json,
                              const char* breakdown_json) {
    return returning(out, [&] {
        return to_json(handle(engine).funnel_breakdown(
            arg(actor, "actor"), optional_json(filter_json, funnel_filter_from_json),
            funnel_breakdown_request_from_json(arg(breakdown_json, "breakdown_json"))));
    });
}

lp_status lp_tier_moves(char** out, lp_engine* engine, const char* actor, const char* filter_json,
                        const char* moves_json) {
    return returning(out, [&] {
        return to_json(handle(engine).tier_moves(arg(actor, "actor"),
                                                 optional_json(filter_json, funnel_filter_from_json),
                                                 tier_moves_request_from_json(arg(moves_json, "moves_json"))));
    });
}

lp_status lp_capture_cohorts(char** out, lp_engine* engine, const char* actor, const char* filter_json,
                             const char* cohorts_json) {
    return returning(out, [&] {
        return to_json(handle(engine).capture_cohorts(arg(actor, "actor"),
                                                      optional_json(filter_json, funnel_filter_from_json),
                                                      optional_json(cohorts_json, cohort_request_from_json)));
    });
}

lp_status lp_tier_times(char** out, lp_engine* engine, const char* actor, const char* filter_json,
                        const char* times_json) {
    return returning(out, [&] {
        return to_json(handle(engine).tier_times(arg(actor, "actor"),
                                                 optional_json(filter_json, funnel_filter_from_json),
                                                 optional_json(times_json, tier_times_request_from_json)));
    });
}

lp_status lp_collisions(char** out, lp_engine* engine, const char* actor, const char* collisions_json,
                        const char* page_json) {
    return returning(out, [&] {
        return to_json(handle(engine).collisions(arg(actor, "actor"),
                                                 collision_request_from_json(arg(collisions_json, "collisions_json")),
                                                 optional_json(page_json, collision_page_from_json)));
    });
}

lp_status lp_owner_holdings(char** out, lp_engine* engine, const char* actor, const char* holdings_json) {
    return returning(out, [&] {
        return to_json(handle(engine).owner_holdings(arg(actor, "actor"),
                                                     holdings_request_from_json(arg(holdings_json, "holdings_json"))));
    });
}

lp_status lp_public_share(char** out, lp_engine* engine, const char* actor, const char* share_json) {
    return returning(out, [&] {
        return to_json(handle(engine).public_share(arg(actor, "actor"),
                                                   public_share_request_from_json(arg(share_json, "share_json"))));
    });
}
