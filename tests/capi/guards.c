/* The guards that hold on every path, through the C ABI, on a company of its own: a member's cap
 * (a transfer, a batch, a manager's override and the history row that keeps its reason), a
 * recycled opportunity back where members claim it (and the report's stranded list), and times
 * from the future refused. */
#include "fixture.h"
#include "suites.h"

/* A new lead, distributed to `pool` for `owner` (or nobody: NULL); its id. */
static long long lead_in(lp_engine* engine, int phone, long long pool, const char* owner) {
    char* out = NULL;
    long long id;
    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             fmt(0, "{\"identities\": [{\"kind\": \"phone\", \"value\": \"1390000%04d\"}], "
                                    "\"channel\": \"web\"}",
                                 phone)));
    id = int_field(out, "id");
    lp_free(out);
    CHECK_OK(lp_lead_transition(&out, engine, "boss",
                                owner ? fmt(0, "{\"lead\": %lld, \"action\": \"distribute\", \"to_pool\": %lld, "
                                               "\"to_owner\": \"%s\"}",
                                            id, pool, owner)
                                      : fmt(0, "{\"lead\": %lld, \"action\": \"distribute\", \"to_pool\": %lld}",
                                            id, pool)));
    lp_free(out);
    return id;
}

static void test_cap(lp_engine* engine, long long east) {
    char* out = NULL;
    long long first = lead_in(engine, 1, east, "bob");
    long long second = lead_in(engine, 2, east, NULL);
    long long third = lead_in(engine, 3, east, NULL);
    const char* to_bob = "{\"lead\": %lld, \"action\": \"transfer\", \"to_owner\": \"bob\"%s}";

    (void)first;
    CHECK_OK(lp_pool_settings_set(&out, engine, "boss", east, "{\"max_held\": 2}"));
    lp_free(out);
    /* A batch of two to bob, who has room for one: the second fails, and nothing changes. */
    CHECK_FAILS(lp_lead_transition_batch(&out, engine, "ann",
                                         fmt(2, "[%s, %s]", fmt(0, to_bob, second, ""), fmt(1, to_bob, third, ""))),
                LP_LIMIT_EXCEEDED, fmt(3, "transition batch item 1: transfer: lead %lld: 'bob' holds 2 leads in pool %lld, max_held is 2", third, east));
    CHECK(out == NULL);
    CHECK_OK(lp_lead_get(&out, engine, "boss", second));
    CHECK(contains(out, "\"owner\":null"));
    lp_free(out);

    CHECK_OK(lp_lead_transition(&out, engine, "ann", fmt(0, to_bob, second, "")));
    lp_free(out);
    CHECK_FAILS(lp_lead_transition(&out, engine, "ann", fmt(0, to_bob, third, "")), LP_LIMIT_EXCEEDED,
                "'bob' holds 2 leads");
    /* ann runs east: she may pass the cap, saying why; the history row keeps it. */
    CHECK_OK(lp_lead_transition(&out, engine, "ann", fmt(0, to_bob, third, ", \"over_cap_reason\": \"trade fair\"")));
    CHECK(contains(out, "\"owner\":\"bob\""));
    lp_free(out);
    CHECK_OK(lp_lead_history(&out, engine, "boss", third));
    CHECK(contains(out, "\\\"over_cap\\\"") || contains(out, "\"over_cap\""));
    CHECK(contains(out, "trade fair"));
    lp_free(out);
    CHECK_FAILS(lp_lead_transition(&out, engine, "ann", fmt(0, to_bob, third, ", \"over_cap_reason\": 1")),
                LP_INVALID_ARGUMENT, "over_cap_reason");
}

