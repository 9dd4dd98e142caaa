/* Leads: capture and capture batches (merging on capture), get, find and update. */
#include "fixture.h"
#include "suites.h"

void test_leads(lp_engine* engine, long long* li_out, long long* wang_out, long long* version_out) {
    char* out = NULL;
    char* big;
    long long li, wang, version, survivor, absorbed;
    const char* phone = "{\"kind\": \"phone\", \"value\": \"13800000001\"}";

    /* capture */
    CHECK_OK(lp_lead_capture(
        &out, engine, "boss",
        "{\"identities\": [{\"kind\": \"phone\", \"value\": \" 13800000001 \"}], \"channel\": \"web\","
        " \"attributes\": {\"name\": \"Li\", \"utm\": {\"term\": \"crm\"}},"
        " \"attribution\": {\"source\": \"baidu\"}, \"tags\": [\"vip\"]}"));
    CHECK(contains(out, "\"created\":true") && contains(out, "\"tier\":\"master\"") &&
          contains(out, "\"utm\":{\"term\":\"crm\"}") && contains(out, "\"owner\":null") &&
          contains(out, fmt(0, "\"created_at\":%s", kStart)));
    li = int_field(out, "id");
    CHECK(li > 0);
    lp_free(out);
    CHECK_OK(lp_engine_set_time(engine, 1767225600000LL + 1000));
    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             "{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000001\"},"
                             " {\"kind\": \"email\", \"value\": \"Li@Example.com\"}], \"channel\": \"shop\","
                             " \"attributes\": {\"city\": \"Hangzhou\"}}"));
    CHECK(contains(out, "\"created\":false") && int_field(out, "id") == li &&
          contains(out, "\"city\":\"Hangzhou\"") && contains(out, "\"channels\":[\"web\",\"shop\"]") &&
          int_field(out, "updated_at") == 1767225601000LL);
    lp_free(out);
    CHECK_OK(lp_lead_capture(
        &out, engine, "boss",
        "{\"identities\": [{\"kind\": \"wechat_openid\", \"value\": \"o-1\", \"scope\": \"wx\"}],"
        " \"channel\": \"wechat\"}"));
    wang = int_field(out, "id");
    CHECK(contains(out, "\"scope\":\"wx\""));
    lp_free(out);

    CHECK_FAILS(lp_lead_capture(&out, engine, "boss", "{\"identities\": ["), LP_INVALID_ARGUMENT,
                "lead input: malformed JSON");
    CHECK_FAILS(lp_lead_capture(&out, engine, "boss", "[]"), LP_INVALID_ARGUMENT, "must be a JSON object");
    CHECK_FAILS(
        lp_lead_capture(&out, engine, "boss", "{\"identities\": [], \"channel\": \"web\", \"source\": 1}"),
        LP_INVALID_ARGUMENT, "source: unknown field");
    CHECK_FAILS(
        lp_lead_capture(&out, engine, "boss",
                        "{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000011\"}, {\"kind\": "
                        "\"fax\", \"value\": \"057188880000\"}],"
                        " \"channel\": \"web\"}"),
        LP_INVALID_ARGUMENT, "identities[1].kind: unknown identity kind 'fax'");
    CHECK_FAILS(lp_lead_capture(&out, engine, "boss", "{\"identities\": [], \"channel\": \"web\"}"),
                LP_INVALID_ARGUMENT, "identities");
    CHECK_FAILS(lp_lead_capture(&out, engine, "boss", "{\"identities\": [], \"channel\": [\"web\"]}"),
                LP_INVALID_ARGUMENT, "channel: must be a string");
    CHECK_FAILS(
        lp_lead_capture(&out, engine, "boss",
                        "{\"identities\": [{\"kind\": \"phone\", \"value\": \"\xff\"}], \"channel\": \"w\"}"),
        LP_INVALID_ARGUMENT, "malformed JSON");
    CHECK_FAILS(lp_lead_capture(&out, engine, "stranger",
                                fmt(0, "{\"identities\": [%s], \"channel\": \"web\"}", phone)),
                LP_PERMISSION_DENIED, "stranger");
    CHECK_FAILS(
        lp_lead_capture(&out, engine, "boss",
                        "{\"identities\": [{\"kind\": \"phone\", \"value\": \"12\"}], \"channel\": \"web\"}"),
        LP_INVALID_ARGUMENT, "phone '12' is too short");
    CHECK_FAILS(lp_lead_capture(&out, engine, "boss",
                                "{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000001\"},"
                                " {\"kind\": \"phone\", \"value\": \"11111111111\"}], \"channel\": \"web\"}"),
                LP_INVALID_ARGUMENT, "blocked");
    big = deep_input(65);
    CHECK_FAILS(lp_lead_capture(&out, engine, "boss", big), LP_LIMIT_EXCEEDED, "nests deeper than 64");
    free(big);
    big = deep_input(64);
    CHECK_OK(lp_lead_capture(&out, engine, "boss", big));
    lp_free(out);
    free(big);

    /* capture batches: in order, all or nothing, at most 10000 items */
    CHECK_OK(lp_lead_capture_batch(
        &out, engine, "boss",
        "[{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000002\"}], \"channel\": \"web\"},"
        " {\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000003\"}], \"channel\": \"web\"}]"));
    CHECK(count(out, "\"created\":true") == 2);
    lp_free(out);
    CHECK_FAILS(
        lp_lead_capture_batch(
            &out, engine, "boss",
            "[{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000009\"}], \"channel\": \"web\"},"
            " {\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000010\"}]}]"),
        LP_INVALID_ARGUMENT, "[1]: 'channel' is required");
    CHECK_FAILS(
        lp_lead_capture_batch(
            &out, engine, "boss",
            "[{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000009\"}], \"channel\": \"web\"},"
            " {\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000010\"}], \"channel\": \" \"}]"),
        LP_INVALID_ARGUMENT, "batch item 1");
    CHECK_OK(lp_lead_find(&out, engine, "boss", "{\"kind\": \"phone\", \"value\": \"13800000009\"}"));
    CHECK(out != NULL && strcmp(out, "null") == 0); /* the failed batch wrote nothing */
    lp_free(out);
    big = repeated(
        "{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000012\"}], \"channel\": \"w\"}", 10001);
    CHECK_FAILS(lp_lead_capture_batch(&out, engine, "boss", big), LP_LIMIT_EXCEEDED, "at most 10000");
    free(big);

    /* identities of two leads in one capture merge them: the older survives, the other's id names it */
    CHECK_OK(lp_lead_find(&out, engine, "boss", "{\"kind\": \"phone\", \"value\": \"13800000003\"}"));
    absorbed = int_field(out, "id");
    lp_free(out);
    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             "{\"identities\": [{\"kind\": \"phone\", \"value\": \"138-0000-0002\"},"
                             " {\"kind\": \"phone\", \"value\": \"13800000003\"}], \"channel\": \"app\"}"));
    survivor = int_field(out, "id");
    CHECK(contains(out, "\"created\":false") && survivor > 0 && survivor < absorbed &&
          contains(out, "{\"kind\":\"phone\",\"value\":\"+8613800000003\"}") &&
          contains(out, "\"channels\":[\"web\",\"app\"]"));
    lp_free(out);
    CHECK_OK(lp_lead_get(&out, engine, "boss", absorbed));
    CHECK(int_field(out, "id") == survivor);
    lp_free(out);

    /* get and find */
    CHECK_OK(lp_lead_get(&out, engine, "boss", li));
    CHECK(int_field(out, "id") == li &&
          contains(out, "\"identities\":[{\"kind\":\"phone\",\"value\":\"+8613800000001\"}"));
    lp_free(out);
    CHECK_FAILS(lp_lead_get(&out, engine, "boss", 99999), LP_NOT_FOUND, "99999");
    CHECK_FAILS(lp_lead_get(&out, engine, "ann", li), LP_NOT_FOUND, "no lead"); /* as if there were none */
    CHECK_OK(lp_lead_find(&out, engine, "boss", "{\"kind\": \"email\", \"value\": \"li@example.com\"}"));
    CHECK(int_field(out, "id") == li);
    lp_free(out);
    /* ann may not read it: the default duplicate disclosure says that it exists, nothing more */
    CHECK_FAILS(lp_lead_find(&out, engine, "ann", phone), LP_PERMISSION_DENIED,
                "belongs to a lead outside the scope of 'ann'");
    CHECK_FAILS(lp_lead_find(&out, engine, "boss", "{\"kind\": \"phone\"}"), LP_INVALID_ARGUMENT,
                "'value' is required");

    /* update */
    CHECK_OK(lp_lead_update(
        &out, engine, "boss", li,
        "{\"attributes\": {\"budget\": 5}, \"add_tags\": [\"hot\"], \"remove_tags\": [\"vip\"]}"));
    version = int_field(out, "version");
    CHECK(contains(out, "\"budget\":5") && contains(out, "\"tags\":[\"hot\"]") && version == 3);
    lp_free(out);
    CHECK_FAILS(lp_lead_update(&out, engine, "boss", li, "{\"expected_version\": 1}"), LP_CONFLICT,
                "version");
    CHECK_FAILS(lp_lead_update(&out, engine, "boss", li, "{\"attributes\": [1]}"), LP_INVALID_ARGUMENT,
                "attributes: must be a JSON object");
    CHECK_FAILS(lp_lead_update(&out, engine, "boss", 99999, "{}"), LP_NOT_FOUND, "99999");

    *li_out = li;
    *wang_out = wang;
    *version_out = version;
}
