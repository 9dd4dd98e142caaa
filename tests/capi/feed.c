/* The change feed through the C ABI: a page, a filter, a consumer acked and resumed, a function
 * pointer subscribed with user data, waiting for a change, the settings, and the errors. */
#include "fixture.h"
#include "suites.h"

/* What the subscription heard: how many calls, and the changes of the last one. */
struct heard {
    int calls;
    int changes;
    char last_kind[64];
};

static void on_changes(const char* changes_json, void* user_data) {
    struct heard* heard = (struct heard*)user_data;
    const char* kind = strstr(changes_json, "\"kind\":\"");
    ++heard->calls;
    heard->changes += count(changes_json, "\"seq\":");
    if (kind != NULL) {
        size_t n = 0;
        kind += 8;
        while (kind[n] != '"' && n + 1 < sizeof heard->last_kind) ++n;
        memcpy(heard->last_kind, kind, n);
        heard->last_kind[n] = '\0';
    }
}

void test_change_feed(void) {
    lp_engine* engine = open_company();
    char* out = NULL;
    long long last, lead;
    int64_t subscription = 0;
    int flag = -1;
    struct heard heard = {0, 0, ""};

    CHECK_OK(lp_changes(&out, engine, "boss", NULL));
    CHECK(contains(out, "\"kind\":\"initialized\"") && contains(out, "\"subject\":\"organisation\""));
    last = int_field(out, "last");
    CHECK(last > 0);
    lp_free(out);

    CHECK_OK(lp_subscribe(&subscription, engine, "boss", "{\"kinds\": [\"capture\"]}", on_changes, &heard));
    CHECK(subscription > 0);
    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             "{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000001\"}], "
                             "\"channel\": \"web\"}"));
    lead = int_field(out, "id");
    lp_free(out);
    CHECK(heard.calls == 1 && heard.changes == 1 && strcmp(heard.last_kind, "capture") == 0);

    CHECK_OK(lp_changes(&out, engine, "boss",
                        fmt(0, "{\"since\": %lld, \"filter\": {\"lead\": %lld}, \"limit\": 10}", last, lead)));
    CHECK(count(out, "\"seq\":") == 1 && contains(out, "\"kind\":\"capture\""));
    lp_free(out);
    CHECK_OK(lp_changes(&out, engine, "ann", NULL)); /* not ann's lead: nothing of it */
    CHECK(!contains(out, "13800000001") && !contains(out, "\"kind\":\"capture\""));
    lp_free(out);

    CHECK_OK(lp_consumer_add(&out, engine, "boss", "crm", last));
    CHECK(contains(out, "\"name\":\"crm\"") && contains(out, "\"owner\":\"boss\""));
    lp_free(out);
    CHECK_OK(lp_changes(&out, engine, "boss", "{\"consumer\": \"crm\"}"));
    CHECK(contains(out, "\"kind\":\"capture\""));
    lp_free(out);
    CHECK_OK(lp_consumer_ack(&out, engine, "boss", "crm", last + 1));
    CHECK(int_field(out, "position") == last + 1);
    lp_free(out);
    CHECK_OK(lp_consumer_get(&out, engine, "boss", "crm"));
    CHECK(int_field(out, "position") == last + 1);
    lp_free(out);
    CHECK_OK(lp_consumer_list(&out, engine, "ann"));
    CHECK(strcmp(out, "[]") == 0);
    lp_free(out);

    CHECK_OK(lp_feed_settings_set(&out, engine, "boss", "{\"retention_ms\": 86400000}"));
    CHECK(contains(out, "\"retention_ms\":86400000"));
    lp_free(out);
    CHECK_OK(lp_feed_settings_get(&out, engine));
    CHECK(contains(out, "86400000"));
    lp_free(out);

    CHECK_OK(lp_changes(&out, engine, "boss", NULL));
    last = int_field(out, "last");
    lp_free(out);
    CHECK_OK(lp_wait_for_changes(&flag, engine, last, 10));
    CHECK(flag == 0);
    CHECK_OK(lp_wait_for_changes(&flag, engine, last - 1, 0));
    CHECK(flag == 1);

    CHECK_OK(lp_unsubscribe(&flag, engine, subscription));
    CHECK(flag == 1);
    CHECK_OK(lp_unsubscribe(&flag, engine, subscription));
    CHECK(flag == 0);
    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             "{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000002\"}], "
                             "\"channel\": \"web\"}"));
    lp_free(out);
    CHECK(heard.calls == 1);

    /* errors, each with its own status, and *out cleared */
    CHECK_FAILS(lp_changes(&out, engine, "boss", "{\"since\": -1}"), LP_INVALID_ARGUMENT, "negative");
    CHECK_FAILS(lp_changes(&out, engine, "boss", "{\"filter\": {\"kinds\": [\"teleport\"]}}"), LP_INVALID_ARGUMENT,
                "teleport");
    CHECK_FAILS(lp_changes(&out, engine, "boss", "{\"limit\": 5000}"), LP_LIMIT_EXCEEDED, "5000");
    CHECK_FAILS(lp_changes(&out, engine, "boss", "{\"consumer\": \"nobody\"}"), LP_NOT_FOUND, "nobody");
    CHECK_FAILS(lp_changes(&out, engine, "boss", "{\"sinse\": 1}"), LP_INVALID_ARGUMENT, "unknown field");
    CHECK_FAILS(lp_consumer_ack(&out, engine, "ann", "crm", 1), LP_NOT_FOUND, "crm");
    CHECK_FAILS(lp_consumer_add(&out, engine, "boss", "crm", 0), LP_CONFLICT, "crm");
    CHECK_FAILS(lp_feed_settings_set(&out, engine, "ann", "{\"retention_ms\": 1}"), LP_PERMISSION_DENIED, "ann");
    CHECK(out == NULL);
    CHECK_FAILS(lp_subscribe(&subscription, engine, "boss", NULL, NULL, NULL), LP_INVALID_ARGUMENT, "callback");
    CHECK_FAILS(lp_subscribe(&subscription, engine, "nobody", NULL, on_changes, &heard), LP_PERMISSION_DENIED,
                "nobody");
    CHECK_FAILS(lp_wait_for_changes(&flag, engine, -1, 0), LP_INVALID_ARGUMENT, "negative");
    lp_engine_close(engine);
}
