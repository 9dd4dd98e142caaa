/* The library (version, statuses, the last error) and opening engines: every open error, and an
 * SQLite file that keeps its data. */
#include "fixture.h"
#include "suites.h"

void test_library(void) {
    const char* version = lp_version();
    REQUIRE(version != NULL);
    CHECK(strlen(version) >= 5 && strspn(version, "0123456789.") == strlen(version));
    CHECK(lp_abi_version() == LP_ABI_VERSION);
    CHECK(lp_last_error() != NULL);
    CHECK(strcmp(lp_status_name(LP_OK), "ok") == 0);
    CHECK(strcmp(lp_status_name(LP_INVALID_ARGUMENT), "invalid_argument") == 0);
    CHECK(strcmp(lp_status_name(LP_NOT_FOUND), "not_found") == 0);
    CHECK(strcmp(lp_status_name(LP_PERMISSION_DENIED), "permission_denied") == 0);
    CHECK(strcmp(lp_status_name(LP_ILLEGAL_TRANSITION), "illegal_transition") == 0);
    CHECK(strcmp(lp_status_name(LP_CONFLICT), "conflict") == 0);
    CHECK(strcmp(lp_status_name(LP_STORAGE), "storage") == 0);
    CHECK(strcmp(lp_status_name(LP_LIMIT_EXCEEDED), "limit_exceeded") == 0);
    CHECK(strcmp(lp_status_name(LP_BUSY), "busy") == 0);
    CHECK(strcmp(lp_status_name(LP_INTERNAL), "internal") == 0);
    CHECK(strcmp(lp_status_name(LP_ENGINE_CLOSED), "engine_closed") == 0);
    CHECK(strcmp(lp_status_name(LP_SUPPRESSED), "suppressed") == 0);
    CHECK(strcmp(lp_status_name((lp_status)42), "unknown") == 0);
    lp_free(NULL);
    lp_engine_close(NULL);
    lp_lead_iter_close(NULL);
}

void test_open_errors(const char* path) {
    lp_engine* engine = (lp_engine*)&engine; /* not NULL: a failed open must clear it */
    char* deep;

    CHECK_FAILS(lp_engine_open(NULL, "memory:", NULL), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_engine_open(&engine, NULL, NULL), LP_INVALID_ARGUMENT, "storage_uri is NULL");
    CHECK(engine == NULL);
    CHECK_FAILS(lp_engine_open(&engine, "mysql://db.example/leads", NULL), LP_INVALID_ARGUMENT,
                "scheme 'mysql:' is not built in");
    /* Refused before any connection is tried (or, in a build without the PostgreSQL store, as a
     * scheme not built in). */
    CHECK_FAILS(lp_engine_open(&engine, "postgresql://db.example/leads?schema=Bad-Name", NULL),
                LP_INVALID_ARGUMENT, "");
    CHECK_FAILS(lp_engine_open(&engine, "leads.db", NULL), LP_INVALID_ARGUMENT, "names no scheme");
    CHECK_FAILS(lp_engine_open(&engine, "sqlite:", NULL), LP_INVALID_ARGUMENT, "needs a file path");
    CHECK_FAILS(lp_engine_open(&engine, "memory:", "{"), LP_INVALID_ARGUMENT, "options: malformed JSON");
    CHECK_FAILS(lp_engine_open(&engine, "memory:", "[]"), LP_INVALID_ARGUMENT,
                "options: must be a JSON object");
    CHECK_FAILS(lp_engine_open(&engine, "memory:", "{\"colour\": 1}"), LP_INVALID_ARGUMENT,
                "options.colour: unknown field");
    CHECK_FAILS(lp_engine_open(&engine, "memory:", "{\"manual_clock_ms\": \"now\"}"), LP_INVALID_ARGUMENT,
                "options.manual_clock_ms: must be an integer");
    CHECK_FAILS(lp_engine_open(&engine, "memory:", "{\"manual_clock_ms\": 1.5}"), LP_INVALID_ARGUMENT,
                "options.manual_clock_ms");
    CHECK_FAILS(lp_engine_open(&engine, "memory:", "{\"busy_timeout_ms\": -1}"), LP_INVALID_ARGUMENT,
                "options.busy_timeout_ms");
    CHECK_FAILS(lp_engine_open(&engine, "memory:", "{\"synchronous\": \"sometimes\"}"), LP_INVALID_ARGUMENT,
                "options.synchronous");
    deep = nested_arrays(10000);
    CHECK_FAILS(lp_engine_open(&engine, "memory:", deep), LP_LIMIT_EXCEEDED, "options: nests deeper than");
    free(deep);
    CHECK_FAILS(lp_engine_open(&engine, fmt(0, "sqlite:%s.missing-dir/x.db", path), NULL), LP_STORAGE, "");
    CHECK(engine == NULL);

    /* An engine on the system clock cannot have its time set. */
    CHECK_OK(lp_engine_open(&engine, "memory:", NULL));
    REQUIRE(engine != NULL);
    CHECK_FAILS(lp_engine_set_time(engine, 0), LP_INVALID_ARGUMENT, "system clock");
    CHECK_FAILS(lp_engine_set_time(NULL, 0), LP_INVALID_ARGUMENT, "engine is NULL");
    lp_engine_close(engine);
}

void test_sqlite(const char* path) {
    lp_engine* engine = NULL;
    char* out = NULL;
    long long id;
    const char* uri = fmt(1, "sqlite:%s", path);

    remove_database(path);
    CHECK_OK(lp_engine_open(
        &engine, uri,
        "{\"synchronous\": \"normal\", \"busy_timeout_ms\": 1000, \"manual_clock_ms\": 1767225600000}"));
    REQUIRE(engine != NULL);
    CHECK_OK(lp_org_initialize(engine, kBoss, "sales_led"));
    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             "{\"identities\": [{\"kind\": \"external_id\", \"value\": \"c-9\", \"scope\": "
                             "\"erp\"}], \"channel\": \"import\","
                             " \"attributes\": {\"company\": \"ACME\"}}"));
    id = int_field(out, "id");
    lp_free(out);
    lp_engine_close(engine);

    engine = NULL;
    CHECK_OK(lp_engine_open(&engine, uri, NULL));
    REQUIRE(engine != NULL);
    CHECK_OK(lp_stage_get(&out, engine));
    CHECK(contains(out, "\"stage\":\"sales_led\""));
    lp_free(out);
    CHECK_OK(lp_lead_find(&out, engine, "boss",
                          "{\"kind\": \"external_id\", \"value\": \"c-9\", \"scope\": \"erp\"}"));
    CHECK(int_field(out, "id") == id && contains(out, "\"company\":\"ACME\"") &&
          int_field(out, "created_at") == 1767225600000LL);
    lp_free(out);
    CHECK_FAILS(lp_engine_set_time(engine, 5), LP_INVALID_ARGUMENT, "system clock");
    lp_engine_close(engine);
    remove_database(path);
}
