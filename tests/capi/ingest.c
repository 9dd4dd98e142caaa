/* Ingestion and merges: channel records in JSON and JSON Lines, re-delivery, events and attribute
 * history, merges by record and by hand, and their undoing. */
#include "fixture.h"
#include "suites.h"

/* Where `fragment` first occurs in `text`, as an offset; -1 when it does not. */
static long position(const char* text, const char* fragment) {
    const char* at = text ? strstr(text, fragment) : NULL;
    return at ? (long)(at - text) : -1;
}

void test_ingest(void) {
    lp_engine* engine = open_company();
    char* out = NULL;
    long long li;

    /* three channels of one person: one lead, whatever the spelling of the phone number */
    CHECK_OK(lp_lead_ingest(
        &out, engine, "boss",
        "[{\"channel\": \"web\", \"record_id\": \"w-1\", \"identities\": [{\"kind\": \"phone\", \"value\": "
        "\"138 0000 0001\"}], \"attributes\": {\"city\": \"Hangzhou\"},"
        " \"events\": [{\"type\": \"page_view\", \"payload\": {\"path\": \"/pricing\"}}]},"
        " {\"channel\": \"shop\", \"record_id\": \"s-1\", \"identities\": [{\"kind\": \"phone\", \"value\": "
        "\"138-0000-0001\"}, {\"kind\": \"email\", \"value\": \"Li@Example.com\"}],"
        " \"attributes\": {\"city\": \"Shanghai\"}, \"events\": [{\"type\": \"order_paid\"}]},"
        " {\"channel\": \"wechat_mini_program\", \"identities\": [{\"kind\": \"email\", \"value\": "
        "\"li@example.com\"}, {\"kind\": \"wechat_openid\", \"value\": \"o-1\", \"scope\": \"wx\"}]}]",
        NULL));
    li = int_field(out, "lead");
    CHECK(li > 0 && count(out, fmt(0, "\"lead\":%lld", li)) == 3);
    CHECK(position(out, "\"outcome\":\"created\"") >= 0 &&
          position(out, "\"outcome\":\"created\"") < position(out, "\"outcome\":\"updated\"") &&
          count(out, "\"outcome\":\"updated\"") == 2 && count(out, "\"error\":null") == 3);
    lp_free(out);
    CHECK(lead_of(engine, "{\"kind\": \"wechat_openid\", \"value\": \"o-1\", \"scope\": \"wx\"}") == li);
    /* a record's region places its national numbers: the Italian shop's and the export's are one person */
    CHECK_OK(lp_lead_ingest(&out, engine, "boss",
                            "{\"channel\": \"shop-it\", \"region\": \"IT\", \"identities\": [{\"kind\": "
                            "\"phone\", \"value\": \"06 1234 5678\"}]}\n"
                            "{\"channel\": \"export\", \"identities\": [{\"kind\": \"phone\", \"value\": "
                            "\"390612345678\"}]}\n"
                            "{\"channel\": \"web\", \"region\": \"Italia\", \"identities\": [{\"kind\": "
                            "\"phone\", \"value\": \"06 1234 5678\"}]}",
                            NULL));
    CHECK(count(out, "\"outcome\":\"created\"") == 1 && count(out, "\"outcome\":\"updated\"") == 1 &&
          contains(out, "region: 'Italia' has no numbering plan"));
    lp_free(out);
    CHECK(lead_of(engine, "{\"kind\": \"phone\", \"value\": \"+39 06 1234 5678\"}") > li);
    CHECK_OK(lp_lead_get(&out, engine, "boss", li));
    CHECK(contains(out, "\"channels\":[\"web\",\"shop\",\"wechat_mini_program\"]") &&
          contains(out, "\"city\":\"Shanghai\"") && contains(out, "\"referred_by\":null") &&
          int_field(out, "last_seen_at") == 1767225600000LL);
    lp_free(out);

    /* a re-delivered record changes nothing */
    CHECK_OK(
        lp_lead_ingest(&out, engine, "boss",
                       "[{\"channel\": \"web\", \"record_id\": \"w-1\", \"identities\": [{\"kind\": "
                       "\"phone\", \"value\": \"13800000001\"}], \"attributes\": {\"city\": \"Xi'an\"}}]",
                       "{\"all_or_nothing\": true}"));
    CHECK(contains(out, "\"outcome\":\"duplicate\"") && int_field(out, "lead") == li);
    lp_free(out);

    /* events and every value of an attribute survive, with their channels */
    CHECK_OK(lp_lead_events(&out, engine, "boss", li));
    CHECK(count(out, "\"seq\":") == 2 && contains(out, "\"payload\":{\"path\":\"/pricing\"}") &&
          contains(out, "\"type\":\"order_paid\"") && contains(out, "\"channel\":\"shop\""));
    lp_free(out);
    CHECK_OK(lp_lead_attribute_history(&out, engine, "boss", li, "city"));
    CHECK(count(out, "\"field\":\"city\"") == 2 &&
          position(out, "\"value\":\"Hangzhou\",\"channel\":\"web\"") >= 0 &&
          position(out, "\"value\":\"Hangzhou\"") <
              position(out, "\"value\":\"Shanghai\",\"channel\":\"shop\""));
    lp_free(out);
    CHECK_OK(lp_lead_attribute_history(&out, engine, "boss", li, NULL));
    CHECK(count(out, "\"field\":") == 2);
    lp_free(out);
    CHECK_OK(lp_lead_attribute_history(&out, engine, "boss", li, "budget"));
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    lp_free(out);
    CHECK_FAILS(lp_lead_events(&out, engine, "boss", 99999), LP_NOT_FOUND, "99999");
    CHECK_FAILS(lp_lead_events(&out, engine, "ann", li), LP_NOT_FOUND, "no lead");
    CHECK_FAILS(lp_lead_attribute_history(&out, engine, "boss", 99999, NULL), LP_NOT_FOUND, "99999");
    CHECK_FAILS(lp_lead_attribute_history(&out, engine, "stranger", li, NULL), LP_PERMISSION_DENIED,
                "stranger");

    /* JSON Lines: a malformed line and a record the engine refuses are rejected alone, in place */
    CHECK_OK(lp_lead_ingest(
        &out, engine, "boss",
        "{\"channel\": \"web\", \"identities\": [{\"kind\": \"email\", \"value\": "
        "\"chen@example.com\"}]}\n"
        "{\"channel\": \"web\", \"identities\": [\n"
        "\n"
        "{\"channel\": \" \", \"identities\": [{\"kind\": \"device_id\", \"value\": \"d-9\"}]}\n"
        "{\"channel\": \"app\", \"identities\": [{\"kind\": \"device_id\", \"value\": \"D-1\"},"
        " {\"kind\": \"phone\", \"value\": \"00000000000\"}]}",
        NULL));
    CHECK(count(out, "\"outcome\":") == 4 && count(out, "\"outcome\":\"rejected\"") == 2 &&
          count(out, "\"error\":\"invalid_argument\"") == 2 &&
          contains(out, "records line 2: malformed JSON") && contains(out, "channel"));
    CHECK(position(out, "\"outcome\":\"created\"") < position(out, "\"outcome\":\"rejected\"") &&
          position(out, "\"lead\":null") < position(out, "records line 2") &&
          contains(out, "\"dropped\":[\"identities[1]:"));
    lp_free(out);
    CHECK(lead_of(engine, "{\"kind\": \"device_id\", \"value\": \"d-1\"}") > 0); /* lower-cased */
    CHECK(lead_of(engine, "{\"kind\": \"device_id\", \"value\": \"d-9\"}") == -1);

    /* all or nothing: the first bad record fails the call and nothing is written */
    CHECK_FAILS(lp_lead_ingest(&out, engine, "boss",
                               "{\"channel\": \"web\", \"identities\": [{\"kind\": \"email\", \"value\": "
                               "\"zhao@example.com\"}]}\n{\"channel\": 7}",
                               "{\"all_or_nothing\": true}"),
                LP_INVALID_ARGUMENT, "records line 2: channel: must be a string");
    CHECK_FAILS(lp_lead_ingest(&out, engine, "boss",
                               "[{\"channel\": \"web\", \"identities\": [{\"kind\": \"email\", \"value\": "
                               "\"zhao@example.com\"}]}, {\"channel\": \"web\", \"identities\": [{\"kind\": "
                               "\"phone\", \"value\": \"111-1111-1111\"}]}]",
                               "{\"all_or_nothing\": true, \"drop_unusable_identities\": false}"),
                LP_INVALID_ARGUMENT, "blocked");
    CHECK(out == NULL);
    CHECK(lead_of(engine, "{\"kind\": \"email\", \"value\": \"zhao@example.com\"}") == -1);

    /* whole-call errors */
    CHECK_FAILS(lp_lead_ingest(&out, engine, "boss", "[{\"channel\": ", NULL), LP_INVALID_ARGUMENT,
                "records: malformed JSON");
    CHECK_FAILS(lp_lead_ingest(&out, engine, "boss", "[]", "{\"atomic\": true}"), LP_INVALID_ARGUMENT,
                "atomic: unknown field");
    CHECK_FAILS(lp_lead_ingest(&out, engine, "boss", "[]", "{\"all_or_nothing\": 1}"), LP_INVALID_ARGUMENT,
                "all_or_nothing: must be true or false");
    CHECK_FAILS(lp_lead_ingest(&out, engine, "stranger", "[]", NULL), LP_PERMISSION_DENIED, "stranger");
    CHECK(out == NULL);
    CHECK_OK(lp_lead_ingest(&out, engine, "boss", "", NULL));
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    lp_free(out);
    lp_engine_close(engine);
}

