// What an actor can learn outside their scope (docs/design.md 5.4): a refusal says no more than
// an unknown id, a duplicate check says what the policy's disclosure allows, and every list
// shows a record to whoever may read every lead it names.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;

namespace {

// The factory-led company: "ann" manages east, "bob" manages west; a lead of bob's in west.
template <typename Factory>
struct TwoPools : Company<Factory> {
    LeadId bobs = 0;
    LeadId anns = 0;
    const std::string bobs_phone = "+8613900000101";

    TwoPools() : Company<Factory>(OrgStage::factory_led) {
        bobs = placed(bobs_phone, this->west, "bob");
        anns = placed("+8613900000102", this->east, "ann");
    }

    LeadId placed(const std::string& phone, PoolId pool, const UserId& owner) {
        const LeadId id = this->capture(phone);
        this->engine->transition("boss", move(id, Action::distribute, pool, owner));
        return id;
    }

    // A lead id that names nothing: past every lead made so far.
    LeadId unknown() { return this->engine->leads("boss").leads.back().id + 1000; }
};

template <typename Operation>
Error error_of(Operation&& operation) {
    try {
        operation();
    } catch (const Error& error) {
        return error;
    }
    FAIL("expected an error");
    return Error(ErrorCode::internal, "");
}

// `operation(id)` on a lead outside the actor's scope fails exactly as on an id naming nothing.
template <typename Factory>
void check_same_as_unknown(TwoPools<Factory>& company, const std::string& what,
                           const std::function<void(LeadId)>& operation) {
    INFO(what);
    const std::string before = observable_state(*company.engine, "boss");
    const Error hidden = error_of([&] { operation(company.bobs); });
    const Error unknown = error_of([&] { operation(company.unknown()); });
    CHECK(hidden.code() == ErrorCode::not_found);
    CHECK(unknown.code() == ErrorCode::not_found);
    // The same words but for the id asked about.
    auto with_id = [](std::string text, LeadId id) {
        const std::string digits = std::to_string(id);
        for (auto at = text.find(digits); at != std::string::npos; at = text.find(digits)) text.replace(at, digits.size(), "#");
        return text;
    };
    CHECK(with_id(hidden.what(), company.bobs) == with_id(unknown.what(), company.unknown()));
    CHECK(observable_state(*company.engine, "boss") == before);
}

}  // namespace

TEST_SUITE_BEGIN("scope");

