/* The C ABI test suites, one file each; main.c runs them in this order. */
#ifndef LEADPOOL_TESTS_CAPI_SUITES_H
#define LEADPOOL_TESTS_CAPI_SUITES_H

#include <leadpool.h>

/* library.c */
void test_library(void);
void test_open_errors(const char* path);
void test_sqlite(const char* path);

/* null_arguments.c */
void test_null_arguments(lp_engine* engine);

/* organisation.c: on the shared memory engine, which test_pools leaves with "east" and "west" */
void test_organisation(lp_engine* engine);
void test_pools(lp_engine* engine, long long* east, long long* west);

/* leads.c: captures li (web, later updated to *version) and wang (WeChat) for the transitions */
void test_leads(lp_engine* engine, long long* li, long long* wang, long long* version);

/* transitions.c: distributes li to east, qualifies and wins it; invalidates wang */
void test_transitions(lp_engine* engine, long long east, long long west, long long li, long long wang,
                      long long version);

/* queries.c */
void test_funnel(lp_engine* engine, long long east);
void test_lists(lp_engine* engine);

/* ingest.c and identities.c: each on a company of its own (open_company) */
void test_ingest(void);
void test_merges(void);
void test_identity_rules(void);
void test_conflict_review(void);
void test_normalize(void);

/* scope.c: what an actor learns outside their scope, on a company of its own */
void test_scope(void);

/* lifetime.c: iterators that outlive their engine */
void test_handle_lifetime(void);

/* pool_mechanics.c */
void test_pool_mechanics(const char* path);
/* guards.c: on a company of its own (open_company) */
void test_guards(void);
/* feed.c: the change feed, on a company of its own */
void test_change_feed(void);
/* personal_data.c: erasure, suppression and subject access, on a company of its own */
void test_personal_data(void);
/* referrals.c: referral trees, touches and campaign metrics, on a company of its own */
void test_referrals(void);
/* scoring.c: lead scoring, on a company of its own */
void test_scoring(void);

#endif
