/* Identities: the identity rules and their guard, and normalisation. */
#include "fixture.h"
#include "suites.h"

void test_identity_rules(void) {
    lp_engine* engine = open_company();
    char* out = NULL;
    long long zhao;
    char* deep;

    CHECK_OK(lp_identity_rules_get(&out, engine));
    CHECK(contains(out, "\"max_merge_size\":10") && contains(out, "\"default_region\":\"CN\"") &&
          contains(out, "\"phone\":{\"priority\":3,\"max_per_lead\":5"));
    lp_free(out);
    CHECK_FAILS(lp_identity_rules_set(engine, "ann", "{\"max_merge_size\": 1}"), LP_PERMISSION_DENIED, "ann");
    CHECK_FAILS(lp_identity_rules_set(engine, "boss", "{\"max_merge_size\": "), LP_INVALID_ARGUMENT,
                "identity rules: malformed JSON");
    CHECK_FAILS(lp_identity_rules_set(engine, "boss", "{\"kinds\": {\"fax\": {}}}"), LP_INVALID_ARGUMENT,
                "kinds.fax: unknown identity kind");
    CHECK_FAILS(lp_identity_rules_set(engine, "boss", "{\"max_merge_size\": 0}"), LP_INVALID_ARGUMENT,
                "max_merge_size: must be 1..1000000");
    CHECK_FAILS(lp_identity_rules_set(engine, "boss", "{\"kinds\": {\"device_id\": {\"priority\": 0}}}"),
                LP_INVALID_ARGUMENT, "kinds.device_id.priority: must be 1..1000000");
    CHECK_FAILS(lp_identity_rules_set(engine, "boss", "{\"keep_unidentified\": \"yes\"}"), LP_INVALID_ARGUMENT,
                "keep_unidentified");
    CHECK_FAILS(lp_identity_rules_set(engine, "boss", "{\"switchboard_priority\": -1}"), LP_INVALID_ARGUMENT,
                "switchboard_priority: must be 1..1000000");
    deep = nested_arrays(10000);
    CHECK_FAILS(lp_identity_rules_set(engine, "boss", deep), LP_LIMIT_EXCEEDED, "nests deeper than");
    free(deep);
    CHECK_OK(lp_identity_rules_set(engine, "boss",
                                   "{\"default_region\": \"CN\", \"max_merge_size\": 1,"
                                   " \"kinds\": {\"email\": {\"blocked\": [\"info@example.com\"]}}}"));
    CHECK_OK(lp_identity_rules_get(&out, engine));
    CHECK(contains(out, "\"default_region\":\"CN\"") && contains(out, "\"max_merge_size\":1") &&
          contains(out, "\"blocked\":[\"info@example.com\"]"));
    lp_free(out);
    CHECK_OK(lp_org_history(&out, engine, "boss"));
    CHECK(contains(out, "\"kind\":\"identity_rules_changed\""));
    lp_free(out);
    CHECK_OK(lp_identity_rules_replace(&out, engine, "boss", "{\"default_region\": \"CN\", \"max_merge_size\": 1}"));
    CHECK(contains(out, "\"needed\":true") && contains(out, "\"dropped\":0") && contains(out, "\"merge_ids\":[]"));
    lp_free(out);
    CHECK_FAILS(lp_identity_rules_replace(&out, engine, "ann", "{}"), LP_PERMISSION_DENIED, "ann");
    CHECK_FAILS(lp_identity_rules_replace(&out, engine, "boss", "{\"keep_unidentified\": 1}"), LP_INVALID_ARGUMENT,
                "keep_unidentified");
    CHECK(out == NULL);

    /* the guard: a record naming two leads merges nothing past max_merge_size; a conflict is listed */
    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             "{\"identities\": [{\"kind\": \"phone\", \"value\": \"013700000001\"}],"
                             " \"channel\": \"web\"}"));
    zhao = int_field(out, "id");
    CHECK(contains(out, "\"value\":\"+8613700000001\""));
    lp_free(out);
    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             "{\"identities\": [{\"kind\": \"email\", \"value\": \"zhao@example.com\"}],"
                             " \"channel\": \"shop\"}"));
    lp_free(out);
    CHECK_OK(lp_lead_ingest(&out, engine, "boss",
                            "[{\"channel\": \"app\", \"record_id\": \"a-1\", \"identities\": [{\"kind\": "
                            "\"phone\", \"value\": \"+86 137 0000 0001\"}, {\"kind\": \"email\", \"value\": "
                            "\"zhao@example.com\"}]}]",
                            NULL));
    CHECK(contains(out, "\"outcome\":\"updated\"") && int_field(out, "lead") == zhao &&
          contains(out, "\"absorbed\":[]") && !contains(out, "\"conflicts\":[]"));
    lp_free(out);
    CHECK_OK(lp_identity_conflict_list(&out, engine, "boss"));
    CHECK(count(out, "\"rule\":") == 1 && contains(out, "\"rule\":\"max_merge_size\"") &&
          int_field(out, "lead") == zhao && contains(out, "\"record_id\":\"a-1\"") &&
          contains(out, "\"channel\":\"app\""));
    lp_free(out);
    CHECK_FAILS(lp_identity_conflict_list(&out, engine, "stranger"), LP_PERMISSION_DENIED, "stranger");
    CHECK_OK(lp_merge_list(&out, engine, "boss", NULL));
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    lp_free(out);
    lp_engine_close(engine);
}

