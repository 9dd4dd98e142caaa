/* The organisation: stages, users, policies and the pool tree. */
#include "fixture.h"
#include "suites.h"

void test_organisation(lp_engine* engine) {
    char* out = NULL;

    CHECK_OK(lp_stage_get(&out, engine));
    CHECK(contains(out, "\"initialized\":false") && contains(out, "\"stage\":null"));
    lp_free(out);
    CHECK_FAILS(lp_stage_set(engine, "boss", "sales_led"), LP_INVALID_ARGUMENT, "not initialized");

    CHECK_FAILS(lp_org_initialize(engine, kBoss, "startup"), LP_INVALID_ARGUMENT, "unknown stage 'startup'");
    CHECK_FAILS(lp_org_initialize(engine, "{\"id\": 1, \"name\": \"B\"}", "factory_led"), LP_INVALID_ARGUMENT,
                "id: must be a string");
    CHECK_FAILS(
        lp_org_initialize(engine, "{\"id\": \"b\", \"name\": \"B\", \"email\": \"b@x\"}", "factory_led"),
        LP_INVALID_ARGUMENT, "email: unknown field");
    CHECK_OK(lp_org_initialize(engine, kBoss, "factory_led"));
    CHECK_FAILS(lp_org_initialize(engine, kBoss, "factory_led"), LP_CONFLICT, "already initialized");
    CHECK_OK(lp_stage_get(&out, engine));
    CHECK(contains(out, "\"initialized\":true") && contains(out, "\"stage\":\"factory_led\""));
    lp_free(out);

    /* users */
    CHECK_OK(
        lp_user_add(engine, "boss", "{\"id\": \"ann\", \"name\": \"Ann\", \"roles\": [\"salesperson\"]}"));
    CHECK_OK(
        lp_user_add(engine, "boss", "{\"id\": \"bob\", \"name\": \"Bob\", \"roles\": [\"salesperson\"]}"));
    CHECK_FAILS(lp_user_add(engine, "boss", "{\"id\": \"ann\", \"name\": \"Ann 2\"}"), LP_CONFLICT, "ann");
    CHECK_FAILS(lp_user_add(engine, "ann", "{\"id\": \"cat\", \"name\": \"Cat\"}"), LP_PERMISSION_DENIED,
                "ann");
    CHECK_FAILS(lp_user_add(engine, "boss", "{\"id\": \"cat\", \"name\": \"Cat\", \"active\": \"yes\"}"),
                LP_INVALID_ARGUMENT, "active: must be true or false");
    CHECK_OK(lp_user_update(
        engine, "boss",
        "{\"id\": \"ann\", \"name\": \"Ann Lee\", \"department\": \"sales\", \"roles\": [\"salesperson\"]}"));
    CHECK_FAILS(lp_user_update(engine, "boss", "{\"id\": \"zed\", \"name\": \"Zed\"}"), LP_NOT_FOUND, "zed");
    CHECK_OK(lp_user_get(&out, engine, "bob", "ann"));
    CHECK(contains(out, "\"name\":\"Ann Lee\"") && contains(out, "\"department\":\"sales\"") &&
          contains(out, "\"active\":true"));
    lp_free(out);
    CHECK_FAILS(lp_user_get(&out, engine, "boss", "nobody"), LP_NOT_FOUND, "nobody");
    CHECK_FAILS(lp_user_get(&out, engine, "stranger", "ann"), LP_PERMISSION_DENIED, "stranger");
    CHECK(out == NULL);
    CHECK_OK(lp_user_list(&out, engine, "ann"));
    CHECK(count(out, "\"id\":") == 3 && contains(out, "\"bob\""));
    lp_free(out);

    /* stages and policies */
    CHECK_FAILS(lp_stage_set(engine, "ann", "sales_led"), LP_PERMISSION_DENIED, "ann");
    CHECK_FAILS(lp_stage_set(engine, "boss", "chaos"), LP_INVALID_ARGUMENT, "unknown stage 'chaos'");
    CHECK_OK(lp_stage_set(engine, "boss", "sales_led"));
    CHECK_OK(lp_stage_get(&out, engine));
    CHECK(contains(out, "\"stage\":\"sales_led\""));
    lp_free(out);
    CHECK_OK(lp_stage_set(engine, "boss", "factory_led"));

    CHECK_OK(lp_policy_defaults(&out));
    CHECK(contains(out, "\"factory_led\"") && contains(out, "\"all_staff\"") && contains(out, "\"roles\""));
    lp_free(out);
    CHECK_FAILS(lp_policy_get(&out, engine, "nowhere"), LP_INVALID_ARGUMENT, "unknown stage 'nowhere'");
    CHECK_FAILS(lp_policy_set(engine, "ann", "sales_led", "{\"roles\": {}}"), LP_PERMISSION_DENIED, "ann");
    CHECK_FAILS(lp_policy_set(engine, "boss", "sales_led", "{\"roles\": "), LP_INVALID_ARGUMENT,
                "malformed JSON");
    CHECK_FAILS(lp_policy_set(engine, "boss", "sales_led",
                              "{\"roles\": {\"director\": [{\"actions\": [\"fly\"], \"scope\": \"all\"}]}}"),
                LP_INVALID_ARGUMENT, "unknown action");
    {
        char* deep = nested_arrays(10000);
        CHECK_FAILS(lp_policy_set(engine, "boss", "sales_led", deep), LP_LIMIT_EXCEEDED,
                    "policy: nests deeper than");
        free(deep);
    }
    CHECK_OK(lp_policy_set(
        engine, "boss", "sales_led",
        "{\"roles\": {\"director\": [{\"actions\": [\"*\"], \"scope\": \"all\"}],"
        " \"salesperson\": [{\"actions\": [\"read\"], \"tiers\": [\"sub\"], \"scope\": \"own\"}]}}"));
    CHECK_OK(lp_policy_get(&out, engine, "sales_led"));
    CHECK(contains(out, "\"salesperson\"") && !contains(out, "\"market\""));
    lp_free(out);
    CHECK_OK(lp_policy_reset(engine, "boss", "sales_led"));
    CHECK_FAILS(lp_policy_reset(engine, "bob", "sales_led"), LP_PERMISSION_DENIED, "bob");
    CHECK_OK(lp_policy_get(&out, engine, "sales_led"));
    CHECK(contains(out, "\"market\""));
    lp_free(out);

    CHECK_OK(lp_org_history(&out, engine, "boss"));
    CHECK(contains(out, "\"kind\":\"initialized\"") && contains(out, "\"kind\":\"stage_changed\"") &&
          contains(out, "\"kind\":\"policy_changed\"") && contains(out, "\"kind\":\"user_updated\""));
    lp_free(out);
    CHECK_FAILS(lp_org_history(&out, engine, "ann"), LP_PERMISSION_DENIED, "ann");
}

