/* The public-pool mechanics, on an SQLite file of their own: every function, an error path each —
 * routing, pool settings, assignment, claims, follow-ups, recycling and opportunity workflows. */
#include "fixture.h"
#include "suites.h"

void test_pool_mechanics(const char* path) {
    lp_engine* engine = NULL;
    char* out = NULL;
    long long north, lead = 0, second = 0;
    int phone;
    char database[600];

    sprintf(database, "%.500s-mechanics", path);
    remove_database(database);
    CHECK_OK(lp_engine_open(&engine, fmt(0, "sqlite:%s", database),
                            fmt(1, "{\"synchronous\": \"normal\", \"manual_clock_ms\": %s}", kStart)));
    REQUIRE(engine != NULL);
    CHECK_OK(lp_org_initialize(engine, kBoss, "sales_led"));
    CHECK_OK(
        lp_user_add(engine, "boss", "{\"id\": \"ann\", \"name\": \"Ann\", \"roles\": [\"salesperson\"]}"));
    CHECK_OK(
        lp_user_add(engine, "boss", "{\"id\": \"bob\", \"name\": \"Bob\", \"roles\": [\"salesperson\"]}"));
    CHECK_OK(lp_pool_create(&out, engine, "boss", "{\"name\": \"north\", \"members\": [\"ann\", \"bob\"]}"));
    north = int_field(out, "id");
    lp_free(out);

    /* routing */
    CHECK_OK(lp_routing_set(&out, engine, "boss",
                            fmt(0,
                                "{\"rules\": [{\"name\": \"hz\", \"pool\": %lld, \"when\": [{\"field\": "
                                "\"attributes.city\", \"op\": \"in\", \"values\": [\"Hangzhou\"]}]}]}",
                                north)));
    CHECK(contains(out, "\"name\":\"hz\"") && contains(out, "\"default_pool\":null"));
    lp_free(out);
    CHECK_FAILS(lp_routing_set(&out, engine, "boss", "{\"rules\": [{\"name\": \"x\", \"pool\": 999}]}"),
                LP_NOT_FOUND, "999");
    CHECK_FAILS(lp_routing_set(&out, engine, "boss", "{\"rules\": [], \"fallback\": 2}"), LP_INVALID_ARGUMENT,
                "fallback: unknown field");
    CHECK_FAILS(lp_routing_set(&out, engine, "ann", "{}"), LP_PERMISSION_DENIED, "ann");
    CHECK(out == NULL);
    CHECK_OK(lp_routing_get(&out, engine, "ann"));
    CHECK(contains(out, "\"op\":\"in\""));
    lp_free(out);
    for (phone = 1; phone <= 2; ++phone) {
        CHECK_OK(lp_lead_capture(&out, engine, "boss",
                                 fmt(0,
                                     "{\"identities\": [{\"kind\": \"phone\", \"value\": \"1380000%04d\"}], "
                                     "\"channel\": \"web\", \"attributes\": {\"city\": \"Hangzhou\"}}",
                                     phone)));
        *(phone == 1 ? &lead : &second) = int_field(out, "id");
        lp_free(out);
    }
    CHECK_FAILS(lp_lead_route(&out, engine, "boss", "{\"leads\": [\"1\"]}"), LP_INVALID_ARGUMENT,
                "leads[0]: must be an integer");
    CHECK_OK(lp_lead_route(&out, engine, "boss", "{\"all_unrouted\": true}"));
    CHECK(count(out, "\"rule\":\"hz\"") == 2);
    lp_free(out);
    CHECK_FAILS(lp_lead_route(&out, engine, "boss", fmt(0, "{\"leads\": [%lld]}", lead)),
                LP_ILLEGAL_TRANSITION, "master");

    /* pool settings, assignment, claims */
    CHECK_OK(
        lp_pool_settings_set(&out, engine, "boss", north,
                             "{\"strategy\": \"least_loaded\", \"max_held\": 1, \"claim_cooldown_ms\": 1000,"
                             " \"held_idle_ms\": 5000, \"warning_ms\": 2000}"));
    CHECK(contains(out, "\"strategy\":\"least_loaded\"") && int_field(out, "max_held") == 1);
    lp_free(out);
    CHECK_FAILS(lp_pool_settings_set(&out, engine, "boss", north, "{\"strategy\": \"lottery\"}"),
                LP_INVALID_ARGUMENT, "unknown strategy 'lottery'");
    CHECK_OK(lp_pool_settings_get(&out, engine, "ann", north));
    CHECK(int_field(out, "held_idle_ms") == 5000);
    lp_free(out);
    CHECK_FAILS(lp_pool_settings_get(&out, engine, "ann", 999), LP_NOT_FOUND, "999");
    CHECK_OK(
        lp_pool_assign(&out, engine, "boss", fmt(0, "{\"pool\": %lld, \"leads\": [%lld]}", north, lead)));
    CHECK(contains(out, "\"owner\":\"ann\"") && contains(out, "\"unassigned\":[]"));
    lp_free(out);
    CHECK_FAILS(
        lp_pool_assign(&out, engine, "boss", fmt(0, "{\"pool\": %lld, \"leads\": [%lld]}", north, lead)),
        LP_CONFLICT, "held");
    CHECK_FAILS(lp_lead_claim(&out, engine, "bob", lead), LP_CONFLICT, "already held");
    CHECK_FAILS(lp_lead_claim(&out, engine, "ann", second), LP_LIMIT_EXCEEDED, "max_held is 1");
    CHECK_OK(lp_lead_release(&out, engine, "boss", lead, NULL));
    CHECK(contains(out, "\"owner\":null"));
    lp_free(out);
    CHECK_FAILS(lp_lead_release(&out, engine, "boss", lead, NULL), LP_INVALID_ARGUMENT, "not held");
    CHECK_FAILS(lp_lead_claim(&out, engine, "ann", lead), LP_PERMISSION_DENIED, "claimable again");
    CHECK_OK(lp_lead_claim(&out, engine, "bob", lead));
    CHECK(contains(out, "\"owner\":\"bob\""));
    lp_free(out);

    /* follow-ups and recycling */
    CHECK_OK(lp_engine_set_time(engine, 1767225600000LL + 1000));
    CHECK_OK(lp_lead_follow_up(&out, engine, "bob", lead, "{\"kind\": \"call\", \"outcome\": \"busy\"}"));
    CHECK(contains(out, "\"kind\":\"call\"") && int_field(out, "at") == 1767225600000LL + 1000);
    lp_free(out);
    CHECK_FAILS(lp_lead_follow_up(&out, engine, "bob", lead, "{\"kind\": \"fax\"}"), LP_INVALID_ARGUMENT,
                "unknown activity kind 'fax'");
    CHECK_OK(lp_lead_activities(&out, engine, "boss", lead));
    CHECK(count(out, "\"kind\":") == 1);
    lp_free(out);
    CHECK_OK(lp_engine_set_time(engine, 1767225600000LL + 4000));
    CHECK_OK(lp_pool_maintain(&out, engine, "boss"));
    CHECK(contains(out, "\"recycled\":[]") && int_field(out, "due_at") == 1767225600000LL + 6000);
    lp_free(out);
    CHECK_OK(lp_engine_set_time(engine, 1767225600000LL + 6000));
    CHECK_OK(lp_pool_maintain(&out, engine, "boss"));
    CHECK(contains(out, "\"from_owner\":\"bob\"") && contains(out, "\"to\":\"pool\""));
    lp_free(out);
    CHECK_FAILS(lp_pool_maintain(&out, engine, "ann"), LP_PERMISSION_DENIED, "recycle");

    /* opportunity workflows */
    CHECK_OK(lp_workflow_define(&out, engine, "boss",
                                "{\"name\": \"sale\", \"steps\": [{\"name\": \"contact\"}, {\"name\": "
                                "\"demo\", \"collaborators\": [\"bob\"]}], \"product_types\": [\"lathe\"]}"));
    CHECK(contains(out, "\"product_types\":[\"lathe\"]"));
    lp_free(out);
    CHECK_FAILS(
        lp_workflow_define(&out, engine, "boss", "{\"name\": \"sale\", \"steps\": [{\"name\": \"a\"}]}"),
        LP_CONFLICT, "sale");
    CHECK_OK(lp_workflow_list(&out, engine, "ann"));
    CHECK(count(out, "\"name\":\"sale\"") == 1);
    lp_free(out);
    CHECK_FAILS(lp_opportunity_open(&out, engine, "boss",
                                    fmt(0, "{\"lead\": %lld, \"product_type\": \"drill\"}", lead)),
                LP_NOT_FOUND, "drill");
    CHECK_OK(lp_opportunity_open(
        &out, engine, "boss",
        fmt(0,
            "{\"lead\": %lld, \"product_type\": \"lathe\", \"amount\": 900, \"owner\": {\"user\": \"ann\"}}",
            lead)));
    CHECK(contains(out, "\"step\":\"contact\"") && int_field(out, "amount") == 900);
    lp_free(out);
    CHECK_OK(lp_opportunity_advance(&out, engine, "ann", lead, "demo"));
    CHECK(contains(out, "\"user\":\"bob\",\"step\":\"demo\""));
    lp_free(out);
    CHECK_FAILS(lp_opportunity_advance(&out, engine, "ann", lead, "launch"), LP_INVALID_ARGUMENT, "launch");
    CHECK_FAILS(lp_opportunity_add_collaborator(&out, engine, "ann", lead, "bob"), LP_CONFLICT, "already");
    CHECK_OK(lp_opportunity_add_collaborator(&out, engine, "ann", lead, "boss"));
    CHECK(count(out, "\"joined_at\":") == 2);
    lp_free(out);
    CHECK_FAILS(lp_opportunity_win(&out, engine, "ann", lead, "{\"order_amount\": \"850\"}"),
                LP_INVALID_ARGUMENT, "order_amount: must be an integer");
    CHECK_OK(lp_opportunity_win(&out, engine, "ann", lead, "{\"order_amount\": 850}"));
    CHECK(contains(out, "\"status\":\"won\"") && int_field(out, "order_amount") == 850);
    lp_free(out);
    CHECK_OK(lp_opportunity_list(&out, engine, "boss", lead));
    CHECK(count(out, "\"number\":") == 1);
    lp_free(out);
    CHECK_FAILS(lp_opportunity_list(&out, engine, "boss", 999), LP_NOT_FOUND, "999");
    CHECK(out == NULL);

    /* the pipeline view: opportunities across leads, filtered and paged */
    CHECK_OK(lp_opportunity_pipeline(&out, engine, "boss", "{\"status\": \"won\", \"amount_min\": 900}",
                                     "{\"limit\": 1}"));
    CHECK(count(out, "\"number\":") == 1 && int_field(out, "lead") == lead);
    CHECK(contains(out, "\"next_cursor\":null"));
    lp_free(out);
    CHECK_OK(lp_opportunity_pipeline(&out, engine, "boss", "{\"status\": \"open\", \"workflow\": null}", NULL));
    CHECK(strcmp(out, "{\"opportunities\":[],\"next_cursor\":null}") == 0);
    lp_free(out);
    CHECK_OK(lp_opportunity_pipeline(&out, engine, "boss", NULL,
                                     fmt(0, "{\"after\": {\"lead\": %lld, \"number\": 1}}", lead)));
    CHECK(count(out, "\"number\":") == 0);
    lp_free(out);
    CHECK_FAILS(lp_opportunity_pipeline(&out, engine, "boss", "{\"amount_max\": -1}", NULL), LP_INVALID_ARGUMENT,
                "amount_max");
    CHECK_FAILS(lp_opportunity_pipeline(&out, engine, "boss", "{\"status\": \"pending\"}", NULL),
                LP_INVALID_ARGUMENT, "status");
    CHECK_FAILS(lp_opportunity_pipeline(&out, engine, "boss", "{\"stage\": \"demo\"}", NULL), LP_INVALID_ARGUMENT,
                "stage");
    CHECK_FAILS(lp_opportunity_pipeline(&out, engine, "boss", NULL, "{\"limit\": 0}"), LP_INVALID_ARGUMENT,
                "limit");
    CHECK_FAILS(lp_opportunity_pipeline(&out, engine, "boss", "{\"pool\": 999}", NULL), LP_NOT_FOUND, "999");
    CHECK_FAILS(lp_opportunity_pipeline(&out, engine, NULL, NULL, NULL), LP_INVALID_ARGUMENT, "actor");
    CHECK(out == NULL);

    /* a workflow updated, then retired: it stays listed and opens nothing more */
    CHECK_OK(lp_workflow_update(&out, engine, "boss",
                                "{\"name\": \"sale\", \"steps\": [{\"name\": \"contact\"}, {\"name\": "
                                "\"quote\"}], \"product_types\": [\"lathe\", \"mill\"]}"));
    CHECK(contains(out, "\"name\":\"quote\"") && contains(out, "\"retired\":false"));
    lp_free(out);
    CHECK_FAILS(lp_workflow_update(&out, engine, "boss", "{\"name\": \"gone\", \"steps\": [{\"name\": \"a\"}]}"),
                LP_NOT_FOUND, "no workflow 'gone'");
    CHECK_FAILS(lp_workflow_update(&out, engine, "boss", "{\"name\": \"sale\"}"), LP_INVALID_ARGUMENT, "steps");
    CHECK_FAILS(lp_workflow_retire(&out, engine, "ann", "sale"), LP_PERMISSION_DENIED, "manage_workflows");
    CHECK_FAILS(lp_workflow_retire(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT, "name");
    CHECK(out == NULL);
    CHECK_OK(lp_workflow_retire(&out, engine, "boss", "sale"));
    CHECK(contains(out, "\"retired\":true"));
    lp_free(out);
    CHECK_FAILS(lp_workflow_retire(&out, engine, "boss", "sale"), LP_CONFLICT, "retired");
    CHECK_OK(lp_workflow_list(&out, engine, "ann"));
    CHECK(count(out, "\"retired\":true") == 1);
    lp_free(out);

    lp_engine_close(engine);
    remove_database(database);
}
