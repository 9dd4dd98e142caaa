/* Reading many leads: the funnel report, lists in pages and iterators. */
#include "fixture.h"
#include "suites.h"

void test_funnel(lp_engine* engine, long long east) {
    char* out = NULL;

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

    /* the same leads by pool in one call: the east lead in its own row, the total as above */
    CHECK_OK(lp_funnel_breakdown(&out, engine, "boss", NULL, "{\"keys\": [\"pool\"]}"));
    CHECK(contains(out, "{\"keys\":[\"pool\"],\"rows\":[{\"group\":{\"pool\":") &&
          contains(out, fmt(0, "{\"group\":{\"pool\":%lld},\"report\":{\"leads\":1,", east)) &&
          contains(out, "\"total\":{\"leads\":4,"));
    lp_free(out);
    CHECK_OK(lp_funnel_breakdown(&out, engine, "boss", fmt(0, "{\"pool\": %lld}", east),
                                 "{\"keys\": [\"owner\", \"capture_week\"]}"));
    CHECK(count(out, "\"group\":") == 1 && contains(out, "\"total\":{\"leads\":1,"));
    lp_free(out);
    CHECK_FAILS(lp_funnel_breakdown(&out, engine, "boss", NULL, "{\"keys\": [\"region\"]}"), LP_INVALID_ARGUMENT,
                "unknown breakdown key 'region'");
    CHECK_FAILS(lp_funnel_breakdown(&out, engine, "boss", NULL, "{\"keys\": [\"score_band\"]}"),
                LP_INVALID_ARGUMENT, "breakdown score_model");
    CHECK_FAILS(lp_funnel_breakdown(&out, engine, "boss", NULL, NULL), LP_INVALID_ARGUMENT, "breakdown_json is NULL");
    CHECK_FAILS(lp_funnel_breakdown(&out, engine, "stranger", NULL, "{\"keys\": [\"pool\"]}"), LP_PERMISSION_DENIED,
                "stranger");
    CHECK(out == NULL);

    /* the period report: every lead's capture is a move into master, whenever the story ran */
    CHECK_OK(lp_tier_moves(&out, engine, "boss", NULL, "{\"from\": 0, \"to\": 4000000000000, \"by\": \"month\"}"));
    CHECK(contains(out, "\"by\":\"month\",\"rows\":[{\"group\":") && contains(out, "\"into\":{\"master\":"));
    lp_free(out);
    CHECK_OK(lp_tier_moves(&out, engine, "boss", NULL, "{\"from\": 0, \"to\": 1}"));
    CHECK(contains(out, "\"by\":null,\"rows\":[],\"into\":{\"master\":0,\"sub\":0,"));
    lp_free(out);
    CHECK_FAILS(lp_tier_moves(&out, engine, "boss", NULL, "{\"from\": 1, \"to\": 0}"), LP_INVALID_ARGUMENT, "moves to");
    CHECK_FAILS(lp_tier_moves(&out, engine, "boss", NULL, "{\"from\": 0}"), LP_INVALID_ARGUMENT, "to");
    CHECK_FAILS(lp_tier_moves(&out, engine, "boss", NULL, NULL), LP_INVALID_ARGUMENT, "moves_json is NULL");
    CHECK_FAILS(lp_tier_moves(&out, engine, "stranger", NULL, "{\"from\": 0, \"to\": 1}"), LP_PERMISSION_DENIED,
                "stranger");
    CHECK(out == NULL);

    /* the cohort table by month, three months after each */
    CHECK_OK(lp_capture_cohorts(&out, engine, "boss", NULL, NULL));
    CHECK(contains(out, "{\"period\":\"month\",\"periods_after\":3,\"cohorts\":[{\"start\":") &&
          contains(out, "\"reached\":[{\"sub\":"));
    lp_free(out);
    CHECK_OK(lp_capture_cohorts(&out, engine, "boss", "{\"captured_to\": 0}", "{\"period\": \"week\", \"periods_after\": 0}"));
    CHECK(contains(out, "{\"period\":\"week\",\"periods_after\":0,\"cohorts\":[]}"));
    lp_free(out);
    CHECK_FAILS(lp_capture_cohorts(&out, engine, "boss", NULL, "{\"periods_after\": 25}"), LP_INVALID_ARGUMENT,
                "periods_after");
    CHECK_FAILS(lp_capture_cohorts(&out, engine, "stranger", NULL, NULL), LP_PERMISSION_DENIED, "stranger");
    CHECK(out == NULL);

    /* time in tier: every lead's stays, the order lead's way there; nothing ended before 1970 */
    CHECK_OK(lp_tier_times(&out, engine, "boss", NULL, NULL));
    CHECK(contains(out, "{\"from\":null,\"to\":null,\"at\":") && contains(out, "\"by\":null,\"rows\":[],") &&
          contains(out, "\"to_order\":{\"count\":1,") && count(out, "\"finished\":{\"count\":") == 4);
    lp_free(out);
    CHECK_OK(lp_tier_times(&out, engine, "boss", fmt(0, "{\"pool\": %lld}", east), "{\"to\": 0, \"by\": \"owner\"}"));
    CHECK(contains(out, "\"to\":0,") && contains(out, "\"by\":\"owner\",\"rows\":[{\"group\":") &&
          contains(out, "\"to_order\":{\"count\":0,\"median_ms\":0,\"p90_ms\":0,\"mean_ms\":0}"));
    lp_free(out);
    CHECK_FAILS(lp_tier_times(&out, engine, "boss", NULL, "{\"from\": 1, \"to\": 0}"), LP_INVALID_ARGUMENT,
                "tier times to");
    CHECK_FAILS(lp_tier_times(&out, engine, "boss", NULL, "{\"by\": \"score_band\"}"), LP_INVALID_ARGUMENT, "by");
    CHECK_FAILS(lp_tier_times(&out, engine, "stranger", NULL, NULL), LP_PERMISSION_DENIED, "stranger");
    /* collisions: nothing happens within a millisecond before 1970; a page of one otherwise */
    CHECK_OK(lp_collisions(&out, engine, "boss", "{\"window\": 3600000, \"from\": 0, \"to\": 1}", NULL));
    CHECK(contains(out, "{\"collisions\":[],\"next_after\":null}"));
    lp_free(out);
    CHECK_OK(lp_collisions(&out, engine, "boss", "{\"window\": 3600000, \"from\": 0, \"to\": 4000000000000}",
                           "{\"limit\": 1}"));
    CHECK(contains(out, "{\"collisions\":["));
    lp_free(out);
    CHECK_FAILS(lp_collisions(&out, engine, "boss", "{\"window\": 0, \"from\": 0, \"to\": 1}", NULL),
                LP_INVALID_ARGUMENT, "window");
    CHECK_FAILS(lp_collisions(&out, engine, "boss", "{\"window\": 1, \"from\": 0, \"to\": 1}", "{\"limit\": 0}"),
                LP_INVALID_ARGUMENT, "limit");
    CHECK_FAILS(lp_collisions(&out, engine, "boss", NULL, NULL), LP_INVALID_ARGUMENT, "collisions_json is NULL");
    CHECK(out == NULL);

    /* holdings over every time, by the engine clock's now */
    CHECK_OK(lp_owner_holdings(&out, engine, "boss", "{\"from\": 0, \"to\": 4000000000000}"));
    CHECK(contains(out, "\"idle_days\":7,") && contains(out, "\"owners\":["));
    lp_free(out);
    CHECK_FAILS(lp_owner_holdings(&out, engine, "boss", "{\"idle_days\": 0, \"from\": 0, \"to\": 1}"),
                LP_INVALID_ARGUMENT, "idle_days");
    CHECK_FAILS(lp_owner_holdings(&out, engine, "stranger", "{\"from\": 0, \"to\": 1}"), LP_PERMISSION_DENIED,
                "stranger");
    CHECK(out == NULL);

    /* the public share of the master pool on the first day of 1970: nothing was there yet */
    CHECK_OK(lp_public_share(&out, engine, "boss", "{\"pool\": 1, \"from\": 0, \"to\": 86400000, \"interval\": \"day\"}"));
    CHECK(contains(out, "{\"pool\":1,\"subtree\":false,\"interval\":\"day\",\"points\":[{\"start\":0,"
                        "\"at\":86400000,\"leads\":0,\"unowned\":0,\"share\":0.0}]}"));
    lp_free(out);
    CHECK_FAILS(lp_public_share(&out, engine, "boss", "{\"pool\": 999999, \"from\": 0, \"to\": 1}"), LP_NOT_FOUND,
                "999999");
    CHECK_FAILS(lp_public_share(&out, engine, "boss", "{\"pool\": 1, \"from\": 0, \"to\": 1, \"interval\": \"year\"}"),
                LP_INVALID_ARGUMENT, "interval");
    CHECK_FAILS(lp_public_share(&out, engine, "boss", "{\"pool\": 1, \"from\": 0, \"to\": 4000000000000, \"interval\": \"day\"}"),
                LP_LIMIT_EXCEEDED, "intervals");
    CHECK(out == NULL);
}