/* Creates the pools "east" (ann) and "west" (bob); returns east's id through *east. */
void test_pools(lp_engine* engine, long long* east, long long* west) {
    char* out = NULL;
    long long city;

    CHECK_OK(lp_pool_create(&out, engine, "boss", "{\"name\": \"east\", \"managers\": [\"ann\"]}"));
    *east = int_field(out, "id");
    CHECK(*east > 1 && contains(out, "\"parent\":null") && contains(out, "\"managers\":[\"ann\"]"));
    lp_free(out);
    CHECK_OK(lp_pool_create(&out, engine, "boss",
                            "{\"name\": \"west\", \"parent\": null, \"managers\": [\"bob\"]}"));
    *west = int_field(out, "id");
    lp_free(out);
    CHECK_FAILS(lp_pool_create(&out, engine, "boss", "{\"name\": \"east\"}"), LP_CONFLICT, "east");
    CHECK_FAILS(lp_pool_create(&out, engine, "boss", "{\"name\": \"north\", \"parent\": 999}"), LP_NOT_FOUND,
                "999");
    CHECK_FAILS(lp_pool_create(&out, engine, "boss", "{\"name\": \"north\", \"parent\": \"1\"}"),
                LP_INVALID_ARGUMENT, "parent: must be an integer");
    CHECK_FAILS(lp_pool_create(&out, engine, "boss", "{\"name\": \"north\", \"managers\": [\"ghost\"]}"),
                LP_NOT_FOUND, "ghost");
    CHECK(out == NULL);

    /* ann manages east, so she may open a city pool below it, and move it back below east */
    CHECK_OK(
        lp_pool_create(&out, engine, "ann", fmt(0, "{\"name\": \"hangzhou\", \"parent\": %lld}", *east)));
    city = int_field(out, "id");
    CHECK(int_field(out, "parent") == *east);
    lp_free(out);
    CHECK_FAILS(lp_pool_create(&out, engine, "ann", fmt(0, "{\"name\": \"x\", \"parent\": %lld}", *west)),
                LP_PERMISSION_DENIED, "ann");
    CHECK_OK(lp_pool_move(&out, engine, "boss", city, 0));
    CHECK(contains(out, "\"parent\":null"));
    lp_free(out);
    CHECK_OK(lp_pool_move(&out, engine, "boss", city, *east));
    CHECK(int_field(out, "parent") == *east);
    lp_free(out);
    CHECK_FAILS(lp_pool_move(&out, engine, "boss", *east, city), LP_INVALID_ARGUMENT, "below itself");
    CHECK_OK(lp_pool_update(&out, engine, "boss", *east,
                            "{\"name\": \"east\", \"managers\": [\"ann\"], \"members\": [\"bob\"]}"));
    CHECK(contains(out, "\"members\":[\"bob\"]"));
    lp_free(out);
    CHECK_FAILS(lp_pool_update(&out, engine, "boss", 999, "{\"name\": \"x\"}"), LP_NOT_FOUND, "999");
    CHECK_FAILS(lp_pool_update(&out, engine, "boss", *east, "{\"name\": \"east\", \"size\": 3}"),
                LP_INVALID_ARGUMENT, "size: unknown field");

    CHECK_OK(lp_pool_get(&out, engine, "bob", 1));
    CHECK(int_field(out, "id") == 1);
    lp_free(out);
    CHECK_FAILS(lp_pool_get(&out, engine, "bob", 999), LP_NOT_FOUND, "999");
    CHECK_OK(lp_pool_list(&out, engine, "ann"));
    CHECK(count(out, "\"id\":") == 4 && contains(out, "\"hangzhou\""));
    lp_free(out);
}
