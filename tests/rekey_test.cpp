// Re-keying: new identity rules bring the stored identities in line, merging the leads that turn
// out to be one person through the ordinary guarded merge — on every store.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine_fixture.hpp"

using namespace leadpool;
using namespace leadpool::testing;
using nlohmann::json;


namespace {

LeadInput input(std::vector<Identity> identities, const std::string& attributes = "{}") {
    LeadInput in;
    in.identities = std::move(identities);
    in.channel = "web";
    in.attributes = attributes;
    return in;
}

IdentityRules in_region(const std::string& region) {
    IdentityRules rules = IdentityRules::defaults();
    rules.default_region = region;
    return rules;
}

// A company whose identity rules kept national numbers as bare digits (as leadpool did before it
// read phones by a region).
template <typename Factory>
struct BareDigits : Company<Factory> {
    BareDigits() { this->engine->set_identity_rules("boss", in_region("")); }

    LeadId capture(const std::vector<Identity>& identities, const std::string& attributes = "{}") {
        this->clock->advance(60000);
        return this->engine->capture("boss", input(identities, attributes)).lead.id;
    }

    std::vector<Identity> identities(LeadId id) { return this->engine->lead("boss", id).identities; }
};

}  // namespace

TEST_SUITE_BEGIN("rekey");

LEADPOOL_STORE_TEST_CASE("a new default region re-keys stored phones and merges the leads that are one person") {
    BareDigits<Factory> c;
    Engine& e = *c.engine;
    const LeadId bare = c.capture({phone("138 0013 8000")}, R"({"name": "Li"})");
    const LeadId international = c.capture({phone("+86 138 0013 8000"), email("li@example.com")});
    const LeadId alone = c.capture({phone("139 0013 9000")});
    CHECK(c.identities(bare) == std::vector<Identity>{phone("13800138000")});
    CHECK(bare != international);  // two spellings, two leads, under the old rules

    const std::size_t org_rows = e.org_history("boss").size();
    const RekeyReport report = e.set_identity_rules("boss", in_region("CN"));
    CHECK(report.needed);
    CHECK(report.leads == 2);  // the second was merged into the first before the re-key reached it
    CHECK(report.rekeyed == 2);
    CHECK(report.dropped == 0);
    CHECK(report.merged == 1);
    CHECK(report.conflicts == 0);
    REQUIRE(report.merge_ids.size() == 1);

    // The older lead survives and holds both sides; the other id names it.
    const Lead li = e.lead("boss", international);
    CHECK(li.id == bare);
    CHECK(li.identities.size() == 2);
    CHECK(e.find_lead("boss", phone("+8613800138000"))->id == bare);
    CHECK(e.find_lead("boss", email("li@example.com"))->id == bare);
    CHECK(json::parse(li.attributes) == json::parse(R"({"name": "Li"})"));
    CHECK(c.identities(alone) == std::vector<Identity>{phone("+8613900139000")});
    const MergeRecord merge = e.merges("boss").at(0);
    CHECK(merge.id == report.merge_ids[0]);
    CHECK(merge.reason == "identity rules changed");

    // Each changed lead's history says what was rewritten; the organisation's, that it ran.
    const HistoryEntry rekeyed = [&] {
        for (const HistoryEntry& row : e.history("boss", alone)) {
            if (row.action == Action::rekey) return row;
        }
        FAIL("no rekey row");
        return HistoryEntry{};
    }();
    CHECK(rekeyed.reason == "identity rules changed");
    CHECK(json::parse(rekeyed.detail).at("rekeyed") ==
          json::parse(R"([{"from": {"kind": "phone", "value": "13900139000"},)"
                      R"(  "to": {"kind": "phone", "value": "+8613900139000"}}])"));
    const auto org = e.org_history("boss");
    REQUIRE(org.size() == org_rows + 2);
    CHECK(org[org_rows].kind == OrgEventKind::identity_rules_changed);
    CHECK(org[org_rows + 1].kind == OrgEventKind::identities_rekeyed);
    CHECK(json::parse(org[org_rows + 1].detail) ==
          json::parse(R"({"leads": 2, "rekeyed": 2, "dropped": 0, "unreadable": 0, "merged": 1, "conflicts": 0})"));

    // The same person captured again finds the lead, in any spelling.
    CHECK_FALSE(e.capture("boss", input({phone("138-0013-8000")})).created);
    CHECK(e.leads("boss").leads.size() == 2);
    // The change feed carries the re-key rows.
    ChangeQuery query;
    query.filter.kinds = {"rekey"};
    CHECK(e.changes("boss", query).changes.size() == 2);
}

