/* Referral campaigns: a referral tree, a lead's touches and campaign metrics, and their errors. */
#include "fixture.h"
#include "suites.h"

static void invite(lp_engine* engine, const char* phone, const char* referrer) {
    char* out = NULL;
    CHECK_OK(lp_lead_ingest(
        &out, engine, "boss",
        fmt(0,
            "[{\"channel\": \"wechat_mini_program\", \"identities\": [{\"kind\": \"phone\", \"value\": \"%s\"}],"
            " \"attribution\": {\"source\": \"wechat\", \"medium\": \"share\", \"campaign\": \"spring\"}%s}]",
            phone, referrer ? fmt(1, ", \"referrer\": {\"kind\": \"phone\", \"value\": \"%s\"}", referrer) : ""),
        NULL));
    lp_free(out);
}

void test_referrals(void) {
    lp_engine* engine = open_company();
    char* out = NULL;
    long long seed, friend_lead;

    invite(engine, "13800000001", NULL);
    invite(engine, "13800000002", "13800000001");
    seed = lead_of(engine, "{\"kind\": \"phone\", \"value\": \"13800000001\"}");
    friend_lead = lead_of(engine, "{\"kind\": \"phone\", \"value\": \"13800000002\"}");

    CHECK_OK(lp_lead_referrals(&out, engine, "boss", seed, 2));
    CHECK(int_field(out, "lead") == seed && int_field(out, "size") == 2 && int_field(out, "levels") == 1 &&
          contains(out, fmt(0, "\"referrals\":[{\"lead\":%lld,", friend_lead)) && contains(out, "\"chain\":[]"));
    lp_free(out);
    CHECK_OK(lp_lead_referrals(&out, engine, "boss", friend_lead, 1));
    CHECK(contains(out, fmt(0, "\"chain\":[{\"lead\":%lld,\"tier\":\"master\"}]", seed)));
    lp_free(out);
    CHECK_FAILS(lp_lead_referrals(&out, engine, "boss", seed, 0), LP_INVALID_ARGUMENT, "depth: 0 is not within 1..32");
    CHECK_FAILS(lp_lead_referrals(&out, engine, "boss", 999, 1), LP_NOT_FOUND, "no lead 999");
    CHECK_FAILS(lp_lead_referrals(&out, engine, NULL, seed, 1), LP_INVALID_ARGUMENT, "actor is NULL");

    CHECK_OK(lp_lead_touches(&out, engine, "boss", friend_lead));
    CHECK(count(out, "\"campaign\":\"spring\"") == 1 && contains(out, "\"channel\":\"wechat_mini_program\""));
    lp_free(out);
    CHECK_FAILS(lp_lead_touches(&out, engine, "ann", friend_lead), LP_NOT_FOUND, "no lead");

    CHECK_OK(lp_campaign_metrics(&out, engine, "boss", "{\"campaign\": \"spring\", \"touch\": \"last\"}"));
    CHECK(contains(out, "\"touch\":\"last\"") &&
          contains(out, "\"totals\":{\"invited\":1,\"captured\":2,\"qualified\":0,\"won\":0,\"referred\":1,"
                        "\"viral_coefficient\":0.5}") &&
          count(out, "\"generation\":") == 3);
    lp_free(out);
    CHECK_OK(lp_funnel_report(&out, engine, "boss", "{\"campaign\": \"spring\", \"touch\": \"last\"}"));
    CHECK(int_field(out, "leads") == 2);
    lp_free(out);
    CHECK_OK(lp_lead_get(&out, engine, "boss", friend_lead));
    CHECK(contains(out, "\"last_attribution\":{\"source\":\"wechat\",\"medium\":\"share\",\"campaign\":\"spring\"}"));
    lp_free(out);
    CHECK_FAILS(lp_campaign_metrics(&out, engine, "boss", "{\"campaign\": \"\"}"), LP_INVALID_ARGUMENT,
                "campaign: required");
    CHECK_FAILS(lp_campaign_metrics(&out, engine, "boss", "{\"campaign\": \"spring\", \"touch\": \"middle\"}"),
                LP_INVALID_ARGUMENT, "unknown touch 'middle'");
    CHECK_FAILS(lp_campaign_metrics(&out, engine, "boss", NULL), LP_INVALID_ARGUMENT, "filter_json is NULL");
    CHECK(out == NULL);
    lp_engine_close(engine);
}
