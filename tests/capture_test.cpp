// Capturing leads into the master pool, updating them, and finding them again — on every store.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;
using nlohmann::json;


LEADPOOL_STORE_TEST_CASE("a captured lead lands in the master pool with everything the channel sent") {
    Company<Factory> c;
    LeadInput input = phone_lead(" 13800000001 ", "web", R"({"name": "Li Lei", "utm": {"term": "crm"}})");
    input.identities.push_back({IdentityKind::email, " Li.Lei@Example.COM ", ""});
    input.identities.push_back({IdentityKind::wechat_openid, "o-123", "wx-app-1"});
    input.attribution = {"baidu", "cpc", "spring"};
    input.tags = {"vip", " trade-show ", "vip"};

    CaptureResult result = c.engine->capture("boss", input);
    CHECK(result.created);
    const Lead lead = c.lead(result.lead.id);
    CHECK(lead.tier == Tier::master);
    CHECK(lead.pool == kMasterPoolId);
    CHECK(lead.owner.empty());
    CHECK(lead.reached == tier_bit(Tier::master));
    CHECK(lead.version == 1);
    CHECK(lead.created_at == kStart);
    CHECK(lead.last_activity_at == kStart);
    CHECK(lead.channel == "web");
    CHECK(lead.channels == std::vector<std::string>{"web"});
    CHECK(lead.attribution == Attribution{"baidu", "cpc", "spring"});
    CHECK(lead.tags == std::vector<std::string>{"trade-show", "vip"});
    CHECK(json::parse(lead.attributes) == json::parse(R"({"name": "Li Lei", "utm": {"term": "crm"}})"));
    REQUIRE(lead.identities.size() == 3);
    CHECK(lead.identities[0] == Identity{IdentityKind::phone, "+8613800000001", ""});
    CHECK(lead.identities[1] == Identity{IdentityKind::email, "li.lei@example.com", ""});
    CHECK(lead.identities[2] == Identity{IdentityKind::wechat_openid, "o-123", "wx-app-1"});

    const auto history = c.engine->history("boss", lead.id);
    REQUIRE(history.size() == 1);
    CHECK(history[0].action == Action::capture);
    CHECK(history[0].actor == "boss");
    CHECK(history[0].at == kStart);
    CHECK(history[0].to_tier == Tier::master);
    CHECK(json::parse(history[0].detail)["channel"] == "web");
}

LEADPOOL_STORE_TEST_CASE("a capture whose identity is known updates that lead instead of making a second") {
    Company<Factory> c;
    Engine& e = *c.engine;
    LeadInput first =
        phone_lead("13800000001", "web", R"({"name": "Li", "city": "Hangzhou", "utm": {"a": 1}})");
    first.attribution = {"baidu", "cpc", "spring"};
    first.tags = {"b2b"};
    const LeadId id = e.capture("boss", first).lead.id;
    e.transition("boss", move(id, Action::distribute, c.east, "ann"));

    c.clock->advance(kDay);
    LeadInput again;
    again.identities = {{IdentityKind::email, "LI@example.com", ""},
                        {IdentityKind::phone, "13800000001", ""}};
    again.channel = "wechat_mini_program";
    again.attributes = R"({"name": "Li Lei", "utm": {"b": 2}})";
    again.attribution = {"wechat", "social", "autumn"};
    again.tags = {"mini"};
    CaptureResult result = e.capture("boss", again);

    CHECK_FALSE(result.created);
    CHECK(result.lead.id == id);
    const Lead lead = c.lead(id);
    CHECK(json::parse(lead.attributes) ==
          json::parse(R"({"name": "Li Lei", "city": "Hangzhou", "utm": {"a": 1, "b": 2}})"));
    CHECK(lead.channel == "web");
    CHECK(lead.channels == std::vector<std::string>{"web", "wechat_mini_program"});
    CHECK(lead.attribution == Attribution{"baidu", "cpc", "spring"});  // first touch stays
    CHECK(lead.tags == std::vector<std::string>{"b2b", "mini"});
    CHECK(lead.identities.size() == 2);
    CHECK(lead.tier == Tier::sub);  // a capture never moves a lead back
    CHECK(lead.owner == "ann");
    CHECK(lead.created_at == kStart);
    CHECK(lead.last_activity_at == kStart + kDay);
    CHECK(e.leads("boss").leads.size() == 1);
    CHECK(e.history("boss", id).back().action == Action::capture);

    // The new identity now finds the same lead.
    auto found = e.find_lead("boss", Identity{IdentityKind::email, "li@example.com", ""});
    REQUIRE(found);
    CHECK(found->id == id);
}