LEADPOOL_STORE_TEST_CASE("a lead outside the actor's scope answers every operation as an unknown id does") {
    TwoPools<Factory> company;
    Engine& engine = *company.engine;
    engine.define_workflow("boss", Workflow{"sale", {{"contact", {}}, {"demo", {}}}, {"lathe"}});
    // ann reads, updates and moves her own lead; bob's is nothing to her.
    REQUIRE(engine.lead("ann", company.anns).id == company.anns);

    const std::vector<std::pair<std::string, std::function<void(LeadId)>>> operations = {
        {"lead", [&](LeadId id) { engine.lead("ann", id); }},
        {"update_lead", [&](LeadId id) { engine.update_lead("ann", id, LeadUpdate{R"({"x": 1})", {}, {}, 0}); }},
        {"update_lead with a stale version", [&](LeadId id) { engine.update_lead("ann", id, LeadUpdate{"{}", {}, {}, 99}); }},
        {"history", [&](LeadId id) { engine.history("ann", id); }},
        {"events", [&](LeadId id) { engine.events("ann", id); }},
        {"attribute_history", [&](LeadId id) { engine.attribute_history("ann", id, ""); }},
        {"activities", [&](LeadId id) { engine.activities("ann", id); }},
        {"opportunities", [&](LeadId id) { engine.opportunities("ann", id); }},
        {"qualify", [&](LeadId id) { engine.transition("ann", move(id, Action::qualify)); }},
        {"win (an illegal move from sub)", [&](LeadId id) { engine.transition("ann", move(id, Action::win)); }},
        {"transfer into ann's pool", [&](LeadId id) { engine.transition("ann", move(id, Action::transfer, company.east)); }},
        {"a stale version", [&](LeadId id) {
             TransitionRequest request = move(id, Action::qualify);
             request.expected_version = 99;
             engine.transition("ann", request);
         }},
        {"claim", [&](LeadId id) { engine.claim("ann", id); }},
        {"release", [&](LeadId id) { engine.release("ann", id, "no time"); }},
        {"follow_up", [&](LeadId id) { engine.follow_up("ann", id, FollowUp{ActivityKind::call, {}, "reached", ""}); }},
        {"merge with ann's lead", [&](LeadId id) { engine.merge_leads("ann", company.anns, id, "same person"); }},
        {"open_opportunity", [&](LeadId id) { engine.open_opportunity("ann", OpportunityRequest{id, "lathe", 100, {}}); }},
        {"advance_opportunity", [&](LeadId id) { engine.advance_opportunity("ann", id, "demo"); }},
        {"win_opportunity", [&](LeadId id) { engine.win_opportunity("ann", id); }},
    };
    for (const auto& [what, operation] : operations) check_same_as_unknown(company, what, operation);

    SUBCASE("can() says no, and nothing more, for both") {
        CHECK_FALSE(engine.can("ann", Action::qualify, company.bobs));
        CHECK_FALSE(engine.can("ann", Action::qualify, company.unknown()));
        CHECK(engine.can("bob", Action::qualify, company.bobs));
    }
    SUBCASE("a transition batch names the item, not the lead") {
        const Error hidden = error_of([&] {
            engine.transition_batch("ann", {move(company.anns, Action::qualify), move(company.bobs, Action::qualify)});
        });
        CHECK(hidden.code() == ErrorCode::not_found);
        CHECK(std::string(hidden.what()) == "transition batch item 1: no lead " + std::to_string(company.bobs));
        CHECK(engine.lead("ann", company.anns).tier == Tier::sub);  // all or nothing
    }
    SUBCASE("an absorbed id answers with the id asked, not the lead that holds it") {
        const LeadId twin = company.placed("+8613900000103", company.west, "bob");
        engine.merge_leads("boss", company.bobs, twin, "same person");
        const LeadId absorbed = engine.lead("boss", twin).id == twin ? company.bobs : twin;
        const Error hidden = error_of([&] { engine.lead("ann", absorbed); });
        CHECK(std::string(hidden.what()) == "no lead " + std::to_string(absorbed));
    }
    SUBCASE("an unmerge of a merge the actor cannot see is no merge at all") {
        const LeadId twin = company.placed("+8613900000104", company.west, "bob");
        const MergeRecord merge = engine.merge_leads("boss", company.bobs, twin, "same person");
        const Error hidden = error_of([&] { engine.unmerge("ann", merge.id, "not the same"); });
        const Error unknown = error_of([&] { engine.unmerge("ann", merge.id + 1000, "not the same"); });
        CHECK(hidden.code() == ErrorCode::not_found);
        CHECK(std::string(hidden.what()) == "no merge " + std::to_string(merge.id));
        CHECK(std::string(unknown.what()) == "no merge " + std::to_string(merge.id + 1000));
    }
}

LEADPOOL_STORE_TEST_CASE("a refusal of a lead the actor may read names where it is, of one they may not, nothing") {
    TwoPools<Factory> company;
    Engine& engine = *company.engine;
    // ann may read the lead she owns wherever it is, but move it only within the pools she
    // manages: a refusal there may say where it stands. An owner must belong to the pool, so
    // she joins west as a member.
    engine.update_pool("boss", company.west, PoolSpec{"west", std::nullopt, {"bob"}, {"ann"}});
    engine.transition("boss", move(company.anns, Action::transfer, company.west, std::string("ann")));
    engine.add_user("boss", User{"cat", "Cat", "sales", {"salesperson"}, true});
    const Error refused = error_of([&] { engine.transition("ann", move(company.anns, Action::qualify)); });
    CHECK(refused.code() == ErrorCode::permission_denied);
    const std::string expected = "actor 'ann' may not qualify lead " + std::to_string(company.anns) +
                                 " (tier sub, pool " + std::to_string(company.west) + ")";
    CHECK(std::string(refused.what()) == expected);
}

