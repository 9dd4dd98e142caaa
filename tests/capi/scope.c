/* What an actor learns outside their scope (docs/design.md 5.4): refusals, duplicate checks,
 * lists. */
#include "fixture.h"
#include "suites.h"

/* The factory-led policy with `disclosure` for salespeople. */
static void set_disclosure(lp_engine* engine, const char* disclosure) {
    char* policy = NULL;
    char* with = NULL;
    size_t length;
    CHECK_OK(lp_policy_get(&policy, engine, "factory_led"));
    length = strlen(policy);
    REQUIRE(length > 2 && policy[length - 1] == '}');
    policy[length - 1] = '\0';
    with = malloc(length + 64);
    REQUIRE(with != NULL);
    sprintf(with, "%s, \"duplicates\": {\"salesperson\": \"%s\"}}", policy, disclosure);
    CHECK_OK(lp_policy_set(engine, "boss", "factory_led", with));
    free(with);
    lp_free(policy);
}

static const char* const kBobsPhone = "{\"kind\": \"phone\", \"value\": \"+8613900000201\"}";
static const char* const kBobsCapture =
    "{\"identities\": [{\"kind\": \"phone\", \"value\": \"+8613900000201\"},"
    " {\"kind\": \"email\", \"value\": \"lin@example.com\"}], \"channel\": \"fair\"}";

void test_scope(void) {
    lp_engine* engine = open_company();
    char* out = NULL;
    int can = -1;
    long long east, west, bobs, unknown, mine;
    const char* exists = "phone '+8613900000201' belongs to a lead outside the scope of 'ann'";

    CHECK_OK(lp_user_add(engine, "boss", "{\"id\": \"bob\", \"name\": \"Bob\", \"roles\": [\"salesperson\"]}"));
    CHECK_OK(lp_pool_create(&out, engine, "boss", "{\"name\": \"east\", \"managers\": [\"ann\"]}"));
    east = int_field(out, "id");
    lp_free(out);
    CHECK_OK(lp_pool_create(&out, engine, "boss", "{\"name\": \"west\", \"managers\": [\"bob\"]}"));
    west = int_field(out, "id");
    lp_free(out);
    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             "{\"identities\": [{\"kind\": \"phone\", \"value\": \"+8613900000201\"}],"
                             " \"channel\": \"web\"}"));
    bobs = int_field(out, "id");
    unknown = bobs + 1000;
    lp_free(out);
    CHECK_OK(lp_lead_transition(
        &out, engine, "boss",
        fmt(0, "{\"lead\": %lld, \"action\": \"distribute\", \"to_pool\": %lld, \"to_owner\": \"bob\"}", bobs, west)));
    lp_free(out);

    /* refusals: bob's lead is, to ann, an id that names nothing */
    CHECK(lp_lead_get(&out, engine, "ann", bobs) == LP_NOT_FOUND);
    CHECK(strcmp(lp_last_error(), fmt(0, "no lead %lld", bobs)) == 0);
    CHECK(lp_lead_get(&out, engine, "ann", unknown) == LP_NOT_FOUND);
    CHECK(strcmp(lp_last_error(), fmt(0, "no lead %lld", unknown)) == 0);
    CHECK(lp_lead_transition(&out, engine, "ann",
                             fmt(0, "{\"lead\": %lld, \"action\": \"transfer\", \"to_pool\": %lld,"
                                    " \"expected_version\": 99}", bobs, east)) == LP_NOT_FOUND);
    CHECK(strcmp(lp_last_error(), fmt(0, "no lead %lld", bobs)) == 0);
    CHECK_OK(lp_lead_can(&can, engine, "ann", "qualify", bobs));
    CHECK(can == 0);
    can = -1;
    CHECK_OK(lp_lead_can(&can, engine, "ann", "qualify", unknown));
    CHECK(can == 0);

    /* duplicate checks: the default says that it exists, on every path, and nothing more */
    CHECK_FAILS(lp_lead_find(&out, engine, "ann", kBobsPhone), LP_PERMISSION_DENIED, exists);
    CHECK(!contains(lp_last_error(), "bob"));
    CHECK_FAILS(lp_lead_capture(&out, engine, "ann", kBobsCapture), LP_PERMISSION_DENIED, exists);
    CHECK(!contains(lp_last_error(), "bob") && !contains(lp_last_error(), "pool") &&
          !contains(lp_last_error(), "tier"));
    CHECK_OK(lp_lead_ingest(&out, engine, "ann", fmt(0, "[%s]", kBobsCapture), NULL));
    CHECK(contains(out, "\"outcome\":\"rejected\"") && contains(out, exists) && !contains(out, "bob"));
    lp_free(out);

    set_disclosure(engine, "owner");
    CHECK_FAILS(lp_lead_find(&out, engine, "ann", kBobsPhone), LP_PERMISSION_DENIED, ", owned by 'bob'");
    CHECK_FAILS(lp_lead_capture(&out, engine, "ann", kBobsCapture), LP_PERMISSION_DENIED, ", owned by 'bob'");

    set_disclosure(engine, "none");
    CHECK_OK(lp_lead_find(&out, engine, "ann", kBobsPhone));
    CHECK(strcmp(out, "null") == 0);
    lp_free(out);
    CHECK_OK(lp_lead_capture(&out, engine, "ann", kBobsCapture));
    CHECK(contains(out, "\"created\":true") && !contains(out, "+8613900000201") &&
          contains(out, "lin@example.com") && contains(out, "\"conflicts\":[]"));
    mine = int_field(out, "id");
    CHECK(mine != bobs);
    lp_free(out);
    CHECK_OK(lp_identity_conflict_list(&out, engine, "boss"));
    CHECK(count(out, "\"rule\":") == 1 && contains(out, "\"rule\":\"out_of_scope\"") && int_field(out, "lead") == mine);
    lp_free(out);

    /* lists: only what every named lead allows */
    CHECK_OK(lp_identity_conflict_list(&out, engine, "ann"));
    CHECK(strcmp(out, "[]") == 0);
    lp_free(out);
    CHECK_OK(lp_lead_merge(&out, engine, "boss", bobs, mine, "one person"));
    lp_free(out);
    CHECK_OK(lp_merge_list(&out, engine, "bob", NULL));
    CHECK(count(out, "\"survivor\":") == 1);
    lp_free(out);
    CHECK_OK(lp_merge_list(&out, engine, "ann", NULL));
    CHECK(strcmp(out, "[]") == 0);
    lp_free(out);

    lp_engine_close(engine);
}