LEADPOOL_STORE_TEST_CASE("identities are told apart by kind and scope") {
    Company<Factory> c;
    Engine& e = *c.engine;
    auto with = [](Identity identity) {
        LeadInput input;
        input.identities = {std::move(identity)};
        input.channel = "wechat";
        return input;
    };
    LeadId a = e.capture("boss", with({IdentityKind::wechat_openid, "o-1", "app-a"})).lead.id;
    LeadId b = e.capture("boss", with({IdentityKind::wechat_openid, "o-1", "app-b"})).lead.id;
    LeadId d = e.capture("boss", with({IdentityKind::device_id, "o-1", ""})).lead.id;
    LeadId x = e.capture("boss", with({IdentityKind::external_id, "o-1", "shop"})).lead.id;
    CHECK(a != b);
    CHECK(b != d);
    CHECK(d != x);
    CHECK(e.capture("boss", with({IdentityKind::wechat_openid, "o-1", "app-b"})).lead.id == b);
    CHECK_FALSE(e.find_lead("boss", Identity{IdentityKind::wechat_unionid, "o-1", ""}));
}

LEADPOOL_STORE_TEST_CASE("bad capture input is refused with invalid_argument and changes nothing") {
    Company<Factory> c;
    Engine& e = *c.engine;
    c.capture("13800000009");
    auto refused = [&](LeadInput input) {
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.capture("boss", input));
    };
    LeadInput input = phone_lead("13800000001");
    SUBCASE("no identity") {
        input.identities.clear();
        refused(input);
    }
    SUBCASE("an empty identity value") {
        input.identities[0].value = "  ";
        refused(input);
    }
    SUBCASE("an openid without its app") {
        input.identities = {{IdentityKind::wechat_openid, "o", ""}};
        refused(input);
    }
    SUBCASE("an external id without its source") {
        input.identities = {{IdentityKind::external_id, "9", ""}};
        refused(input);
    }
    SUBCASE("a scope on a phone") {
        input.identities[0].scope = "x";
        refused(input);
    }
    SUBCASE("an unknown identity kind") {
        input.identities[0].kind = static_cast<IdentityKind>(42);
        refused(input);
    }
    SUBCASE("malformed attribute JSON") {
        input.attributes = R"({"name": )";
        refused(input);
    }
    SUBCASE("attributes that are not an object") {
        input.attributes = "[1, 2]";
        refused(input);
    }
    SUBCASE("no channel") {
        input.channel = " ";
        refused(input);
    }
    SUBCASE("an empty tag") {
        input.tags = {"ok", ""};
        refused(input);
    }
    SUBCASE("a batch with one bad input") {
        LeadInput bad = input;
        bad.attributes = "nope";
        LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                                   e.capture_batch("boss", {phone_lead("13800001001"), phone_lead("13800001002"), bad}));
    }
}

LEADPOOL_STORE_TEST_CASE("identities of two different leads in one capture merge them into one") {
    Company<Factory> c;
    Engine& e = *c.engine;
    const LeadId first = c.capture("13800000111");
    LeadInput other;
    other.identities = {{IdentityKind::email, "a@b.c", ""}};
    other.channel = "shop";
    const LeadId second = e.capture("boss", other).lead.id;
    LeadInput both = phone_lead("13800000111", "web");
    both.identities.push_back({IdentityKind::email, "a@b.c", ""});
    const CaptureResult merged = e.capture("boss", both);
    CHECK_FALSE(merged.created);
    CHECK(merged.lead.id == first);  // both in the master pool: the older survives
    CHECK(merged.lead.identities.size() == 2);
    CHECK(merged.lead.channels == std::vector<std::string>{"web", "shop"});
    CHECK(e.lead("boss", second).id == first);
    CHECK(e.leads("boss").leads.size() == 1);
}

LEADPOOL_STORE_TEST_CASE("a refused capture tells nothing about leads outside the actor's scope") {
    Company<Factory> c;
    Engine& e = *c.engine;
    const LeadId ann_lead = c.capture("13800000111");
    const LeadId bob_lead = c.capture("13800000222");
    e.transition("boss", TransitionRequest::distribute(ann_lead, c.east, "ann"));
    e.transition("boss", TransitionRequest::distribute(bob_lead, c.west, "bob"));

    LeadInput both = phone_lead("13800000111");
    both.identities.push_back({IdentityKind::phone, "13800000222", ""});
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.capture("ann", both));
    try {
        e.capture("ann", phone_lead("13800000222"));
        FAIL("captured onto a lead outside ann's scope");
    } catch (const Error& error) {
        CHECK(error.code() == ErrorCode::permission_denied);
        CHECK(std::string(error.what()).find("lead " + std::to_string(bob_lead)) == std::string::npos);
        CHECK(std::string(error.what()).find("bob") == std::string::npos);
        CHECK(std::string(error.what()).find("west") == std::string::npos);
    }
    CHECK(e.capture("ann", phone_lead("13800000111", "shop")).lead.id == ann_lead);
}