static void test_stranded_and_released(lp_engine* engine, long long east) {
    char* out = NULL;
    long long solo, alone, deal;

    CHECK_OK(lp_pool_create(&out, engine, "boss", "{\"name\": \"solo\", \"members\": [\"cy\"]}"));
    solo = int_field(out, "id");
    lp_free(out);
    CHECK_OK(lp_pool_settings_set(&out, engine, "boss", solo, "{\"held_idle_ms\": 1000}"));
    lp_free(out);
    alone = lead_in(engine, 10, solo, "cy");
    CHECK_OK(lp_user_update(engine, "boss", "{\"id\": \"cy\", \"name\": \"Cy\", \"roles\": [\"salesperson\"], "
                                            "\"active\": false}"));
    CHECK_OK(lp_engine_set_time(engine, 1767225600000LL + 1000));
    CHECK_OK(lp_pool_maintain(&out, engine, "boss"));
    CHECK(contains(out, fmt(0, "\"stranded\":[{\"lead\":%lld,\"pool\":%lld}]", alone, solo)));
    CHECK(contains(out, "\"idle\":false"));
    lp_free(out);

    /* A released opportunity comes back to tier sub, its opportunity closed as released. */
    CHECK_OK(lp_workflow_define(&out, engine, "boss", "{\"name\": \"sale\", \"steps\": [{\"name\": \"call\"}], "
                                                      "\"product_types\": [\"lathe\"]}"));
    lp_free(out);
    deal = lead_in(engine, 11, east, "ann");
    CHECK_OK(lp_opportunity_open(&out, engine, "ann", fmt(0, "{\"lead\": %lld, \"product_type\": \"lathe\"}", deal)));
    lp_free(out);
    CHECK_OK(lp_lead_release(&out, engine, "ann", deal, "handing it on"));
    CHECK(contains(out, "\"tier\":\"sub\"") && contains(out, "\"owner\":null"));
    lp_free(out);
    CHECK_OK(lp_opportunity_list(&out, engine, "boss", deal));
    CHECK(contains(out, "\"status\":\"released\""));
    lp_free(out);
}

static void test_future_times(lp_engine* engine, long long east) {
    char* out = NULL;
    long long lead = lead_in(engine, 20, east, "ann");
    const long long now = 1767225600000LL + 1000;

    CHECK_OK(lp_lead_ingest(&out, engine, "boss",
                            fmt(0,
                                "[{\"channel\": \"web\", \"occurred_at\": %lld, \"identities\": [{\"kind\": "
                                "\"phone\", \"value\": \"13900000021\"}]}, {\"channel\": \"web\", "
                                "\"identities\": [{\"kind\": \"phone\", \"value\": \"13900000022\"}]}]",
                                now + 300001),
                            NULL));
    CHECK(count(out, "\"outcome\":\"rejected\"") == 1 && count(out, "\"outcome\":\"created\"") == 1);
    CHECK(contains(out, fmt(0, "occurred_at: %lld is in the future: now is %lld", now + 300001, now)));
    lp_free(out);
    CHECK_FAILS(lp_lead_follow_up(&out, engine, "ann", lead, fmt(0, "{\"kind\": \"call\", \"at\": %lld}", now + 300001)),
                LP_INVALID_ARGUMENT, "follow-up: at: ");
    CHECK_OK(lp_lead_follow_up(&out, engine, "ann", lead, fmt(0, "{\"kind\": \"call\", \"at\": %lld}", now + 300000)));
    CHECK(int_field(out, "at") == now);
    lp_free(out);
}

void test_guards(void) {
    lp_engine* engine = open_company();
    char* out = NULL;
    long long east;

    CHECK_OK(lp_user_add(engine, "boss", "{\"id\": \"bob\", \"name\": \"Bob\", \"roles\": [\"salesperson\"]}"));
    CHECK_OK(lp_user_add(engine, "boss", "{\"id\": \"cy\", \"name\": \"Cy\", \"roles\": [\"salesperson\"]}"));
    CHECK_OK(lp_pool_create(&out, engine, "boss", "{\"name\": \"east\", \"managers\": [\"ann\"], \"members\": [\"bob\"]}"));
    east = int_field(out, "id");
    lp_free(out);
    test_cap(engine, east);
    test_stranded_and_released(engine, east);
    test_future_times(engine, east);
    lp_engine_close(engine);
}
