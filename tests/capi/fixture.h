/* What every C ABI test file shares: the checks, the text helpers and the company fixture. */
#ifndef LEADPOOL_TESTS_CAPI_FIXTURE_H
#define LEADPOOL_TESTS_CAPI_FIXTURE_H

#include <leadpool.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Checks that failed, and checks run, so far (main reports both). */
extern int failures;
extern int checks;

#define CHECK(cond)                                                                                   \
    do {                                                                                              \
        ++checks;                                                                                     \
        if (!(cond)) {                                                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n  last error: %s\n", __FILE__, __LINE__, #cond, \
                    lp_last_error());                                                                 \
            ++failures;                                                                               \
        }                                                                                             \
    } while (0)

/* For checks the rest of the run depends on. */
#define REQUIRE(cond)                                                                                   \
    do {                                                                                                \
        ++checks;                                                                                       \
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
        ++checks;                                                                     \
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
        ++checks;                                                                                            \
        if (check_status_ != (status) || strstr(lp_last_error(), (fragment)) == NULL) {                      \
            fprintf(stderr, "%s:%d: %s returned %s (%s), expected %s mentioning \"%s\"\n", __FILE__,         \
                    __LINE__, #call, lp_status_name(check_status_), lp_last_error(), lp_status_name(status), \
                    (fragment));                                                                             \
            ++failures;                                                                                      \
        }                                                                                                    \
    } while (0)

extern const char* const kStart; /* 2026-01-01T00:00:00Z, as the manual clock's JSON value */
extern const char* const kBoss;  /* the director every test company starts with, as JSON */

/* printf into a buffer that lives until the next call with the same slot (0..3). */
const char* fmt(int slot, const char* format, ...);

int contains(const char* text, const char* fragment);

/* The integer after the first "key": in a JSON text; -1 when there is none. */
long long int_field(const char* json, const char* key);

int count(const char* text, const char* fragment);

/* A JSON array of `n` copies of `item`, malloc'd. */
char* repeated(const char* item, size_t n);

/* `levels` nested arrays, [[[...]]], malloc'd. */
char* nested_arrays(size_t levels);

/* A capture input whose attributes nest `levels` objects deep, malloc'd. */
char* deep_input(size_t levels);

/* Removes an SQLite file and its WAL files. */
void remove_database(const char* path);

/* A fresh factory-led pool on a manual clock: boss (director) and ann (salesperson). */
lp_engine* open_company(void);

/* The id of the lead holding `identity_json`, or -1. */
long long lead_of(lp_engine* engine, const char* identity_json);

#endif
