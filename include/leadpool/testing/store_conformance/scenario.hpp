// Store conformance, part of <leadpool/testing/store_conformance.hpp>: the transaction scenario,
// a committed starting point and then one writer's worth of changes to every kind of record.
#pragma once

#include "leadpool/testing/store_conformance/helpers.hpp"

namespace leadpool::conformance {

inline const User kAnn{"ann", "Ann", "sales", {"salesperson"}, true};
inline const User kAnnPromoted{"ann", "Ann Li", "management", {"director", "salesperson"}, true};
inline const User kZoe{"zoe", "Zoe", "market", {"market"}, false};

inline Pool east_pool(PoolId id) { return Pool{id, "east", std::nullopt, {"ann"}, {}}; }
inline Pool east_renamed(PoolId id) { return Pool{id, "east-coast", std::nullopt, {"ann"}, {"bob", "zoe"}}; }
inline Pool north_pool(PoolId id, PoolId parent) { return Pool{id, "north", parent, {"zoe"}, {}}; }

inline Lead existing_lead() {
    Lead lead = simple_lead("100");
    lead.tags = {"hot"};
    return lead;
}

// The existing lead handed to ann in east, with another phone: phone "100" is released.
inline Lead existing_moved(LeadId id, PoolId east) {
    Lead lead = existing_lead();
    lead.id = id;
    lead.identities = {phone("101")};
    lead.tags = {"vip"};
    lead.channels = {"web", "shop"};
    lead.tier = Tier::sub;
    lead.pool = east;
    lead.owner = "ann";
    lead.reached |= tier_bit(Tier::sub);
    lead.version = 2;
    return lead;
}

inline Lead added_lead(PoolId north) {
    Lead lead = simple_lead("200");
    lead.identities.push_back({IdentityKind::wechat_openid, "o-200", "wx-app"});
    lead.channel = "shop";
    lead.channels = {"shop"};
    lead.tier = Tier::sub;
    lead.pool = north;
    lead.reached |= tier_bit(Tier::sub);
    return lead;
}

inline HistoryEntry capture_entry(LeadId lead) {
    HistoryEntry entry;
    entry.lead = lead;
    entry.action = Action::capture;
    entry.actor = "ann";
    entry.at = kStart;
    entry.detail = R"({"channel": "web"})";
    return entry;
}

inline HistoryEntry distribute_entry(LeadId lead, PoolId to_pool) {
    HistoryEntry entry = capture_entry(lead);
    entry.action = Action::distribute;
    entry.at = kStart + 1;
    entry.to_tier = Tier::sub;
    entry.to_pool = to_pool;
    entry.to_owner = "ann";
    entry.reason = "closest office";
    entry.detail = "{}";
    return entry;
}

inline OrgEvent org_event(OrgEventKind kind, Timestamp at, const std::string& detail) {
    OrgEvent event;
    event.kind = kind;
    event.actor = "ann";
    event.at = at;
    event.detail = detail;
    return event;
}

inline OrgEvent initialized_event() {
    return org_event(OrgEventKind::initialized, kStart, R"({"stage": "factory_led"})");
}

inline OrgEvent stage_changed_event() {
    return org_event(OrgEventKind::stage_changed, kStart + 1,
                     R"({"from": "factory_led", "to": "sales_led"})");
}

// A lead absorbed by a merge: it holds no identities.
inline Lead absorbed_lead(LeadId survivor) {
    Lead lead = simple_lead("150");
    lead.identities.clear();
    lead.merged_into = survivor;
    return lead;
}

inline LeadEvent lead_event(LeadId lead, const std::string& type, Timestamp at, const std::string& payload) {
    LeadEvent event;
    event.lead = lead;
    event.type = type;
    event.at = at;
    event.channel = "web";
    event.payload = payload;
    return event;
}

inline MergeRecord merge_record_of(LeadId survivor, LeadId absorbed, Timestamp at) {
    MergeRecord merge;
    merge.survivor = survivor;
    merge.absorbed = absorbed;
    merge.actor = "ann";
    merge.at = at;
    merge.reason = "ingest";
    merge.identities = {phone("150")};
    return merge;
}

// The merge record once the merge was undone.
inline MergeRecord unmerged(MergeRecord merge, Timestamp at) {
    merge.unmerged_at = at;
    merge.unmerged_by = "zoe";
    return merge;
}

inline IdentityConflict conflict_of(ConflictRule rule, LeadId lead, std::vector<LeadId> others) {
    IdentityConflict conflict;
    conflict.rule = rule;
    conflict.at = kStart + 5;
    conflict.actor = "ann";
    conflict.channel = "web";
    conflict.record_id = "r-" + std::to_string(lead);
    conflict.lead = lead;
    conflict.others = std::move(others);
    conflict.identities = {phone("100"), {IdentityKind::wechat_openid, "o-1", "wx-app"}};
    conflict.message = "phone '100' bridged 3 merges already";
    return conflict;
}

// The same record as the store gives it back, with the id it assigned.
template <typename Record>
Record with_id(Record record, std::int64_t id) {
    record.id = id;
    return record;
}

// The existing lead's opportunity, as change_everything opens it.
inline Opportunity existing_opportunity(LeadId lead, PoolId east) {
    Opportunity o;
    o.lead = lead;
    o.product_type = "lathe";
    o.workflow = "machine sale";
    o.step = "demo";
    o.amount = 120000;
    o.owner.team = east;
    o.collaborators = {{"zoe", "demo", kStart + 1}, {"李", "contact", kStart}};
    o.opened_at = kStart;
    return o;
}

struct Scenario {
    PoolId east = 0;
    LeadId existing = 0;
    LeadId absorbed = 0;  // merged into `existing`; moved to `added` by change_everything
    MergeId first_merge = 0;
    std::int64_t first_conflict = 0;
    // Set by change_everything:
    PoolId north = 0;
    LeadId added = 0;
    MergeId second_merge = 0;
    std::int64_t second_conflict = 0;

