/* Lead scoring: the rules set and read back, the rescore's count, a lead's explained scores. */
#include "fixture.h"
#include "suites.h"

static const char* const kScoringRules =
    "{\"models\": [{\"name\": \"fit\", \"cap\": 50, \"rules\": ["
    "{\"name\": \"big company\", \"points\": 30,"
    " \"when\": [{\"field\": \"attributes.employees\", \"op\": \"range\", \"min\": 500}]},"
    "{\"name\": \"vip\", \"points\": 30, \"when\": [{\"field\": \"tags\", \"op\": \"in\", \"values\": [\"vip\"]}]}]}]}";

/* What a rescore's progress callback heard: how often, and the last counts. */
typedef struct {
    int calls;
    long long last_leads;
} heard_progress;

static void hear_progress(const char* progress_json, void* user_data) {
    heard_progress* heard = (heard_progress*)user_data;
    ++heard->calls;
    heard->last_leads = int_field(progress_json, "leads");
}

/* A rescore of 1201 leads, in batches of 1000, reports after each batch. */
static void test_rescore_progress(lp_engine* engine) {
    char* out = NULL;
    char batch[100 * 1200 + 16];
    size_t used = 0;
    int i;
    heard_progress heard = {0, 0};
    batch[used++] = '[';
    for (i = 0; i < 1200; ++i) {
        used += (size_t)sprintf(batch + used, "%s{\"identities\": [{\"kind\": \"phone\", \"value\": \"1390000%04d\"}], \"channel\": \"web\"}",
                                i ? "," : "", i);
    }
    batch[used++] = ']';
    batch[used] = '\0';
    CHECK_OK(lp_lead_capture_batch(&out, engine, "boss", batch));
    lp_free(out);
    CHECK_OK(lp_scoring_set_progress(&out, engine, "boss", "{\"models\": [{\"name\": \"fit\"}]}", hear_progress,
                                     &heard));
    CHECK(contains(out, "\"leads\":1201"));
    lp_free(out);
    CHECK(heard.calls == 2 && heard.last_leads == 1201);
    CHECK_FAILS(lp_scoring_set_progress(&out, engine, "boss", kScoringRules, NULL, NULL), LP_INVALID_ARGUMENT,
                "callback is NULL");
    CHECK_FAILS(lp_scoring_set_progress(&out, engine, "ann", kScoringRules, hear_progress, &heard),
                LP_PERMISSION_DENIED, "ann");
    CHECK(heard.calls == 2);
}

void test_scoring(void) {
    lp_engine* engine = open_company();
    char* out = NULL;
    long long big;

    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             "{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000001\"}],"
                             " \"channel\": \"web\", \"attributes\": {\"employees\": 900}}"));
    big = int_field(out, "id");
    lp_free(out);
    CHECK_OK(lp_scoring_get(&out, engine));
    CHECK(strcmp(out, "{\"models\":[]}") == 0);
    lp_free(out);

    CHECK_OK(lp_scoring_set(&out, engine, "boss", kScoringRules));
    CHECK(strcmp(out, "{\"needed\":true,\"leads\":1,\"changed\":1}") == 0);
    lp_free(out);
    CHECK_OK(lp_scoring_get(&out, engine));
    CHECK(contains(out, "\"name\":\"fit\"") && contains(out, "\"cap\":50") && contains(out, "\"decay_days\":null"));
    lp_free(out);
    CHECK_OK(lp_lead_scores(&out, engine, "boss", big));
    CHECK(contains(out, "\"model\":\"fit\",\"points\":30,\"rules\":[{\"rule\":\"big company\",\"points\":30}]") &&
          contains(out, "\"next_change\":null"));
    lp_free(out);
    CHECK_OK(lp_lead_update(&out, engine, "boss", big, "{\"add_tags\": [\"vip\"]}"));
    lp_free(out);
    CHECK_OK(lp_lead_scores(&out, engine, "boss", big));
    CHECK(contains(out, "\"points\":50,"));
    lp_free(out);
    CHECK_OK(lp_lead_list(&out, engine, "boss", "{\"score\": {\"model\": \"fit\", \"min\": 40}}", NULL));
    CHECK(count(out, "\"id\":") == 1 && int_field(out, "id") == big);
    lp_free(out);
    CHECK_OK(lp_lead_list(&out, engine, "boss", "{\"score\": {\"model\": \"fit\", \"max\": 39}}", NULL));
    CHECK(contains(out, "\"leads\":[]"));
    lp_free(out);
    CHECK_OK(lp_funnel_report(&out, engine, "boss", "{\"score\": {\"model\": \"fit\", \"min\": 1}}"));
    CHECK(contains(out, "\"leads\":1,"));
    lp_free(out);
    CHECK_OK(lp_org_history(&out, engine, "boss"));
    CHECK(contains(out, "\"kind\":\"scoring_changed\"") && contains(out, "\"kind\":\"scores_rescored\""));
    lp_free(out);

    CHECK_FAILS(lp_scoring_set(&out, engine, "ann", kScoringRules), LP_PERMISSION_DENIED, "ann");
    CHECK_FAILS(lp_scoring_set(&out, engine, "boss", "{\"models\": [{\"name\": \"fit\"}, {\"name\": \"fit\"}]}"),
                LP_INVALID_ARGUMENT, "model name 'fit' appears twice");
    CHECK_FAILS(lp_scoring_set(&out, engine, "boss",
                               "{\"models\": [{\"name\": \"fit\", \"rules\": [{\"name\": \"a\", \"points\": 1,"
                               " \"when\": [{\"field\": \"colour\", \"op\": \"exists\"}]}]}]}"),
                LP_INVALID_ARGUMENT, "models[0].rules[0].when[0]: unknown field 'colour'");
    CHECK_FAILS(lp_scoring_set(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT, "rules_json is NULL");
    CHECK_FAILS(lp_lead_scores(&out, engine, "boss", 999), LP_NOT_FOUND, "999");
    CHECK_FAILS(lp_lead_scores(NULL, engine, "boss", big), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK(out == NULL);
    test_rescore_progress(engine);
    lp_engine_close(engine);
}
