// The leads a store's last-touch migration (SQLite version 7, PostgreSQL version 5) must fill from
// the records they took before it: a lead that absorbed another whose record came later, and a
// lead without any touch; and the merge record the absorbed lead's referrer.
#pragma once

#include "engine_fixture.hpp"

namespace leadpool::testing {

struct TouchedLeads {
    LeadId survivor = 0;  // first touch spring; absorbed a summer lead
    LeadId absorbed = 0;  // summer
    LeadId without = 0;   // no touch
    LeadId referrer = 0;  // who referred the absorbed lead
};

inline TouchedLeads touched_leads(Engine& e, ManualClock& clock) {
    auto record = [](const std::string& phone_number, Attribution attribution) {
        ChannelRecord r;
        r.channel = "web";
        r.identities = {phone(phone_number)};
        r.attribution = std::move(attribution);
        return r;
    };
    TouchedLeads leads;
    leads.referrer = e.capture("boss", phone_lead("13800000009")).lead.id;
    leads.survivor = e.ingest("boss", {record("13800000001", {"baidu", "cpc", "spring"})}).at(0).lead;
    clock.advance(1000);
    ChannelRecord referred = record("13800000002", {"wechat", "share", "summer"});
    referred.referrer = phone("13800000009");
    leads.absorbed = e.ingest("boss", {referred}).at(0).lead;
    e.merge_leads("boss", leads.survivor, leads.absorbed);
    leads.without = e.capture("boss", phone_lead("13800000003")).lead.id;
    REQUIRE(e.lead("boss", leads.survivor).last_attribution.campaign == "summer");
    return leads;
}

// The last touches the migration gave the leads, read from the store.
inline void check_touched_leads(StoreReader& reader, const TouchedLeads& leads) {
    CHECK(reader.lead(leads.survivor)->attribution.campaign == "spring");
    CHECK(reader.lead(leads.survivor)->last_attribution == (Attribution{"wechat", "share", "summer"}));
    CHECK(reader.lead(leads.absorbed)->last_attribution.campaign == "summer");
    CHECK(reader.lead(leads.without)->last_attribution == Attribution{});
    REQUIRE(reader.merge_records().size() == 1);
    CHECK(reader.merge_records().front().absorbed_referrer == leads.referrer);
}

}  // namespace leadpool::testing