LEADPOOL_STORE_TEST_CASE("a duplicate check reveals what the disclosure of the actor's role allows") {
    TwoPools<Factory> company;
    Engine& engine = *company.engine;
    const Identity phone{IdentityKind::phone, company.bobs_phone, ""};
    LeadInput input = phone_lead(company.bobs_phone, "fair", R"({"budget": 9})");
    input.identities.push_back(Identity{IdentityKind::email, "lin@example.com", ""});
    ChannelRecord record;
    record.channel = "fair";
    record.identities = input.identities;
    const std::string bobs_lead = "lead " + std::to_string(company.bobs);
    auto set_disclosure = [&](const char* disclosure) {
        Policy policy = Policy::default_for(OrgStage::factory_led);
        policy.duplicates["salesperson"] = *parse_duplicate_disclosure(disclosure);
        engine.set_policy("boss", OrgStage::factory_led, policy);
    };
    auto refusal_of = [&](auto&& operation) {
        const std::string before = observable_state(engine, "boss");
        const Error error = error_of(operation);
        CHECK(error.code() == ErrorCode::permission_denied);
        CHECK(observable_state(engine, "boss") == before);
        return std::string(error.what());
    };
    const std::string exists = "phone '" + company.bobs_phone + "' belongs to a lead outside the scope of 'ann'";
    // A record of someone bob's customer referred.
    ChannelRecord referred;
    referred.channel = "fair";
    referred.identities = {Identity{IdentityKind::phone, "+8613900000109", ""}};
    referred.referrer = phone;

    SUBCASE("exists, the default: that a lead holds it, on every path alike, and nothing about it") {
        CHECK(Policy::default_for(OrgStage::factory_led).disclosure_for({"salesperson"}) ==
              DuplicateDisclosure::exists);
        CHECK(refusal_of([&] { engine.capture("ann", input); }) == exists);
        CHECK(refusal_of([&] { engine.capture_batch("ann", {input}); }) == "capture batch item 0: " + exists);
        CHECK(refusal_of([&] { engine.find_lead("ann", phone); }) == exists);
        const auto results = engine.ingest("ann", {record});
        REQUIRE(results.size() == 1);
        CHECK(results[0].outcome == IngestOutcome::rejected);
        CHECK(results[0].error == ErrorCode::permission_denied);
        CHECK(results[0].reason == exists);
        CHECK(results[0].lead == 0);
        for (const std::string& said : {exists, results[0].reason}) {
            CHECK(said.find(bobs_lead) == std::string::npos);
            CHECK(said.find("bob") == std::string::npos);
        }
        // The disclosure may say that the referrer exists: the referral links.
        const auto linked = engine.ingest("ann", {referred});
        CHECK(linked.at(0).dropped.empty());
        CHECK(engine.lead("boss", linked.at(0).lead).referred_by == company.bobs);
    }
    SUBCASE("owner: that, and who follows it (查重), to stop 撞单") {
        set_disclosure("owner");
        const std::string owned = exists + ", owned by 'bob'";
        CHECK(refusal_of([&] { engine.capture("ann", input); }) == owned);
        CHECK(refusal_of([&] { engine.find_lead("ann", phone); }) == owned);
        const auto results = engine.ingest("ann", {record});
        CHECK(results.at(0).reason == owned);
        engine.release("bob", company.bobs, "on leave");
        CHECK(refusal_of([&] { engine.find_lead("ann", phone); }) == exists + ", owned by nobody");
    }
    SUBCASE("none: the record becomes a lead of its own, the collision goes to those who read both") {
        set_disclosure("none");
        const Lead bobs_before = engine.lead("boss", company.bobs);
        CHECK_FALSE(engine.find_lead("ann", phone).has_value());

        const CaptureResult captured = engine.capture("ann", input);
        CHECK(captured.created);
        CHECK(captured.lead.id != company.bobs);
        CHECK(captured.lead.tier == Tier::master);
        CHECK(captured.lead.identities == std::vector<Identity>{Identity{IdentityKind::email, "lin@example.com", ""}});
        CHECK(captured.conflicts.empty());
        CHECK(captured.absorbed.empty());
        CHECK(engine.lead("boss", company.bobs).version == bobs_before.version);  // untouched
        CHECK(engine.find_lead("boss", phone)->id == company.bobs);

        const auto conflicts = engine.identity_conflicts("boss");
        REQUIRE(conflicts.size() == 1);
        CHECK(conflicts[0].rule == ConflictRule::out_of_scope);
        CHECK(conflicts[0].lead == captured.lead.id);
        CHECK(conflicts[0].others == std::vector<LeadId>{company.bobs});
        CHECK(conflicts[0].actor == "ann");
        CHECK(engine.identity_conflicts("ann").empty());  // names bob's lead
        CHECK(engine.identity_conflicts("bob").empty());  // names ann's new master lead

        // The director settles it: one person, one lead, nothing lost.
        engine.merge_leads("boss", company.bobs, captured.lead.id, "the fair's visitor is bob's customer");
        const Lead merged = engine.lead("bob", company.bobs);
        CHECK(merged.identities.size() == 2);
        CHECK(merged.attributes.find("budget") != std::string::npos);

        // An ingest by ann: kept the same way, and says nothing of bob's lead.
        record.identities = {phone};
        const auto results = engine.ingest("ann", {record});
        REQUIRE(results.size() == 1);
        CHECK(results[0].outcome == IngestOutcome::created);
        CHECK(results[0].conflicts.empty());
        CHECK(results[0].lead != company.bobs);

        // A referrer outside her scope answers as one that names no lead; the history keeps it.
        const auto unlinked = engine.ingest("ann", {referred});
        CHECK(unlinked.at(0).dropped ==
              std::vector<std::string>{"referrer: phone '" + company.bobs_phone + "' names no lead"});
        CHECK(engine.lead("boss", unlinked.at(0).lead).referred_by == 0);
    }
    SUBCASE("a policy naming a disclosure for a role it does not list, or an unknown one, is refused") {
        for (const char* bad : {R"({"roles": {"a": []}, "duplicates": {"b": "none"}})",
                                R"({"roles": {"a": []}, "duplicates": {"a": "everything"}})",
                                R"({"roles": {"a": []}, "duplicates": ["a"]})"}) {
            INFO(bad);
            CHECK(error_of([&] { Policy::from_json(bad); }).code() == ErrorCode::invalid_argument);
        }
        const Policy read = Policy::from_json(R"({"roles": {"a": [], "b": []}, "duplicates": {"a": "owner"}})");
        CHECK(read.disclosure_for({"a"}) == DuplicateDisclosure::owner);
        CHECK(read.disclosure_for({"b"}) == kDefaultDuplicateDisclosure);
        CHECK(read.disclosure_for({"b", "a"}) == DuplicateDisclosure::owner);  // the most telling role
        CHECK(Policy::from_json(read.to_json()) == read);
    }
}

