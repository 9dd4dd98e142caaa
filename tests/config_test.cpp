// The settings on disk (src/config.hpp): every value's stored text in format 1, the format mark,
// and a store in a newer format refused. A change of a wire shape (docs/json.md) that would
// change what a store holds fails here.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;
using nlohmann::json;

namespace {

// The stored text of a setting, read through a second store on the same file.
std::string stored(SqliteStoreFactory& factory, const std::string& key) {
    auto value = factory.open()->read()->setting(key);
    REQUIRE(value.has_value());
    return *value;
}

}  // namespace

TEST_SUITE_BEGIN("config");

TEST_CASE("settings are stored in format 1, each value in its own shape") {
    Company<SqliteStoreFactory> c;
    CHECK(stored(c.factory, "config_format") == "1");
    CHECK(stored(c.factory, "stage") == "factory_led");

    RoutingTable table;
    table.rules.push_back({"north", c.east, {{"attributes.city", RuleOperator::in, {"Beijing"}, {}, {}}}});
    c.engine->set_routing("boss", table);
    CHECK(json::parse(stored(c.factory, "routing")) ==
          json::parse(R"({"rules":[{"name":"north","pool":)" + std::to_string(c.east) +
                      R"(,"when":[{"field":"attributes.city","op":"in","values":["Beijing"],"min":null,"max":null}]}],)"
                      R"("default_pool":null})"));

    PoolSettings settings;
    settings.max_held = 3;
    settings.capacity["ann"] = 2;
    c.engine->set_pool_settings("boss", c.east, settings);
    CHECK(json::parse(stored(c.factory, "pool_settings." + std::to_string(c.east))) ==
          json::parse(R"({"strategy":"round_robin","max_held":3,"capacity":{"ann":2},"claim_cooldown_ms":0,)"
                      R"("held_idle_ms":null,"opportunity_idle_ms":null,"recycle_to":"pool","warning_ms":0,)"
                      R"("assign_by_score":""})"));

    c.engine->define_workflow("boss", Workflow{"b2b", {{"demo", {}}}, {"software"}});
    CHECK(json::parse(stored(c.factory, "workflows")) ==
          json::parse(R"([{"name":"b2b","steps":[{"name":"demo","collaborators":[]}],"product_types":["software"]}])"));
    // A retired workflow says so; one in use is stored as before "retired" existed.
    c.engine->define_workflow("boss", Workflow{"old", {{"call", {}}}, {}});
    c.engine->retire_workflow("boss", "old");
    CHECK(json::parse(stored(c.factory, "workflows")) ==
          json::parse(R"([{"name":"b2b","steps":[{"name":"demo","collaborators":[]}],"product_types":["software"]},)"
                      R"({"name":"old","steps":[{"name":"call","collaborators":[]}],"product_types":[],"retired":true}])"));

    Policy policy = c.engine->policy(OrgStage::sales_led);
    policy.roles = {{"director", {Grant{all_actions(), kAllTiers, Scope::all}}}};
    c.engine->set_policy("boss", OrgStage::sales_led, policy);
    CHECK(json::parse(stored(c.factory, "policy.sales_led")) ==
          json::parse(R"({"roles":{"director":[{"actions":["*"],"tiers":["*"],"scope":"all"}]}})"));

    IdentityRules rules = c.engine->identity_rules();
    rules.default_region = "IT";
    c.engine->set_identity_rules("boss", rules);
    const json identity_rules = json::parse(stored(c.factory, "identity_rules"));
    CHECK(identity_rules.at("default_region") == "IT");
    CHECK_FALSE(identity_rules.contains("default_country_code"));
    CHECK(identity_rules.at("switchboard_priority") == 6);
    CHECK(identity_rules.at("keep_unidentified") == true);
    CHECK(identity_rules.at("kinds").at("phone") ==
          json::parse(R"({"priority":3,"max_per_lead":5,"max_joins":3,"blocked":[]})"));

    // The suppression list's salt: none until the first suppression, then 32 random bytes as hex,
    // kept for good (a second suppression uses it as it is).
    CHECK_FALSE(c.factory.open()->read()->setting("suppression_salt"));
    c.engine->erase("boss", c.capture("13800001001"), ErasureRequest{"gdpr", true});
    const std::string salt = stored(c.factory, "suppression_salt");
    CHECK(salt.size() == 64);
    CHECK(salt.find_first_not_of("0123456789abcdef") == std::string::npos);
    c.engine->erase("boss", c.capture("13800001002"), ErasureRequest{"gdpr", true});
    CHECK(stored(c.factory, "suppression_salt") == salt);
    // Each lead pool draws its own.
    Company<SqliteStoreFactory> other;
    other.engine->erase("boss", other.capture("13800001001"), ErasureRequest{"gdpr", true});
    CHECK(stored(other.factory, "suppression_salt") != salt);
}

