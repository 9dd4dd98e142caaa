/* The C ABI tests' shared helpers (fixture.h). */
#include "fixture.h"

#include <stdarg.h>

int failures = 0;
int checks = 0;

const char* const kStart = "1767225600000";
const char* const kBoss =
    "{\"id\": \"boss\", \"name\": \"The Boss\", \"department\": \"management\", \"roles\": [\"director\"]}";

const char* fmt(int slot, const char* format, ...) {
    static char buffers[4][512];
    va_list args;
    va_start(args, format);
    vsnprintf(buffers[slot], sizeof buffers[slot], format, args);
    va_end(args);
    return buffers[slot];
}

int contains(const char* text, const char* fragment) {
    return text != NULL && strstr(text, fragment) != NULL;
}

long long int_field(const char* json, const char* key) {
    char pattern[64];
    const char* at;
    sprintf(pattern, "\"%s\":", key);
    at = json ? strstr(json, pattern) : NULL;
    return at ? strtoll(at + strlen(pattern), NULL, 10) : -1;
}

int count(const char* text, const char* fragment) {
    int n = 0;
    const char* at = text;
    while (at != NULL && (at = strstr(at, fragment)) != NULL) {
        ++n;
        at += strlen(fragment);
    }
    return n;
}

char* repeated(const char* item, size_t n) {
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

char* nested_arrays(size_t levels) {
    char* text = malloc(2 * levels + 1);
    REQUIRE(text != NULL);
    memset(text, '[', levels);
    memset(text + levels, ']', levels);
    text[2 * levels] = '\0';
    return text;
}

char* deep_input(size_t levels) {
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

void remove_database(const char* path) {
    remove(path);
    remove(fmt(3, "%s-wal", path));
    remove(fmt(3, "%s-shm", path));
}

lp_engine* open_company(void) {
    lp_engine* engine = NULL;
    CHECK_OK(lp_engine_open(&engine, "memory:", fmt(0, "{\"manual_clock_ms\": %s}", kStart)));
    REQUIRE(engine != NULL);
    CHECK_OK(lp_org_initialize(engine, kBoss, "factory_led"));
    CHECK_OK(
        lp_user_add(engine, "boss", "{\"id\": \"ann\", \"name\": \"Ann\", \"roles\": [\"salesperson\"]}"));
    return engine;
}

long long lead_of(lp_engine* engine, const char* identity_json) {
    char* out = NULL;
    long long id;
    CHECK_OK(lp_lead_find(&out, engine, "boss", identity_json));
    id = int_field(out, "id");
    lp_free(out);
    return id;
}