void test_merges(void) {
    lp_engine* engine = open_company();
    char* out = NULL;
    long long wu, zhou, merge, again;

    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             "{\"identities\": [{\"kind\": \"phone\", \"value\": \"13900000001\"}],"
                             " \"channel\": \"web\", \"attributes\": {\"name\": \"Wu\"}}"));
    wu = int_field(out, "id");
    lp_free(out);
    CHECK_OK(lp_engine_set_time(engine, 1767225600000LL + 1000));
    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             "{\"identities\": [{\"kind\": \"email\", \"value\": \"wu@example.com\"}],"
                             " \"channel\": \"shop\"}"));
    zhou = int_field(out, "id");
    lp_free(out);

    /* a record that names both bridges them: one merge, the older lead survives */
    CHECK_OK(lp_lead_ingest(&out, engine, "boss",
                            "[{\"channel\": \"app\", \"identities\": [{\"kind\": \"phone\", \"value\": "
                            "\"13900000001\"}, {\"kind\": \"email\", \"value\": \"wu@example.com\"}]}]",
                            NULL));
    CHECK(contains(out, "\"outcome\":\"merged\"") && int_field(out, "lead") == wu &&
          contains(out, fmt(0, "\"absorbed\":[%lld]", zhou)));
    lp_free(out);
    CHECK_OK(lp_lead_get(&out, engine, "boss", zhou));
    CHECK(int_field(out, "id") == wu && contains(out, "\"value\":\"wu@example.com\""));
    lp_free(out);
    CHECK_OK(lp_merge_list(&out, engine, "boss", NULL));
    merge = int_field(out, "id");
    CHECK(count(out, "\"survivor\":") == 1 && int_field(out, "survivor") == wu &&
          int_field(out, "absorbed") == zhou && contains(out, "\"reason\":\"ingest\"") &&
          contains(out, "\"unmerged_at\":null"));
    lp_free(out);
    CHECK_OK(
        lp_merge_list(&out, engine, "boss", fmt(0, "{\"lead\": %lld, \"collisions_only\": true}", zhou)));
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    lp_free(out);
    CHECK_FAILS(lp_merge_list(&out, engine, "boss", "{\"lead\": \"x\"}"), LP_INVALID_ARGUMENT,
                "lead: must be an integer");
    CHECK_FAILS(lp_merge_list(&out, engine, "stranger", NULL), LP_PERMISSION_DENIED, "stranger");

    /* unmerge: to a salesperson the merge of a master lead is none at all; the director may, once */
    CHECK_FAILS(lp_lead_unmerge(&out, engine, "ann", merge, NULL), LP_NOT_FOUND, "no merge");
    CHECK_FAILS(lp_lead_unmerge(&out, engine, "boss", 999, NULL), LP_NOT_FOUND, "999");
    CHECK_OK(lp_lead_unmerge(&out, engine, "boss", merge, "two people after all"));
    CHECK(int_field(out, "id") == zhou && contains(out, "\"value\":\"wu@example.com\"") &&
          !contains(out, "13900000001"));
    lp_free(out);
    CHECK_FAILS(lp_lead_unmerge(&out, engine, "boss", merge, NULL), LP_CONFLICT, "undone already");
    CHECK(out == NULL);
    CHECK_OK(lp_lead_get(&out, engine, "boss", wu));
    CHECK(int_field(out, "id") == wu && !contains(out, "wu@example.com"));
    lp_free(out);
    CHECK_OK(lp_merge_list(&out, engine, "boss", "{\"include_unmerged\": false}"));
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    lp_free(out);

    /* merge by hand; the reason may be NULL */
    CHECK_FAILS(lp_lead_merge(&out, engine, "ann", wu, zhou, NULL), LP_NOT_FOUND, "no lead");
    CHECK_FAILS(lp_lead_merge(&out, engine, "boss", wu, 99999, NULL), LP_NOT_FOUND, "99999");
    CHECK_FAILS(lp_lead_merge(&out, engine, "boss", wu, wu, NULL), LP_INVALID_ARGUMENT, "one lead already");
    CHECK_OK(lp_lead_merge(&out, engine, "boss", zhou, wu, NULL));
    again = int_field(out, "id");
    CHECK(again > merge && int_field(out, "survivor") == wu && int_field(out, "absorbed") == zhou &&
          contains(out, "\"reason\":\"\"") && contains(out, "\"actor\":\"boss\""));
    lp_free(out);
    CHECK_FAILS(lp_lead_merge(&out, engine, "boss", zhou, wu, "again"), LP_INVALID_ARGUMENT,
                "one lead already");
    lp_engine_close(engine);
}