void test_normalize(void) {
    /* identity, rules (NULL: the defaults), the whole output */
    static const char* const cases[][3] = {
        {"{\"kind\": \"phone\", \"value\": \"+86 (138) 0000-0001\"}", NULL,
         "{\"kind\":\"phone\",\"value\":\"+8613800000001\",\"number_type\":\"mobile\",\"blocked\":false}"},
        {"{\"kind\": \"phone\", \"value\": \"06 1234 5678\"}", "{\"default_region\": \"IT\"}",
         "{\"kind\":\"phone\",\"value\":\"+390612345678\",\"number_type\":\"fixed_line\",\"blocked\":false}"},
        {"{\"kind\": \"phone\", \"value\": \"111-1111-1111\"}", NULL,
         "{\"kind\":\"phone\",\"value\":\"+8611111111111\",\"number_type\":\"unknown\",\"blocked\":true}"},
        {"{\"kind\": \"phone\", \"value\": \"0138 0000 0001\"}", "{\"default_region\": \"\"}",
         "{\"kind\":\"phone\",\"value\":\"013800000001\",\"number_type\":\"unknown\",\"blocked\":false}"},
        {"{\"kind\": \"email\", \"value\": \" Li@Example.COM \"}", NULL,
         "{\"kind\":\"email\",\"value\":\"li@example.com\",\"blocked\":false}"},
        {"{\"kind\": \"email\", \"value\": \"info@example.com\"}",
         "{\"kinds\": {\"email\": {\"blocked\": [\"INFO@example.com\"]}}}",
         "{\"kind\":\"email\",\"value\":\"info@example.com\",\"blocked\":true}"},
        {"{\"kind\": \"device_id\", \"value\": \"AB-12\"}", NULL,
         "{\"kind\":\"device_id\",\"value\":\"ab-12\",\"blocked\":false}"},
        {"{\"kind\": \"wechat_openid\", \"value\": \" o-1 \", \"scope\": \"wx\"}", NULL,
         "{\"kind\":\"wechat_openid\",\"value\":\"o-1\",\"scope\":\"wx\",\"blocked\":false}"},
    };
    char* out = NULL;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        CHECK_OK(lp_identity_normalize(&out, cases[i][0], cases[i][1]));
        ++checks;
        if (out == NULL || strcmp(out, cases[i][2]) != 0) {
            fprintf(stderr, "%s:%d: lp_identity_normalize(%s) wrote %s, expected %s\n", __FILE__, __LINE__,
                    cases[i][0], out ? out : "NULL", cases[i][2]);
            ++failures;
        }
        lp_free(out);
    }

    CHECK_FAILS(lp_identity_normalize(&out, "{\"kind\": \"phone\", \"value\": \"12\"}", NULL),
                LP_INVALID_ARGUMENT, "phone '12' is too short");
    CHECK_FAILS(lp_identity_normalize(&out, "{\"kind\": \"email\", \"value\": \"li@example\"}", NULL),
                LP_INVALID_ARGUMENT, "dot");
    CHECK_FAILS(lp_identity_normalize(&out, "{\"kind\": \"wechat_unionid\", \"value\": \"u 1\"}", NULL),
                LP_INVALID_ARGUMENT, "letters, digits");
    CHECK_FAILS(lp_identity_normalize(&out, "{\"kind\": \"phone\"", NULL), LP_INVALID_ARGUMENT,
                "identity: malformed JSON");
    CHECK_FAILS(lp_identity_normalize(&out, "{\"kind\": \"phone\", \"value\": \"13800000001\"}",
                                      "{\"default_region\": \"China\"}"),
                LP_INVALID_ARGUMENT, "default_region: must be a region");
    CHECK(out == NULL);
}