void test_lists(lp_engine* engine) {
    char* out = NULL;
    char* page = NULL;
    lp_lead_iter* iter = NULL;
    int pages = 0, leads = 0, i;
    long long after, cursor_key, cursor_id;

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
    /* search, and a sorted page continued by its cursor */
    CHECK_OK(lp_lead_list(&out, engine, "boss", "{\"channel\": \"app\", \"identity\": {\"kind\": \"device_id\", \"prefix\": \"D-\"}}",
                          "{\"sort\": \"created\", \"descending\": true, \"limit\": 5}"));
    CHECK(count(out, "\"version\":") == 5 && contains(out, "\"next_after\":null") &&
          contains(out, "\"next_cursor\":{\"key\":"));
    cursor_key = int_field(strstr(out, "\"next_cursor\""), "key");
    cursor_id = int_field(strstr(out, "\"next_cursor\""), "id");
    lp_free(out);
    CHECK_OK(lp_lead_list(&out, engine, "boss", "{\"channel\": \"app\", \"identity\": {\"kind\": \"device_id\", \"prefix\": \"d-\"}}",
                          fmt(0, "{\"sort\": \"created\", \"descending\": true, \"cursor\": {\"key\": %lld, \"id\": %lld}}",
                              cursor_key, cursor_id)));
    CHECK(count(out, "\"version\":") == 2 && contains(out, "\"next_cursor\":null"));
    lp_free(out);
    CHECK_FAILS(lp_lead_list(&out, engine, "boss", "{\"text\": {\"query\": \"x\", \"fields\": []}}", NULL),
                LP_INVALID_ARGUMENT, "text.fields");
    CHECK_FAILS(lp_lead_list(&out, engine, "boss", NULL, "{\"sort\": \"rank\"}"), LP_INVALID_ARGUMENT,
                "sort: unknown sort 'rank'");
    CHECK_FAILS(lp_lead_list(&out, engine, "boss", NULL, "{\"sort\": \"score\"}"), LP_INVALID_ARGUMENT,
                "page score_model is empty");
    /* no scoring rules yet: no lead is scored in "fit", so a page sorted by it is empty */
    CHECK_OK(lp_lead_list(&out, engine, "boss", NULL, "{\"sort\": \"score\", \"score_model\": \"fit\"}"));
    CHECK(contains(out, "\"leads\":[]") && contains(out, "\"next_cursor\":null"));
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
