/* Personal data: subject access (lp_personal_data) and erasure (lp_lead_erase), with suppression
 * (LP_SUPPRESSED), and every error path of both. */
#include "fixture.h"
#include "suites.h"

static const char* const kLi = "{\"kind\": \"phone\", \"value\": \"138 0013 8000\"}";

void test_personal_data(void) {
    lp_engine* engine = open_company();
    char* out = NULL;
    long long li;

    CHECK_OK(lp_lead_ingest(&out, engine, "boss",
                            "[{\"channel\": \"web\", \"record_id\": \"w-li\", \"identities\": [{\"kind\": \"phone\", "
                            "\"value\": \"13800138000\"}, {\"kind\": \"email\", \"value\": \"li@example.com\"}],"
                            " \"attributes\": {\"name\": \"Li Lei\"},"
                            " \"events\": [{\"type\": \"page_view\", \"payload\": {\"path\": \"/li\"}}]}]",
                            NULL));
    li = int_field(out, "lead");
    lp_free(out);
    REQUIRE(li > 0);
    CHECK_OK(lp_lead_follow_up(&out, engine, "boss", li, "{\"kind\": \"call\", \"note\": \"Li Lei wants a demo\"}"));
    lp_free(out);

    /* subject access: one document, recorded without the identity */
    CHECK_OK(lp_personal_data(&out, engine, "boss", kLi));
    CHECK(out != NULL && int_field(out, "id") == li && contains(out, "\"leads\":[]") &&
          contains(out, "\"identities\":[{\"kind\":\"phone\",\"value\":\"+8613800138000\"}") &&
          contains(out, "\"field\":\"name\",\"value\":\"Li Lei\",\"channel\":\"web\"") &&
          contains(out, "\"follow_ups\":[{") && contains(out, "Li Lei wants a demo") &&
          contains(out, "\"payload\":{\"path\":\"/li\"}") && contains(out, "\"merges\":[]") &&
          contains(out, "\"opportunities\":[]") && contains(out, "\"conflicts\":[]"));
    lp_free(out);
    CHECK_OK(lp_org_history(&out, engine, "boss"));
    CHECK(contains(out, fmt(0, "\"kind\":\"personal_data_exported\",\"actor\":\"boss\"")) &&
          contains(out, fmt(1, "{\"lead\":%lld,\"leads\":[%lld]}", li, li)) && !contains(out, "8613800138000"));
    lp_free(out);
    CHECK_FAILS(lp_personal_data(&out, engine, "boss", "{\"kind\": \"phone\", \"value\": \"13900139000\"}"),
                LP_NOT_FOUND, "no lead holds phone '+8613900139000'");
    CHECK(out == NULL);
    /* ann may not read the master pool's lead: to her no lead holds it */
    CHECK_FAILS(lp_personal_data(&out, engine, "ann", kLi), LP_NOT_FOUND, "no lead holds phone '+8613800138000'");
    CHECK_FAILS(lp_personal_data(&out, engine, "boss", "{\"kind\": \"phone\", \"value\": \"12\"}"),
                LP_INVALID_ARGUMENT, "phone");
    CHECK_FAILS(lp_personal_data(&out, engine, "boss", "{\"kind\": \"fax\", \"value\": \"1\"}"),
                LP_INVALID_ARGUMENT, "unknown identity kind 'fax'");
    CHECK_FAILS(lp_personal_data(&out, engine, "boss", "{\"kind\": \"phone\""), LP_INVALID_ARGUMENT, "malformed");
    CHECK_FAILS(lp_personal_data(&out, engine, "nobody", kLi), LP_PERMISSION_DENIED, "nobody");

    /* erasure: every bad request refused, changing nothing */
    CHECK_FAILS(lp_lead_erase(&out, engine, "boss", li, "{}"), LP_INVALID_ARGUMENT, "'reason' is required");
    CHECK_FAILS(lp_lead_erase(&out, engine, "boss", li, "{\"reason\": \"  \"}"), LP_INVALID_ARGUMENT,
                "reason is empty");
    CHECK_FAILS(lp_lead_erase(&out, engine, "boss", li, "{\"reason\": \"gdpr\", \"suppress\": 1}"),
                LP_INVALID_ARGUMENT, "suppress: must be true or false");
    CHECK_FAILS(lp_lead_erase(&out, engine, "boss", li, "{\"reason\": \"gdpr\", \"forget\": true}"),
                LP_INVALID_ARGUMENT, "forget: unknown field");
    CHECK_FAILS(lp_lead_erase(&out, engine, "boss", 999, "{\"reason\": \"gdpr\"}"), LP_NOT_FOUND, "no lead 999");
    CHECK_FAILS(lp_lead_erase(&out, engine, "ann", li, "{\"reason\": \"gdpr\"}"), LP_NOT_FOUND,
                fmt(0, "no lead %lld", li));
    CHECK(out == NULL);
    CHECK(lead_of(engine, kLi) == li);

    CHECK_OK(lp_lead_erase(&out, engine, "boss", li, "{\"reason\": \"request 7\", \"suppress\": true}"));
    CHECK(int_field(out, "lead") == li && int_field(out, "identities") == 2 && int_field(out, "suppressed") == 2 &&
          int_field(out, "deliveries") == 1 && int_field(out, "events") == 1 &&
          contains(out, fmt(0, "\"leads\":[%lld]", li)) && contains(out, "\"scrub\":\"complete\""));
    lp_free(out);
    CHECK_OK(lp_lead_get(&out, engine, "boss", li));
    CHECK(contains(out, "\"identities\":[]") && contains(out, "\"attributes\":{\"name\":\"[erased]\"}"));
    lp_free(out);
    CHECK_OK(lp_lead_history(&out, engine, "boss", li));
    CHECK(contains(out, "\"action\":\"erase_personal_data\"") && contains(out, "\"reason\":\"request 7\"") &&
          !contains(out, "8613800138000") && !contains(out, "li@example.com") && !contains(out, "Li Lei"));
    lp_free(out);
    CHECK_FAILS(lp_lead_erase(&out, engine, "boss", li, "{\"reason\": \"again\"}"), LP_CONFLICT, "erased before");
    CHECK_FAILS(lp_personal_data(&out, engine, "boss", kLi), LP_NOT_FOUND, "no lead holds");

    /* suppressed: a capture is refused, an ingested record rejected alone */
    CHECK_FAILS(lp_lead_capture(&out, engine, "boss",
                                "{\"identities\": [{\"kind\": \"email\", \"value\": \"LI@example.com\"}], "
                                "\"channel\": \"web\"}"),
                LP_SUPPRESSED, "email 'li@example.com' is suppressed");
    CHECK(out == NULL);
    CHECK(strcmp(lp_status_name(LP_SUPPRESSED), "suppressed") == 0);
    CHECK_OK(lp_lead_ingest(&out, engine, "boss",
                            "[{\"channel\": \"web\", \"identities\": [{\"kind\": \"phone\", \"value\": "
                            "\"+86 13800138000\"}]}, {\"channel\": \"web\", \"identities\": [{\"kind\": "
                            "\"phone\", \"value\": \"13700137000\"}]}]",
                            "{\"drop_unusable_identities\": true}"));
    CHECK(contains(out, "\"outcome\":\"rejected\",\"lead\":null,\"absorbed\":[],\"error\":\"suppressed\"") &&
          contains(out, "\"outcome\":\"created\""));
    lp_free(out);
    CHECK_OK(lp_org_history(&out, engine, "boss"));
    CHECK(contains(out, fmt(0, "\"kind\":\"personal_data_erased\"")) &&
          contains(out, fmt(1, "{\"lead\":%lld,\"leads\":[%lld],\"reason\":\"request 7\",\"suppressed\":true}", li,
                            li)));
    lp_free(out);
    lp_engine_close(engine);
}
