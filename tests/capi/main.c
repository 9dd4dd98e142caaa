/* The C ABI from a plain C99 host: every function of leadpool.h, and each error path at least
 * once. Usage: capi_test PATH — PATH is a scratch SQLite file (removed before and after). Prints
 * each failed check with its line and exits non-zero when any failed. */
#include "fixture.h"
#include "suites.h"

int main(int argc, char** argv) {
    lp_engine* engine = NULL;
    long long east = 0, west = 0, li = 0, wang = 0, version = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: %s SCRATCH_DATABASE_PATH\n", argv[0]);
        return 2;
    }
    test_library();
    test_open_errors(argv[1]);

    /* one memory engine, one story: organisation, pools, leads, their moves and the lists */
    CHECK_OK(lp_engine_open(&engine, "memory:", fmt(0, "{\"manual_clock_ms\": %s}", kStart)));
    REQUIRE(engine != NULL);
    test_null_arguments(engine);
    test_organisation(engine);
    test_pools(engine, &east, &west);
    test_leads(engine, &li, &wang, &version);
    test_transitions(engine, east, west, li, wang, version);
    test_funnel(engine, east);
    test_lists(engine);
    lp_engine_close(engine);

    test_ingest();
    test_merges();
    test_identity_rules();
    test_conflict_review();
    test_normalize();
    test_scope();
    test_handle_lifetime();
    test_change_feed();
    test_personal_data();
    test_referrals();
    test_scoring();

    test_sqlite(argv[1]);
    test_pool_mechanics(argv[1]);
    test_guards();

    if (failures > 0) {
        fprintf(stderr, "capi_test: %d of %d check(s) failed\n", failures, checks);
        return 1;
    }
    printf("capi_test: all %d checks passed\n", checks);
    return 0;
}
