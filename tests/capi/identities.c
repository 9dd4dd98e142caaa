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

/* The review queue: conflicts and merges paged and filtered, a conflict dismissed, then one merged. */
void test_conflict_review(void) {
    lp_engine* engine = open_company();
    char* out = NULL;
    long long first, second, next, merge;
    int n;

    CHECK_OK(lp_identity_rules_set(engine, "boss", "{\"max_merge_size\": 1}"));
    for (n = 1; n <= 2; ++n) {
        CHECK_OK(lp_lead_capture(&out, engine, "boss",
                                 fmt(0, "{\"identities\": [{\"kind\": \"phone\", \"value\": \"1370000000%d\"}],"
                                        " \"channel\": \"web\"}", n)));
        lp_free(out);
        CHECK_OK(lp_lead_capture(&out, engine, "boss",
                                 fmt(0, "{\"identities\": [{\"kind\": \"email\", \"value\": \"r%d@example.com\"}],"
                                        " \"channel\": \"shop\"}", n)));
        lp_free(out);
        CHECK_OK(lp_lead_ingest(&out, engine, "boss",
                                fmt(0, "[{\"channel\": \"app\", \"identities\": [{\"kind\": \"phone\", \"value\": "
                                       "\"1370000000%d\"}, {\"kind\": \"email\", \"value\": \"r%d@example.com\"}]}]",
                                    n, n),
                                NULL));
        lp_free(out);
    }

    /* one conflict a page: the cursor leads to the second and then to none */
    CHECK_OK(lp_identity_conflict_page(&out, engine, "boss", NULL, "{\"limit\": 1}"));
    first = int_field(out, "id");
    next = int_field(out, "next_after");
    CHECK(count(out, "\"rule\":") == 1 && next == first && contains(out, "\"state\":\"open\"") &&
          contains(out, "\"resolved_by\":null"));
    lp_free(out);
    CHECK_OK(lp_identity_conflict_page(&out, engine, "boss", NULL, fmt(0, "{\"limit\": 1, \"after\": %lld}", first)));
    second = int_field(out, "id");
    CHECK(second > first && contains(out, "\"next_after\":null"));
    lp_free(out);
    CHECK_OK(lp_identity_conflict_page(&out, engine, "boss", "{\"channel\": \"web\"}", NULL));
    CHECK(out != NULL && strcmp(out, "{\"conflicts\":[],\"next_after\":null}") == 0);
    lp_free(out);
    CHECK_OK(lp_identity_conflict_page(&out, engine, "boss", "{\"rule\": \"max_merge_size\"}",
                                       "{\"newest_first\": true}"));
    CHECK(count(out, "\"rule\":") == 2 && int_field(out, "id") == second);
    lp_free(out);
    CHECK_FAILS(lp_identity_conflict_page(&out, engine, "boss", "{\"state\": \"closed\"}", NULL), LP_INVALID_ARGUMENT,
                "unknown state 'closed'");
    CHECK_FAILS(lp_identity_conflict_page(&out, engine, "boss", "{\"rule\": \"size\"}", NULL), LP_INVALID_ARGUMENT,
                "unknown rule 'size'");
    CHECK_FAILS(lp_identity_conflict_page(&out, engine, "boss", NULL, "{\"limit\": 0}"), LP_INVALID_ARGUMENT, "limit");
    CHECK_FAILS(lp_identity_conflict_page(&out, engine, "boss", NULL, "{\"after\": \"x\"}"), LP_INVALID_ARGUMENT,
                "after");
    CHECK_FAILS(lp_identity_conflict_page(&out, engine, "stranger", NULL, NULL), LP_PERMISSION_DENIED, "stranger");
    CHECK(out == NULL);

    /* dismiss needs a reason; a resolved conflict stays, out of the open queue */
    CHECK_FAILS(lp_identity_conflict_resolve(&out, engine, "boss", first, "dismiss", NULL), LP_INVALID_ARGUMENT,
                "reason");
    CHECK_FAILS(lp_identity_conflict_resolve(&out, engine, "boss", first, "ignore", "x"), LP_INVALID_ARGUMENT,
                "resolution");
    CHECK_FAILS(lp_identity_conflict_resolve(&out, engine, "boss", 9999, "dismiss", "x"), LP_NOT_FOUND,
                "no identity conflict 9999");
    CHECK_FAILS(lp_identity_conflict_resolve(&out, engine, "ann", first, "dismiss", "x"), LP_NOT_FOUND,
                "no identity conflict");
    CHECK_OK(lp_identity_conflict_resolve(&out, engine, "boss", first, "dismiss", "two people"));
    CHECK(int_field(out, "id") == first && contains(out, "\"state\":\"dismissed\"") &&
          contains(out, "\"resolved_by\":\"boss\"") && contains(out, "\"resolution_reason\":\"two people\""));
    lp_free(out);
    CHECK_FAILS(lp_identity_conflict_resolve(&out, engine, "boss", first, "dismiss", "again"), LP_CONFLICT,
                "resolved already");
    CHECK_OK(lp_identity_conflict_page(&out, engine, "boss", "{\"state\": \"dismissed\"}", NULL));
    CHECK(count(out, "\"rule\":") == 1 && int_field(out, "id") == first);
    lp_free(out);

    /* merge: refused while the guard holds, made once it allows */
    CHECK_FAILS(lp_identity_conflict_resolve(&out, engine, "boss", second, "merge", NULL), LP_CONFLICT,
                "max_merge_size");
    CHECK_OK(lp_identity_rules_set(engine, "boss", "{\"max_merge_size\": 10}"));
    CHECK_OK(lp_identity_conflict_resolve(&out, engine, "boss", second, "merge", NULL));
    CHECK(contains(out, "\"state\":\"resolved\"") && !contains(out, "\"resolution_merges\":[]"));
    lp_free(out);
    CHECK_OK(lp_merge_page(&out, engine, "boss", "{\"reason\": \"\", \"actor\": \"boss\"}", "{\"limit\": 5}"));
    merge = int_field(out, "id");
    CHECK(count(out, "\"survivor\":") == 1 && merge > 0 && contains(out, "\"next_after\":null"));
    lp_free(out);
    CHECK_OK(lp_merge_page(&out, engine, "boss", "{\"reason\": \"ingest\"}", NULL));
    CHECK(out != NULL && strcmp(out, "{\"merges\":[],\"next_after\":null}") == 0);
    lp_free(out);
    CHECK_FAILS(lp_merge_page(&out, engine, "boss", "{\"at_from\": 5, \"at_to\": 1}", NULL), LP_INVALID_ARGUMENT,
                "at_from");
    CHECK_FAILS(lp_merge_page(&out, engine, "boss", NULL, "{\"newest_first\": 1}"), LP_INVALID_ARGUMENT,
                "newest_first");
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
