/* Every function refuses a NULL engine, actor or out without crashing. */
#include "fixture.h"
#include "suites.h"

void test_null_arguments(lp_engine* engine) {
    char* out = (char*)&out;
    int can = 7;
    lp_lead_iter* iter = (lp_lead_iter*)&iter;

    CHECK_FAILS(lp_org_initialize(NULL, kBoss, "factory_led"), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_org_initialize(engine, NULL, "factory_led"), LP_INVALID_ARGUMENT,
                "first_user_json is NULL");
    CHECK_FAILS(lp_org_initialize(engine, kBoss, NULL), LP_INVALID_ARGUMENT, "stage is NULL");
    CHECK_FAILS(lp_stage_get(NULL, engine), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_stage_get(&out, NULL), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK(out == NULL);
    CHECK_FAILS(lp_stage_set(engine, NULL, "sales_led"), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_policy_get(&out, engine, NULL), LP_INVALID_ARGUMENT, "stage is NULL");
    CHECK_FAILS(lp_policy_defaults(NULL), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_policy_set(engine, "boss", "sales_led", NULL), LP_INVALID_ARGUMENT, "policy_json is NULL");
    CHECK_FAILS(lp_policy_reset(NULL, "boss", "sales_led"), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_org_history(&out, engine, NULL), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_user_add(engine, "boss", NULL), LP_INVALID_ARGUMENT, "user_json is NULL");
    CHECK_FAILS(lp_user_update(NULL, "boss", "{}"), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_user_get(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT, "user_id is NULL");
    CHECK_FAILS(lp_user_list(NULL, engine, "boss"), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_pool_create(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT, "spec_json is NULL");
    CHECK_FAILS(lp_pool_update(&out, engine, NULL, 2, "{\"name\": \"x\"}"), LP_INVALID_ARGUMENT,
                "actor is NULL");
    CHECK_FAILS(lp_pool_move(&out, NULL, "boss", 2, 0), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_pool_get(NULL, engine, "boss", 1), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_pool_list(&out, engine, NULL), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_lead_capture(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT, "input_json is NULL");
    CHECK_FAILS(lp_lead_capture_batch(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT,
                "inputs_json is NULL");
    CHECK_FAILS(lp_lead_get(&out, NULL, "boss", 1), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_lead_find(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT, "identity_json is NULL");
    CHECK_FAILS(lp_lead_list(&out, engine, NULL, NULL, NULL), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_lead_iter_open(NULL, engine, "boss", NULL, 10), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_lead_iter_open(&iter, NULL, "boss", NULL, 10), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK(iter == NULL);
    CHECK_FAILS(lp_lead_iter_next(&out, NULL), LP_INVALID_ARGUMENT, "iter is NULL");
    CHECK_FAILS(lp_lead_iter_next(NULL, NULL), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_lead_update(&out, engine, "boss", 1, NULL), LP_INVALID_ARGUMENT, "update_json is NULL");
    CHECK_FAILS(lp_lead_history(&out, engine, NULL, 1), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_lead_transition(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT, "request_json is NULL");
    CHECK_FAILS(lp_lead_transition_batch(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT,
                "requests_json is NULL");
    CHECK_FAILS(lp_lead_can(NULL, engine, "boss", "read", 1), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_lead_can(&can, engine, "boss", NULL, 1), LP_INVALID_ARGUMENT, "action is NULL");
    CHECK(can == 0);
    CHECK_FAILS(lp_funnel_report(&out, NULL, "boss", NULL), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK(out == NULL);
    CHECK_FAILS(lp_funnel_breakdown(NULL, engine, "boss", NULL, "{\"keys\": [\"pool\"]}"), LP_INVALID_ARGUMENT,
                "out is NULL");
    CHECK_FAILS(lp_funnel_breakdown(&out, engine, NULL, NULL, "{\"keys\": [\"pool\"]}"), LP_INVALID_ARGUMENT,
                "actor is NULL");
    CHECK_FAILS(lp_tier_moves(&out, NULL, "boss", NULL, "{\"from\": 0, \"to\": 1}"), LP_INVALID_ARGUMENT,
                "engine is NULL");
    CHECK_FAILS(lp_capture_cohorts(NULL, engine, "boss", NULL, NULL), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_tier_times(&out, engine, NULL, NULL, NULL), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_collisions(NULL, engine, "boss", "{\"window\": 1, \"from\": 0, \"to\": 1}", NULL),
                LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_owner_holdings(&out, engine, NULL, "{\"from\": 0, \"to\": 1}"), LP_INVALID_ARGUMENT,
                "actor is NULL");
    CHECK_FAILS(lp_public_share(&out, NULL, "boss", "{\"pool\": 1, \"from\": 0, \"to\": 1}"), LP_INVALID_ARGUMENT,
                "engine is NULL");
    CHECK(out == NULL);
    CHECK_FAILS(lp_lead_ingest(NULL, engine, "boss", "[]", NULL), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_lead_ingest(&out, engine, "boss", NULL, NULL), LP_INVALID_ARGUMENT, "records is NULL");
    CHECK_FAILS(lp_lead_ingest(&out, engine, NULL, "[]", NULL), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_lead_merge(&out, NULL, "boss", 1, 2, NULL), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_lead_merge(&out, engine, NULL, 1, 2, NULL), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_lead_unmerge(NULL, engine, "boss", 1, NULL), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_lead_unmerge(&out, engine, NULL, 1, NULL), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_merge_list(&out, engine, NULL, NULL), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_identity_conflict_list(&out, NULL, "boss"), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_lead_events(NULL, engine, "boss", 1), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_lead_attribute_history(&out, engine, NULL, 1, NULL), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_lead_erase(NULL, engine, "boss", 1, "{\"reason\": \"x\"}"), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_lead_erase(&out, NULL, "boss", 1, "{\"reason\": \"x\"}"), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_lead_erase(&out, engine, NULL, 1, "{\"reason\": \"x\"}"), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_lead_erase(&out, engine, "boss", 1, NULL), LP_INVALID_ARGUMENT, "request_json is NULL");
    CHECK_FAILS(lp_personal_data(NULL, engine, "boss", "{}"), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_personal_data(&out, NULL, "boss", "{}"), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_personal_data(&out, engine, NULL, "{}"), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_personal_data(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT, "identity_json is NULL");
    CHECK_FAILS(lp_identity_rules_get(&out, NULL), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_identity_rules_set(engine, "boss", NULL), LP_INVALID_ARGUMENT, "rules_json is NULL");
    CHECK_FAILS(lp_identity_rules_set(engine, NULL, "{}"), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_identity_normalize(NULL, "{}", NULL), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_identity_normalize(&out, NULL, NULL), LP_INVALID_ARGUMENT, "identity_json is NULL");
    CHECK(out == NULL);
}
