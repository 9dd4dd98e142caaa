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

IdentityRules placed_in(const std::string& region) {
    IdentityRules rules = IdentityRules::defaults();
    rules.default_region = region;
    return rules;
}

IdentityRules china() { return placed_in("CN"); }

}  // namespace

TEST_SUITE_BEGIN("identity rules");

TEST_CASE("phone numbers become E.164 by libphonenumber, placed in China unless told otherwise") {
    const IdentityKind phone = IdentityKind::phone;
    CHECK(IdentityRules::defaults().default_region == "CN");
    // One person's number, however a form or an export holds it, is one identity.
    for (const char* written : {"+86 138 0013 8000", "138 0013 8000", "0086 (138) 0013.8000", "8613800138000",
                                "+86-138-0013-8000", "０１３８ ００１３ ８０００" /* full-width digits */}) {
        INFO(written);
        CHECK(normal(phone, written) == "+8613800138000");
    }
    CHECK(normal(phone, "010 8888 6666") == "+861088886666");  // the trunk 0 of a Beijing line goes
    CHECK(normal(phone, "+1 415/555 0100") == "+14155550100");
    // A foreign number holding its country code without "+" is no valid Chinese number: it is
    // taken as written with one.
    CHECK(normal(phone, "390612345678") == "+390612345678");
    // Italy keeps its 0: the national form and the international one agree.
    CHECK(normal(phone, "06 1234 5678", "", placed_in("IT")) == "+390612345678");
    CHECK(normal(phone, "+39 06 1234 5678") == "+390612345678");
    // The region of a single record wins over the rules' default.
    CHECK(normalize_identity(Identity{phone, "06 1234 5678", ""}, china(), "IT").value == "+390612345678");
    CHECK(normal(phone, "(650) 253-0000", "", placed_in("US")) == "+16502530000");
    // An extension is kept: two desks behind one switchboard are two numbers.
    CHECK(normal(phone, "+86 10 8888 6666 ext. 12") == "+861088886666;ext=12");
    // Without any region a national number keeps its bare digits; an international one is E.164.
    CHECK(normal(phone, "138 0013 8000", "", placed_in("")) == "13800138000");
    CHECK(normal(phone, "+86 138 0013 8000", "", placed_in("")) == "+8613800138000");

    // What is no possible number is refused, saying why.
    auto refused = [&](const std::string& written, const std::string& why,
                       const IdentityRules& rules = IdentityRules::defaults()) {
        INFO(written);
        CHECK_THROWS_WITH_AS(normalize_identity(Identity{phone, written, ""}, rules),
                             doctest::Contains(why.c_str()), Error);
        check_invalid(phone, written, "", rules);
    };
    refused("12", "too short");
    refused("+86 138 0013 8000 1234 5678", "too long");
    refused("+0123456789", "country code");
    refused("+999 1234 5678", "country code");
    refused("+", "not a phone number");
    refused("hello", "not a phone number");
    refused("253 0000", "local number of US: it needs its area code", placed_in("US"));
    refused("138 0013 8000", "has no numbering plan", placed_in("XX"));
    CHECK_THROWS_WITH_AS(normalize_identity(Identity{phone, "138 0013 8000", ""}, china(), "Italy"),
                         doctest::Contains("region 'Italy'"), Error);
    refused("138-CALL", "digits", placed_in(""));
    check_invalid(phone, "13800000001", "carrier");  // phones take no scope
}

TEST_CASE("a phone's line type is read from its number") {
    auto type = [](const std::string& written) {
        return phone_number_type(normalize_identity(Identity{IdentityKind::phone, written, ""}, IdentityRules::defaults()));
    };
    CHECK(type("138 0013 8000") == PhoneNumberType::mobile);
    CHECK(type("010 8888 6666") == PhoneNumberType::fixed_line);
    CHECK(type("400 810 8888") == PhoneNumberType::shared_cost);  // a company's 400 number: a switchboard
    CHECK(type("+1 650 253 0000") == PhoneNumberType::fixed_line_or_mobile);
    CHECK(type("+1 800 253 0000") == PhoneNumberType::toll_free);
    CHECK(std::string(to_string(PhoneNumberType::fixed_line_or_mobile)) == "fixed_line_or_mobile");
    CHECK(phone_number_type(Identity{IdentityKind::phone, "13800138000", ""}) == PhoneNumberType::unknown);  // bare
    CHECK(phone_number_type(Identity{IdentityKind::email, "li@example.com", ""}) == PhoneNumberType::unknown);
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
    CHECK(blocked(IdentityKind::phone, "+86 11111111111"));
    CHECK(blocked(IdentityKind::phone, "+39 333 333 3333"));  // the national digits, whatever the country
    CHECK(blocked(IdentityKind::phone, "11111111111", "", placed_in("")));  // bare digits too
    CHECK_FALSE(blocked(IdentityKind::phone, "+86 10 1111 1111"));   // 1011111111: not one digit
    CHECK_FALSE(blocked(IdentityKind::phone, "13800001111", "", placed_in("")));  // too short to be a pattern
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
    CHECK(blocked(IdentityKind::phone, "864008008888", "", own));
    CHECK_FALSE(blocked(IdentityKind::phone, "4008008888", "", rules));
}

TEST_CASE("identity rules read and write as JSON, and refuse what they do not know") {
    const IdentityRules defaults = IdentityRules::defaults();
    CHECK(IdentityRules::from_json(defaults.to_json()) == defaults);
    CHECK(IdentityRules::from_json("{}") == defaults);  // every field optional

    const IdentityRules changed = IdentityRules::from_json(
        R"({"default_region": "IT", "max_merge_size": 4,
            "kinds": {"device_id": {"max_joins": 0}, "email": {"blocked": ["x@y.z"]}}})");
    CHECK(changed.default_region == "IT");
    CHECK(IdentityRules::from_json(R"({"default_region": ""})").default_region.empty());
    CHECK(changed.max_merge_size == 4);
    CHECK(changed[IdentityKind::device_id].max_joins == 0);
    CHECK(changed[IdentityKind::device_id].max_per_lead == defaults[IdentityKind::device_id].max_per_lead);
    CHECK(changed[IdentityKind::email].blocked == std::vector<std::string>{"x@y.z"});
    CHECK(IdentityRules::from_json(changed.to_json()) == changed);

    for (const char* bad :
         {R"({"colour": 1})", R"({"default_region": "XX"})", R"({"default_region": "cn"})",
          R"({"default_region": 86})", R"({"default_country_code": "86"})",
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
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.set_identity_rules("ann", placed_in("IT")));
    e.set_identity_rules("boss", placed_in("IT"));
    CHECK(e.identity_rules() == placed_in("IT"));
    const auto org = e.org_history("boss");
    REQUIRE(org.size() >= 2);
    CHECK(org[org.size() - 2].kind == OrgEventKind::identity_rules_changed);
    CHECK(org.back().kind == OrgEventKind::identities_rekeyed);  // a new region re-keys
    // Normalisation follows the rules in force: the national number finds the E.164 one.
    const LeadId id = c.capture("06 1234 5678");
    CHECK(c.lead(id).identities.front().value == "+390612345678");
    CHECK(e.find_lead("boss", Identity{IdentityKind::phone, "+39 06 1234 5678", ""})->id == id);
}

TEST_SUITE_END();
