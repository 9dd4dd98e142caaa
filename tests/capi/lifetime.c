/* Handles that outlive their engine: after lp_engine_close, an iterator opened on the engine
 * answers LP_ENGINE_CLOSED, whatever state it was in, until it is closed (docs: leadpool.h, the
 * README's "Closing an engine"). Run under ASan, the suite also shows that no call reads the
 * freed engine and that nothing leaks. */
#include "fixture.h"
#include "suites.h"

/* An iterator over the company's leads, two at a time, after capturing `leads` of them. */
static lp_lead_iter* open_walk(lp_engine* engine, int leads) {
    lp_lead_iter* iter = NULL;
    char* out = NULL;
    int i;
    for (i = 0; i < leads; ++i) {
        CHECK_OK(lp_lead_capture(
            &out, engine, "boss",
            fmt(0,
                "{\"identities\": [{\"kind\": \"device_id\", \"value\": \"life-%d\"}], \"channel\": \"app\"}",
                i)));
        lp_free(out);
    }
    CHECK_OK(lp_lead_iter_open(&iter, engine, "boss", NULL, 2));
    REQUIRE(iter != NULL);
    return iter;
}

static void check_closed(lp_lead_iter* iter) {
    char* page = (char*)&page; /* not NULL: the refusal must clear it */
    CHECK_FAILS(lp_lead_iter_next(&page, iter), LP_ENGINE_CLOSED, "engine is closed");
    CHECK(page == NULL);
    CHECK_FAILS(lp_lead_iter_next(&page, iter), LP_ENGINE_CLOSED, "lp_lead_iter_close");
    CHECK(page == NULL);
}

void test_handle_lifetime(void) {
    lp_engine* engine = open_company();
    lp_lead_iter* walking = open_walk(engine, 5);
    lp_lead_iter* finished = NULL;
    lp_lead_iter* untouched = NULL;
    char* page = NULL;

    /* one iterator half-way through, one at its end, one never read from */
    CHECK_OK(lp_lead_iter_next(&page, walking));
    CHECK(page != NULL && count(page, "\"version\":") == 2);
    lp_free(page);
    CHECK_OK(lp_lead_iter_open(&finished, engine, "boss", "{\"channel\": \"fax\"}", 10));
    REQUIRE(finished != NULL);
    CHECK_OK(lp_lead_iter_next(&page, finished));
    CHECK(page == NULL);
    CHECK_OK(lp_lead_iter_open(&untouched, engine, "boss", NULL, 10));
    REQUIRE(untouched != NULL);

    lp_engine_close(engine);

    check_closed(walking);
    check_closed(finished);
    lp_lead_iter_close(walking);
    lp_lead_iter_close(finished);
    lp_lead_iter_close(untouched); /* closed without another call: frees it all the same */
}