// A batch's inputs are all checked before the first is planned (so the store can read what the
// batch looks up at once), yet it fails where a batch checked as it goes would: at the first item
// refused, with that item's error.
LEADPOOL_STORE_TEST_CASE("a capture batch fails at its first refused item, checked or planned") {
    Company<Factory> c;
    Engine& e = *c.engine;
    const LeadId bob_lead = c.capture("13800000222");
    e.transition("boss", TransitionRequest::distribute(bob_lead, c.west, "bob"));
    LeadInput bad = phone_lead("13800000333");
    bad.attributes = "nope";
    // Item 1 is refused when planned (it names a lead outside ann's scope), item 2 when checked.
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied,
                               e.capture_batch("ann", {phone_lead("13800000111"), phone_lead("13800000222"), bad}));
    try {
        e.capture_batch("ann", {phone_lead("13800000111"), phone_lead("13800000222"), bad});
        FAIL("captured");
    } catch (const Error& error) {
        CHECK(std::string(error.what()).rfind("capture batch item 1: ", 0) == 0);
    }
    // The other way round: the check refusal comes first.
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument,
                               e.capture_batch("ann", {phone_lead("13800000111"), bad, phone_lead("13800000222")}));
}

LEADPOOL_STORE_TEST_CASE("a capture batch resolves identities against its own earlier items") {
    Company<Factory> c;
    Engine& e = *c.engine;
    auto results = e.capture_batch("boss", {phone_lead("13800001001", "web"), phone_lead("13800001002", "shop"),
                                            phone_lead("13800001001", "shop", R"({"seen": true})")});
    REQUIRE(results.size() == 3);
    CHECK(results[0].created);
    CHECK(results[1].created);
    CHECK_FALSE(results[2].created);
    CHECK(results[2].lead.id == results[0].lead.id);
    CHECK(c.lead(results[0].lead.id).channels == std::vector<std::string>{"web", "shop"});
    CHECK(e.leads("boss").leads.size() == 2);
}

LEADPOOL_STORE_TEST_CASE("updating a lead merges attributes and tags and checks the version") {
    Company<Factory> c;
    Engine& e = *c.engine;
    LeadInput input = phone_lead("13800001001", "web", R"({"a": 1, "nested": {"x": 1}})");
    input.tags = {"old", "keep"};
    const LeadId id = e.capture("boss", input).lead.id;
    c.clock->advance(1000);

    LeadUpdate update;
    update.attributes = R"({"b": 2, "nested": {"y": 2}})";
    update.add_tags = {"new"};
    update.remove_tags = {"old"};
    update.expected_version = 1;
    const Lead lead = e.update_lead("boss", id, update);
    CHECK(json::parse(lead.attributes) == json::parse(R"({"a": 1, "b": 2, "nested": {"x": 1, "y": 2}})"));
    CHECK(lead.tags == std::vector<std::string>{"keep", "new"});
    CHECK(lead.version == 2);
    CHECK(lead.updated_at == kStart + 1000);
    CHECK(lead.last_activity_at == kStart);  // data edits are not follow-up activity
    CHECK(e.history("boss", id).back().action == Action::update);

    update.expected_version = 1;
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::conflict, e.update_lead("boss", id, update));
    update.expected_version = 0;
    update.attributes = "{";
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.update_lead("boss", id, update));
    update.attributes = "{}";
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::not_found, e.update_lead("boss", 999, update));
}

