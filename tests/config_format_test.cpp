// Reading format 1 (src/config_format.cpp): a stored object that leaves a field out reads it as
// the field's default, the way a store written before the field existed must read, and a stored
// value of the wrong shape is a storage error for every setting.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

// Stores `text` under `key` as it is, through a second store on the same file.
void store_setting(SqliteStoreFactory& factory, const std::string& key, const std::string& text) {
    auto store = factory.open();
    auto writer = store->write();
    writer->set_setting(key, text);
    writer->commit();
}

template <typename Read>
void check_damaged(const char* what, Read&& read) {
    INFO(what);
    try {
        read();
        FAIL("a damaged stored value was read");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::storage);
        CHECK(std::string(e.what()).find("is damaged") != std::string::npos);
    }
}

}  // namespace

TEST_SUITE_BEGIN("config");

TEST_CASE("a stored setting that leaves fields out reads them as their defaults") {
    Company<SqliteStoreFactory> c;
    const std::string east = std::to_string(c.east);
    store_setting(c.factory, "pool_settings." + east, R"({"max_held": 3})");
    store_setting(c.factory, "identity_rules", R"({"kinds": {"phone": {"max_joins": 1}}})");
    store_setting(c.factory, "routing", R"({"rules": [{"name": "east", "pool": )" + east + "}]}");
    store_setting(c.factory, "workflows", R"([{"name": "sale", "steps": [{"name": "call"}]}])");
    store_setting(c.factory, "policy.sales_led",
                  R"({"roles": {"boss": [{"actions": ["read"], "scope": "all"}]}})");

    const PoolSettings settings = c.engine->pool_settings("boss", c.east);
    const PoolSettings defaults;
    CHECK(settings.max_held == std::optional<std::int64_t>(3));
    CHECK(settings.strategy == defaults.strategy);
    CHECK(settings.capacity.empty());
    CHECK(settings.claim_cooldown_ms == defaults.claim_cooldown_ms);
    CHECK(settings.held_idle_ms == defaults.held_idle_ms);
    CHECK(settings.recycle_to == defaults.recycle_to);
    CHECK(settings.warning_ms == defaults.warning_ms);

    IdentityRules expected = IdentityRules::defaults();
    expected[IdentityKind::phone].max_joins = 1;
    CHECK(c.engine->identity_rules() == expected);

    const RoutingTable table = c.engine->routing("boss");
    REQUIRE(table.rules.size() == 1);
    CHECK(table.rules[0].pool == c.east);
    CHECK(table.rules[0].when.empty());
    CHECK_FALSE(table.default_pool);

    const std::vector<Workflow> workflows = c.engine->workflows("boss");
    REQUIRE(workflows.size() == 1);
    REQUIRE(workflows[0].steps.size() == 1);
    CHECK(workflows[0].steps[0].collaborators.empty());
    CHECK(workflows[0].product_types.empty());

    const Policy policy = c.engine->policy(OrgStage::sales_led);
    REQUIRE(policy.roles.count("boss") == 1);
    CHECK(policy.roles.at("boss").front().tiers == kAllTiers);
}

TEST_CASE("a policy's duplicate disclosure survives a reopen, an unknown one is damage") {
    Company<SqliteStoreFactory> c;
    Policy policy = Policy::default_for(OrgStage::factory_led);
    policy.duplicates["salesperson"] = DuplicateDisclosure::owner;
    c.engine->set_policy("boss", OrgStage::factory_led, policy);
    c.reopen();
    CHECK(c.engine->policy(OrgStage::factory_led) == policy);
    CHECK(c.engine->policy(OrgStage::factory_led).disclosure_for({"salesperson"}) == DuplicateDisclosure::owner);

    store_setting(c.factory, "policy.sales_led", R"({"roles": {"boss": [{"actions": ["read"], "scope": "all"}]},
                                                   "duplicates": {"boss": "telepathy"}})");
    check_damaged("an unknown disclosure", [&] { c.engine->policy(OrgStage::sales_led); });
}

TEST_CASE("a stored setting of the wrong shape is a storage error, for every setting") {
    Company<SqliteStoreFactory> c;
    const std::string east = std::to_string(c.east);
    store_setting(c.factory, "pool_settings." + east, R"({"strategy": "by_lottery"})");
    store_setting(c.factory, "identity_rules", R"({"kinds": {"fax": {}}})");
    store_setting(c.factory, "routing", R"({"rules": [{"name": "east"}]})");
    store_setting(c.factory, "workflows", R"([{"name": "sale", "steps": {}}])");
    store_setting(c.factory, "policy.sales_led", R"({"roles": {"boss": [{"actions": ["read"]}]}})");

    check_damaged("pool settings", [&] { c.engine->pool_settings("boss", c.east); });
    check_damaged("identity rules", [&] { c.engine->identity_rules(); });
    check_damaged("routing", [&] { c.engine->routing("boss"); });
    check_damaged("workflows", [&] { c.engine->workflows("boss"); });
    check_damaged("policy", [&] { c.engine->policy(OrgStage::sales_led); });
}

TEST_SUITE_END();
