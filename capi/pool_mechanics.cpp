// The public-pool mechanics: routing, pool settings, assignment, claims, follow-ups, recycling
// and opportunity workflows.
#include "boundary.hpp"

using namespace leadpool;
using namespace leadpool::capi;

lp_status lp_routing_get(char** out, lp_engine* engine, const char* actor) {
    return returning(out, [&] { return to_json(handle(engine).routing(arg(actor, "actor"))); });
}

lp_status lp_routing_set(char** out, lp_engine* engine, const char* actor, const char* table_json) {
    return returning(out, [&] {
        return to_json(handle(engine).set_routing(arg(actor, "actor"),
                                                  routing_table_from_json(arg(table_json, "table_json"))));
    });
}

lp_status lp_lead_route(char** out, lp_engine* engine, const char* actor, const char* request_json) {
    return returning(out, [&] {
        return to_json(handle(engine).route(arg(actor, "actor"),
                                            route_request_from_json(arg(request_json, "request_json"))));
    });
}

lp_status lp_pool_settings_get(char** out, lp_engine* engine, const char* actor, int64_t pool_id) {
    return returning(out,
                     [&] { return to_json(handle(engine).pool_settings(arg(actor, "actor"), pool_id)); });
}

lp_status lp_pool_settings_set(char** out, lp_engine* engine, const char* actor, int64_t pool_id,
                               const char* settings_json) {
    return returning(out, [&] {
        return to_json(handle(engine).set_pool_settings(
            arg(actor, "actor"), pool_id, pool_settings_from_json(arg(settings_json, "settings_json"))));
    });
}

lp_status lp_pool_assign(char** out, lp_engine* engine, const char* actor, const char* request_json) {
    return returning(out, [&] {
        return to_json(handle(engine).assign(arg(actor, "actor"),
                                             assign_request_from_json(arg(request_json, "request_json"))));
    });
}

lp_status lp_lead_claim(char** out, lp_engine* engine, const char* actor, int64_t lead_id) {
    return returning(out, [&] { return to_json(handle(engine).claim(arg(actor, "actor"), lead_id)); });
}

lp_status lp_lead_release(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                          const char* reason) {
    return returning(out, [&] {
        return to_json(handle(engine).release(arg(actor, "actor"), lead_id, reason ? reason : ""));
    });
}

lp_status lp_lead_follow_up(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                            const char* follow_up_json) {
    return returning(out, [&] {
        return to_json(handle(engine).follow_up(arg(actor, "actor"), lead_id,
                                                follow_up_from_json(arg(follow_up_json, "follow_up_json"))));
    });
}

lp_status lp_lead_activities(char** out, lp_engine* engine, const char* actor, int64_t lead_id) {
    return returning(out, [&] { return to_json(handle(engine).activities(arg(actor, "actor"), lead_id)); });
}

lp_status lp_pool_maintain(char** out, lp_engine* engine, const char* actor) {
    return returning(out, [&] { return to_json(handle(engine).maintain(arg(actor, "actor"))); });
}

lp_status lp_workflow_list(char** out, lp_engine* engine, const char* actor) {
    return returning(out, [&] { return to_json(handle(engine).workflows(arg(actor, "actor"))); });
}

lp_status lp_workflow_define(char** out, lp_engine* engine, const char* actor, const char* workflow_json) {
    return returning(out, [&] {
        return to_json(handle(engine).define_workflow(
            arg(actor, "actor"), workflow_from_json(arg(workflow_json, "workflow_json"))));
    });
}

lp_status lp_workflow_update(char** out, lp_engine* engine, const char* actor, const char* workflow_json) {
    return returning(out, [&] {
        return to_json(handle(engine).update_workflow(
            arg(actor, "actor"), workflow_from_json(arg(workflow_json, "workflow_json"))));
    });
}

lp_status lp_workflow_retire(char** out, lp_engine* engine, const char* actor, const char* name) {
    return returning(
        out, [&] { return to_json(handle(engine).retire_workflow(arg(actor, "actor"), arg(name, "name"))); });
}

lp_status lp_opportunity_open(char** out, lp_engine* engine, const char* actor, const char* request_json) {
    return returning(out, [&] {
        return to_json(handle(engine).open_opportunity(
            arg(actor, "actor"), opportunity_request_from_json(arg(request_json, "request_json"))));
    });
}

lp_status lp_opportunity_advance(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                                 const char* step) {
    return returning(out, [&] {
        return to_json(handle(engine).advance_opportunity(arg(actor, "actor"), lead_id, arg(step, "step")));
    });
}

lp_status lp_opportunity_add_collaborator(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                                          const char* user_id) {
    return returning(out, [&] {
        return to_json(
            handle(engine).add_collaborator(arg(actor, "actor"), lead_id, arg(user_id, "user_id")));
    });
}

lp_status lp_opportunity_win(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                             const char* request_json) {
    return returning(out, [&] {
        const auto amount = request_json ? win_request_from_json(request_json) : std::nullopt;
        return to_json(handle(engine).win_opportunity(arg(actor, "actor"), lead_id, amount));
    });
}

lp_status lp_opportunity_list(char** out, lp_engine* engine, const char* actor, int64_t lead_id) {
    return returning(out,
                     [&] { return to_json(handle(engine).opportunities(arg(actor, "actor"), lead_id)); });
}

lp_status lp_opportunity_pipeline(char** out, lp_engine* engine, const char* actor, const char* filter_json,
                                  const char* page_json) {
    return returning(out, [&] {
        return to_json(handle(engine).opportunities(arg(actor, "actor"),
                                                    optional_json(filter_json, opportunity_filter_from_json),
                                                    optional_json(page_json, opportunity_page_from_json)));
    });
}
