// The organisation: its stage and policies, users and the pool tree.
#include "boundary.hpp"

using namespace leadpool;
using namespace leadpool::capi;
using nlohmann::json;

namespace {

OrgStage stage_arg(const char* name) {
    const auto stage = parse_stage(arg(name, "stage"));
    if (!stage) {
        throw Error(ErrorCode::invalid_argument, std::string("stage: unknown stage '") + name +
                                                     "' (factory_led, sales_led, marketing_led, all_staff)");
    }
    return *stage;
}

std::string stage_json(const Engine& engine) {
    const bool initialized = engine.initialized();
    return json{{"initialized", initialized},
                {"stage", initialized ? json(to_string(engine.stage())) : json()}}
        .dump();
}

Policy policy_arg(const char* text) {
    parse_json(arg(text, "policy_json"), "policy");  // bounded before the policy reader sees it
    return Policy::from_json(text);
}

}  // namespace

// --- organisation -------------------------------------------------------------------------------

lp_status lp_org_initialize(lp_engine* engine, const char* first_user_json, const char* stage) {
    return guarded([&] {
        handle(engine).initialize(user_from_json(arg(first_user_json, "first_user_json")), stage_arg(stage));
    });
}

lp_status lp_stage_get(char** out, lp_engine* engine) {
    return returning(out, [&] { return stage_json(handle(engine)); });
}

lp_status lp_stage_set(lp_engine* engine, const char* actor, const char* stage) {
    return guarded([&] { handle(engine).set_stage(arg(actor, "actor"), stage_arg(stage)); });
}

lp_status lp_policy_get(char** out, lp_engine* engine, const char* stage) {
    return returning(out, [&] { return handle(engine).policy(stage_arg(stage)).to_json(); });
}

lp_status lp_policy_defaults(char** out) {
    return returning(out, [&] { return std::string(Policy::defaults_json()); });
}

lp_status lp_policy_set(lp_engine* engine, const char* actor, const char* stage, const char* policy_json) {
    return guarded(
        [&] { handle(engine).set_policy(arg(actor, "actor"), stage_arg(stage), policy_arg(policy_json)); });
}

lp_status lp_policy_reset(lp_engine* engine, const char* actor, const char* stage) {
    return guarded([&] { handle(engine).reset_policy(arg(actor, "actor"), stage_arg(stage)); });
}

lp_status lp_org_history(char** out, lp_engine* engine, const char* actor) {
    return returning(out, [&] { return to_json(handle(engine).org_history(arg(actor, "actor"))); });
}

// --- users --------------------------------------------------------------------------------------

lp_status lp_user_add(lp_engine* engine, const char* actor, const char* user_json) {
    return guarded(
        [&] { handle(engine).add_user(arg(actor, "actor"), user_from_json(arg(user_json, "user_json"))); });
}

lp_status lp_user_update(lp_engine* engine, const char* actor, const char* user_json) {
    return guarded([&] {
        handle(engine).update_user(arg(actor, "actor"), user_from_json(arg(user_json, "user_json")));
    });
}

lp_status lp_user_get(char** out, lp_engine* engine, const char* actor, const char* user_id) {
    return returning(
        out, [&] { return to_json(handle(engine).user(arg(actor, "actor"), arg(user_id, "user_id"))); });
}

lp_status lp_user_list(char** out, lp_engine* engine, const char* actor) {
    return returning(out, [&] { return to_json(handle(engine).users(arg(actor, "actor"))); });
}

// --- pools --------------------------------------------------------------------------------------

lp_status lp_pool_create(char** out, lp_engine* engine, const char* actor, const char* spec_json) {
    return returning(out, [&] {
        return to_json(handle(engine).create_pool(arg(actor, "actor"),
                                                  pool_spec_from_json(arg(spec_json, "spec_json"))));
    });
}

lp_status lp_pool_update(char** out, lp_engine* engine, const char* actor, int64_t pool_id,
                         const char* spec_json) {
    return returning(out, [&] {
        return to_json(handle(engine).update_pool(arg(actor, "actor"), pool_id,
                                                  pool_spec_from_json(arg(spec_json, "spec_json"))));
    });
}

lp_status lp_pool_move(char** out, lp_engine* engine, const char* actor, int64_t pool_id,
                       int64_t new_parent) {
    return returning(out, [&] {
        const auto parent = new_parent == 0 ? std::nullopt : std::optional<PoolId>(new_parent);
        return to_json(handle(engine).move_pool(arg(actor, "actor"), pool_id, parent));
    });
}

lp_status lp_pool_get(char** out, lp_engine* engine, const char* actor, int64_t pool_id) {
    return returning(out, [&] { return to_json(handle(engine).pool(arg(actor, "actor"), pool_id)); });
}

lp_status lp_pool_list(char** out, lp_engine* engine, const char* actor) {
    return returning(out, [&] { return to_json(handle(engine).pools(arg(actor, "actor"))); });
}
