// A person who reached the pool every way a person does, and what a reader of the pool sees of
// them: the scenario the erasure suites (erasure_test.cpp, and the SQLite and PostgreSQL stores'
// own tests of what their files and tables keep) erase.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "pool_fixture.hpp"

namespace leadpool::testing::erasure {

inline const std::string kPhone = "13800138000";  // written as given
inline const std::string kNormalPhone = "+8613800138000";
inline const std::string kEmail = "li.erased@example.com";
inline const std::string kUnionid = "o-li-unionid";

inline Identity unionid(const std::string& value) { return {IdentityKind::wechat_unionid, value, ""}; }

// Everything a reader of the pool sees, as JSON text: every lead with its history, events,
// attribute values, follow-ups, opportunities and merges, the identity conflicts, the change
// feed and the organisation's history. A value the pool still holds shows up here.
inline std::string everything_readable(Engine& engine) {
    std::string out;
    PageRequest page;
    page.limit = kMaxPageSize;
    for (;;) {
        const LeadPage leads = engine.leads("boss", {}, page);
        for (const Lead& lead : leads.leads) {
            out += to_json(lead) + "\n" + to_json(engine.history("boss", lead.id)) + "\n" +
                   to_json(engine.events("boss", lead.id)) + "\n" +
                   to_json(engine.attribute_history("boss", lead.id)) + "\n" +
                   to_json(engine.activities("boss", lead.id)) + "\n" +
                   to_json(engine.opportunities("boss", lead.id)) + "\n";
        }
        if (!leads.next_after) break;
        page.after = *leads.next_after;
    }
    out += to_json(engine.merges("boss")) + "\n" + to_json(engine.identity_conflicts("boss")) + "\n";
    ChangeQuery query;
    query.limit = kMaxPageSize;
    for (;;) {
        const ChangePage changes = engine.changes("boss", query);
        out += to_json(changes.changes) + "\n";
        if (changes.next >= changes.last) break;
        query.since = changes.next;
    }
    return out + to_json(engine.org_history("boss"));
}

inline bool holds(const std::string& text, const std::string& value) { return text.find(value) != std::string::npos; }

// The values of the person a scenario erases, in every form they were stored or written.
inline const std::vector<std::string> kPersonalValues = {kPhone, kNormalPhone, kEmail, kUnionid, "Li Lei",
                                                   "Hangzhou West Lake", "r-li-1", "called back at 13800138000"};

inline std::string held_values(const std::string& text) {
    std::string held;
    for (const std::string& value : kPersonalValues) {
        if (holds(text, value)) held += value + " ";
    }
    return held;
}

// A person who reached the pool every way a person does: a web record with a record id, an
// event and a referrer; an edit; a follow-up with a note; a second lead (WeChat) merged into the
// first; an identity conflict their record raised. Leads in east, owned by ann.
template <typename Factory>
struct Person {
    Company<Factory> company;
    Engine& e = *company.engine;
    LeadId lead = 0;
    LeadId wechat_lead = 0;
    LeadId referrer = 0;
    MergeId merge = 0;

    Person() {
        referrer = e.capture("boss", phone_lead("13900139000")).lead.id;
        IdentityRules rules = e.identity_rules();
        rules[IdentityKind::email].max_per_lead = 1;
        e.set_identity_rules("boss", rules);

        ChannelRecord web;
        web.channel = "web";
        web.record_id = "r-li-1";
        web.identities = {phone(kPhone), email(kEmail)};
        web.attributes = R"({"name": "Li Lei", "address": {"street": "Hangzhou West Lake", "floor": 3}})";
        web.events = {BehaviourEvent{"page_view", 0, R"({"url": "/pricing", "typed": "Li Lei"})"}};
        web.referrer = phone("13900139000");
        web.tags = {"vip"};
        const auto results = e.ingest("boss", {web});
        REQUIRE(results.at(0).outcome == IngestOutcome::created);
        lead = results.at(0).lead;
        e.update_lead("boss", lead, LeadUpdate{R"({"budget": 5000})", {"hot"}, {}, 0});
        e.transition("boss", TransitionRequest::distribute(lead, company.east, UserId("ann")));
        company.clock->advance(kDay);
        e.follow_up("ann", lead, FollowUp{ActivityKind::call, std::nullopt, "interested", "called back at 13800138000"});

        LeadInput wechat;
        wechat.identities = {unionid(kUnionid)};
        wechat.channel = "wechat";
        wechat.attributes = R"({"nickname": "Li Lei"})";
        wechat_lead = e.capture("boss", wechat).lead.id;
        merge = e.merge_leads("boss", lead, wechat_lead, "same person: Li Lei").id;

        // A second e-mail for a lead that may hold one: not attached, an identity conflict.
        LeadInput again = phone_lead(kPhone, "shop");
        again.identities.push_back(email("li.second@example.com"));
        const CaptureResult captured = e.capture("boss", again);
        REQUIRE(captured.conflicts.size() == 1);
    }
};

inline Lead lead_of(Engine& e, LeadId id) { return e.lead("boss", id); }


}  // namespace leadpool::testing::erasure
