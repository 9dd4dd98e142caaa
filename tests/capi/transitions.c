/* Transitions: single and batched moves, their refusals, can, and the history they leave. */
#include "fixture.h"
#include "suites.h"

void test_transitions(lp_engine* engine, long long east, long long west, long long li, long long wang,
                      long long version) {
    char* out = NULL;
    char* big;
    int can = -1;

    CHECK_FAILS(lp_lead_transition(&out, engine, "boss", fmt(0, "{\"lead\": %lld, \"action\": \"win\"}", li)),
                LP_ILLEGAL_TRANSITION, "win");
    CHECK_FAILS(lp_lead_transition(&out, engine, "boss", fmt(0, "{\"lead\": %lld, \"action\": \"fly\"}", li)),
                LP_INVALID_ARGUMENT, "action: unknown action 'fly'");
    CHECK_FAILS(
        lp_lead_transition(&out, engine, "boss", fmt(0, "{\"lead\": \"%lld\", \"action\": \"win\"}", li)),
        LP_INVALID_ARGUMENT, "lead: must be an integer");
    CHECK_FAILS(lp_lead_transition(&out, engine, "boss",
                                   "{\"lead\": 99999, \"action\": \"invalidate\", \"reason\": \"x\"}"),
                LP_NOT_FOUND, "99999");
    CHECK_FAILS(
        lp_lead_transition(
            &out, engine, "boss",
            fmt(0, "{\"lead\": %lld, \"action\": \"distribute\", \"to_pool\": %lld, \"expected_version\": 1}",
                li, east)),
        LP_CONFLICT, "version");
    CHECK_FAILS(lp_lead_transition(
                    &out, engine, "bob",
                    fmt(0, "{\"lead\": %lld, \"action\": \"distribute\", \"to_pool\": %lld}", li, west)),
                LP_NOT_FOUND, "no lead"); /* nothing to bob: as an unknown id */
    CHECK_OK(lp_lead_transition(&out, engine, "boss",
                                fmt(0,
                                    "{\"lead\": %lld, \"action\": \"distribute\", \"to_pool\": %lld, "
                                    "\"to_owner\": \"ann\", \"expected_version\": %lld}",
                                    li, east, version)));
    CHECK(contains(out, "\"tier\":\"sub\"") && contains(out, "\"owner\":\"ann\"") &&
          contains(out, "\"reached\":[\"master\",\"sub\"]"));
    lp_free(out);

    CHECK_OK(lp_lead_can(&can, engine, "ann", "qualify", li));
    CHECK(can == 1);
    CHECK_OK(lp_lead_can(&can, engine, "bob", "qualify", li));
    CHECK(can == 0);
    CHECK_OK(lp_lead_can(&can, engine, "ann", "report", 0)); /* organisation action: the id is ignored */
    CHECK(can == 1);
    CHECK_OK(lp_lead_can(&can, engine, "ann", "manage_org", -5));
    CHECK(can == 0);
    can = 7;
    CHECK_FAILS(lp_lead_can(&can, engine, "ann", "dance", li), LP_INVALID_ARGUMENT, "unknown action 'dance'");
    CHECK(can == 0);
    CHECK_FAILS(lp_lead_can(&can, engine, "stranger", "read", li), LP_PERMISSION_DENIED, "stranger");
    can = 7;
    CHECK_OK(lp_lead_can(&can, engine, "ann", "read", 99999)); /* no, as for a lead out of scope */
    CHECK(can == 0);

    CHECK_FAILS(
        lp_lead_transition_batch(
            &out, engine, "ann",
            fmt(0, "[{\"lead\": %lld, \"action\": \"qualify\"}, {\"lead\": %lld, \"action\": \"lose\"}]", li,
                li)),
        LP_INVALID_ARGUMENT, "reason");
    CHECK_OK(lp_lead_get(&out, engine, "ann", li));
    CHECK(contains(out, "\"tier\":\"sub\"")); /* the failed batch moved nothing */
    lp_free(out);
    CHECK_FAILS(lp_lead_transition_batch(&out, engine, "ann", "{}"), LP_INVALID_ARGUMENT,
                "must be a JSON array");
    big = repeated("{\"lead\": 1, \"action\": \"win\"}", 10001);
    CHECK_FAILS(lp_lead_transition_batch(&out, engine, "ann", big), LP_LIMIT_EXCEEDED, "at most 10000");
    free(big);
    CHECK_OK(lp_lead_transition_batch(
        &out, engine, "ann",
        fmt(0, "[{\"lead\": %lld, \"action\": \"qualify\"}, {\"lead\": %lld, \"action\": \"win\"}]", li,
            li)));
    CHECK(count(out, "\"id\":") == 2 && contains(out, "\"tier\":\"order\""));
    lp_free(out);
    CHECK_OK(lp_lead_transition(
        &out, engine, "boss",
        fmt(0, "{\"lead\": %lld, \"action\": \"invalidate\", \"reason\": \"spam\", \"to_owner\": null}",
            wang)));
    lp_free(out);

    /* history */
    CHECK_OK(lp_lead_history(&out, engine, "boss", li));
    CHECK(count(out, "\"seq\":") == 6 && contains(out, "\"action\":\"distribute\"") &&
          contains(out, "\"from\":{\"tier\":\"master\",\"pool\":1,\"owner\":null}") &&
          contains(out, "\"action\":\"win\""));
    lp_free(out);
    CHECK_FAILS(lp_lead_history(&out, engine, "boss", 99999), LP_NOT_FOUND, "99999");
    CHECK_FAILS(lp_lead_history(&out, engine, "bob", li), LP_NOT_FOUND, "no lead");
}