LEADPOOL_STORE_TEST_CASE("newly blocked values are taken off their leads and kept in their history") {
    Company<Factory> c;
    Engine& e = *c.engine;
    const LeadId lead =
        e.capture("boss", input({phone("13800138000"), email("info@example.com")})).lead.id;
    IdentityRules rules = e.identity_rules();
    rules[IdentityKind::email].blocked.push_back("INFO@example.com");
    const RekeyReport report = e.set_identity_rules("boss", rules);
    CHECK(report.dropped == 1);
    CHECK(report.rekeyed == 0);
    CHECK(c.lead(lead).identities == std::vector<Identity>{phone("+8613800138000")});
    CHECK_FALSE(e.find_lead("boss", email("info@example.com")));
    const HistoryEntry row = e.history("boss", lead).back();
    CHECK(row.action == Action::rekey);
    CHECK(json::parse(row.detail).at("blocked") == json::parse(R"([{"kind": "email", "value": "info@example.com"}])"));
    // A lead whose every value is blocked now keeps its place and data, without identities.
    rules[IdentityKind::phone].blocked.push_back("13800138000");
    e.set_identity_rules("boss", rules);
    CHECK(c.lead(lead).identities.empty());
    CHECK(c.lead(lead).tier == Tier::master);
}

LEADPOOL_STORE_TEST_CASE("leads a guard keeps apart after a re-key raise a conflict, and the value stays put") {
    BareDigits<Factory> c;
    Engine& e = *c.engine;
    IdentityRules rules = in_region("");
    rules.max_merge_size = 1;
    e.set_identity_rules("boss", rules);
    const LeadId bare = c.capture({phone("13800138000"), email("a@example.com")});
    const LeadId international = c.capture({phone("+8613800138000")});
    rules.default_region = "CN";
    const RekeyReport report = e.set_identity_rules("boss", rules);
    CHECK(report.merged == 0);
    CHECK(report.conflicts == 1);
    REQUIRE(report.conflict_ids.size() == 1);
    const IdentityConflict conflict = e.identity_conflicts("boss").at(0);
    CHECK(conflict.id == report.conflict_ids[0]);
    CHECK(conflict.rule == ConflictRule::max_merge_size);
    CHECK(conflict.lead == bare);
    CHECK(conflict.others == std::vector<LeadId>{international});
    CHECK(conflict.identities == std::vector<Identity>{phone("+8613800138000")});
    CHECK(c.identities(bare) == std::vector<Identity>{email("a@example.com")});
    CHECK(c.identities(international) == std::vector<Identity>{phone("+8613800138000")});
}

LEADPOOL_STORE_TEST_CASE("rules that read every value as before re-key nothing") {
    Company<Factory> c;
    Engine& e = *c.engine;
    c.capture("13800138000");
    IdentityRules rules = e.identity_rules();
    rules[IdentityKind::device_id].max_joins = 0;
    rules.max_merge_size = 3;
    const std::size_t org_rows = e.org_history("boss").size();
    const RekeyReport report = e.set_identity_rules("boss", rules);
    CHECK_FALSE(report.needed);
    CHECK(report.leads == 0);
    CHECK(e.org_history("boss").size() == org_rows + 1);
    CHECK(e.maintain("boss").rekey == std::nullopt);
}