LEADPOOL_STORE_TEST_CASE("listing filters by tier, pool subtree, owner, channel, tag and capture time") {
    Company<Factory> c;
    Engine& e = *c.engine;
    const PoolId hangzhou = e.create_pool("boss", PoolSpec{"hangzhou", c.east, {}, {"ann"}}).id;
    auto capture = [&](const std::string& phone, const std::string& channel, std::vector<std::string> tags) {
        LeadInput input = phone_lead(phone, channel);
        input.tags = std::move(tags);
        LeadId id = e.capture("boss", input).lead.id;
        c.clock->advance(kDay);
        return id;
    };
    const LeadId a = capture("13800001001", "web", {"vip"});
    const LeadId b = capture("13800001002", "shop", {});
    const LeadId d = capture("13800001003", "web", {"vip"});
    const LeadId f = capture("13800001004", "wechat", {});
    e.transition("boss", move(b, Action::distribute, c.east, "ann"));
    e.transition("boss", move(d, Action::distribute, hangzhou, "ann"));
    e.transition("boss", move(f, Action::distribute, c.west, "bob"));
    e.transition("boss", move(f, Action::qualify));

    auto ids = [&](LeadFilter filter) {
        std::vector<LeadId> out;
        for (const auto& lead : e.leads("boss", filter).leads) out.push_back(lead.id);
        return out;
    };
    using V = std::vector<LeadId>;
    CHECK(ids({}) == V{a, b, d, f});
    LeadFilter f1;
    f1.tier = Tier::sub;
    CHECK(ids(f1) == V{b, d});
    LeadFilter f2;
    f2.pool = c.east;
    CHECK(ids(f2) == V{b, d});  // east and hangzhou below it
    LeadFilter f3;
    f3.pool = hangzhou;
    CHECK(ids(f3) == V{d});
    LeadFilter f4;
    f4.owner = "bob";
    CHECK(ids(f4) == V{f});
    LeadFilter f5;
    f5.channel = "web";
    CHECK(ids(f5) == V{a, d});
    LeadFilter f6;
    f6.tag = "vip";
    CHECK(ids(f6) == V{a, d});
    LeadFilter f7;
    f7.created_from = kStart + kDay;
    f7.created_to = kStart + 3 * kDay;
    CHECK(ids(f7) == V{b, d});
    LeadFilter f8;
    f8.pool = c.east;
    f8.tag = "vip";
    f8.owner = "ann";
    CHECK(ids(f8) == V{d});
    LeadFilter f9;
    f9.pool = 999;
    CHECK_THROWS_AS(ids(f9), Error);

    // Pages of two walk the same sequence.
    PageRequest page;
    page.limit = 2;
    LeadPage first = e.leads("boss", {}, page);
    CHECK(first.leads.size() == 2);
    REQUIRE(first.next_after);
    page.after = *first.next_after;
    LeadPage second = e.leads("boss", {}, page);
    CHECK(second.leads.size() == 2);
    CHECK(second.leads[0].id == d);
    CHECK_FALSE(second.next_after);
    page.limit = 0;
    CHECK_THROWS_AS(e.leads("boss", {}, page), Error);
    page.limit = kMaxPageSize + 1;
    CHECK_THROWS_AS(e.leads("boss", {}, page), Error);
}

LEADPOOL_STORE_TEST_CASE("reads return only what the actor may see") {
    Company<Factory> c;
    Engine& e = *c.engine;
    const LeadId mine = c.capture("13800001001");
    const LeadId theirs = c.capture("13800001002");
    const LeadId open = c.capture("13800001003");
    e.transition("boss", move(mine, Action::distribute, c.east, "ann"));
    e.transition("boss", move(theirs, Action::distribute, c.west, "bob"));

    auto page = e.leads("ann");
    REQUIRE(page.leads.size() == 1);
    CHECK(page.leads[0].id == mine);
    CHECK(e.lead("ann", mine).id == mine);
    CHECK_THROWS_AS(e.lead("ann", theirs), Error);
    CHECK_THROWS_AS(e.history("ann", open), Error);
    CHECK_FALSE(e.find_lead("ann", Identity{IdentityKind::phone, "13800001009", ""}));  // nobody's phone
    CHECK(e.find_lead("ann", Identity{IdentityKind::phone, "13800001001", ""}));
    // Outside her scope, theirs is an unknown id; its phone, a duplicate check says, is held.
    try {
        e.lead("ann", theirs);
        FAIL("read a lead outside ann's scope");
    } catch (const Error& error) {
        CHECK(error.code() == ErrorCode::not_found);
        CHECK(std::string(error.what()) == "no lead " + std::to_string(theirs));
    }
    try {
        e.find_lead("ann", Identity{IdentityKind::phone, "13800001002", ""});
        FAIL("found nothing to say about a lead outside ann's scope");
    } catch (const Error& error) {
        CHECK(error.code() == ErrorCode::permission_denied);
        CHECK(std::string(error.what()) == "phone '+8613800001002' belongs to a lead outside the scope of 'ann'");
    }
}
