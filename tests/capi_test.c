/* The C ABI from a plain C99 host: every function of leadpool.h, and each error path at least
 * once. Usage: capi_test PATH — PATH is a scratch SQLite file (removed before and after). Prints
 * each failed check with its line and exits non-zero when any failed. */
#include <leadpool.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                                                   \
    do {                                                                                              \
        if (!(cond)) {                                                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n  last error: %s\n", __FILE__, __LINE__, #cond, \
                    lp_last_error());                                                                 \
            ++failures;                                                                               \
        }                                                                                             \
    } while (0)

/* For checks the rest of the run depends on. */
#define REQUIRE(cond)                                                                                   \
    do {                                                                                                \
        if (!(cond)) {                                                                                  \
            fprintf(stderr, "%s:%d: REQUIRE failed: %s\n  last error: %s\n", __FILE__, __LINE__, #cond, \
                    lp_last_error());                                                                   \
            exit(1);                                                                                    \
        }                                                                                               \
    } while (0)

/* A call that succeeds, and leaves the last error empty. */
#define CHECK_OK(call)                                                                \
    do {                                                                              \
        lp_status check_status_ = (call);                                             \
        if (check_status_ != LP_OK || lp_last_error()[0] != '\0') {                   \
            fprintf(stderr, "%s:%d: %s returned %s: %s\n", __FILE__, __LINE__, #call, \
                    lp_status_name(check_status_), lp_last_error());                  \
            ++failures;                                                               \
        }                                                                             \
    } while (0)

/* A call that fails with `status`, and a last error that mentions `fragment`. */
#define CHECK_FAILS(call, status, fragment)                                                                  \
    do {                                                                                                     \
        lp_status check_status_ = (call);                                                                    \
        if (check_status_ != (status) || strstr(lp_last_error(), (fragment)) == NULL) {                      \
            fprintf(stderr, "%s:%d: %s returned %s (%s), expected %s mentioning \"%s\"\n", __FILE__,         \
                    __LINE__, #call, lp_status_name(check_status_), lp_last_error(), lp_status_name(status), \
                    (fragment));                                                                             \
            ++failures;                                                                                      \
        }                                                                                                    \
    } while (0)

static const char* const kStart = "1767225600000"; /* 2026-01-01T00:00:00Z */

/* printf into a buffer that lives until the next call with the same slot (0..3). */
static const char* fmt(int slot, const char* format, ...) {
    static char buffers[4][512];
    va_list args;
    va_start(args, format);
    vsnprintf(buffers[slot], sizeof buffers[slot], format, args);
    va_end(args);
    return buffers[slot];
}

static int contains(const char* text, const char* fragment) {
    return text != NULL && strstr(text, fragment) != NULL;
}

/* The integer after the first "key": in a JSON text; -1 when there is none. */
static long long int_field(const char* json, const char* key) {
    char pattern[64];
    const char* at;
    sprintf(pattern, "\"%s\":", key);
    at = json ? strstr(json, pattern) : NULL;
    return at ? strtoll(at + strlen(pattern), NULL, 10) : -1;
}

static int count(const char* text, const char* fragment) {
    int n = 0;
    const char* at = text;
    while (at != NULL && (at = strstr(at, fragment)) != NULL) {
        ++n;
        at += strlen(fragment);
    }
    return n;
}

/* A JSON array of `n` copies of `item`, malloc'd. */
static char* repeated(const char* item, size_t n) {
    size_t item_length = strlen(item), i;
    char* text = malloc(n * (item_length + 1) + 3);
    char* end = text;
    REQUIRE(text != NULL);
    *end++ = '[';
    for (i = 0; i < n; ++i) {
        if (i > 0) *end++ = ',';
        memcpy(end, item, item_length);
        end += item_length;
    }
    *end++ = ']';
    *end = '\0';
    return text;
}

/* `levels` nested arrays, [[[...]]], malloc'd. */
static char* nested_arrays(size_t levels) {
    char* text = malloc(2 * levels + 1);
    REQUIRE(text != NULL);
    memset(text, '[', levels);
    memset(text + levels, ']', levels);
    text[2 * levels] = '\0';
    return text;
}

/* A capture input whose attributes nest `levels` objects deep, malloc'd. */
static char* deep_input(size_t levels) {
    const char* head =
        "{\"identities\": [{\"kind\": \"phone\", \"value\": \"13900000000\"}], \"channel\": \"web\", "
        "\"attributes\": ";
    char* text = malloc(strlen(head) + levels * 6 + 8);
    size_t i;
    REQUIRE(text != NULL);
    strcpy(text, head);
    for (i = 1; i < levels; ++i) strcat(text, "{\"a\":");
    strcat(text, "{}");
    for (i = 1; i < levels; ++i) strcat(text, "}");
    strcat(text, "}");
    return text;
}

static void remove_database(const char* path) {
    remove(path);
    remove(fmt(3, "%s-wal", path));
    remove(fmt(3, "%s-shm", path));
}

static const char* kBoss =
    "{\"id\": \"boss\", \"name\": \"The Boss\", \"department\": \"management\", \"roles\": [\"director\"]}";

static void test_library(void) {
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
    CHECK(strcmp(lp_status_name((lp_status)42), "unknown") == 0);
    lp_free(NULL);
    lp_engine_close(NULL);
    lp_lead_iter_close(NULL);
}

static void test_open_errors(const char* path) {
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

/* Every function refuses a NULL engine, actor or out without crashing. */
static void test_null_arguments(lp_engine* engine) {
    char* out = (char*)&out;
    int can = 7;
    lp_lead_iter* iter = (lp_lead_iter*)&iter;

    CHECK_FAILS(lp_org_initialize(NULL, kBoss, "factory_led"), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_org_initialize(engine, NULL, "factory_led"), LP_INVALID_ARGUMENT,
                "first_user_json is NULL");
    CHECK_FAILS(lp_org_initialize(engine, kBoss, NULL), LP_INVALID_ARGUMENT, "stage is NULL");
    CHECK_FAILS(lp_stage_get(NULL, engine), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_stage_get(&out, NULL), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK(out == NULL);
    CHECK_FAILS(lp_stage_set(engine, NULL, "sales_led"), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_policy_get(&out, engine, NULL), LP_INVALID_ARGUMENT, "stage is NULL");
    CHECK_FAILS(lp_policy_defaults(NULL), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_policy_set(engine, "boss", "sales_led", NULL), LP_INVALID_ARGUMENT, "policy_json is NULL");
    CHECK_FAILS(lp_policy_reset(NULL, "boss", "sales_led"), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_org_history(&out, engine, NULL), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_user_add(engine, "boss", NULL), LP_INVALID_ARGUMENT, "user_json is NULL");
    CHECK_FAILS(lp_user_update(NULL, "boss", "{}"), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_user_get(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT, "user_id is NULL");
    CHECK_FAILS(lp_user_list(NULL, engine, "boss"), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_pool_create(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT, "spec_json is NULL");
    CHECK_FAILS(lp_pool_update(&out, engine, NULL, 2, "{\"name\": \"x\"}"), LP_INVALID_ARGUMENT,
                "actor is NULL");
    CHECK_FAILS(lp_pool_move(&out, NULL, "boss", 2, 0), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_pool_get(NULL, engine, "boss", 1), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_pool_list(&out, engine, NULL), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_lead_capture(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT, "input_json is NULL");
    CHECK_FAILS(lp_lead_capture_batch(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT,
                "inputs_json is NULL");
    CHECK_FAILS(lp_lead_get(&out, NULL, "boss", 1), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_lead_find(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT, "identity_json is NULL");
    CHECK_FAILS(lp_lead_list(&out, engine, NULL, NULL, NULL), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_lead_iter_open(NULL, engine, "boss", NULL, 10), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_lead_iter_open(&iter, NULL, "boss", NULL, 10), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK(iter == NULL);
    CHECK_FAILS(lp_lead_iter_next(&out, NULL), LP_INVALID_ARGUMENT, "iter is NULL");
    CHECK_FAILS(lp_lead_iter_next(NULL, NULL), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_lead_update(&out, engine, "boss", 1, NULL), LP_INVALID_ARGUMENT, "update_json is NULL");
    CHECK_FAILS(lp_lead_history(&out, engine, NULL, 1), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_lead_transition(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT, "request_json is NULL");
    CHECK_FAILS(lp_lead_transition_batch(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT,
                "requests_json is NULL");
    CHECK_FAILS(lp_lead_can(NULL, engine, "boss", "read", 1), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_lead_can(&can, engine, "boss", NULL, 1), LP_INVALID_ARGUMENT, "action is NULL");
    CHECK(can == 0);
    CHECK_FAILS(lp_funnel_report(&out, NULL, "boss", NULL), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK(out == NULL);
    CHECK_FAILS(lp_lead_ingest(NULL, engine, "boss", "[]", NULL), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_lead_ingest(&out, engine, "boss", NULL, NULL), LP_INVALID_ARGUMENT, "records is NULL");
    CHECK_FAILS(lp_lead_ingest(&out, engine, NULL, "[]", NULL), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_lead_merge(&out, NULL, "boss", 1, 2, NULL), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_lead_merge(&out, engine, NULL, 1, 2, NULL), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_lead_unmerge(NULL, engine, "boss", 1, NULL), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_lead_unmerge(&out, engine, NULL, 1, NULL), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_merge_list(&out, engine, NULL, NULL), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_identity_conflict_list(&out, NULL, "boss"), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_lead_events(NULL, engine, "boss", 1), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_lead_attribute_history(&out, engine, NULL, 1, NULL), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_identity_rules_get(&out, NULL), LP_INVALID_ARGUMENT, "engine is NULL");
    CHECK_FAILS(lp_identity_rules_set(engine, "boss", NULL), LP_INVALID_ARGUMENT, "rules_json is NULL");
    CHECK_FAILS(lp_identity_rules_set(engine, NULL, "{}"), LP_INVALID_ARGUMENT, "actor is NULL");
    CHECK_FAILS(lp_identity_normalize(NULL, "{}", NULL), LP_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(lp_identity_normalize(&out, NULL, NULL), LP_INVALID_ARGUMENT, "identity_json is NULL");
    CHECK(out == NULL);
}

static void test_organisation(lp_engine* engine) {
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
static void test_pools(lp_engine* engine, long long* east, long long* west) {
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

static void test_leads(lp_engine* engine, long long east, long long west) {
    char* out = NULL;
    char* big;
    int can = -1;
    long long li, wang, version, survivor, absorbed;
    const char* phone = "{\"kind\": \"phone\", \"value\": \"13800000001\"}";

    /* capture */
    CHECK_OK(lp_lead_capture(
        &out, engine, "boss",
        "{\"identities\": [{\"kind\": \"phone\", \"value\": \" 13800000001 \"}], \"channel\": \"web\","
        " \"attributes\": {\"name\": \"Li\", \"utm\": {\"term\": \"crm\"}},"
        " \"attribution\": {\"source\": \"baidu\"}, \"tags\": [\"vip\"]}"));
    CHECK(contains(out, "\"created\":true") && contains(out, "\"tier\":\"master\"") &&
          contains(out, "\"utm\":{\"term\":\"crm\"}") && contains(out, "\"owner\":null") &&
          contains(out, fmt(0, "\"created_at\":%s", kStart)));
    li = int_field(out, "id");
    CHECK(li > 0);
    lp_free(out);
    CHECK_OK(lp_engine_set_time(engine, 1767225600000LL + 1000));
    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             "{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000001\"},"
                             " {\"kind\": \"email\", \"value\": \"Li@Example.com\"}], \"channel\": \"shop\","
                             " \"attributes\": {\"city\": \"Hangzhou\"}}"));
    CHECK(contains(out, "\"created\":false") && int_field(out, "id") == li &&
          contains(out, "\"city\":\"Hangzhou\"") && contains(out, "\"channels\":[\"web\",\"shop\"]") &&
          int_field(out, "updated_at") == 1767225601000LL);
    lp_free(out);
    CHECK_OK(lp_lead_capture(
        &out, engine, "boss",
        "{\"identities\": [{\"kind\": \"wechat_openid\", \"value\": \"o-1\", \"scope\": \"wx\"}],"
        " \"channel\": \"wechat\"}"));
    wang = int_field(out, "id");
    CHECK(contains(out, "\"scope\":\"wx\""));
    lp_free(out);

    CHECK_FAILS(lp_lead_capture(&out, engine, "boss", "{\"identities\": ["), LP_INVALID_ARGUMENT,
                "lead input: malformed JSON");
    CHECK_FAILS(lp_lead_capture(&out, engine, "boss", "[]"), LP_INVALID_ARGUMENT, "must be a JSON object");
    CHECK_FAILS(
        lp_lead_capture(&out, engine, "boss", "{\"identities\": [], \"channel\": \"web\", \"source\": 1}"),
        LP_INVALID_ARGUMENT, "source: unknown field");
    CHECK_FAILS(
        lp_lead_capture(&out, engine, "boss",
                        "{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000011\"}, {\"kind\": "
                        "\"fax\", \"value\": \"057188880000\"}],"
                        " \"channel\": \"web\"}"),
        LP_INVALID_ARGUMENT, "identities[1].kind: unknown identity kind 'fax'");
    CHECK_FAILS(lp_lead_capture(&out, engine, "boss", "{\"identities\": [], \"channel\": \"web\"}"),
                LP_INVALID_ARGUMENT, "identities");
    CHECK_FAILS(lp_lead_capture(&out, engine, "boss", "{\"identities\": [], \"channel\": [\"web\"]}"),
                LP_INVALID_ARGUMENT, "channel: must be a string");
    CHECK_FAILS(
        lp_lead_capture(&out, engine, "boss",
                        "{\"identities\": [{\"kind\": \"phone\", \"value\": \"\xff\"}], \"channel\": \"w\"}"),
        LP_INVALID_ARGUMENT, "malformed JSON");
    CHECK_FAILS(lp_lead_capture(&out, engine, "stranger",
                                fmt(0, "{\"identities\": [%s], \"channel\": \"web\"}", phone)),
                LP_PERMISSION_DENIED, "stranger");
    CHECK_FAILS(
        lp_lead_capture(&out, engine, "boss",
                        "{\"identities\": [{\"kind\": \"phone\", \"value\": \"12\"}], \"channel\": \"web\"}"),
        LP_INVALID_ARGUMENT, "3..15 digits");
    CHECK_FAILS(lp_lead_capture(&out, engine, "boss",
                                "{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000001\"},"
                                " {\"kind\": \"phone\", \"value\": \"11111111111\"}], \"channel\": \"web\"}"),
                LP_INVALID_ARGUMENT, "blocked");
    big = deep_input(65);
    CHECK_FAILS(lp_lead_capture(&out, engine, "boss", big), LP_LIMIT_EXCEEDED, "nests deeper than 64");
    free(big);
    big = deep_input(64);
    CHECK_OK(lp_lead_capture(&out, engine, "boss", big));
    lp_free(out);
    free(big);

    /* capture batches: in order, all or nothing, at most 10000 items */
    CHECK_OK(lp_lead_capture_batch(
        &out, engine, "boss",
        "[{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000002\"}], \"channel\": \"web\"},"
        " {\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000003\"}], \"channel\": \"web\"}]"));
    CHECK(count(out, "\"created\":true") == 2);
    lp_free(out);
    CHECK_FAILS(
        lp_lead_capture_batch(
            &out, engine, "boss",
            "[{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000009\"}], \"channel\": \"web\"},"
            " {\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000010\"}]}]"),
        LP_INVALID_ARGUMENT, "[1]: 'channel' is required");
    CHECK_FAILS(
        lp_lead_capture_batch(
            &out, engine, "boss",
            "[{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000009\"}], \"channel\": \"web\"},"
            " {\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000010\"}], \"channel\": \" \"}]"),
        LP_INVALID_ARGUMENT, "batch item 1");
    CHECK_OK(lp_lead_find(&out, engine, "boss", "{\"kind\": \"phone\", \"value\": \"13800000009\"}"));
    CHECK(out != NULL && strcmp(out, "null") == 0); /* the failed batch wrote nothing */
    lp_free(out);
    big = repeated(
        "{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000012\"}], \"channel\": \"w\"}", 10001);
    CHECK_FAILS(lp_lead_capture_batch(&out, engine, "boss", big), LP_LIMIT_EXCEEDED, "at most 10000");
    free(big);

    /* identities of two leads in one capture merge them: the older survives, the other's id names it */
    CHECK_OK(lp_lead_find(&out, engine, "boss", "{\"kind\": \"phone\", \"value\": \"13800000003\"}"));
    absorbed = int_field(out, "id");
    lp_free(out);
    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             "{\"identities\": [{\"kind\": \"phone\", \"value\": \"138-0000-0002\"},"
                             " {\"kind\": \"phone\", \"value\": \"13800000003\"}], \"channel\": \"app\"}"));
    survivor = int_field(out, "id");
    CHECK(contains(out, "\"created\":false") && survivor > 0 && survivor < absorbed &&
          contains(out, "{\"kind\":\"phone\",\"value\":\"13800000003\"}") &&
          contains(out, "\"channels\":[\"web\",\"app\"]"));
    lp_free(out);
    CHECK_OK(lp_lead_get(&out, engine, "boss", absorbed));
    CHECK(int_field(out, "id") == survivor);
    lp_free(out);

    /* get and find */
    CHECK_OK(lp_lead_get(&out, engine, "boss", li));
    CHECK(int_field(out, "id") == li &&
          contains(out, "\"identities\":[{\"kind\":\"phone\",\"value\":\"13800000001\"}"));
    lp_free(out);
    CHECK_FAILS(lp_lead_get(&out, engine, "boss", 99999), LP_NOT_FOUND, "99999");
    CHECK_FAILS(lp_lead_get(&out, engine, "ann", li), LP_PERMISSION_DENIED, "ann");
    CHECK_OK(lp_lead_find(&out, engine, "boss", "{\"kind\": \"email\", \"value\": \"li@example.com\"}"));
    CHECK(int_field(out, "id") == li);
    lp_free(out);
    CHECK_OK(lp_lead_find(&out, engine, "ann", phone));
    CHECK(out != NULL && strcmp(out, "null") == 0); /* ann may not read it: as if there were none */
    lp_free(out);
    CHECK_FAILS(lp_lead_find(&out, engine, "boss", "{\"kind\": \"phone\"}"), LP_INVALID_ARGUMENT,
                "'value' is required");

    /* update */
    CHECK_OK(lp_lead_update(
        &out, engine, "boss", li,
        "{\"attributes\": {\"budget\": 5}, \"add_tags\": [\"hot\"], \"remove_tags\": [\"vip\"]}"));
    version = int_field(out, "version");
    CHECK(contains(out, "\"budget\":5") && contains(out, "\"tags\":[\"hot\"]") && version == 3);
    lp_free(out);
    CHECK_FAILS(lp_lead_update(&out, engine, "boss", li, "{\"expected_version\": 1}"), LP_CONFLICT,
                "version");
    CHECK_FAILS(lp_lead_update(&out, engine, "boss", li, "{\"attributes\": [1]}"), LP_INVALID_ARGUMENT,
                "attributes: must be a JSON object");
    CHECK_FAILS(lp_lead_update(&out, engine, "boss", 99999, "{}"), LP_NOT_FOUND, "99999");

    /* transitions */
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
                LP_PERMISSION_DENIED, "bob");
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
    CHECK_FAILS(lp_lead_can(&can, engine, "ann", "read", 99999), LP_NOT_FOUND, "99999");

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
    CHECK_FAILS(lp_lead_history(&out, engine, "bob", li), LP_PERMISSION_DENIED, "bob");

    /* funnel */
    CHECK_OK(lp_funnel_report(&out, engine, "boss", NULL));
    /* li, wang, the deep-attributes lead and the two batch leads merged into one */
    CHECK(int_field(out, "leads") == 4 && contains(out, "{\"tier\":\"order\",\"at\":1,\"reached\":1}") &&
          contains(out, "\"main_line_conversion\":0.25") && count(out, "\"rate\":") == 3);
    lp_free(out);
    CHECK_OK(lp_funnel_report(&out, engine, "boss",
                              fmt(0, "{\"pool\": %lld, \"owner\": null, \"captured_from\": 0}", east)));
    CHECK(int_field(out, "leads") == 1);
    lp_free(out);
    CHECK_FAILS(lp_funnel_report(&out, engine, "boss", "{\"pool\": 999}"), LP_NOT_FOUND, "999");
    CHECK_FAILS(lp_funnel_report(&out, engine, "boss", "{\"tier\": \"order\"}"), LP_INVALID_ARGUMENT,
                "tier: unknown field");
    CHECK_FAILS(lp_funnel_report(&out, engine, "stranger", NULL), LP_PERMISSION_DENIED, "stranger");
    CHECK(out == NULL);
}

static void test_lists(lp_engine* engine) {
    char* out = NULL;
    char* page = NULL;
    lp_lead_iter* iter = NULL;
    int pages = 0, leads = 0, i;
    long long after;

    for (i = 0; i < 7; ++i) {
        CHECK_OK(lp_lead_capture(
            &out, engine, "boss",
            fmt(0, "{\"identities\": [{\"kind\": \"device_id\", \"value\": \"d-%d\"}], \"channel\": \"app\"}",
                i)));
        lp_free(out);
    }

    CHECK_OK(lp_lead_list(&out, engine, "boss", NULL, NULL));
    CHECK(count(out, "\"version\":") == 11 && contains(out, "\"next_after\":null"));
    lp_free(out);
    CHECK_OK(
        lp_lead_list(&out, engine, "boss", "{\"channel\": \"app\", \"tier\": \"master\"}", "{\"limit\": 5}"));
    CHECK(count(out, "\"version\":") == 5);
    after = int_field(out, "next_after");
    CHECK(after > 0);
    lp_free(out);
    CHECK_OK(lp_lead_list(&out, engine, "boss", "{\"channel\": \"app\"}",
                          fmt(0, "{\"after\": %lld, \"limit\": 5}", after)));
    CHECK(count(out, "\"version\":") == 2 && contains(out, "\"next_after\":null"));
    lp_free(out);
    CHECK_FAILS(lp_lead_list(&out, engine, "boss", NULL, "{\"limit\": 5000}"), LP_INVALID_ARGUMENT,
                "limit: must be 1..1000");
    CHECK_FAILS(lp_lead_list(&out, engine, "boss", "{\"colour\": \"red\"}", NULL), LP_INVALID_ARGUMENT,
                "colour: unknown field");
    CHECK_FAILS(lp_lead_list(&out, engine, "boss", "{\"tier\": \"attic\"}", NULL), LP_INVALID_ARGUMENT,
                "tier: unknown tier 'attic'");
    CHECK_FAILS(lp_lead_list(&out, engine, "boss", "{\"pool\": 999}", NULL), LP_NOT_FOUND, "999");
    CHECK_FAILS(lp_lead_list(&out, engine, "stranger", NULL, NULL), LP_PERMISSION_DENIED, "stranger");
    CHECK(out == NULL);

    /* the iterator walks 7 leads 3 at a time: pages of 3, 3 and 1, then NULL (and NULL again) */
    CHECK_OK(lp_lead_iter_open(&iter, engine, "boss", "{\"channel\": \"app\"}", 3));
    REQUIRE(iter != NULL);
    for (;;) {
        CHECK_OK(lp_lead_iter_next(&page, iter));
        if (page == NULL) break;
        ++pages;
        leads += count(page, "\"version\":");
        CHECK(page[0] == '[');
        lp_free(page);
        REQUIRE(pages < 10);
    }
    CHECK(pages == 3 && leads == 7);
    CHECK_OK(lp_lead_iter_next(&page, iter));
    CHECK(page == NULL);
    lp_lead_iter_close(iter);

    /* nothing to walk: the first page is already the end */
    CHECK_OK(lp_lead_iter_open(&iter, engine, "boss", "{\"channel\": \"fax\"}", 1000));
    CHECK_OK(lp_lead_iter_next(&page, iter));
    CHECK(page == NULL);
    lp_lead_iter_close(iter);

    iter = (lp_lead_iter*)&iter;
    CHECK_FAILS(lp_lead_iter_open(&iter, engine, "boss", NULL, 0), LP_INVALID_ARGUMENT,
                "page_size: must be 1..1000");
    CHECK(iter == NULL);
    CHECK_FAILS(lp_lead_iter_open(&iter, engine, "boss", NULL, 1001), LP_INVALID_ARGUMENT, "page_size");
    CHECK_FAILS(lp_lead_iter_open(&iter, engine, "stranger", NULL, 10), LP_PERMISSION_DENIED, "stranger");
    CHECK_FAILS(lp_lead_iter_open(&iter, engine, "boss", "{\"pool\": 999}", 10), LP_NOT_FOUND, "999");
    CHECK_FAILS(lp_lead_iter_open(&iter, engine, "boss", "{\"pool\": \"east\"}", 10), LP_INVALID_ARGUMENT,
                "pool: must be an integer");
    CHECK(iter == NULL);
}

/* A fresh factory-led pool on a manual clock: boss (director) and ann (salesperson). */
static lp_engine* open_company(void) {
    lp_engine* engine = NULL;
    CHECK_OK(lp_engine_open(&engine, "memory:", fmt(0, "{\"manual_clock_ms\": %s}", kStart)));
    REQUIRE(engine != NULL);
    CHECK_OK(lp_org_initialize(engine, kBoss, "factory_led"));
    CHECK_OK(
        lp_user_add(engine, "boss", "{\"id\": \"ann\", \"name\": \"Ann\", \"roles\": [\"salesperson\"]}"));
    return engine;
}

/* The id of the lead holding `identity_json`, or -1. */
static long long lead_of(lp_engine* engine, const char* identity_json) {
    char* out = NULL;
    long long id;
    CHECK_OK(lp_lead_find(&out, engine, "boss", identity_json));
    id = int_field(out, "id");
    lp_free(out);
    return id;
}

/* Where `fragment` first occurs in `text`, as an offset; -1 when it does not. */
static long position(const char* text, const char* fragment) {
    const char* at = text ? strstr(text, fragment) : NULL;
    return at ? (long)(at - text) : -1;
}

static void test_ingest(void) {
    lp_engine* engine = open_company();
    char* out = NULL;
    long long li;

    /* three channels of one person: one lead, whatever the spelling of the phone number */
    CHECK_OK(lp_lead_ingest(
        &out, engine, "boss",
        "[{\"channel\": \"web\", \"record_id\": \"w-1\", \"identities\": [{\"kind\": \"phone\", \"value\": "
        "\"138 0000 0001\"}], \"attributes\": {\"city\": \"Hangzhou\"},"
        " \"events\": [{\"type\": \"page_view\", \"payload\": {\"path\": \"/pricing\"}}]},"
        " {\"channel\": \"shop\", \"record_id\": \"s-1\", \"identities\": [{\"kind\": \"phone\", \"value\": "
        "\"138-0000-0001\"}, {\"kind\": \"email\", \"value\": \"Li@Example.com\"}],"
        " \"attributes\": {\"city\": \"Shanghai\"}, \"events\": [{\"type\": \"order_paid\"}]},"
        " {\"channel\": \"wechat_mini_program\", \"identities\": [{\"kind\": \"email\", \"value\": "
        "\"li@example.com\"}, {\"kind\": \"wechat_openid\", \"value\": \"o-1\", \"scope\": \"wx\"}]}]",
        NULL));
    li = int_field(out, "lead");
    CHECK(li > 0 && count(out, fmt(0, "\"lead\":%lld", li)) == 3);
    CHECK(position(out, "\"outcome\":\"created\"") >= 0 &&
          position(out, "\"outcome\":\"created\"") < position(out, "\"outcome\":\"updated\"") &&
          count(out, "\"outcome\":\"updated\"") == 2 && count(out, "\"error\":null") == 3);
    lp_free(out);
    CHECK(lead_of(engine, "{\"kind\": \"wechat_openid\", \"value\": \"o-1\", \"scope\": \"wx\"}") == li);
    CHECK_OK(lp_lead_get(&out, engine, "boss", li));
    CHECK(contains(out, "\"channels\":[\"web\",\"shop\",\"wechat_mini_program\"]") &&
          contains(out, "\"city\":\"Shanghai\"") && contains(out, "\"referred_by\":null") &&
          int_field(out, "last_seen_at") == 1767225600000LL);
    lp_free(out);

    /* a re-delivered record changes nothing */
    CHECK_OK(
        lp_lead_ingest(&out, engine, "boss",
                       "[{\"channel\": \"web\", \"record_id\": \"w-1\", \"identities\": [{\"kind\": "
                       "\"phone\", \"value\": \"13800000001\"}], \"attributes\": {\"city\": \"Xi'an\"}}]",
                       "{\"all_or_nothing\": true}"));
    CHECK(contains(out, "\"outcome\":\"duplicate\"") && int_field(out, "lead") == li);
    lp_free(out);

    /* events and every value of an attribute survive, with their channels */
    CHECK_OK(lp_lead_events(&out, engine, "boss", li));
    CHECK(count(out, "\"seq\":") == 2 && contains(out, "\"payload\":{\"path\":\"/pricing\"}") &&
          contains(out, "\"type\":\"order_paid\"") && contains(out, "\"channel\":\"shop\""));
    lp_free(out);
    CHECK_OK(lp_lead_attribute_history(&out, engine, "boss", li, "city"));
    CHECK(count(out, "\"field\":\"city\"") == 2 &&
          position(out, "\"value\":\"Hangzhou\",\"channel\":\"web\"") >= 0 &&
          position(out, "\"value\":\"Hangzhou\"") <
              position(out, "\"value\":\"Shanghai\",\"channel\":\"shop\""));
    lp_free(out);
    CHECK_OK(lp_lead_attribute_history(&out, engine, "boss", li, NULL));
    CHECK(count(out, "\"field\":") == 2);
    lp_free(out);
    CHECK_OK(lp_lead_attribute_history(&out, engine, "boss", li, "budget"));
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    lp_free(out);
    CHECK_FAILS(lp_lead_events(&out, engine, "boss", 99999), LP_NOT_FOUND, "99999");
    CHECK_FAILS(lp_lead_events(&out, engine, "ann", li), LP_PERMISSION_DENIED, "ann");
    CHECK_FAILS(lp_lead_attribute_history(&out, engine, "boss", 99999, NULL), LP_NOT_FOUND, "99999");
    CHECK_FAILS(lp_lead_attribute_history(&out, engine, "stranger", li, NULL), LP_PERMISSION_DENIED,
                "stranger");

    /* JSON Lines: a malformed line and a record the engine refuses are rejected alone, in place */
    CHECK_OK(lp_lead_ingest(
        &out, engine, "boss",
        "{\"channel\": \"web\", \"identities\": [{\"kind\": \"email\", \"value\": "
        "\"chen@example.com\"}]}\n"
        "{\"channel\": \"web\", \"identities\": [\n"
        "\n"
        "{\"channel\": \" \", \"identities\": [{\"kind\": \"device_id\", \"value\": \"d-9\"}]}\n"
        "{\"channel\": \"app\", \"identities\": [{\"kind\": \"device_id\", \"value\": \"D-1\"},"
        " {\"kind\": \"phone\", \"value\": \"00000000000\"}]}",
        NULL));
    CHECK(count(out, "\"outcome\":") == 4 && count(out, "\"outcome\":\"rejected\"") == 2 &&
          count(out, "\"error\":\"invalid_argument\"") == 2 &&
          contains(out, "records line 2: malformed JSON") && contains(out, "channel"));
    CHECK(position(out, "\"outcome\":\"created\"") < position(out, "\"outcome\":\"rejected\"") &&
          position(out, "\"lead\":null") < position(out, "records line 2") &&
          contains(out, "\"dropped\":[\"identities[1]:"));
    lp_free(out);
    CHECK(lead_of(engine, "{\"kind\": \"device_id\", \"value\": \"d-1\"}") > 0); /* lower-cased */
    CHECK(lead_of(engine, "{\"kind\": \"device_id\", \"value\": \"d-9\"}") == -1);

    /* all or nothing: the first bad record fails the call and nothing is written */
    CHECK_FAILS(lp_lead_ingest(&out, engine, "boss",
                               "{\"channel\": \"web\", \"identities\": [{\"kind\": \"email\", \"value\": "
                               "\"zhao@example.com\"}]}\n{\"channel\": 7}",
                               "{\"all_or_nothing\": true}"),
                LP_INVALID_ARGUMENT, "records line 2: channel: must be a string");
    CHECK_FAILS(lp_lead_ingest(&out, engine, "boss",
                               "[{\"channel\": \"web\", \"identities\": [{\"kind\": \"email\", \"value\": "
                               "\"zhao@example.com\"}]}, {\"channel\": \"web\", \"identities\": [{\"kind\": "
                               "\"phone\", \"value\": \"11111\"}]}]",
                               "{\"all_or_nothing\": true, \"drop_unusable_identities\": false}"),
                LP_INVALID_ARGUMENT, "blocked");
    CHECK(out == NULL);
    CHECK(lead_of(engine, "{\"kind\": \"email\", \"value\": \"zhao@example.com\"}") == -1);

    /* whole-call errors */
    CHECK_FAILS(lp_lead_ingest(&out, engine, "boss", "[{\"channel\": ", NULL), LP_INVALID_ARGUMENT,
                "records: malformed JSON");
    CHECK_FAILS(lp_lead_ingest(&out, engine, "boss", "[]", "{\"atomic\": true}"), LP_INVALID_ARGUMENT,
                "atomic: unknown field");
    CHECK_FAILS(lp_lead_ingest(&out, engine, "boss", "[]", "{\"all_or_nothing\": 1}"), LP_INVALID_ARGUMENT,
                "all_or_nothing: must be true or false");
    CHECK_FAILS(lp_lead_ingest(&out, engine, "stranger", "[]", NULL), LP_PERMISSION_DENIED, "stranger");
    CHECK(out == NULL);
    CHECK_OK(lp_lead_ingest(&out, engine, "boss", "", NULL));
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    lp_free(out);
    lp_engine_close(engine);
}

static void test_merges(void) {
    lp_engine* engine = open_company();
    char* out = NULL;
    long long wu, zhou, merge, again;

    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             "{\"identities\": [{\"kind\": \"phone\", \"value\": \"13900000001\"}],"
                             " \"channel\": \"web\", \"attributes\": {\"name\": \"Wu\"}}"));
    wu = int_field(out, "id");
    lp_free(out);
    CHECK_OK(lp_engine_set_time(engine, 1767225600000LL + 1000));
    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             "{\"identities\": [{\"kind\": \"email\", \"value\": \"wu@example.com\"}],"
                             " \"channel\": \"shop\"}"));
    zhou = int_field(out, "id");
    lp_free(out);

    /* a record that names both bridges them: one merge, the older lead survives */
    CHECK_OK(lp_lead_ingest(&out, engine, "boss",
                            "[{\"channel\": \"app\", \"identities\": [{\"kind\": \"phone\", \"value\": "
                            "\"13900000001\"}, {\"kind\": \"email\", \"value\": \"wu@example.com\"}]}]",
                            NULL));
    CHECK(contains(out, "\"outcome\":\"merged\"") && int_field(out, "lead") == wu &&
          contains(out, fmt(0, "\"absorbed\":[%lld]", zhou)));
    lp_free(out);
    CHECK_OK(lp_lead_get(&out, engine, "boss", zhou));
    CHECK(int_field(out, "id") == wu && contains(out, "\"value\":\"wu@example.com\""));
    lp_free(out);
    CHECK_OK(lp_merge_list(&out, engine, "boss", NULL));
    merge = int_field(out, "id");
    CHECK(count(out, "\"survivor\":") == 1 && int_field(out, "survivor") == wu &&
          int_field(out, "absorbed") == zhou && contains(out, "\"reason\":\"ingest\"") &&
          contains(out, "\"unmerged_at\":null"));
    lp_free(out);
    CHECK_OK(
        lp_merge_list(&out, engine, "boss", fmt(0, "{\"lead\": %lld, \"collisions_only\": true}", zhou)));
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    lp_free(out);
    CHECK_FAILS(lp_merge_list(&out, engine, "boss", "{\"lead\": \"x\"}"), LP_INVALID_ARGUMENT,
                "lead: must be an integer");
    CHECK_FAILS(lp_merge_list(&out, engine, "stranger", NULL), LP_PERMISSION_DENIED, "stranger");

    /* unmerge: a salesperson may not (the lead is in the master pool), the director may, once */
    CHECK_FAILS(lp_lead_unmerge(&out, engine, "ann", merge, NULL), LP_PERMISSION_DENIED, "ann");
    CHECK_FAILS(lp_lead_unmerge(&out, engine, "boss", 999, NULL), LP_NOT_FOUND, "999");
    CHECK_OK(lp_lead_unmerge(&out, engine, "boss", merge, "two people after all"));
    CHECK(int_field(out, "id") == zhou && contains(out, "\"value\":\"wu@example.com\"") &&
          !contains(out, "13900000001"));
    lp_free(out);
    CHECK_FAILS(lp_lead_unmerge(&out, engine, "boss", merge, NULL), LP_CONFLICT, "undone already");
    CHECK(out == NULL);
    CHECK_OK(lp_lead_get(&out, engine, "boss", wu));
    CHECK(int_field(out, "id") == wu && !contains(out, "wu@example.com"));
    lp_free(out);
    CHECK_OK(lp_merge_list(&out, engine, "boss", "{\"include_unmerged\": false}"));
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    lp_free(out);

    /* merge by hand; the reason may be NULL */
    CHECK_FAILS(lp_lead_merge(&out, engine, "ann", wu, zhou, NULL), LP_PERMISSION_DENIED, "ann");
    CHECK_FAILS(lp_lead_merge(&out, engine, "boss", wu, 99999, NULL), LP_NOT_FOUND, "99999");
    CHECK_FAILS(lp_lead_merge(&out, engine, "boss", wu, wu, NULL), LP_INVALID_ARGUMENT, "one lead already");
    CHECK_OK(lp_lead_merge(&out, engine, "boss", zhou, wu, NULL));
    again = int_field(out, "id");
    CHECK(again > merge && int_field(out, "survivor") == wu && int_field(out, "absorbed") == zhou &&
          contains(out, "\"reason\":\"\"") && contains(out, "\"actor\":\"boss\""));
    lp_free(out);
    CHECK_FAILS(lp_lead_merge(&out, engine, "boss", zhou, wu, "again"), LP_INVALID_ARGUMENT,
                "one lead already");
    lp_engine_close(engine);
}

static void test_identity_rules(void) {
    lp_engine* engine = open_company();
    char* out = NULL;
    long long zhao;
    char* deep;

    CHECK_OK(lp_identity_rules_get(&out, engine));
    CHECK(contains(out, "\"max_merge_size\":10") && contains(out, "\"default_country_code\":\"\"") &&
          contains(out, "\"phone\":{\"max_per_lead\":5"));
    lp_free(out);
    CHECK_FAILS(lp_identity_rules_set(engine, "ann", "{\"max_merge_size\": 1}"), LP_PERMISSION_DENIED, "ann");
    CHECK_FAILS(lp_identity_rules_set(engine, "boss", "{\"max_merge_size\": "), LP_INVALID_ARGUMENT,
                "identity rules: malformed JSON");
    CHECK_FAILS(lp_identity_rules_set(engine, "boss", "{\"kinds\": {\"fax\": {}}}"), LP_INVALID_ARGUMENT,
                "kinds.fax: unknown identity kind");
    CHECK_FAILS(lp_identity_rules_set(engine, "boss", "{\"max_merge_size\": 0}"), LP_INVALID_ARGUMENT,
                "max_merge_size: must be 1..1000000");
    deep = nested_arrays(10000);
    CHECK_FAILS(lp_identity_rules_set(engine, "boss", deep), LP_LIMIT_EXCEEDED, "nests deeper than");
    free(deep);
    CHECK_OK(lp_identity_rules_set(engine, "boss",
                                   "{\"default_country_code\": \"86\", \"max_merge_size\": 1,"
                                   " \"kinds\": {\"email\": {\"blocked\": [\"info@example.com\"]}}}"));
    CHECK_OK(lp_identity_rules_get(&out, engine));
    CHECK(contains(out, "\"default_country_code\":\"86\"") && contains(out, "\"max_merge_size\":1") &&
          contains(out, "\"blocked\":[\"info@example.com\"]"));
    lp_free(out);
    CHECK_OK(lp_org_history(&out, engine, "boss"));
    CHECK(contains(out, "\"kind\":\"identity_rules_changed\""));
    lp_free(out);

    /* the guard: a record naming two leads merges nothing past max_merge_size; a conflict is listed */
    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             "{\"identities\": [{\"kind\": \"phone\", \"value\": \"013700000001\"}],"
                             " \"channel\": \"web\"}"));
    zhao = int_field(out, "id");
    CHECK(contains(out, "\"value\":\"+8613700000001\""));
    lp_free(out);
    CHECK_OK(lp_lead_capture(&out, engine, "boss",
                             "{\"identities\": [{\"kind\": \"email\", \"value\": \"zhao@example.com\"}],"
                             " \"channel\": \"shop\"}"));
    lp_free(out);
    CHECK_OK(lp_lead_ingest(&out, engine, "boss",
                            "[{\"channel\": \"app\", \"record_id\": \"a-1\", \"identities\": [{\"kind\": "
                            "\"phone\", \"value\": \"+86 137 0000 0001\"}, {\"kind\": \"email\", \"value\": "
                            "\"zhao@example.com\"}]}]",
                            NULL));
    CHECK(contains(out, "\"outcome\":\"updated\"") && int_field(out, "lead") == zhao &&
          contains(out, "\"absorbed\":[]") && !contains(out, "\"conflicts\":[]"));
    lp_free(out);
    CHECK_OK(lp_identity_conflict_list(&out, engine, "boss"));
    CHECK(count(out, "\"rule\":") == 1 && contains(out, "\"rule\":\"max_merge_size\"") &&
          int_field(out, "lead") == zhao && contains(out, "\"record_id\":\"a-1\"") &&
          contains(out, "\"channel\":\"app\""));
    lp_free(out);
    CHECK_FAILS(lp_identity_conflict_list(&out, engine, "stranger"), LP_PERMISSION_DENIED, "stranger");
    CHECK_OK(lp_merge_list(&out, engine, "boss", NULL));
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    lp_free(out);
    lp_engine_close(engine);
}

static void test_normalize(void) {
    /* identity, rules (NULL: the defaults), the whole output */
    static const char* const cases[][3] = {
        {"{\"kind\": \"phone\", \"value\": \"+86 (138) 0000-0001\"}", NULL,
         "{\"kind\":\"phone\",\"value\":\"+8613800000001\",\"blocked\":false}"},
        {"{\"kind\": \"phone\", \"value\": \"0138 0000 0001\"}", "{\"default_country_code\": \"86\"}",
         "{\"kind\":\"phone\",\"value\":\"+8613800000001\",\"blocked\":false}"},
        {"{\"kind\": \"phone\", \"value\": \"111-1111-1111\"}", NULL,
         "{\"kind\":\"phone\",\"value\":\"11111111111\",\"blocked\":true}"},
        {"{\"kind\": \"email\", \"value\": \" Li@Example.COM \"}", NULL,
         "{\"kind\":\"email\",\"value\":\"li@example.com\",\"blocked\":false}"},
        {"{\"kind\": \"email\", \"value\": \"info@example.com\"}",
         "{\"kinds\": {\"email\": {\"blocked\": [\"INFO@example.com\"]}}}",
         "{\"kind\":\"email\",\"value\":\"info@example.com\",\"blocked\":true}"},
        {"{\"kind\": \"device_id\", \"value\": \"AB-12\"}", NULL,
         "{\"kind\":\"device_id\",\"value\":\"ab-12\",\"blocked\":false}"},
        {"{\"kind\": \"wechat_openid\", \"value\": \" o-1 \", \"scope\": \"wx\"}", NULL,
         "{\"kind\":\"wechat_openid\",\"value\":\"o-1\",\"scope\":\"wx\",\"blocked\":false}"},
    };
    char* out = NULL;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        CHECK_OK(lp_identity_normalize(&out, cases[i][0], cases[i][1]));
        if (out == NULL || strcmp(out, cases[i][2]) != 0) {
            fprintf(stderr, "%s:%d: lp_identity_normalize(%s) wrote %s, expected %s\n", __FILE__, __LINE__,
                    cases[i][0], out ? out : "NULL", cases[i][2]);
            ++failures;
        }
        lp_free(out);
    }

    CHECK_FAILS(lp_identity_normalize(&out, "{\"kind\": \"phone\", \"value\": \"12\"}", NULL),
                LP_INVALID_ARGUMENT, "3..15 digits");
    CHECK_FAILS(lp_identity_normalize(&out, "{\"kind\": \"email\", \"value\": \"li@example\"}", NULL),
                LP_INVALID_ARGUMENT, "dot");
    CHECK_FAILS(lp_identity_normalize(&out, "{\"kind\": \"wechat_unionid\", \"value\": \"u 1\"}", NULL),
                LP_INVALID_ARGUMENT, "letters, digits");
    CHECK_FAILS(lp_identity_normalize(&out, "{\"kind\": \"phone\"", NULL), LP_INVALID_ARGUMENT,
                "identity: malformed JSON");
    CHECK_FAILS(lp_identity_normalize(&out, "{\"kind\": \"phone\", \"value\": \"13800000001\"}",
                                      "{\"default_country_code\": \"+86\"}"),
                LP_INVALID_ARGUMENT, "default_country_code");
    CHECK(out == NULL);
}

static void test_sqlite(const char* path) {
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

/* The public-pool mechanics, on an SQLite file of their own: every function, an error path each. */
static void test_pool_mechanics(const char* path) {
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
    CHECK_FAILS(lp_lead_claim(&out, engine, "ann", second), LP_LIMIT_EXCEEDED, "cap");
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

    lp_engine_close(engine);
    remove_database(database);
}

int main(int argc, char** argv) {
    lp_engine* engine = NULL;
    long long east = 0, west = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: %s SCRATCH_DATABASE_PATH\n", argv[0]);
        return 2;
    }
    test_library();
    test_open_errors(argv[1]);

    CHECK_OK(lp_engine_open(&engine, "memory:", fmt(0, "{\"manual_clock_ms\": %s}", kStart)));
    REQUIRE(engine != NULL);
    test_null_arguments(engine);
    test_organisation(engine);
    test_pools(engine, &east, &west);
    test_leads(engine, east, west);
    test_lists(engine);
    lp_engine_close(engine);

    test_ingest();
    test_merges();
    test_identity_rules();
    test_normalize();

    test_sqlite(argv[1]);
    test_pool_mechanics(argv[1]);

    if (failures > 0) {
        fprintf(stderr, "capi_test: %d check(s) failed\n", failures);
        return 1;
    }
    printf("capi_test: all checks passed\n");
    return 0;
}