    // Everything the scenario touches that exists before change_everything.
    Probe probe() const {
        return Probe{{"stage", "new"},
                     {"ann", "zoe"},
                     {kMasterPoolId, east},
                     {existing, absorbed},
                     {phone("100"),
                      phone("101"),
                      phone("150"),
                      phone("200"),
                      {IdentityKind::wechat_openid, "o-200", "wx-app"}},
                     {{"web", "r-100"}, {"shop", "r-200"}, {"web", "r-150"}, {"web", "r-200"}}};
    }
};

inline Scenario seed(Store& store) {
    Scenario s;
    commit(store, [&](StoreWriter& w) {
        w.set_setting("stage", "factory_led");
        w.put_user(kAnn);
        s.east = w.insert_pool(east_pool(0));
        s.existing = w.insert_lead(existing_lead());
        s.absorbed = w.insert_lead(absorbed_lead(s.existing));
        w.append_history(capture_entry(s.existing));
        w.append_org_event(initialized_event());
        w.put_delivery("web", "r-100", s.existing);
        w.append_event(lead_event(s.existing, "page_view", kStart, R"({"url": "/"})"));
        w.add_identity_joins(phone("100"), 1);
        s.first_merge = w.insert_merge(merge_record_of(s.existing, s.absorbed, kStart + 1));
        s.first_conflict = w.append_identity_conflict(conflict_of(ConflictRule::max_joins, s.existing, {}));
    });
    return s;
}

inline void change_everything(StoreWriter& w, Scenario& s) {
    w.set_setting("stage", "sales_led");
    w.set_setting("new", "1");
    w.put_user(kAnnPromoted);
    w.put_user(kZoe);
    s.north = w.insert_pool(north_pool(0, s.east));
    w.update_pool(east_renamed(s.east));
    s.added = w.insert_lead(added_lead(s.north));
    w.update_lead(existing_moved(s.existing, s.east));
    w.append_history(distribute_entry(s.existing, s.east));
    w.append_history(capture_entry(s.added));
    w.append_org_event(stage_changed_event());
    // The absorbed lead is split off `existing` and absorbed by `added` instead.
    w.update_lead(as_stored(absorbed_lead(s.added), s.absorbed));
    w.update_merge(
        with_id(unmerged(merge_record_of(s.existing, s.absorbed, kStart + 1), kStart + 2), s.first_merge));
    s.second_merge = w.insert_merge(merge_record_of(s.added, s.absorbed, kStart + 3));
    w.put_delivery("shop", "r-200", s.added);
    w.put_delivery("web", "r-150", s.absorbed);
    w.append_event(lead_event(s.existing, "purchase", kStart + 1, R"({"sku": "tea-1", "qty": 2})"));
    w.append_event(lead_event(s.added, "page_view", kStart + 2, "{}"));
    w.add_identity_joins(phone("100"), 2);
    w.add_identity_joins(phone("150"), 1);
    s.second_conflict = w.append_identity_conflict(
        conflict_of(ConflictRule::max_merge_size, s.added, {s.existing, s.absorbed}));
    w.put_opportunity(existing_opportunity(s.existing, s.east));
}

// What a reader must show once change_everything is visible.
inline void check_changed(StoreReader& r, const Scenario& s) {
    CHECK(r.setting("stage").value_or("none") == "sales_led");
    CHECK(r.setting("new").value_or("none") == "1");
    CHECK(render(r.user("ann")) == render(kAnnPromoted));
    CHECK(render(r.users()) == render(std::vector<User>{kAnnPromoted, kZoe}));
    CHECK(render(r.pool(s.north)) == render(north_pool(s.north, s.east)));
    CHECK(render(r.pools()) ==
          render(by_id({kMasterPool, east_renamed(s.east), north_pool(s.north, s.east)})));
    const Lead added = as_stored(added_lead(s.north), s.added);
    const Lead moved = as_stored(existing_moved(s.existing, s.east), s.existing);
    CHECK(render(r.lead(s.added)) == render(added));
    CHECK(render(r.lead(s.existing)) == render(moved));
    CHECK(render(r.lead_by_identity(phone("100"))) == "none");
    CHECK(render(r.lead_by_identity(phone("101"))) == std::to_string(s.existing));
    CHECK(render(r.lead_by_identity({IdentityKind::wechat_openid, "o-200", "wx-app"})) ==
          std::to_string(s.added));
    CHECK(ids(r.leads(everything(), 0, kNoLimit)) == ids({moved, added}));
    LeadSelection in_north = everything();
    in_north.pools = {{s.north}};
    CHECK(ids(r.leads(in_north, 0, kNoLimit)) == ids({added}));
    CHECK(render_funnel(r.funnel(everything())) ==
          render_funnel(reference_funnel({moved, added}, everything())));
    CHECK(render(r.history(s.existing)) ==
          render(std::vector<HistoryEntry>{capture_entry(s.existing), distribute_entry(s.existing, s.east)}));
    CHECK(render(r.history(s.added)) == render(std::vector<HistoryEntry>{capture_entry(s.added)}));
    CHECK(render(r.opportunities(s.existing)) ==
          render(std::vector<Opportunity>{existing_opportunity(s.existing, s.east)}));
    CHECK(r.opportunities(s.added).empty());
    CHECK(render(r.org_events()) ==
          render(std::vector<OrgEvent>{initialized_event(), stage_changed_event()}));

    CHECK(render(r.lead(s.absorbed)) == render(as_stored(absorbed_lead(s.added), s.absorbed)));
    CHECK(id_list(r.absorbed_into(s.existing)).empty());
    CHECK(id_list(r.absorbed_into(s.added)) == std::to_string(s.absorbed));
    CHECK(
        render(r.merge_records()) ==
        render(std::vector<MergeRecord>{
            with_id(unmerged(merge_record_of(s.existing, s.absorbed, kStart + 1), kStart + 2), s.first_merge),
            with_id(merge_record_of(s.added, s.absorbed, kStart + 3), s.second_merge)}));
    CHECK(render(r.delivery("web", "r-100")) == std::to_string(s.existing));
    CHECK(render(r.delivery("shop", "r-200")) == std::to_string(s.added));
    CHECK(render(r.delivery("web", "r-150")) == std::to_string(s.absorbed));
    CHECK(render(r.events(s.existing)) ==
          render(std::vector<LeadEvent>{
              lead_event(s.existing, "page_view", kStart, R"({"url": "/"})"),
              lead_event(s.existing, "purchase", kStart + 1, R"({"sku": "tea-1", "qty": 2})")}));
    CHECK(render(r.events(s.added)) ==
          render(std::vector<LeadEvent>{lead_event(s.added, "page_view", kStart + 2, "{}")}));
    CHECK(r.identity_joins(phone("100")) == 3);
    CHECK(r.identity_joins(phone("150")) == 1);
    CHECK(render(r.identity_conflicts()) ==
          render(std::vector<IdentityConflict>{
              with_id(conflict_of(ConflictRule::max_joins, s.existing, {}), s.first_conflict),
              with_id(conflict_of(ConflictRule::max_merge_size, s.added, {s.existing, s.absorbed}),
                      s.second_conflict)}));
}

}  // namespace leadpool::conformance
