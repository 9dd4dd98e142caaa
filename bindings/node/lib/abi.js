// Generated from capi/leadpool_abi.json by scripts/generate-abi.py: edit the table, not this file,
// and run it (ctest's abi_generated fails while this file is stale).
//
// The koffi prototype of every function of the C ABI, in the order of capi/leadpool.h. lib/native.js
// declares the named types they use (lp_status, lp_engine, lp_lead_iter, lp_change_callback,
// lp_progress_callback).
// `char** out` is declared `_Out_ void **out`: the caller reads the text and frees it with lp_free.
'use strict';

/** The ABI version of capi/leadpool.h these prototypes describe (LP_ABI_VERSION). */
const ABI_VERSION = 1;

const PROTOTYPES = [
    // library
    "const char *lp_version(void)",
    "int lp_abi_version(void)",
    "const char *lp_last_error(void)",
    "const char *lp_status_name(lp_status status)",
    "void lp_free(void *p)",
    // engine
    "lp_status lp_engine_open(_Out_ lp_engine **out, const char *storage_uri, const char *options_json)",
    "void lp_engine_close(lp_engine *engine)",
    "lp_status lp_engine_set_time(lp_engine *engine, int64_t now_ms)",
    // organisation
    "lp_status lp_org_initialize(lp_engine *engine, const char *first_user_json, const char *stage)",
    "lp_status lp_stage_get(_Out_ void **out, lp_engine *engine)",
    "lp_status lp_stage_set(lp_engine *engine, const char *actor, const char *stage)",
    "lp_status lp_policy_get(_Out_ void **out, lp_engine *engine, const char *stage)",
    "lp_status lp_policy_defaults(_Out_ void **out)",
    "lp_status lp_policy_set(lp_engine *engine, const char *actor, const char *stage, const char *policy_json)",
    "lp_status lp_policy_reset(lp_engine *engine, const char *actor, const char *stage)",
    "lp_status lp_org_history(_Out_ void **out, lp_engine *engine, const char *actor)",
    // users
    "lp_status lp_user_add(lp_engine *engine, const char *actor, const char *user_json)",
    "lp_status lp_user_update(lp_engine *engine, const char *actor, const char *user_json)",
    "lp_status lp_user_get(_Out_ void **out, lp_engine *engine, const char *actor, const char *user_id)",
    "lp_status lp_user_list(_Out_ void **out, lp_engine *engine, const char *actor)",
    // pools
    "lp_status lp_pool_create(_Out_ void **out, lp_engine *engine, const char *actor, const char *spec_json)",
    "lp_status lp_pool_update(_Out_ void **out, lp_engine *engine, const char *actor, int64_t pool_id, const char *spec_json)",
    "lp_status lp_pool_move(_Out_ void **out, lp_engine *engine, const char *actor, int64_t pool_id, int64_t new_parent)",
    "lp_status lp_pool_get(_Out_ void **out, lp_engine *engine, const char *actor, int64_t pool_id)",
    "lp_status lp_pool_list(_Out_ void **out, lp_engine *engine, const char *actor)",
    // leads
    "lp_status lp_lead_capture(_Out_ void **out, lp_engine *engine, const char *actor, const char *input_json)",
    "lp_status lp_lead_capture_batch(_Out_ void **out, lp_engine *engine, const char *actor, const char *inputs_json)",
    "lp_status lp_lead_get(_Out_ void **out, lp_engine *engine, const char *actor, int64_t lead_id)",
    "lp_status lp_lead_find(_Out_ void **out, lp_engine *engine, const char *actor, const char *identity_json)",
    "lp_status lp_lead_list(_Out_ void **out, lp_engine *engine, const char *actor, const char *filter_json, const char *page_json)",
    "lp_status lp_lead_iter_open(_Out_ lp_lead_iter **out, lp_engine *engine, const char *actor, const char *filter_json, int32_t page_size)",
    "lp_status lp_lead_iter_next(_Out_ void **out, lp_lead_iter *iter)",
    "void lp_lead_iter_close(lp_lead_iter *iter)",
    "lp_status lp_lead_update(_Out_ void **out, lp_engine *engine, const char *actor, int64_t lead_id, const char *update_json)",
    "lp_status lp_lead_history(_Out_ void **out, lp_engine *engine, const char *actor, int64_t lead_id)",
    // ingestion and merges
    "lp_status lp_lead_ingest(_Out_ void **out, lp_engine *engine, const char *actor, const char *records, const char *options_json)",
    "lp_status lp_lead_merge(_Out_ void **out, lp_engine *engine, const char *actor, int64_t first, int64_t second, const char *reason)",
    "lp_status lp_lead_unmerge(_Out_ void **out, lp_engine *engine, const char *actor, int64_t merge_id, const char *reason)",
    "lp_status lp_merge_list(_Out_ void **out, lp_engine *engine, const char *actor, const char *filter_json)",
    "lp_status lp_identity_conflict_list(_Out_ void **out, lp_engine *engine, const char *actor)",
    "lp_status lp_merge_page(_Out_ void **out, lp_engine *engine, const char *actor, const char *filter_json, const char *page_json)",
    "lp_status lp_identity_conflict_page(_Out_ void **out, lp_engine *engine, const char *actor, const char *filter_json, const char *page_json)",
    "lp_status lp_identity_conflict_resolve(_Out_ void **out, lp_engine *engine, const char *actor, int64_t conflict_id, const char *resolution, const char *reason)",
    "lp_status lp_lead_events(_Out_ void **out, lp_engine *engine, const char *actor, int64_t lead_id)",
    "lp_status lp_lead_attribute_history(_Out_ void **out, lp_engine *engine, const char *actor, int64_t lead_id, const char *field)",
    // personal data (GDPR, PIPL)
    "lp_status lp_lead_erase(_Out_ void **out, lp_engine *engine, const char *actor, int64_t lead_id, const char *request_json)",
    "lp_status lp_personal_data(_Out_ void **out, lp_engine *engine, const char *actor, const char *identity_json)",
    // identity rules
    "lp_status lp_identity_rules_get(_Out_ void **out, lp_engine *engine)",
    "lp_status lp_identity_rules_set(lp_engine *engine, const char *actor, const char *rules_json)",
    "lp_status lp_identity_rules_replace(_Out_ void **out, lp_engine *engine, const char *actor, const char *rules_json)",
    "lp_status lp_identity_normalize(_Out_ void **out, const char *identity_json, const char *rules_json)",
    // lead scoring
    "lp_status lp_scoring_get(_Out_ void **out, lp_engine *engine)",
    "lp_status lp_scoring_set(_Out_ void **out, lp_engine *engine, const char *actor, const char *rules_json)",
    "lp_status lp_scoring_set_progress(_Out_ void **out, lp_engine *engine, const char *actor, const char *rules_json, lp_progress_callback *callback, void *user_data)",
    "lp_status lp_lead_scores(_Out_ void **out, lp_engine *engine, const char *actor, int64_t lead_id)",
    // transitions
    "lp_status lp_lead_transition(_Out_ void **out, lp_engine *engine, const char *actor, const char *request_json)",
    "lp_status lp_lead_transition_batch(_Out_ void **out, lp_engine *engine, const char *actor, const char *requests_json)",
    "lp_status lp_lead_can(_Out_ int *out, lp_engine *engine, const char *actor, const char *action, int64_t lead_id)",
    // reports
    "lp_status lp_funnel_report(_Out_ void **out, lp_engine *engine, const char *actor, const char *filter_json)",
    "lp_status lp_funnel_breakdown(_Out_ void **out, lp_engine *engine, const char *actor, const char *filter_json, const char *breakdown_json)",
    "lp_status lp_tier_moves(_Out_ void **out, lp_engine *engine, const char *actor, const char *filter_json, const char *moves_json)",
    "lp_status lp_capture_cohorts(_Out_ void **out, lp_engine *engine, const char *actor, const char *filter_json, const char *cohorts_json)",
    "lp_status lp_tier_times(_Out_ void **out, lp_engine *engine, const char *actor, const char *filter_json, const char *times_json)",
    "lp_status lp_collisions(_Out_ void **out, lp_engine *engine, const char *actor, const char *collisions_json, const char *page_json)",
    "lp_status lp_owner_holdings(_Out_ void **out, lp_engine *engine, const char *actor, const char *holdings_json)",
    "lp_status lp_public_share(_Out_ void **out, lp_engine *engine, const char *actor, const char *share_json)",
    // referral campaigns
    "lp_status lp_lead_referrals(_Out_ void **out, lp_engine *engine, const char *actor, int64_t lead_id, int depth)",
    "lp_status lp_lead_touches(_Out_ void **out, lp_engine *engine, const char *actor, int64_t lead_id)",
    "lp_status lp_campaign_metrics(_Out_ void **out, lp_engine *engine, const char *actor, const char *filter_json)",
    // public-pool mechanics: routing
    "lp_status lp_routing_get(_Out_ void **out, lp_engine *engine, const char *actor)",
    "lp_status lp_routing_set(_Out_ void **out, lp_engine *engine, const char *actor, const char *table_json)",
    "lp_status lp_lead_route(_Out_ void **out, lp_engine *engine, const char *actor, const char *request_json)",
    // public-pool mechanics: pool settings, assignment, claims
    "lp_status lp_pool_settings_get(_Out_ void **out, lp_engine *engine, const char *actor, int64_t pool_id)",
    "lp_status lp_pool_settings_set(_Out_ void **out, lp_engine *engine, const char *actor, int64_t pool_id, const char *settings_json)",
    "lp_status lp_pool_assign(_Out_ void **out, lp_engine *engine, const char *actor, const char *request_json)",
    "lp_status lp_lead_claim(_Out_ void **out, lp_engine *engine, const char *actor, int64_t lead_id)",
    "lp_status lp_lead_release(_Out_ void **out, lp_engine *engine, const char *actor, int64_t lead_id, const char *reason)",
    // public-pool mechanics: follow-ups and recycling
    "lp_status lp_lead_follow_up(_Out_ void **out, lp_engine *engine, const char *actor, int64_t lead_id, const char *follow_up_json)",
    "lp_status lp_lead_activities(_Out_ void **out, lp_engine *engine, const char *actor, int64_t lead_id)",
    "lp_status lp_pool_maintain(_Out_ void **out, lp_engine *engine, const char *actor)",
    // public-pool mechanics: opportunity workflows
    "lp_status lp_workflow_list(_Out_ void **out, lp_engine *engine, const char *actor)",
    "lp_status lp_workflow_define(_Out_ void **out, lp_engine *engine, const char *actor, const char *workflow_json)",
    "lp_status lp_workflow_update(_Out_ void **out, lp_engine *engine, const char *actor, const char *workflow_json)",
    "lp_status lp_workflow_retire(_Out_ void **out, lp_engine *engine, const char *actor, const char *name)",
    "lp_status lp_opportunity_open(_Out_ void **out, lp_engine *engine, const char *actor, const char *request_json)",
    "lp_status lp_opportunity_advance(_Out_ void **out, lp_engine *engine, const char *actor, int64_t lead_id, const char *step)",
    "lp_status lp_opportunity_add_collaborator(_Out_ void **out, lp_engine *engine, const char *actor, int64_t lead_id, const char *user_id)",
    "lp_status lp_opportunity_win(_Out_ void **out, lp_engine *engine, const char *actor, int64_t lead_id, const char *request_json)",
    "lp_status lp_opportunity_list(_Out_ void **out, lp_engine *engine, const char *actor, int64_t lead_id)",
    "lp_status lp_opportunity_pipeline(_Out_ void **out, lp_engine *engine, const char *actor, const char *filter_json, const char *page_json)",
    // the change feed (docs/design.md 7)
    "lp_status lp_changes(_Out_ void **out, lp_engine *engine, const char *actor, const char *query_json)",
    "lp_status lp_consumer_add(_Out_ void **out, lp_engine *engine, const char *actor, const char *name, int64_t position)",
    "lp_status lp_consumer_ack(_Out_ void **out, lp_engine *engine, const char *actor, const char *name, int64_t seq)",
    "lp_status lp_consumer_get(_Out_ void **out, lp_engine *engine, const char *actor, const char *name)",
    "lp_status lp_consumer_list(_Out_ void **out, lp_engine *engine, const char *actor)",
    "lp_status lp_feed_settings_get(_Out_ void **out, lp_engine *engine)",
    "lp_status lp_feed_settings_set(_Out_ void **out, lp_engine *engine, const char *actor, const char *settings_json)",
    "lp_status lp_subscribe(_Out_ int64_t *out, lp_engine *engine, const char *actor, const char *filter_json, lp_change_callback *callback, void *user_data)",
    "lp_status lp_unsubscribe(_Out_ int *out, lp_engine *engine, int64_t subscription)",
    "lp_status lp_wait_for_changes(_Out_ int *out, lp_engine *engine, int64_t after, int64_t timeout_ms)",
];

module.exports = { ABI_VERSION, PROTOTYPES };
