/* An installed-leadpool consumer in C99: opens "memory:", sets up a company, captures a lead and
 * asks for the funnel. Every status must be LP_OK and the funnel must count the lead. Built twice
 * by the install_consumer test: through find_package (leadpool::capi) and through pkg-config. */
#include <leadpool.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check(lp_status status, const char* what) {
    if (status != LP_OK) {
        fprintf(stderr, "%s failed: %s: %s\n", what, lp_status_name(status), lp_last_error());
        return 0;
    }
    return 1;
}

int main(void) {
    lp_engine* engine = NULL;
    char* captured = NULL;
    char* funnel = NULL;
    int ok = 0;

    if (lp_abi_version() != LP_ABI_VERSION) {
        fprintf(stderr, "ABI %d loaded, header is ABI %d\n", lp_abi_version(), LP_ABI_VERSION);
        return 1;
    }
    if (check(lp_engine_open(&engine, "memory:", NULL), "lp_engine_open") &&
        check(lp_org_initialize(engine, "{\"id\": \"boss\", \"name\": \"Boss\", \"roles\": [\"director\"]}",
                                "factory_led"),
              "lp_org_initialize") &&
        check(lp_lead_capture(&captured, engine, "boss",
                              "{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000001\"}],"
                              " \"channel\": \"web\"}"),
              "lp_lead_capture") &&
        check(lp_funnel_report(&funnel, engine, "boss", NULL), "lp_funnel_report")) {
        printf("leadpool %s (C): funnel %s\n", lp_version(), funnel);
        /* "leads" is a member of the funnel object only (tiers and conversions name theirs
         * otherwise); the library writes compact JSON. */
        const char* leads = strstr(funnel, "\"leads\":");
        ok = leads != NULL && strtol(leads + strlen("\"leads\":"), NULL, 10) == 1;
        if (!ok) fprintf(stderr, "expected the funnel to count 1 lead\n");
    }
    lp_free(funnel);
    lp_free(captured);
    lp_engine_close(engine);
    return ok ? 0 : 1;
}
