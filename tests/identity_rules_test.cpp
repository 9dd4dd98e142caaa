// Identity normalisation per kind, the blocked values, and the identity rules as JSON.
#include <doctest/doctest.h>

#include <leadpool/leadpool.hpp>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

std::string normal(IdentityKind kind, const std::string& value, const std::string& scope = "",
                   const IdentityRules& rules = IdentityRules::defaults()) {
    return normalize_identity(Identity{kind, value, scope}, rules).value;
}

void check_invalid(IdentityKind kind, const std::string& value, const std::string& scope = "",
                   const IdentityRules& rules = IdentityRules::defaults()) {
    INFO(to_string(kind) << " '" << value << "'");
    CHECK_THROWS_WITH_AS(normalize_identity(Identity{kind, value, scope}, rules),
                         doctest::Contains(to_string(kind)), Error);
    try {
        normalize_identity(Identity{kind, value, scope}, rules);
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::invalid_argument);
    }
}

IdentityRules china() {
    IdentityRules rules = IdentityRules::defaults();
    rules.default_country_code = "86";
    return rules;
}

}  // namespace

TEST_SUITE_BEGIN("identity rules");

TEST_CASE("phone numbers become digits, in E.164 once a country code is known") {
    const IdentityKind phone = IdentityKind::phone;
    // Separators go; "+" and "00" start a country code.
    CHECK(normal(phone, " +86 138-0000-0001 ") == "+8613800000001");
    CHECK(normal(phone, "0086 (138) 0000.0001") == "+8613800000001");
    CHECK(normal(phone, "+1 415/555 0100") == "+14155550100");
    // Without a default country code a national number keeps its digits.
    CHECK(normal(phone, "138 0000 0001") == "13800000001");
    CHECK(normal(phone, "010 8888 6666") == "01088886666");
    // With one, the trunk 0 goes and the country code comes first.
    CHECK(normal(phone, "138 0000 0001", "", china()) == "+8613800000001");
    CHECK(normal(phone, "010 8888 6666", "", china()) == "+861088886666");
    CHECK(normal(phone, "+44 20 7946 0000", "", china()) == "+442079460000");
    // So one person's number written three ways is one identity.
    CHECK(normal(phone, "13800000001", "", china()) == normal(phone, "+86 13800000001", "", china()));

    check_invalid(phone, "138-CALL-NOW");
    check_invalid(phone, "12");                // too short
    check_invalid(phone, "1234567890123456");  // 16 digits: longer than E.164 allows
    check_invalid(phone, "+0123456789");       // no country code starts with 0
    check_invalid(phone, "+");
    check_invalid(phone, "13800000001", "carrier");  // phones take no scope
}

TEST_CASE("e-mail addresses are trimmed and lower-cased, and must look like addresses") {
    CHECK(normal(IdentityKind::email, "  Li.Lei@Example.COM ") == "li.lei@example.com");
    for (const char* bad : {"li.lei", "@example.com", "li@", "li@example", "li@@example.com",
                            "li lei@example.com", "li@example.", "li@.com"}) {
        check_invalid(IdentityKind::email, bad);
    }
}

TEST_CASE("WeChat ids, device ids and external ids keep their own forms") {
    CHECK(normal(IdentityKind::wechat_unionid, " o6_bmasdasdsad6_2sgVt7hMZOPfL ") ==
          "o6_bmasdasdsad6_2sgVt7hMZOPfL");
    CHECK(normal(IdentityKind::wechat_openid, "oAbC-123", "wx-app") == "oAbC-123");  // case kept
    check_invalid(IdentityKind::wechat_unionid, "o6 bm");
    check_invalid(IdentityKind::wechat_unionid, "o6/bm");
    check_invalid(IdentityKind::wechat_openid, "oAbC-123");  // which app's openid?

    CHECK(normal(IdentityKind::device_id, " 6D92078A-8246-4BA4-AE5B-76104861E7DC ") ==
          "6d92078a-8246-4ba4-ae5b-76104861e7dc");
    check_invalid(IdentityKind::device_id, "6D92 078A");

    CHECK(normal(IdentityKind::external_id, " Cust-0042 ", " erp ") == "Cust-0042");  // case kept
    CHECK(normalize_identity(Identity{IdentityKind::external_id, "Cust-0042", " erp "}).scope == "erp");
    check_invalid(IdentityKind::external_id, "Cust-0042");
}

