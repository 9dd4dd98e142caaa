/* leadpool from a C host: a factory-led company on an embedded SQLite file, through the C ABI.
 *
 * The boss is the sales director; Ann is a salesperson who runs the "east" sub pool. Leads
 * arrive from three channels into the master pool (a person seen twice stays one lead), the boss
 * hands them into Ann's pool, Ann qualifies, wins and loses deals, and the funnel report is
 * printed as the JSON the library returns.
 *
 *   capture_c [database-file]     (default: leadpool-capture.db, recreated on each run)
 *
 * Every call returns an lp_status; on anything but LP_OK the program prints lp_last_error() and
 * stops. Decisions are taken on the status code, never on the message. Text the library returns
 * through `char** out` is freed with lp_free(). */
#include <leadpool.h>

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reports a failed call; returns 1 when `status` is LP_OK. */
static int ok(lp_status status, const char* call) {
    if (status == LP_OK) return 1;
    fprintf(stderr, "%s failed (%s): %s\n", call, lp_status_name(status), lp_last_error());
    return 0;
}

/* snprintf that refuses to truncate; returns 1 on success. */
static int format(char* buffer, size_t size, const char* fmt, ...) {
    va_list args;
    int written;
    va_start(args, fmt);
    written = vsnprintf(buffer, size, fmt, args);
    va_end(args);
    if (written < 0 || (size_t)written >= size) {
        fprintf(stderr, "internal: a %lu-byte buffer is too small\n", (unsigned long)size);
        return 0;
    }
    return 1;
}

/* Skips a JSON string starting at its opening quote; returns the character after the closing one. */
static const char* skip_string(const char* p) {
    for (++p; *p != '\0' && *p != '"'; ++p) {
        if (*p == '\\' && p[1] != '\0') ++p;
    }
    return *p == '"' ? p + 1 : p;
}

/* The value of member `key` of the JSON object at `object` (its own members only: nested objects,
 * arrays and strings are skipped), or NULL. Just enough to read ids back from leadpool's output;
 * a real host hands the text to its JSON library. */
static const char* json_member(const char* object, const char* key) {
    const size_t key_length = strlen(key);
    const char* p = object;
    int depth = 0;
    int expect_key = 1;
    if (p == NULL) return NULL;
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') ++p;
    if (*p++ != '{') return NULL;
    while (*p != '\0') {
        if (*p == '"') {
            const char* start = p + 1;
            p = skip_string(p);
            if (depth == 0 && expect_key) {
                expect_key = 0;
                if ((size_t)(p - 1 - start) == key_length && strncmp(start, key, key_length) == 0) {
                    while (*p == ' ' || *p == ':') ++p;
                    return p;
                }
            }
            continue;
        }
        if (*p == '{' || *p == '[') {
            ++depth;
        } else if (*p == '}' || *p == ']') {
            if (depth == 0) return NULL;
            --depth;
        } else if (*p == ',' && depth == 0) {
            expect_key = 1;
        }
        ++p;
    }
    return NULL;
}

/* The integer member "id" of the JSON object at `object`, or 0 when there is none. */
static int64_t json_id(const char* object) {
    const char* value = json_member(object, "id");
    return value != NULL ? (int64_t)strtoll(value, NULL, 10) : 0;
}

/* Leads arriving from three channels. The last one is the web visitor of the first line, now in
 * the mini program with the same phone number: it updates that lead instead of adding one. */
static const char* const arrivals[] = {
    "{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000001\"}], \"channel\": \"web\","
    " \"attributes\": {\"name\": \"Li\", \"city\": \"Hangzhou\"},"
    " \"attribution\": {\"source\": \"web\", \"medium\": \"organic\", \"campaign\": \"spring\"}}",
    "{\"identities\": [{\"kind\": \"email\", \"value\": \"chen@example.com\"}], \"channel\": \"shop\","
    " \"attributes\": {\"name\": \"Chen\", \"order_value\": 320}, \"tags\": [\"vip\"]}",
    "{\"identities\": [{\"kind\": \"wechat_openid\", \"value\": \"o-7781\", \"scope\": \"wx-mini-shop\"}],"
    " \"channel\": \"wechat_mini_program\", \"attributes\": {\"nickname\": \"Zhou\"}}",
    "{\"identities\": [{\"kind\": \"phone\", \"value\": \"13800000001\"}], \"channel\": \"wechat_mini_program\","
    " \"attributes\": {\"company\": \"Li Tea\"}}",
};
#define ARRIVALS (sizeof arrivals / sizeof arrivals[0])