TEST_CASE("identity rules stored before phones were parsed by libphonenumber read their calling code as a region") {
    Company<SqliteStoreFactory> c;
    auto stored_rules = [&](const std::string& text) {
        {
            auto store = c.factory.open();
            auto writer = store->write();
            writer->set_setting("identity_rules", text);
            writer->commit();
        }
        c.reopen();
        return c.engine->identity_rules();
    };
    const std::string kinds = R"("max_merge_size":10,"kinds":{})";
    CHECK(stored_rules(R"({"default_country_code":"86",)" + kinds + "}").default_region == "CN");
    CHECK(stored_rules(R"({"default_country_code":"39",)" + kinds + "}").default_region == "IT");
    // An empty code kept national numbers as digits; an empty region still does.
    CHECK(stored_rules(R"({"default_country_code":"",)" + kinds + "}").default_region.empty());
    try {
        stored_rules(R"({"default_country_code":"999",)" + kinds + "}");
        c.engine->identity_rules();
        FAIL("a calling code no region uses was read");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::storage);
    }
}

TEST_CASE("identity rules stored before kinds had priorities read with the default priorities") {
    Company<SqliteStoreFactory> c;
    {
        auto store = c.factory.open();
        auto writer = store->write();
        writer->set_setting("identity_rules", R"({"default_region":"CN","max_merge_size":4,"kinds":)"
                                              R"({"device_id":{"max_per_lead":5,"max_joins":1,"blocked":[]}}})");
        writer->commit();
    }
    c.reopen();
    const IdentityRules rules = c.engine->identity_rules();
    const IdentityRules defaults = IdentityRules::defaults();
    CHECK(rules.max_merge_size == 4);
    CHECK(rules[IdentityKind::device_id].max_joins == 1);
    CHECK(rules[IdentityKind::device_id].priority == defaults[IdentityKind::device_id].priority);
    CHECK(rules[IdentityKind::phone].priority == defaults[IdentityKind::phone].priority);
    CHECK(rules.switchboard_priority == defaults.switchboard_priority);
    CHECK(rules.keep_unidentified);
}

TEST_CASE("a store whose settings are in a newer format is refused, not misread") {
    Company<SqliteStoreFactory> c;
    {
        auto store = c.factory.open();
        auto writer = store->write();
        writer->set_setting("config_format", "2");
        writer->commit();
    }
    c.reopen();
    CHECK_THROWS_WITH_AS(c.engine->stage(), doctest::Contains("format '2'"), Error);
    try {
        c.engine->lead("boss", 1);
        FAIL("a store in a newer format was read");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::storage);
    }
}

TEST_CASE("a damaged stored value is a storage error") {
    Company<SqliteStoreFactory> c;
    {
        auto store = c.factory.open();
        auto writer = store->write();
        writer->set_setting("routing", "{not json");
        writer->commit();
    }
    try {
        c.engine->routing("boss");
        FAIL("a damaged routing table was read");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::storage);
    }
}

TEST_CASE("the legal-move table is public data that agrees with is_transition") {
    for (Action action : all_actions()) {
        CHECK(is_transition(action) == (legal_move(action) != nullptr));
    }
    const LegalMove* lose = legal_move(Action::lose);
    REQUIRE(lose != nullptr);
    CHECK(lose->from == tier_bit(Tier::opportunity));
    CHECK(lose->to == Tier::lost);
    CHECK(lose->reason_required);
    CHECK(std::string(to_string(lose->owner)) == "keep");
    CHECK(std::string(to_string(PoolRule::sub_or_master)) == "sub_or_master");
}

TEST_SUITE_END();