TEST_CASE("placeholders, repeated-digit phones and listed values are blocked") {
    const IdentityRules rules = IdentityRules::defaults();
    auto blocked = [&](IdentityKind kind, const std::string& value, const std::string& scope = "",
                       const IdentityRules& with = IdentityRules::defaults()) {
        return is_blocked(normalize_identity(Identity{kind, value, scope}, with), with);
    };
    CHECK(blocked(IdentityKind::phone, "11111111111"));
    CHECK(blocked(IdentityKind::phone, "+86 11111111111", "", china()));
    CHECK(blocked(IdentityKind::phone, "11111111111", "", china()));  // "+8611111111111"
    CHECK_FALSE(blocked(IdentityKind::phone, "1111"));                // too short to be a pattern
    CHECK_FALSE(blocked(IdentityKind::phone, "13800000001"));
    CHECK(blocked(IdentityKind::wechat_unionid, "NULL"));
    CHECK(blocked(IdentityKind::wechat_openid, "undefined", "wx-app"));
    CHECK(blocked(IdentityKind::device_id, "00000000-0000-0000-0000-000000000000"));
    CHECK(blocked(IdentityKind::email, "Test@Test.com"));
    CHECK_FALSE(blocked(IdentityKind::email, "li@example.com"));

    // A host lists its own: a phone in national form blocks the number however it is written.
    IdentityRules own = china();
    own[IdentityKind::phone].blocked = {"400 800 8888"};
    CHECK(blocked(IdentityKind::phone, "+86 4008008888", "", own));
    CHECK_FALSE(blocked(IdentityKind::phone, "4008008888", "", rules));
}

TEST_CASE("identity rules read and write as JSON, and refuse what they do not know") {
    const IdentityRules defaults = IdentityRules::defaults();
    CHECK(IdentityRules::from_json(defaults.to_json()) == defaults);
    CHECK(IdentityRules::from_json("{}") == defaults);  // every field optional

    const IdentityRules changed = IdentityRules::from_json(
        R"({"default_country_code": "86", "max_merge_size": 4,
            "kinds": {"device_id": {"max_joins": 0}, "email": {"blocked": ["x@y.z"]}}})");
    CHECK(changed.default_country_code == "86");
    CHECK(changed.max_merge_size == 4);
    CHECK(changed[IdentityKind::device_id].max_joins == 0);
    CHECK(changed[IdentityKind::device_id].max_per_lead == defaults[IdentityKind::device_id].max_per_lead);
    CHECK(changed[IdentityKind::email].blocked == std::vector<std::string>{"x@y.z"});
    CHECK(IdentityRules::from_json(changed.to_json()) == changed);

    for (const char* bad :
         {R"({"colour": 1})", R"({"default_country_code": "086"})", R"({"default_country_code": "8a"})",
          R"({"max_merge_size": 0})", R"({"kinds": {"fax": {}}})",
          R"({"kinds": {"phone": {"max_per_lead": 0}}})", R"({"kinds": {"phone": {"max_joins": -1}}})",
          R"({"kinds": {"phone": {"x": 1}}})", R"({"kinds": []})", "[", "nope"}) {
        INFO(bad);
        CHECK_THROWS_AS(IdentityRules::from_json(bad), Error);
        try {
            IdentityRules::from_json(bad);
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::invalid_argument);
        }
    }
}

TEST_CASE("the identity rules in force are stored with the lead pool and changed by manage_org only") {
    Company<MemoryStoreFactory> c;
    Engine& e = *c.engine;
    CHECK(e.identity_rules() == IdentityRules::defaults());
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.set_identity_rules("ann", china()));
    e.set_identity_rules("boss", china());
    CHECK(e.identity_rules() == china());
    CHECK(e.org_history("boss").back().kind == OrgEventKind::identity_rules_changed);
    // Normalisation follows the rules in force: the national number finds the E.164 one.
    const LeadId id = c.capture("138 0000 0001");
    CHECK(c.lead(id).identities.front().value == "+8613800000001");
    CHECK(e.find_lead("boss", Identity{IdentityKind::phone, "+86 138 0000 0001", ""})->id == id);
}

TEST_SUITE_END();