LEADPOOL_STORE_TEST_CASE("a re-key runs in batches over every lead") {
    BareDigits<Factory> c;
    Engine& e = *c.engine;
    std::vector<LeadInput> inputs;
    const int count = static_cast<int>(kRekeyBatch) + 5;
    for (int i = 0; i < count; ++i) inputs.push_back(input({phone(std::to_string(13800000000LL + i))}));
    e.capture_batch("boss", inputs);
    const RekeyReport report = e.set_identity_rules("boss", in_region("CN"));
    CHECK(report.leads == count);
    CHECK(report.rekeyed == count);
    CHECK(e.find_lead("boss", phone("+8613800000000")).has_value());
    CHECK(e.find_lead("boss", phone("+86" + std::to_string(13800000000LL + count - 1))).has_value());
    CHECK(c.identities(static_cast<LeadId>(count)) ==
          std::vector<Identity>{phone("+86" + std::to_string(13800000000LL + count - 1))});
}

LEADPOOL_STORE_TEST_CASE("an unmerge after a re-key gives back the identities in their new form") {
    BareDigits<Factory> c;
    Engine& e = *c.engine;
    const LeadId survivor = c.capture({email("wang@example.com")});
    const LeadId absorbed = c.capture({phone("13800138000")});
    const MergeRecord merge = e.merge_leads("boss", survivor, absorbed, "same person");
    e.set_identity_rules("boss", in_region("CN"));
    CHECK(c.identities(survivor).size() == 2);
    const Lead restored = e.unmerge("boss", merge.id, "not the same person");
    CHECK(restored.id == absorbed);
    CHECK(restored.identities == std::vector<Identity>{phone("+8613800138000")});
    CHECK(c.identities(survivor) == std::vector<Identity>{email("wang@example.com")});
}

LEADPOOL_STORE_TEST_CASE("changing the identity rules needs manage_org and changes nothing when refused") {
    BareDigits<Factory> c;
    Engine& e = *c.engine;
    c.capture({phone("13800138000")});
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::permission_denied, e.set_identity_rules("ann", in_region("CN")));
    IdentityRules bad = in_region("CN");
    bad.max_merge_size = 0;
    LP_CHECK_REFUSED_UNCHANGED(e, ErrorCode::invalid_argument, e.set_identity_rules("boss", bad));
}

TEST_SUITE_END();

TEST_CASE("a re-key cut short resumes at the next maintenance run") {
    Company<SqliteStoreFactory> c;
    c.engine->set_identity_rules("boss", in_region(""));
    for (const char* number : {"13800000001", "13800000002", "13800000003"}) c.capture(number);
    // The state a crash leaves between the rules' change and the re-key's second batch: the new
    // rules stored, the first lead re-keyed, the rest not yet.
    {
        auto store = c.factory.open();
        auto writer = store->write();
        writer->set_setting("identity_rules", in_region("CN").to_json());
        writer->set_setting("identity_rekey", R"({"after": 1, "leads": 1, "rekeyed": 1})");
        writer->commit();
    }
    c.reopen();
    const MaintenanceReport report = c.engine->maintain("boss");
    REQUIRE(report.rekey.has_value());
    CHECK(report.rekey->leads == 3);    // the whole re-key's counts
    CHECK(report.rekey->rekeyed == 3);
    CHECK(c.lead(1).identities == std::vector<Identity>{phone("13800000001")});  // before the cut: as it was
    CHECK(c.lead(2).identities == std::vector<Identity>{phone("+8613800000002")});
    CHECK(c.lead(3).identities == std::vector<Identity>{phone("+8613800000003")});
    CHECK(c.engine->org_history("boss").back().kind == OrgEventKind::identities_rekeyed);
    CHECK_FALSE(c.engine->maintain("boss").rekey.has_value());  // done: nothing more to resume
}