LEADPOOL_STORE_TEST_CASE("merge and conflict lists show a record to whoever may read every lead it names") {
    TwoPools<Factory> company;
    Engine& engine = *company.engine;
    // Two of ann's leads merged by the boss, then unmerged and one moved to bob's pool.
    const LeadId twin = company.placed("+8613900000105", company.east, "ann");
    const MergeRecord merge = engine.merge_leads("boss", company.anns, twin, "same person");
    CHECK(engine.merges("ann").size() == 1);  // she reads both
    CHECK(engine.merges("bob").empty());

    const Lead absorbed = engine.unmerge("boss", merge.id, "not the same");
    engine.transition("boss", move(absorbed.id, Action::transfer, company.west, std::string("bob")));
    CHECK(engine.merges("boss").size() == 1);
    CHECK(engine.merges("ann").empty());  // one of its leads is bob's now
    CHECK(engine.merges("bob").empty());

    SUBCASE("a salesperson of the sales-led stage, who may not merge, still sees the merges of their leads") {
        engine.set_stage("boss", OrgStage::sales_led);
        const LeadId third = company.placed("+8613900000106", company.west, "bob");
        const LeadId fourth = company.placed("+8613900000107", company.west, "bob");
        engine.merge_leads("boss", third, fourth, "same person");
        REQUIRE_FALSE(engine.can("bob", Action::merge, third));
        const auto seen = engine.merges("bob");
        REQUIRE(seen.size() == 1);
        CHECK((seen[0].survivor == third || seen[0].survivor == fourth));
    }
    SUBCASE("an identity conflict is shown when every lead it names is readable") {
        IdentityRules rules = IdentityRules::defaults();
        rules[IdentityKind::email].max_per_lead = 1;
        engine.set_identity_rules("boss", rules);
        LeadInput with_email = phone_lead("+8613900000102");
        with_email.identities.push_back(Identity{IdentityKind::email, "a@example.com", ""});
        with_email.identities.push_back(Identity{IdentityKind::email, "b@example.com", ""});
        const CaptureResult captured = engine.capture("ann", with_email);
        REQUIRE(captured.conflicts.size() == 1);
        CHECK(engine.identity_conflicts("ann").size() == 1);
        CHECK(engine.identity_conflicts("bob").empty());
    }
}

TEST_SUITE_END();