int main(int argc, char** argv) {
    const char* path = argc > 1 ? argv[1] : "leadpool-capture.db";
    static const char* const suffixes[] = {"", "-wal", "-shm"};
    char text[1024];
    lp_engine* engine = NULL;
    char* out = NULL;
    int64_t east = 0;
    int64_t leads[ARRIVALS];
    size_t lead_count = 0;
    size_t i;
    int exit_code = 1;
    lp_status status;

    printf("leadpool %s (ABI %d)\n", lp_version(), lp_abi_version());
    if (lp_abi_version() != LP_ABI_VERSION) {
        fprintf(stderr, "this program was built for ABI %d\n", LP_ABI_VERSION);
        return 1;
    }

    for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; ++i) {
        if (!format(text, sizeof text, "%s%s", path, suffixes[i])) return 1;
        remove(text); /* a fresh file each run; missing is fine */
    }
    if (!format(text, sizeof text, "sqlite:%s", path)) return 1;
    if (!ok(lp_engine_open(&engine, text, NULL), "lp_engine_open")) return 1;

    /* The company: the boss (director) and Ann (salesperson), who manages the "east" sub pool. */
    if (!ok(lp_org_initialize(engine,
                              "{\"id\": \"boss\", \"name\": \"Wang (director)\", \"department\": \"management\","
                              " \"roles\": [\"director\"]}",
                              "factory_led"),
            "lp_org_initialize"))
        goto done;
    if (!ok(lp_user_add(engine, "boss",
                        "{\"id\": \"ann\", \"name\": \"Ann\", \"department\": \"sales\","
                        " \"roles\": [\"salesperson\"]}"),
            "lp_user_add"))
        goto done;
    if (!ok(lp_pool_create(&out, engine, "boss", "{\"name\": \"east\", \"managers\": [\"ann\"]}"),
            "lp_pool_create"))
        goto done;
    east = json_id(out);
    lp_free(out);
    out = NULL;
    if (east <= 0) {
        fprintf(stderr, "lp_pool_create returned no pool id\n");
        goto done;
    }

    /* Capture: each arrival lands in the master pool, or updates the lead its identity names. */
    for (i = 0; i < ARRIVALS; ++i) {
        const char* created;
        int64_t id;
        if (!ok(lp_lead_capture(&out, engine, "boss", arrivals[i]), "lp_lead_capture")) goto done;
        id = json_id(json_member(out, "lead"));
        created = json_member(out, "created");
        if (id <= 0 || created == NULL) {
            fprintf(stderr, "lp_lead_capture returned no lead: %s\n", out);
            goto done;
        }
        if (strncmp(created, "true", 4) == 0) {
            leads[lead_count++] = id;
            printf("captured lead %" PRId64 "\n", id);
        } else {
            printf("known identity: updated lead %" PRId64 "\n", id);
        }
        lp_free(out);
        out = NULL;
    }
    if (lead_count != 3) {
        fprintf(stderr, "expected 3 leads, captured %lu\n", (unsigned long)lead_count);
        goto done;
    }

    /* The boss hands the three leads to Ann's pool in one batch (all or nothing). */
    if (!format(text, sizeof text,
                "[{\"lead\": %" PRId64 ", \"action\": \"distribute\", \"to_pool\": %" PRId64 ", \"to_owner\": \"ann\"},"
                " {\"lead\": %" PRId64 ", \"action\": \"distribute\", \"to_pool\": %" PRId64 ", \"to_owner\": \"ann\"},"
                " {\"lead\": %" PRId64 ", \"action\": \"distribute\", \"to_pool\": %" PRId64 ", \"to_owner\": \"ann\"}]",
                leads[0], east, leads[1], east, leads[2], east))
        goto done;
    if (!ok(lp_lead_transition_batch(&out, engine, "boss", text), "lp_lead_transition_batch")) goto done;
    lp_free(out);
    out = NULL;

    /* Ann works her pool: Li becomes an order, Chen an opportunity that is lost. */
    {
        const struct {
            int64_t lead;
            const char* action;
            const char* reason;
        } moves[] = {
            {leads[0], "qualify", NULL},
            {leads[0], "win", NULL},
            {leads[1], "qualify", NULL},
            {leads[1], "lose", "chose a competitor"},
        };
        for (i = 0; i < sizeof moves / sizeof moves[0]; ++i) {
            if (!format(text, sizeof text, "{\"lead\": %" PRId64 ", \"action\": \"%s\"%s%s%s}", moves[i].lead,
                        moves[i].action, moves[i].reason ? ", \"reason\": \"" : "",
                        moves[i].reason ? moves[i].reason : "", moves[i].reason ? "\"" : ""))
                goto done;
            if (!ok(lp_lead_transition(&out, engine, "ann", text), "lp_lead_transition")) goto done;
            printf("ann: %s lead %" PRId64 "\n", moves[i].action, moves[i].lead);
            lp_free(out);
            out = NULL;
        }
    }

    /* A move the pyramid does not list is refused, and the host decides on the code. */
    if (!format(text, sizeof text, "{\"lead\": %" PRId64 ", \"action\": \"win\"}", leads[2])) goto done;
    status = lp_lead_transition(&out, engine, "ann", text);
    if (status != LP_ILLEGAL_TRANSITION) {
        fprintf(stderr, "winning a lead that is no opportunity: expected illegal_transition, got %s\n",
                lp_status_name(status));
        goto done;
    }
    printf("refused (%s): %s\n", lp_status_name(status), lp_last_error());

    if (!ok(lp_funnel_report(&out, engine, "boss", NULL), "lp_funnel_report")) goto done;
    printf("\nfunnel for the director:\n%s\n", out);
    printf("\ndata kept in %s\n", path);
    exit_code = 0;

done:
    lp_free(out);
    lp_engine_close(engine);
    return exit_code;
}
