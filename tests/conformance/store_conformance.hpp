// The Store conformance suite: what every leadpool::Store promises (leadpool/store.hpp), as one
// doctest test case template. The built-in stores run it in tests/store_conformance_test.cpp; a
// host that writes its own store runs it the same way, from any test file of its doctest binary:
//
//     #include "store_conformance.hpp"
//
//     struct MyStoreFactory {
//         // The first call: a store over fresh, empty backing. Every later call on the same
//         // object: a new Store over that same data (only needed when `persistent`).
//         std::unique_ptr<leadpool::Store> open();
//         // Optional. When true, the suite also checks what survives reopening.
//         static constexpr bool persistent = true;
//     };
//
//     TEST_CASE_TEMPLATE_INVOKE(leadpool_store_conformance, MyStoreFactory);
//
// Every subcase runs on a new Factory object, so on a fresh store. The suite belongs to the test
// suite "store conformance" (run it alone with -ts="store conformance"). It needs doctest,
// nlohmann_json (JSON text compares as JSON) and threads.
#pragma once

#include <doctest/doctest.h>
#include <leadpool/error.hpp>
#include <leadpool/store.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace leadpool::conformance {

inline constexpr Timestamp kDay = 86'400'000;
inline constexpr Timestamp kStart = 1'767'225'600'000;  // 2026-01-01T00:00:00Z, a day boundary
inline constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();

// How long the suite waits for an operation that must not block at all: only a store that
// deadlocks ever reaches it, nothing here measures speed.
inline constexpr std::chrono::seconds kDeadlockGuard{10};

template <typename Factory, typename = void>
struct is_persistent : std::false_type {};
template <typename Factory>
struct is_persistent<Factory, std::void_t<decltype(Factory::persistent)>>
    : std::bool_constant<Factory::persistent> {};

// ---------------------------------------------------------------------------------------------
// Values as text: every comparison goes through these, so a failed check shows what differs.

// JSON in canonical form (object keys sorted, no spaces); text that is not JSON stays visible.
inline std::string canonical_json(const std::string& text) {
    const auto parsed = nlohmann::json::parse(text, nullptr, false);
    return parsed.is_discarded() ? "<not JSON: " + text + ">" : parsed.dump();
}

inline std::string render(const std::vector<std::string>& values) {
    std::string out = "[";
    for (const auto& value : values) out += (out.size() > 1 ? ", " : "") + value;
    return out + "]";
}

inline std::string render(const Identity& identity) {
    return std::string(to_string(identity.kind)) + "(" + identity.scope + ")" + identity.value;
}

inline std::string render(const Lead& lead) {
    std::vector<std::string> identities;
    for (const auto& identity : lead.identities) identities.push_back(render(identity));
    return "lead " + std::to_string(lead.id) + " identities " + render(identities) + " attributes " +
           canonical_json(lead.attributes) + " channel " + lead.channel + " channels " +
           render(lead.channels) + " attribution " + lead.attribution.source + "/" + lead.attribution.medium +
           "/" + lead.attribution.campaign + " tags " + render(lead.tags) + " tier " + to_string(lead.tier) +
           " pool " + std::to_string(lead.pool) + " owner '" + lead.owner + "' reached " +
           std::to_string(lead.reached) + " created " + std::to_string(lead.created_at) + " updated " +
           std::to_string(lead.updated_at) + " activity " + std::to_string(lead.last_activity_at) + " seen " +
           std::to_string(lead.last_seen_at) + " version " + std::to_string(lead.version) + " referred by " +
           std::to_string(lead.referred_by) + " merged into " + std::to_string(lead.merged_into);
}

inline std::string render(const User& user) {
    return "user " + user.id + " '" + user.name + "' '" + user.department + "' roles " + render(user.roles) +
           (user.active ? " active" : " inactive");
}

inline std::string render(const Pool& pool) {
    return "pool " + std::to_string(pool.id) + " '" + pool.name + "' parent " +
           (pool.parent ? std::to_string(*pool.parent) : "none") + " managers " + render(pool.managers) +
           " members " + render(pool.members);
}

// Without seq, which the store assigns: the checks on seq are separate.
inline std::string render(const HistoryEntry& entry) {
    return "history lead " + std::to_string(entry.lead) + " " + to_string(entry.action) + " by " +
           entry.actor + " at " + std::to_string(entry.at) + " from " + to_string(entry.from_tier) + "/" +
           std::to_string(entry.from_pool) + "/'" + entry.from_owner + "' to " + to_string(entry.to_tier) +
           "/" + std::to_string(entry.to_pool) + "/'" + entry.to_owner + "' reason '" + entry.reason +
           "' detail " + canonical_json(entry.detail);
}

// Without seq, as for history.
inline std::string render(const OrgEvent& event) {
    return std::string("event ") + to_string(event.kind) + " by " + event.actor + " at " +
           std::to_string(event.at) + " detail " + canonical_json(event.detail);
}

// Without seq, as for history.
inline std::string render(const LeadEvent& event) {
    return "lead event lead " + std::to_string(event.lead) + " " + event.type + " at " +
           std::to_string(event.at) + " on " + event.channel + " payload " + canonical_json(event.payload);
}

inline std::string render(const std::vector<Identity>& identities) {
    std::vector<std::string> out;
    for (const auto& identity : identities) out.push_back(render(identity));
    return render(out);
}

inline std::string render(const MergeRecord& merge) {
    return "merge " + std::to_string(merge.id) + " survivor " + std::to_string(merge.survivor) +
           " absorbed " + std::to_string(merge.absorbed) + " by " + merge.actor + " at " +
           std::to_string(merge.at) + " reason '" + merge.reason + "'" +
           (merge.collision ? " collision" : "") + " absorbed owner '" + merge.absorbed_owner +
           "' identities " + render(merge.identities) + " unmerged at " +
           (merge.unmerged_at ? std::to_string(*merge.unmerged_at) : "none") + " by '" + merge.unmerged_by +
           "'";
}

inline std::string id_list(const std::vector<std::int64_t>& values) {
    std::string out;
    for (const auto value : values) out += (out.empty() ? "" : ",") + std::to_string(value);
    return out;
}

inline std::string render(const IdentityConflict& conflict) {
    return "conflict " + std::to_string(conflict.id) + " rule " +
           std::to_string(static_cast<int>(conflict.rule)) + " at " + std::to_string(conflict.at) + " by " +
           conflict.actor + " record " + conflict.channel + "/" + conflict.record_id + " lead " +
           std::to_string(conflict.lead) + " others " + id_list(conflict.others) + " identities " +
           render(conflict.identities) + " message '" + conflict.message + "'";
}

inline std::string render(const Opportunity& o) {
    std::string collaborators;
    for (const auto& c : o.collaborators) {
        collaborators += " " + c.user + "@" + c.step + "/" + std::to_string(c.joined_at);
    }
    return "opportunity " + std::to_string(o.lead) + "#" + std::to_string(o.number) + " " + o.product_type +
           " '" + o.workflow + "' at '" + o.step + "' amount " + std::to_string(o.amount) + " owner '" +
           o.owner.user + "' team " + (o.owner.team ? std::to_string(*o.owner.team) : "none") +
           " collaborators" + collaborators + " " + to_string(o.status) + " opened " +
           std::to_string(o.opened_at) + " closed " + std::to_string(o.closed_at) + " order " +
           std::to_string(o.order_amount) + " lost '" + o.lost_reason + "'";
}

// One line per value.
template <typename T>
std::string render(const std::vector<T>& values) {
    std::string out;
    for (const auto& value : values) out += render(value) + "\n";
    return out;
}

template <typename T>
std::string render(const std::optional<T>& value) {
    return value ? render(*value) : "none";
}

inline std::string render(const std::optional<LeadId>& id) { return id ? std::to_string(*id) : "none"; }

// The cells as a multiset: zero counts left out (the contract allows them), the rest sorted.
inline std::string render_funnel(std::vector<FunnelCell> cells) {
    cells.erase(std::remove_if(cells.begin(), cells.end(), [](const FunnelCell& c) { return c.count == 0; }),
                cells.end());
    const auto key = [](const FunnelCell& c) { return std::make_tuple(c.tier, c.reached, c.count); };
    std::sort(cells.begin(), cells.end(),
              [&](const FunnelCell& a, const FunnelCell& b) { return key(a) < key(b); });
    std::string out;
    for (const auto& cell : cells) {
        out += std::string(to_string(cell.tier)) + "/" + std::to_string(cell.reached) + ": " +
               std::to_string(cell.count) + "\n";
    }
    return out;
}

inline std::string ids(const std::vector<Lead>& leads) {
    std::string out;
    for (const auto& lead : leads) out += (out.empty() ? "" : ",") + std::to_string(lead.id);
    return out;
}

inline void check_increasing(const std::vector<std::int64_t>& values) {
    for (std::size_t i = 1; i < values.size(); ++i) CHECK(values[i - 1] < values[i]);
}

template <typename Rows>
std::vector<std::int64_t> seqs(const Rows& rows) {
    std::vector<std::int64_t> out;
    for (const auto& row : rows) out.push_back(row.seq);
    return out;
}

// The seq of the newest row; 0 when there is none.
template <typename Rows>
std::int64_t last_seq(const Rows& rows) {
    return rows.empty() ? 0 : rows.back().seq;
}

// ---------------------------------------------------------------------------------------------
// Store helpers

template <typename Work>
void commit(Store& store, Work&& work) {
    auto writer = store.write();
    work(*writer);
    writer->commit();
}

// The code of the Error `work` throws, or "none".
template <typename Work>
std::string error_of(Work&& work) {
    try {
        work();
    } catch (const Error& error) {
        return to_string(error.code());
    }
    return "none";
}

// Runs `work` in a writer that is then dropped; the code of the Error it threw, or "none".
template <typename Work>
std::string error_in_writer(Store& store, Work&& work) {
    auto writer = store.write();
    return error_of([&] { work(*writer); });
}

inline Identity phone(const std::string& value) { return {IdentityKind::phone, value, ""}; }

inline const Pool kMasterPool{kMasterPoolId, "master", std::nullopt, {}, {}};

inline std::vector<Pool> by_id(std::vector<Pool> pools) {
    std::sort(pools.begin(), pools.end(), [](const Pool& a, const Pool& b) { return a.id < b.id; });
    return pools;
}

inline LeadSelection everything() {
    LeadSelection selection;
    selection.visible_if = {VisibilityClause{}};
    return selection;
}

inline Lead simple_lead(const std::string& key) {
    Lead lead;
    lead.identities = {phone(key)};
    lead.attributes = R"({"key": ")" + key + R"("})";
    lead.channel = "web";
    lead.channels = {"web"};
    lead.created_at = lead.updated_at = lead.last_activity_at = kStart;
    return lead;
}

// The lead as the store must give it back: with its id, tags sorted and unique.
inline Lead as_stored(Lead lead, LeadId id) {
    lead.id = id;
    std::sort(lead.tags.begin(), lead.tags.end());
    lead.tags.erase(std::unique(lead.tags.begin(), lead.tags.end()), lead.tags.end());
    return lead;
}

// What leads(selection, after, limit) must return, by selection_matches.
inline std::vector<Lead> reference_leads(const std::vector<Lead>& all, const LeadSelection& selection,
                                         LeadId after, std::size_t limit) {
    std::vector<Lead> out;
    for (const auto& lead : all) {
        if (out.size() == limit) break;
        if (lead.id > after && selection_matches(selection, lead)) out.push_back(lead);
    }
    return out;
}

// What funnel(selection) must count, by selection_matches.
inline std::vector<FunnelCell> reference_funnel(const std::vector<Lead>& all,
                                                const LeadSelection& selection) {
    std::map<std::pair<Tier, TierMask>, std::int64_t> counts;
    for (const auto& lead : all) {
        if (selection_matches(selection, lead)) ++counts[{lead.tier, lead.reached}];
    }
    std::vector<FunnelCell> cells;
    for (const auto& [key, count] : counts) cells.push_back({key.first, key.second, count});
    return cells;
}

// Pages through a selection `limit` leads at a time. Stops after one page more than a correct
// store needs, so a store that ignores `after` cannot loop forever.
inline std::vector<Lead> page_through(StoreReader& reader, const LeadSelection& selection, std::size_t limit,
                                      std::size_t max_pages) {
    std::vector<Lead> out;
    LeadId after = 0;
    for (std::size_t page = 0; page < max_pages; ++page) {
        const auto leads = reader.leads(selection, after, limit);
        if (leads.empty()) break;
        CHECK(leads.size() <= limit);
        out.insert(out.end(), leads.begin(), leads.end());
        after = leads.back().id;
    }
    return out;
}

// The ids first, so that a wrong selection does not print every lead.
inline void check_same_leads(const std::vector<Lead>& actual, const std::vector<Lead>& expected) {
    const std::string actual_ids = ids(actual);
    CHECK(actual_ids == ids(expected));
    if (actual_ids == ids(expected)) CHECK(render(actual) == render(expected));
}

// leads() and funnel() over `selection` agree with selection_matches over `all` (sorted by id).
inline void check_selection(StoreReader& reader, const std::vector<Lead>& all,
                            const LeadSelection& selection) {
    const auto expected = reference_leads(all, selection, 0, kNoLimit);
    check_same_leads(reader.leads(selection, 0, kNoLimit), expected);

    std::vector<LeadId> afters = {all[all.size() / 2].id, all.back().id};
    if (!expected.empty()) afters.insert(afters.end(), {expected.front().id, expected.back().id});
    for (const LeadId after : afters) {
        CAPTURE(after);
        CHECK(ids(reader.leads(selection, after, kNoLimit)) ==
              ids(reference_leads(all, selection, after, kNoLimit)));
        for (const std::size_t limit : {0, 1, 5}) {
            CAPTURE(limit);
            CHECK(ids(reader.leads(selection, after, limit)) ==
                  ids(reference_leads(all, selection, after, limit)));
            CHECK(id_list(reader.lead_ids(selection, after, limit)) ==
                  ids(reference_leads(all, selection, after, limit)));
        }
    }
    for (const std::size_t limit : {1, 4, 7}) {
        CAPTURE(limit);
        CHECK(ids(page_through(reader, selection, limit, expected.size() / limit + 2)) == ids(expected));
    }

    CHECK(render_funnel(reader.funnel(selection)) == render_funnel(reference_funnel(all, selection)));
}

// ---------------------------------------------------------------------------------------------
// Everything a reader shows of the records a test touched, as text: compare two points in time.

using Delivery = std::pair<std::string, std::string>;  // channel, record id

struct Probe {
    std::vector<std::string> settings;
    std::vector<UserId> users;
    std::vector<PoolId> pools;
    std::vector<LeadId> leads;
    std::vector<Identity> identities;
    std::vector<Delivery> deliveries;
};

inline std::string observe(StoreReader& reader, const Probe& probe) {
    std::string out;
    for (const auto& key : probe.settings) {
        out += "setting " + key + " = " + reader.setting(key).value_or("none") + "\n";
    }
    out += render(reader.users());
    for (const auto& id : probe.users) out += "user(" + id + ") " + render(reader.user(id)) + "\n";
    out += render(reader.pools());
    for (const PoolId id : probe.pools) {
        out += "pool(" + std::to_string(id) + ") " + render(reader.pool(id)) + "\n";
    }
    out += render(reader.leads(everything(), 0, kNoLimit));
    for (const LeadId id : probe.leads) {
        out += "lead(" + std::to_string(id) + ") " + render(reader.lead(id)) + "\n";
        out += render(reader.history(id));
        out += render(reader.events(id));
        out += "absorbed into " + std::to_string(id) + ": " + id_list(reader.absorbed_into(id)) + "\n";
        out += render(reader.opportunities(id));
    }
    for (const auto& identity : probe.identities) {
        out += "holder of " + render(identity) + ": " + render(reader.lead_by_identity(identity)) + "\n";
        out += "joins of " + render(identity) + ": " + std::to_string(reader.identity_joins(identity)) + "\n";
    }
    for (const auto& [channel, record_id] : probe.deliveries) {
        out += "delivery " + channel + "/" + record_id + ": " + render(reader.delivery(channel, record_id)) +
               "\n";
    }
    out += render_funnel(reader.funnel(everything()));
    out += render(reader.org_events());
    out += render(reader.merge_records());
    out += render(reader.identity_conflicts());
    return out;
}

// ---------------------------------------------------------------------------------------------
// The transaction scenario: a committed starting point, then one writer's worth of changes to
// every kind of record.

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

// ---------------------------------------------------------------------------------------------
// The selection data set: 60 leads spread over tiers, pools, owners, channels, tags, reached
// masks and capture times (whole days, a millisecond either side of midnight, noon, and before
// 1970), and the selections checked against it.

struct Dataset {
    PoolId east = 0;
    PoolId west = 0;
    PoolId east_city = 0;
    std::map<LeadId, Lead> leads;  // as the store must give them back

    std::vector<PoolId> pool_ids() const { return {kMasterPoolId, east, west, east_city}; }

    std::vector<Lead> all() const {
        std::vector<Lead> out;
        for (const auto& [id, lead] : leads) out.push_back(lead);
        return out;
    }
};

inline constexpr int kDatasetSize = 60;
inline const std::vector<std::string> kOwners = {"", "ann", "bob", "cy"};
inline const std::vector<std::string> kChannels = {"web", "shop", "wechat_mini_program"};
inline constexpr Timestamp kDayOffsets[] = {0, 1, kDay / 2, kDay - 1};

// A fixed, well-spread choice among `choices` for lead `i`: the same inputs give the same choice.
inline std::uint32_t pick(int i, std::uint32_t salt, std::size_t choices) {
    std::uint32_t h = static_cast<std::uint32_t>(i) * 2654435761u ^ (salt + 1) * 40503u;
    h ^= h >> 15;
    h *= 2246822519u;
    h ^= h >> 13;
    return h % static_cast<std::uint32_t>(choices);
}

// The value after `current` in `values`, cyclically: always another one.
template <typename T>
T next_of(const std::vector<T>& values, const T& current) {
    const auto at = std::find(values.begin(), values.end(), current) - values.begin();
    return values[static_cast<std::size_t>(at + 1) % values.size()];
}

inline Lead dataset_lead(int i, const Dataset& d) {
    Lead lead = simple_lead("d" + std::to_string(i));
    lead.tier = static_cast<Tier>(pick(i, 1, kTierCount));
    lead.pool = lead.tier == Tier::master ? kMasterPoolId : d.pool_ids()[pick(i, 2, 4)];
    lead.owner = kOwners[pick(i, 3, kOwners.size())];
    lead.channel = kChannels[pick(i, 4, kChannels.size())];
    lead.channels = {lead.channel};
    if (lead.channel != "web" && pick(i, 5, 2)) lead.channels.push_back("web");
    const char* tags[] = {"vip", "hot", "cold"};  // unsorted: the store sorts them
    for (std::uint32_t t = 0; t < 3; ++t) {
        if (pick(i, 6 + t, 2)) lead.tags.push_back(tags[t]);
    }
    const TierMask extra = tier_bit(Tier::sub) | tier_bit(Tier::opportunity);
    lead.reached = tier_bit(Tier::master) | tier_bit(lead.tier) | (pick(i, 9, kAllTiers + 1) & extra);
    const Timestamp day = i % 15 == 14 ? -kDay : kStart + (i % 5) * kDay;
    lead.created_at = day + kDayOffsets[(i / 5) % 4];
    lead.updated_at = lead.created_at + 5;
    lead.last_activity_at = lead.created_at + 7;
    lead.last_seen_at = lead.created_at + 9;
    lead.version = 1 + i % 3;
    return lead;
}

inline Dataset dataset_pools(Store& store) {
    Dataset d;
    commit(store, [&](StoreWriter& w) {
        d.east = w.insert_pool(Pool{0, "east", std::nullopt, {"ann"}, {}});
        d.west = w.insert_pool(Pool{0, "west", std::nullopt, {"bob"}, {}});
        d.east_city = w.insert_pool(Pool{0, "east-city", d.east, {"cy"}, {}});
    });
    return d;
}

inline void add_dataset_leads(StoreWriter& w, Dataset& d, int from, int to) {
    for (int i = from; i < to; ++i) {
        const Lead lead = dataset_lead(i, d);
        const LeadId id = w.insert_lead(lead);
        d.leads[id] = as_stored(lead, id);
    }
}

// What one update in move_dataset_leads changes. One column at a time catches a store whose
// maintained counters miss that column; `everything` catches one that handles only one change.
enum class Move { tier, reached, pool, owner, channel, capture_time, tags, everything, count };

// Moves a third of the leads (which third depends on `round`), each in one respect or in all;
// changes only the attributes of a few others.
inline void move_dataset_leads(StoreWriter& w, Dataset& d, int round) {
    int next_index = 0;
    for (auto& [id, lead] : d.leads) {
        const int i = next_index++;
        const bool moves = i % 3 == round % 3;
        if (!moves && i % 7 != 0) continue;
        Lead next = lead;
        ++next.version;
        next.attributes = R"({"round": )" + std::to_string(round) + "}";
        const auto move = static_cast<Move>((i / 3 + round) % static_cast<int>(Move::count));
        const auto changes = [&](Move what) { return moves && (move == what || move == Move::everything); };
        if (changes(Move::tier)) {
            next.tier = static_cast<Tier>((static_cast<int>(lead.tier) + 1) % kTierCount);
            next.reached |= tier_bit(next.tier);
        }
        if (changes(Move::reached)) {
            next.reached ^= tier_bit(next.tier == Tier::order ? Tier::lost : Tier::order);
        }
        if (changes(Move::pool)) next.pool = next_of(d.pool_ids(), next.pool);
        if (next.tier == Tier::master) next.pool = kMasterPoolId;
        if (changes(Move::owner)) next.owner = next_of(kOwners, next.owner);
        if (changes(Move::channel)) next.channel = next_of(kChannels, next.channel);
        if (changes(Move::capture_time)) next.created_at += (round % 2 ? 1 : -1) * (kDay / 2);
        if (changes(Move::tags)) {
            const auto hot = std::find(next.tags.begin(), next.tags.end(), "hot");
            if (hot == next.tags.end()) {
                next.tags.push_back("hot");
            } else {
                next.tags.erase(hot);
            }
        }
        w.update_lead(next);
        lead = as_stored(next, id);
    }
}

inline std::vector<std::pair<std::string, LeadSelection>> dataset_selections(const Dataset& d) {
    std::vector<std::pair<std::string, LeadSelection>> out;
    const auto add = [&](std::string name, auto change) {
        LeadSelection selection = everything();
        change(selection);
        out.emplace_back(std::move(name), std::move(selection));
    };
    const auto at = [](int day, Timestamp offset) { return kStart + day * kDay + offset; };
    const auto sub_or_opportunity = static_cast<TierMask>(tier_bit(Tier::sub) | tier_bit(Tier::opportunity));

    add("every lead", [](LeadSelection&) {});
    add("no visibility clause: nothing", [](LeadSelection& s) { s.visible_if.clear(); });
    add("tiers sub and opportunity", [&](LeadSelection& s) { s.tiers = sub_or_opportunity; });
    add("no tier: nothing", [](LeadSelection& s) { s.tiers = 0; });
    add("pool east", [&](LeadSelection& s) { s.pools = {{d.east}}; });
    add("pools master and east-city", [&](LeadSelection& s) { s.pools = {{kMasterPoolId, d.east_city}}; });
    add("empty pools: nothing", [](LeadSelection& s) { s.pools = std::vector<PoolId>{}; });
    add("owner ann", [](LeadSelection& s) { s.owner = "ann"; });
    add("no owner", [](LeadSelection& s) { s.owner = ""; });
    add("channel shop", [](LeadSelection& s) { s.channel = "shop"; });
    add("unknown channel", [](LeadSelection& s) { s.channel = "fax"; });
    add("tag hot", [](LeadSelection& s) { s.tag = "hot"; });
    add("unknown tag", [](LeadSelection& s) { s.tag = "lukewarm"; });
    add("created from midnight", [&](LeadSelection& s) { s.created_from = at(2, 0); });
    add("created to midnight", [&](LeadSelection& s) { s.created_to = at(3, 0); });
    add("created between midnights", [&](LeadSelection& s) {
        s.created_from = at(1, 0);
        s.created_to = at(3, 0);
    });
    add("created before 1970", [](LeadSelection& s) { s.created_to = 0; });
    add("created from the day before 1970", [](LeadSelection& s) {
        s.created_from = -kDay;
        s.created_to = kStart;
    });
    add("created from 1 ms after midnight", [&](LeadSelection& s) { s.created_from = at(2, 1); });
    add("created to 1 ms after midnight", [&](LeadSelection& s) { s.created_to = at(2, 1); });
    add("created to 1 ms before midnight", [&](LeadSelection& s) { s.created_to = at(3, -1); });
    add("created from noon to noon", [&](LeadSelection& s) {
        s.created_from = at(1, kDay / 2);
        s.created_to = at(3, kDay / 2);
    });
    add("created from 1 ms before 1970", [](LeadSelection& s) { s.created_from = -1; });
    add("tag and whole days", [&](LeadSelection& s) {
        s.tag = "vip";
        s.created_from = at(1, 0);
        s.created_to = at(4, 0);
    });
    add("tiers, pools, owner and channel", [&](LeadSelection& s) {
        s.tiers = static_cast<TierMask>(kAllTiers & ~tier_bit(Tier::invalid));
        s.pools = {{d.east, d.west}};
        s.owner = "cy";
        s.channel = "web";
    });
    add("clause: opportunity and order", [](LeadSelection& s) {
        s.visible_if = {{static_cast<TierMask>(tier_bit(Tier::opportunity) | tier_bit(Tier::order)), {}, {}}};
    });
    add("clause: pool west", [&](LeadSelection& s) { s.visible_if = {{kAllTiers, {{d.west}}, {}}}; });
    add("clause: owner bob", [](LeadSelection& s) { s.visible_if = {{kAllTiers, {}, "bob"}}; });
    add("clause: empty pools: nothing", [](LeadSelection& s) {
        s.visible_if = {{kAllTiers, std::vector<PoolId>{}, {}}};
    });
    add("clause: no tier: nothing", [](LeadSelection& s) { s.visible_if = {{0, {}, {}}}; });
    add("clauses: own or managed", [&](LeadSelection& s) {
        s.visible_if = {{kAllTiers, {}, "ann"}, {sub_or_opportunity, {{d.east, d.east_city}}, {}}};
    });
    add("clauses: three overlapping", [&](LeadSelection& s) {
        s.visible_if = {
            {tier_bit(Tier::master), {}, {}}, {kAllTiers, {}, "cy"}, {kAllTiers, {{d.west}}, "bob"}};
    });
    add("clauses: one matching nothing, one everything", [](LeadSelection& s) {
        s.visible_if = {{kAllTiers, std::vector<PoolId>{}, {}}, {}};
    });
    add("filters and clauses, whole days", [&](LeadSelection& s) {
        s.tiers = static_cast<TierMask>(kAllTiers & ~tier_bit(Tier::lost));
        s.channel = "web";
        s.created_from = at(1, 0);
        s.visible_if = {{kAllTiers, {}, "ann"}, {kAllTiers, {{d.west, kMasterPoolId}}, {}}};
    });
    add("filters and clauses, within days", [&](LeadSelection& s) {
        s.created_to = at(3, 1);
        s.owner = "";
        s.visible_if = {{sub_or_opportunity, {{d.east}}, {}}, {tier_bit(Tier::master), {}, {}}};
    });
    add("filters and clauses, with a tag", [&](LeadSelection& s) {
        s.tag = "cold";
        s.visible_if = {{kAllTiers, {}, "ann"}, {kAllTiers, {{d.west}}, {}}};
    });
    add("filter and clause that exclude each other: nothing", [&](LeadSelection& s) {
        s.pools = {{d.east}};
        s.visible_if = {{kAllTiers, {{d.west}}, {}}};
    });
    return out;
}

inline void check_dataset(StoreReader& reader, const Dataset& d) {
    const auto all = d.all();
    for (const auto& lead : all) CHECK(render(reader.lead(lead.id)) == render(lead));
    for (const auto& [name, selection] : dataset_selections(d)) {
        CAPTURE(name);
        check_selection(reader, all, selection);
    }
}

// ---------------------------------------------------------------------------------------------
// The checks, one function per part of the contract.

inline void check_fresh_store(Store& store) {
    auto r = store.read();
    CHECK(render(r->pools()) == render(std::vector<Pool>{kMasterPool}));
    CHECK(render(r->pool(kMasterPoolId)) == render(kMasterPool));
    CHECK(render(r->pool(kMasterPoolId + 1)) == "none");
    CHECK(r->users().empty());
    CHECK(render(r->user("ann")) == "none");
    CHECK(r->setting("stage").value_or("none") == "none");
    CHECK(r->leads(everything(), 0, kNoLimit).empty());
    CHECK(render_funnel(r->funnel(everything())).empty());
    CHECK(render(r->lead(1)) == "none");
    CHECK(render(r->lead_by_identity(phone("1"))) == "none");
    CHECK(r->history(1).empty());
    CHECK(r->org_events().empty());
    CHECK(id_list(r->absorbed_into(1)).empty());
    CHECK(render(r->delivery("web", "r-1")) == "none");
    CHECK(r->events(1).empty());
    CHECK(r->identity_joins(phone("1")) == 0);
    CHECK(render(r->merge_record(1)) == "none");
    CHECK(r->merge_records().empty());
    CHECK(r->identity_conflicts().empty());
}

inline void check_settings(Store& store) {
    const std::string policy = R"({"roles": {"director": [{"actions": ["*"], "scope": "all"}]}})";
    commit(store, [&](StoreWriter& w) {
        w.set_setting("stage", "factory_led");
        w.set_setting("policy.factory_led", policy);
        w.set_setting("empty", "");
    });
    auto before = store.read();
    CHECK(before->setting("stage").value_or("none") == "factory_led");
    CHECK(before->setting("policy.factory_led").value_or("none") == policy);
    CHECK(before->setting("empty").value_or("none").empty());
    CHECK(before->setting("Stage").value_or("none") == "none");
    before.reset();

    commit(store, [](StoreWriter& w) { w.set_setting("stage", "sales_led"); });
    auto after = store.read();
    CHECK(after->setting("stage").value_or("none") == "sales_led");
    CHECK(after->setting("policy.factory_led").value_or("none") == policy);
}

inline void check_users(Store& store) {
    const User bob{"bob", "Bob", "", {}, false};
    const User upper{"Zed", "Zed 李", "management", {"director"}, true};
    const User ann2{"ann2", "Ann Two", "sales", {"salesperson", "market"}, true};
    commit(store, [&](StoreWriter& w) {
        for (const User& user : {bob, ann2, upper, kAnn}) w.put_user(user);
    });
    {
        auto r = store.read();
        CHECK(render(r->user("ann2")) == render(ann2));
        CHECK(render(r->user("zed")) == "none");
        // By id, bytewise: upper case first, a prefix before its extensions.
        CHECK(render(r->users()) == render(std::vector<User>{upper, kAnn, ann2, bob}));
    }
    commit(store, [&](StoreWriter& w) { w.put_user(kAnnPromoted); });
    auto r = store.read();
    CHECK(render(r->user("ann")) == render(kAnnPromoted));
    CHECK(render(r->users()) == render(std::vector<User>{upper, kAnnPromoted, ann2, bob}));
}

inline void check_pools(Store& store) {
    PoolId east = 0, west = 0, city = 0;
    commit(store, [&](StoreWriter& w) {
        // The ids given are taken (master's, east's): the store must ignore them.
        east = w.insert_pool(Pool{kMasterPoolId, "east", std::nullopt, {"bob", "ann", "bob"}, {"cy"}});
        west = w.insert_pool(Pool{east, "west", std::nullopt, {}, {"dan", "cy"}});
        city = w.insert_pool(Pool{east, "east-city", east, {"ann"}, {}});
    });
    CHECK(east != kMasterPoolId);
    CHECK(west != east);
    CHECK(city != east);
    CHECK(city != west);
    CHECK(city != kMasterPoolId);

    std::vector<Pool> expected = {kMasterPool,
                                  {east, "east", std::nullopt, {"ann", "bob"}, {"cy"}},
                                  {west, "west", std::nullopt, {}, {"cy", "dan"}},
                                  {city, "east-city", east, {"ann"}, {}}};
    {
        auto r = store.read();
        CHECK(r->pools().front().id == kMasterPoolId);
        CHECK(render(r->pools()) == render(by_id(expected)));
        CHECK(render(r->pool(city)) == render(expected[3]));
    }

    SUBCASE("update_pool replaces the pool") {
        expected[2] = {west, "west-coast", city, {"eve", "dan"}, {}};
        expected[3] = {city, "east-city", std::nullopt, {}, {"bob"}};
        commit(store, [&](StoreWriter& w) {
            w.update_pool(expected[2]);
            w.update_pool(expected[3]);
        });
        expected[2].managers = {"dan", "eve"};
        auto r = store.read();
        CHECK(render(r->pools()) == render(by_id(expected)));
        CHECK(render(r->pool(west)) == render(expected[2]));
    }

    SUBCASE("a pool name is unique: Error(conflict)") {
        const auto named = [](PoolId id, const std::string& name) {
            return Pool{id, name, std::nullopt, {}, {}};
        };
        const auto inserting = [&](const std::string& name) {
            return error_in_writer(store, [&](StoreWriter& w) { w.insert_pool(named(0, name)); });
        };
        const auto renaming = [&](PoolId id, const std::string& name) {
            return error_in_writer(store, [&](StoreWriter& w) { w.update_pool(named(id, name)); });
        };
        CHECK(inserting("east") == "conflict");
        CHECK(inserting("master") == "conflict");
        CHECK(renaming(west, "east") == "conflict");
        CHECK(renaming(city, "master") == "conflict");
        CHECK(error_in_writer(store, [&](StoreWriter& w) {
                  w.insert_pool(named(0, "north"));
                  w.insert_pool(named(0, "north"));
              }) == "conflict");
        // Keeping its own name, or taking one freed in the same transaction, is no conflict.
        CHECK(renaming(west, "west") == "none");
        CHECK(error_in_writer(store, [&](StoreWriter& w) {
                  w.update_pool(named(west, "west-coast"));
                  w.insert_pool(named(0, "west"));
              }) == "none");
        // None of those writers committed.
        CHECK(render(store.read()->pools()) == render(by_id(expected)));
    }
}

inline Lead full_lead(PoolId pool) {
    Lead lead;
    lead.id = 1;  // ignored
    lead.identities = {{IdentityKind::wechat_openid, "o-6_Uf5", "wx-app-1"},
                       phone("+8613800000000"),
                       {IdentityKind::external_id, "CRM-7", "crm"},
                       {IdentityKind::email, "li@example.com", ""}};
    lead.attributes =
        R"({ "name": "李雷", "age": 30, "interests": ["tea", "bikes"], "address": {"city": "Hangzhou"} })";
    lead.channel = "wechat_mini_program";
    lead.channels = {"wechat_mini_program", "web", "shop"};
    lead.attribution = {"wechat", "social", "spring-2026"};
    lead.tags = {"vip", "b2b", "hot", "b2b"};
    lead.tier = Tier::opportunity;
    lead.pool = pool;
    lead.owner = "ann";
    lead.reached = tier_bit(Tier::master) | tier_bit(Tier::sub) | tier_bit(Tier::opportunity);
    lead.created_at = kStart + 1;
    lead.updated_at = kStart + kDay;
    lead.last_activity_at = kStart + 2 * kDay + 3;
    lead.last_seen_at = kStart + 2 * kDay + 1;
    lead.version = 7;
    lead.referred_by = 42;  // another lead's id; the store keeps it as it is
    return lead;
}

inline void check_lead_round_trip(Store& store) {
    PoolId pool = 0;
    commit(store, [&](StoreWriter& w) { pool = w.insert_pool(Pool{0, "east", std::nullopt, {}, {}}); });
    Lead bare;  // every field at its default, but one identity
    bare.identities = {phone("2")};
    bare.created_at = -kDay - 1;

    LeadId full_id = 0, bare_id = 0;
    {
        auto w = store.write();
        full_id = w->insert_lead(full_lead(pool));
        bare_id = w->insert_lead(bare);
        CHECK(render(w->lead(full_id)) == render(as_stored(full_lead(pool), full_id)));
        w->commit();
    }
    const std::vector<Lead> expected = {as_stored(full_lead(pool), full_id), as_stored(bare, bare_id)};
    auto r = store.read();
    CHECK(render(r->lead(full_id)) == render(expected[0]));
    CHECK(render(r->lead(bare_id)) == render(expected[1]));
    check_same_leads(r->leads(everything(), 0, kNoLimit), expected);
    for (const auto& identity : full_lead(pool).identities) {
        CAPTURE(render(identity));
        CHECK(render(r->lead_by_identity(identity)) == std::to_string(full_id));
    }
}

inline void check_lead_ids(Store& store) {
    std::vector<LeadId> ids;
    const auto insert = [&](StoreWriter& w, const std::string& key, LeadId given) {
        Lead lead = simple_lead(key);
        lead.id = given;
        ids.push_back(w.insert_lead(lead));
    };
    commit(store, [&](StoreWriter& w) {
        insert(w, "1", 0);
        insert(w, "2", 1000);
    });
    commit(store, [&](StoreWriter& w) {
        insert(w, "3", ids[0]);  // an id in use: ignored
        insert(w, "4", -5);
    });
    {
        auto dropped = store.write();
        dropped->insert_lead(simple_lead("dropped"));
    }
    commit(store, [&](StoreWriter& w) { insert(w, "5", ids[1]); });

    check_increasing(ids);
    // No insert overwrote another lead.
    auto r = store.read();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        CHECK(render(r->lead(ids[i])) == render(as_stored(simple_lead(std::to_string(i + 1)), ids[i])));
    }
    CHECK(render(r->lead_by_identity(phone("dropped"))) == "none");
}

inline void check_identity_lookup(Store& store) {
    const Identity openid{IdentityKind::wechat_openid, "o-1", "wx-app-1"};
    const Identity email{IdentityKind::email, "li@example.com", ""};
    // The same values under another scope or kind, or differing in case: different identities.
    const Identity other_app{IdentityKind::wechat_openid, "o-1", "wx-app-2"};
    const Identity other_kind{IdentityKind::external_id, "o-1", "wx-app-1"};
    const Identity phone_kind{IdentityKind::phone, "li@example.com", ""};
    const Identity upper_case{IdentityKind::email, "LI@example.com", ""};

    Lead a = simple_lead("a");
    a.identities = {openid, email};
    Lead b = simple_lead("b");
    b.identities = {other_app, other_kind, phone_kind, upper_case};
    LeadId a_id = 0, b_id = 0;
    commit(store, [&](StoreWriter& w) {
        a_id = w.insert_lead(a);
        b_id = w.insert_lead(b);
    });
    auto r = store.read();
    for (const auto& identity : a.identities) {
        CHECK(render(r->lead_by_identity(identity)) == std::to_string(a_id));
    }
    for (const auto& identity : b.identities) {
        CHECK(render(r->lead_by_identity(identity)) == std::to_string(b_id));
    }
    for (const Identity& unknown : {Identity{IdentityKind::wechat_openid, "o-1", ""},
                                    Identity{IdentityKind::wechat_openid, "o-1", "wx-app-3"},
                                    Identity{IdentityKind::wechat_unionid, "o-1", ""},
                                    Identity{IdentityKind::email, "li@example.com ", ""}}) {
        CAPTURE(render(unknown));
        CHECK(render(r->lead_by_identity(unknown)) == "none");
    }
}

inline void check_update_lead(Store& store) {
    Lead lead = simple_lead("1");
    lead.identities.push_back({IdentityKind::email, "a@example.com", ""});
    lead.tags = {"hot", "vip"};
    LeadId id = 0;
    PoolId east = 0;
    commit(store, [&](StoreWriter& w) {
        east = w.insert_pool(Pool{0, "east", std::nullopt, {}, {}});
        id = w.insert_lead(lead);
    });

    Lead changed = lead;
    changed.id = id;
    changed.identities = {{IdentityKind::email, "a@example.com", ""}, phone("2")};
    changed.attributes = R"({"key": "1", "note": "called back"})";
    changed.tags = {"cold"};
    changed.channels = {"web", "shop"};
    changed.tier = Tier::sub;
    changed.pool = east;
    changed.owner = "ann";
    changed.reached |= tier_bit(Tier::sub);
    changed.updated_at = changed.last_activity_at = kStart + kDay;
    changed.version = 2;
    commit(store, [&](StoreWriter& w) { w.update_lead(changed); });
    {
        auto r = store.read();
        CHECK(render(r->lead(id)) == render(as_stored(changed, id)));
        CHECK(render(r->lead_by_identity(phone("1"))) == "none");
        CHECK(render(r->lead_by_identity(phone("2"))) == std::to_string(id));
        CHECK(render(r->lead_by_identity(changed.identities[0])) == std::to_string(id));
        LeadSelection tagged = everything();
        tagged.tag = "hot";
        CHECK(ids(r->leads(tagged, 0, kNoLimit)).empty());
        tagged.tag = "cold";
        CHECK(ids(r->leads(tagged, 0, kNoLimit)) == std::to_string(id));
    }
    // The released identity is free for another lead.
    LeadId other = 0;
    commit(store, [&](StoreWriter& w) { other = w.insert_lead(simple_lead("1")); });
    CHECK(render(store.read()->lead_by_identity(phone("1"))) == std::to_string(other));
}

inline void check_identity_conflicts(Store& store) {
    LeadId a = 0, b = 0;
    commit(store, [&](StoreWriter& w) {
        a = w.insert_lead(simple_lead("1"));
        b = w.insert_lead(simple_lead("2"));
    });
    const Probe probe{{}, {}, {}, {a, b}, {phone("1"), phone("2"), phone("3")}};
    const std::string before = observe(*store.read(), probe);

    Lead taking = simple_lead("3");
    taking.identities.push_back(phone("1"));
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.insert_lead(taking); }) == "conflict");
    taking.id = b;
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.update_lead(taking); }) == "conflict");
    // An identity claimed earlier in the same transaction is taken too.
    CHECK(error_in_writer(store, [&](StoreWriter& w) {
              w.insert_lead(simple_lead("3"));
              w.insert_lead(simple_lead("3"));
          }) == "conflict");
    CHECK(observe(*store.read(), probe) == before);
}

inline HistoryEntry full_entry(LeadId lead, PoolId pool) {
    HistoryEntry entry;
    entry.lead = lead;
    entry.action = Action::lose;
    entry.actor = "ann";
    entry.at = kStart + kDay;
    entry.from_tier = Tier::opportunity;
    entry.from_pool = pool;
    entry.from_owner = "ann";
    entry.to_tier = Tier::lost;
    entry.to_pool = pool;
    entry.to_owner = "bob";
    entry.reason = "price too high";
    entry.detail = R"({ "note": "李", "offer": [1, 2.5] })";
    return entry;
}

inline void check_history(Store& store) {
    LeadId a = 0, b = 0;
    PoolId east = 0;
    commit(store, [&](StoreWriter& w) {
        east = w.insert_pool(Pool{0, "east", std::nullopt, {}, {}});
        a = w.insert_lead(simple_lead("a"));
        b = w.insert_lead(simple_lead("b"));
    });
    // The seq given is ignored; the first one is large so that keeping it would show.
    HistoryEntry first = capture_entry(a);
    first.seq = 1'000'000;
    HistoryEntry other = capture_entry(b);
    other.seq = 5;
    commit(store, [&](StoreWriter& w) {
        w.append_history(first);
        w.append_history(other);
        w.append_history(distribute_entry(a, east));
    });
    commit(store, [&](StoreWriter& w) { w.append_history(full_entry(a, east)); });

    auto r = store.read();
    const auto history = r->history(a);
    CHECK(render(history) ==
          render(std::vector<HistoryEntry>{first, distribute_entry(a, east), full_entry(a, east)}));
    check_increasing(seqs(history));
    CHECK(render(r->history(b)) == render(std::vector<HistoryEntry>{other}));
    const LeadId no_history = std::max(a, b) + 1;
    CHECK(r->history(no_history).empty());

    // Increasing in commit order, over all leads.
    const auto a_seqs = seqs(history);
    const auto b_seqs = seqs(r->history(b));
    if (a_seqs.size() == 3 && b_seqs.size() == 1) {
        CHECK(b_seqs[0] != a_seqs[0]);
        CHECK(b_seqs[0] != a_seqs[1]);
        CHECK(b_seqs[0] < a_seqs[2]);
    }
}

inline void check_org_events(Store& store) {
    OrgEvent first = org_event(OrgEventKind::initialized, kStart, R"({"stage": "factory_led"})");
    first.seq = 1'000'000;
    const OrgEvent pool_created =
        org_event(OrgEventKind::pool_created, kStart + 1, R"({ "name": "east", "id": 2 })");
    const OrgEvent user_added = org_event(OrgEventKind::user_added, kStart + kDay, R"({"id": "李"})");
    commit(store, [&](StoreWriter& w) {
        w.append_org_event(first);
        w.append_org_event(pool_created);
    });
    commit(store, [&](StoreWriter& w) { w.append_org_event(user_added); });
    const auto events = store.read()->org_events();
    CHECK(render(events) == render(std::vector<OrgEvent>{first, pool_created, user_added}));
    check_increasing(seqs(events));
}

inline void check_rollback(Store& store) {
    Scenario s = seed(store);
    const std::string before = observe(*store.read(), s.probe());

    SUBCASE("a writer dropped without commit leaves no trace") {
        auto w = store.write();
        change_everything(*w, s);
    }
    SUBCASE("a writer dropped after a conflict leaves no trace") {
        auto w = store.write();
        change_everything(*w, s);
        SUBCASE("identity taken on insert") {
            Lead taking = simple_lead("300");
            taking.identities.push_back(phone("101"));
            CHECK(error_of([&] { w->insert_lead(taking); }) == "conflict");
        }
        SUBCASE("identity taken on update") {
            Lead taking = as_stored(added_lead(s.north), s.added);
            taking.identities.push_back(phone("101"));
            CHECK(error_of([&] { w->update_lead(taking); }) == "conflict");
        }
        SUBCASE("pool name taken") {
            CHECK(error_of([&] { w->insert_pool(north_pool(0, kMasterPoolId)); }) == "conflict");
        }
    }
    auto r = store.read();
    CHECK(observe(*r, s.probe()) == before);
    CHECK(render(r->lead(s.added)) == "none");
    CHECK(r->history(s.added).empty());
    CHECK(render(r->pool(s.north)) == "none");
    CHECK(r->events(s.added).empty());
    CHECK(id_list(r->absorbed_into(s.added)).empty());
}

inline void check_reader_keeps_snapshot(Store& store) {
    Scenario s = seed(store);
    auto reader = store.read();
    const std::string before = observe(*reader, s.probe());

    // Another thread commits while this reader is open.
    auto committed = std::async(std::launch::async,
                                [&] { commit(store, [&](StoreWriter& w) { change_everything(w, s); }); });
    const bool done = committed.wait_for(kDeadlockGuard) == std::future_status::ready;
    CHECK_MESSAGE(done, "commit() waited for a reader opened before it");
    if (done) CHECK(observe(*reader, s.probe()) == before);
    reader.reset();
    committed.get();
    check_changed(*store.read(), s);
}

inline void check_reader_beside_writer(Store& store) {
    Scenario s = seed(store);
    const std::string before = observe(*store.read(), s.probe());
    auto w = store.write();
    change_everything(*w, s);
    {
        auto r = store.read();  // same thread, writer still open: must neither block nor see it
        CHECK(observe(*r, s.probe()) == before);
        CHECK(render(r->lead(s.added)) == "none");
    }
    w->commit();
    w.reset();
    check_changed(*store.read(), s);
}

inline void check_writer_sees_own_writes(Store& store) {
    Scenario s = seed(store);
    auto w = store.write();
    change_everything(*w, s);
    check_changed(*w, s);
    Probe probe = s.probe();
    probe.leads.push_back(s.added);
    probe.pools.push_back(s.north);
    const std::string mine = observe(*w, probe);
    w->commit();
    w.reset();
    CHECK(observe(*store.read(), probe) == mine);
}

// A second writer, opened on another thread, records what it finds when it gets in.
struct SecondWriter {
    bool saw_first_done = false;
    std::string holder_of_key;  // who holds phone("key") then
};

inline void check_writers_take_turns(Store& store) {
    std::atomic<bool> first_done{false};
    // Declared before the first writer, so that writer is gone before the second is awaited.
    std::future<SecondWriter> second;
    auto first = store.write();
    const LeadId id = first->insert_lead(simple_lead("key"));
    second = std::async(std::launch::async, [&] {
        auto writer = store.write();
        return SecondWriter{first_done.load(), render(writer->lead_by_identity(phone("key")))};
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a chance to get in too early
    first_done = true;

    SUBCASE("until the first commits") {
        first->commit();
        first.reset();
        const SecondWriter seen = second.get();
        CHECK(seen.saw_first_done);
        CHECK(seen.holder_of_key == std::to_string(id));
    }
    SUBCASE("until the first is dropped") {
        first.reset();
        const SecondWriter seen = second.get();
        CHECK(seen.saw_first_done);
        CHECK(seen.holder_of_key == "none");
    }
}

inline void check_leads_and_funnel(Store& store) {
    Dataset d = dataset_pools(store);
    commit(store, [&](StoreWriter& w) { add_dataset_leads(w, d, 0, kDatasetSize / 2); });
    {
        // The writer's view: committed leads and its own.
        auto w = store.write();
        add_dataset_leads(*w, d, kDatasetSize / 2, kDatasetSize);
        check_dataset(*w, d);
        w->commit();
    }
    check_dataset(*store.read(), d);
}

inline void check_funnel_after_moves(Store& store) {
    Dataset d = dataset_pools(store);
    commit(store, [&](StoreWriter& w) { add_dataset_leads(w, d, 0, kDatasetSize); });
    for (int round = 1; round <= 3; ++round) {
        CAPTURE(round);
        auto w = store.write();
        move_dataset_leads(*w, d, round);
        check_dataset(*w, d);
        w->commit();
        w.reset();
        check_dataset(*store.read(), d);
    }
}

// Which leads each lead of the data set absorbed, by merged_into.
inline void check_absorbed(StoreReader& reader, const Dataset& d) {
    for (const auto& [id, lead] : d.leads) {
        std::vector<LeadId> expected;
        for (const auto& [other, absorbed] : d.leads) {
            if (absorbed.merged_into == id) expected.push_back(other);
        }
        CAPTURE(id);
        CHECK(id_list(reader.absorbed_into(id)) == id_list(expected));
    }
}

// Absorbs the lead (its identities go with the merge), or splits it off again (they come back).
inline void set_merged_into(StoreWriter& w, Dataset& d, LeadId id, LeadId survivor) {
    Lead next = d.leads.at(id);
    next.merged_into = survivor;
    next.identities =
        survivor == 0 ? simple_lead("d-back" + std::to_string(id)).identities : std::vector<Identity>{};
    ++next.version;
    w.update_lead(next);
    d.leads[id] = next;
}

inline void check_merged_leads(Store& store) {
    Dataset d = dataset_pools(store);
    commit(store, [&](StoreWriter& w) { add_dataset_leads(w, d, 0, kDatasetSize); });
    std::vector<LeadId> all;
    for (const auto& [id, lead] : d.leads) all.push_back(id);

    // Round 1: every fourth lead is absorbed by the lead before it, the next by the first lead;
    // and two leads come in absorbed already.
    {
        auto w = store.write();
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (i % 4 == 1) set_merged_into(*w, d, all[i], all[i - 1]);
            if (i % 4 == 2) set_merged_into(*w, d, all[i], all[0]);
        }
        for (int i = kDatasetSize; i < kDatasetSize + 2; ++i) {
            Lead lead = dataset_lead(i, d);
            lead.identities.clear();
            lead.merged_into = all[0];
            const LeadId id = w->insert_lead(lead);
            d.leads[id] = as_stored(lead, id);
        }
        check_dataset(*w, d);
        check_absorbed(*w, d);
        w->commit();
    }
    check_dataset(*store.read(), d);
    check_absorbed(*store.read(), d);

    // Round 2: some are split off again, some move to another survivor, some move in the pyramid
    // while absorbed (which must not count them anywhere).
    {
        auto w = store.write();
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (i % 8 == 1) set_merged_into(*w, d, all[i], 0);
            if (i % 8 == 5) set_merged_into(*w, d, all[i], all[3]);
            if (i % 4 == 2 && i % 3 == 0) {
                Lead next = d.leads.at(all[i]);
                next.tier = next.tier == Tier::order ? Tier::lost : Tier::order;
                next.reached |= tier_bit(next.tier);
                next.pool = d.west;
                next.owner = "bob";
                w->update_lead(next);
                d.leads[all[i]] = next;
            }
        }
        check_dataset(*w, d);
        check_absorbed(*w, d);
        w->commit();
    }
    check_dataset(*store.read(), d);
    check_absorbed(*store.read(), d);
    CHECK(id_list(store.read()->absorbed_into(0)).empty());
}

inline void check_deliveries(Store& store) {
    LeadId a = 0, b = 0;
    commit(store, [&](StoreWriter& w) {
        a = w.insert_lead(simple_lead("a"));
        b = w.insert_lead(simple_lead("b"));
    });
    {
        auto w = store.write();
        w->put_delivery("web", "r-1", a);
        w->put_delivery("shop", "r-1", b);  // the same record id from another channel: another record
        w->put_delivery("web", "r-2", a);
        CHECK(render(w->delivery("web", "r-1")) == std::to_string(a));
        w->commit();
    }
    const auto check_delivered = [&] {
        auto r = store.read();
        CHECK(render(r->delivery("web", "r-1")) == std::to_string(a));
        CHECK(render(r->delivery("shop", "r-1")) == std::to_string(b));
        CHECK(render(r->delivery("web", "r-2")) == std::to_string(a));
        for (const auto& [channel, record_id] : std::vector<Delivery>{
                 {"web", "R-1"}, {"Web", "r-1"}, {"shop", "r-2"}, {"web", "r-3"}, {"", ""}}) {
            CAPTURE(channel + "/" + record_id);
            CHECK(render(r->delivery(channel, record_id)) == "none");
        }
    };
    check_delivered();

    // A record delivered before, or earlier in the same transaction, is a conflict.
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.put_delivery("web", "r-1", b); }) == "conflict");
    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.put_delivery("web", "r-1", a); }) == "conflict");
    CHECK(error_in_writer(store, [&](StoreWriter& w) {
              w.put_delivery("web", "r-3", a);
              w.put_delivery("web", "r-3", b);
          }) == "conflict");
    check_delivered();
}

// A prefetch is a hint: every answer after it is the one the store gives without it, in the same
// writer, as leads are added, identities move between leads and records are delivered.
inline void check_prefetch(Store& store) {
    LeadId a = 0, b = 0;
    commit(store, [&](StoreWriter& w) {
        a = w.insert_lead(simple_lead("a"));
        b = w.insert_lead(simple_lead("b"));
        w.put_delivery("web", "r-1", a);
    });
    LeadId c = 0;
    {
        auto w = store.write();
        // Repeats, and a value no store can hold, are no error in a hint.
        w->prefetch({{phone("a"), phone("b"), phone("new"), phone("a"), phone(std::string("x\0y", 3))},
                     {{"web", "r-1"}, {"web", "r-2"}, {"web", "r-1"}}});
        CHECK(render(w->lead_by_identity(phone("a"))) == std::to_string(a));
        CHECK(render(w->lead_by_identity(phone("new"))) == "none");
        CHECK(render(w->delivery("web", "r-1")) == std::to_string(a));
        CHECK(render(w->delivery("web", "r-2")) == "none");

        c = w->insert_lead(simple_lead("new"));
        CHECK(render(w->lead_by_identity(phone("new"))) == std::to_string(c));
        CHECK(render(w->lead(c)) == render(as_stored(simple_lead("new"), c)));
        // phone("a") moves from a to b.
        Lead from = as_stored(simple_lead("a"), a);
        from.identities.clear();
        w->update_lead(from);
        CHECK(render(w->lead_by_identity(phone("a"))) == "none");
        Lead to = as_stored(simple_lead("b"), b);
        to.identities.push_back(phone("a"));
        w->update_lead(to);
        CHECK(render(w->lead_by_identity(phone("a"))) == std::to_string(b));
        w->put_delivery("web", "r-2", c);
        CHECK(render(w->delivery("web", "r-2")) == std::to_string(c));
        w->commit();
    }
    auto r = store.read();
    CHECK(render(r->lead_by_identity(phone("a"))) == std::to_string(b));
    CHECK(render(r->lead_by_identity(phone("new"))) == std::to_string(c));
    CHECK(render(r->lead(c)) == render(as_stored(simple_lead("new"), c)));
    CHECK(render(r->delivery("web", "r-2")) == std::to_string(c));
    r.reset();

    // Leads changed several times in one writer, a new one among them, end up as last written:
    // b and c swap identities by way of a lead holding none, tags come and go.
    Lead last_b, last_c, last_d;
    {
        auto w = store.write();
        w->prefetch({{phone("a"), phone("b"), phone("new")}, {}});
        Lead d = simple_lead("d");
        d.tags = {"one", "two"};
        d.id = w->insert_lead(d);
        d.tags = {"two", "three"};
        d.version = 2;
        w->update_lead(d);
        Lead bb = *w->lead(b);
        Lead cc = *w->lead(c);
        const std::vector<Identity> b_held = bb.identities;
        const std::vector<Identity> c_held = cc.identities;
        bb.identities.clear();
        bb.tags = {"was-b"};
        w->update_lead(bb);
        cc.identities = b_held;  // c takes b's identities
        w->update_lead(cc);
        bb.identities = c_held;  // b takes c's
        w->update_lead(bb);
        bb.tags.clear();
        w->update_lead(bb);
        last_b = as_stored(bb, b);
        last_c = as_stored(cc, c);
        last_d = as_stored(d, d.id);
        CHECK(render(w->lead(b)) == render(last_b));
        CHECK(render(w->lead(c)) == render(last_c));
        CHECK(render(w->lead(d.id)) == render(last_d));
        w->commit();
    }
    r = store.read();
    CHECK(render(r->lead(b)) == render(last_b));
    CHECK(render(r->lead(c)) == render(last_c));
    CHECK(render(r->lead(last_d.id)) == render(last_d));
    for (const Lead& lead : {last_b, last_c, last_d}) {
        for (const Identity& identity : lead.identities) {
            CHECK(render(r->lead_by_identity(identity)) == std::to_string(lead.id));
        }
    }
    LeadSelection tagged;
    tagged.visible_if = {VisibilityClause{}};
    tagged.tag = "one";
    CHECK(r->lead_ids(tagged, 0, kNoLimit).empty());
    tagged.tag = "three";
    CHECK(r->lead_ids(tagged, 0, kNoLimit) == std::vector<LeadId>{last_d.id});
    r.reset();

    // What a prefetch found held or delivered is still a conflict.
    CHECK(error_in_writer(store, [&](StoreWriter& w) {
              w.prefetch({{phone("new")}, {}});
              w.insert_lead(simple_lead("new"));
          }) == "conflict");
    CHECK(error_in_writer(store, [&](StoreWriter& w) {
              w.prefetch({{}, {{"web", "r-2"}}});
              w.put_delivery("web", "r-2", a);
          }) == "conflict");
}

inline void check_events(Store& store) {
    LeadId a = 0, b = 0;
    commit(store, [&](StoreWriter& w) {
        a = w.insert_lead(simple_lead("a"));
        b = w.insert_lead(simple_lead("b"));
    });
    // The seq given is ignored, as for history.
    LeadEvent first = lead_event(a, "page_view", kStart + 10, R"({ "url": "/tea", "title": "茶" })");
    first.seq = 1'000'000;
    const LeadEvent other = lead_event(b, "page_view", kStart, "{}");
    LeadEvent purchase = lead_event(a, "purchase", kStart + kDay, R"({"sku": "tea-1", "qty": 2})");
    purchase.channel = "shop";
    // Older than the events before it: events stay in the order they were appended.
    const LeadEvent late = lead_event(a, "form_submit", kStart, R"({"form": "contact"})");
    {
        auto w = store.write();
        w->append_event(first);
        w->append_event(other);
        w->append_event(purchase);
        CHECK(render(w->events(a)) == render(std::vector<LeadEvent>{first, purchase}));
        w->commit();
    }
    commit(store, [&](StoreWriter& w) { w.append_event(late); });

    auto r = store.read();
    const auto events = r->events(a);
    CHECK(render(events) == render(std::vector<LeadEvent>{first, purchase, late}));
    check_increasing(seqs(events));
    CHECK(render(r->events(b)) == render(std::vector<LeadEvent>{other}));
    CHECK(r->events(std::max(a, b) + 1).empty());
    const auto b_seqs = seqs(r->events(b));
    if (events.size() == 3 && b_seqs.size() == 1) {
        CHECK(b_seqs[0] > events[0].seq);
        CHECK(b_seqs[0] < events[1].seq);
    }
}

inline void check_identity_joins(Store& store) {
    const Identity openid{IdentityKind::wechat_openid, "o-1", "wx-app-1"};
    CHECK(store.read()->identity_joins(phone("1")) == 0);
    {
        auto w = store.write();
        w->add_identity_joins(phone("1"), 1);
        w->add_identity_joins(openid, 2);
        w->add_identity_joins(phone("2"), 0);
        w->add_identity_joins(phone("1"), 1);
        CHECK(w->identity_joins(phone("1")) == 2);
        w->commit();
    }
    commit(store, [&](StoreWriter& w) { w.add_identity_joins(phone("1"), 3); });
    auto r = store.read();
    CHECK(r->identity_joins(phone("1")) == 5);
    CHECK(r->identity_joins(openid) == 2);
    CHECK(r->identity_joins(phone("2")) == 0);
    // Another scope or kind is another value.
    CHECK(r->identity_joins({IdentityKind::wechat_openid, "o-1", "wx-app-2"}) == 0);
    CHECK(r->identity_joins({IdentityKind::external_id, "o-1", "wx-app-1"}) == 0);
    CHECK(r->identity_joins(phone("3")) == 0);
}

inline MergeRecord full_merge(LeadId survivor, LeadId absorbed) {
    MergeRecord merge = merge_record_of(survivor, absorbed, kStart + kDay);
    merge.id = 77;  // ignored
    merge.actor = "李";
    merge.reason = "same person, says the customer";
    merge.collision = true;
    merge.absorbed_owner = "bob";
    merge.identities = {phone("+8613800000000"),
                        {IdentityKind::wechat_openid, "o-6_Uf5", "wx-app-1"},
                        {IdentityKind::email, "li@example.com", ""}};
    return merge;
}

inline void check_merge_records(Store& store) {
    LeadId a = 0, b = 0, c = 0;
    commit(store, [&](StoreWriter& w) {
        a = w.insert_lead(simple_lead("a"));
        b = w.insert_lead(simple_lead("b"));
        c = w.insert_lead(simple_lead("c"));
    });
    MergeRecord bare;  // every field at its default
    bare.id = 1;       // ignored
    MergeId full_id = 0, bare_id = 0, later_id = 0;
    {
        auto w = store.write();
        full_id = w->insert_merge(full_merge(a, b));
        bare_id = w->insert_merge(bare);
        CHECK(render(w->merge_record(full_id)) == render(with_id(full_merge(a, b), full_id)));
        w->commit();
    }
    commit(store,
           [&](StoreWriter& w) { later_id = w.insert_merge(merge_record_of(a, c, kStart + 2 * kDay)); });
    CHECK(full_id < bare_id);
    CHECK(bare_id < later_id);

    std::vector<MergeRecord> expected = {with_id(full_merge(a, b), full_id), with_id(bare, bare_id),
                                         with_id(merge_record_of(a, c, kStart + 2 * kDay), later_id)};
    {
        auto r = store.read();
        CHECK(render(r->merge_record(full_id)) == render(expected[0]));
        CHECK(render(r->merge_record(bare_id)) == render(expected[1]));
        CHECK(render(r->merge_records()) == render(expected));
        CHECK(render(r->merge_record(later_id + 1)) == "none");
    }

    // update_merge replaces the record: here, the merge is undone.
    expected[0] = unmerged(expected[0], kStart + 3 * kDay);
    expected[0].collision = false;
    commit(store, [&](StoreWriter& w) { w.update_merge(expected[0]); });
    CHECK(render(store.read()->merge_record(full_id)) == render(expected[0]));
    CHECK(render(store.read()->merge_records()) == render(expected));

    CHECK(error_in_writer(store, [&](StoreWriter& w) { w.update_merge(with_id(bare, later_id + 1)); }) ==
          "not_found");
    CHECK(render(store.read()->merge_records()) == render(expected));
}

inline void check_identity_conflict_log(Store& store) {
    IdentityConflict full = conflict_of(ConflictRule::max_per_lead, 3, {5, 4});
    full.id = 500;  // ignored
    full.message = "lead 3 holds 5 phone numbers, 李 allows 5";
    const IdentityConflict bare;  // every field at its default
    const IdentityConflict later = conflict_of(ConflictRule::max_merge_size, 7, {8, 9, 10});
    std::int64_t full_id = 0, bare_id = 0, later_id = 0;
    {
        auto w = store.write();
        full_id = w->append_identity_conflict(full);
        bare_id = w->append_identity_conflict(bare);
        CHECK(render(w->identity_conflicts()) ==
              render(std::vector<IdentityConflict>{with_id(full, full_id), with_id(bare, bare_id)}));
        w->commit();
    }
    commit(store, [&](StoreWriter& w) { later_id = w.append_identity_conflict(later); });
    check_increasing({full_id, bare_id, later_id});
    CHECK(render(store.read()->identity_conflicts()) ==
          render(std::vector<IdentityConflict>{with_id(full, full_id), with_id(bare, bare_id),
                                               with_id(later, later_id)}));
}

// ---------------------------------------------------------------------------------------------
// Public-pool mechanics

inline void check_opportunities(Store& store) {
    Scenario s = seed(store);
    Opportunity first = existing_opportunity(s.existing, s.east);
    Opportunity second = first;
    second.number = 2;
    second.owner = MainOwner{"ann", std::nullopt};
    second.collaborators.clear();
    commit(store, [&](StoreWriter& w) {
        w.put_opportunity(second);  // by number, whatever the order of writing
        w.put_opportunity(first);
    });
    CHECK(render(store.read()->opportunities(s.existing)) == render(std::vector<Opportunity>{first, second}));

    // Same lead and number: replaced.
    first.status = OpportunityStatus::won;
    first.closed_at = kStart + kDay;
    first.order_amount = 118000;
    first.step = "delivery";
    first.collaborators.push_back({"bob", "delivery", kStart + kDay});
    second.status = OpportunityStatus::lost;
    second.lost_reason = "price";
    {
        auto w = store.write();
        w->put_opportunity(first);
        w->put_opportunity(second);
        CHECK(render(w->opportunities(s.existing)) == render(std::vector<Opportunity>{first, second}));
        w->commit();
    }
    auto r = store.read();
    CHECK(render(r->opportunities(s.existing)) == render(std::vector<Opportunity>{first, second}));
    CHECK(r->opportunities(s.existing + 1).empty());
}

// Leads of `pool` at `tiers` held by someone, idle since before `before` (the reference for
// idle_leads).
inline std::string reference_idle(const std::vector<Lead>& all, PoolId pool, TierMask tiers,
                                  Timestamp before) {
    std::vector<Lead> out;
    for (const auto& lead : all) {
        if (lead.pool == pool && (tiers & tier_bit(lead.tier)) && !lead.owner.empty() &&
            lead.last_activity_at < before) {
            out.push_back(lead);
        }
    }
    return render(out);
}

inline void check_idle_leads(Store& store) {
    PoolId east = 0, west = 0;
    std::vector<Lead> all;
    auto add_leads = [&](StoreWriter& w, int from, int to) {
        for (int i = from; i < to; ++i) {
            Lead lead = simple_lead(std::to_string(500 + i));
            lead.pool = i % 3 == 0 ? west : east;
            lead.tier = i % 4 == 0 ? Tier::opportunity : i % 5 == 0 ? Tier::order : Tier::sub;
            lead.reached |= tier_bit(Tier::sub) | tier_bit(lead.tier);
            lead.owner = i % 2 == 0 ? "ann" : i % 7 == 0 ? "" : "bob";
            lead.last_activity_at = kStart + (i % 6) * kDay;
            lead.tags = {"t" + std::to_string(i % 2)};
            all.push_back(as_stored(lead, w.insert_lead(lead)));
        }
    };
    commit(store, [&](StoreWriter& w) {
        east = w.insert_pool(east_pool(0));
        west = w.insert_pool(Pool{0, "west", std::nullopt, {}, {}});
        add_leads(w, 0, 20);
    });
    auto check = [&](StoreReader& reader) {
        for (const PoolId pool : {east, west}) {
            for (const TierMask tiers :
                 {tier_bit(Tier::sub), tier_bit(Tier::opportunity),
                  static_cast<TierMask>(tier_bit(Tier::sub) | tier_bit(Tier::opportunity))}) {
                for (const Timestamp before : {kStart, kStart + 1, kStart + 3 * kDay, kStart + 6 * kDay}) {
                    CAPTURE(pool);
                    CAPTURE(int(tiers));
                    CAPTURE(before);
                    CHECK(render(reader.idle_leads(pool, tiers, before)) ==
                          reference_idle(all, pool, tiers, before));
                }
            }
        }
    };
    check(*store.read());
    auto w = store.write();
    add_leads(*w, 20, 30);
    check(*w);  // the writer's own leads too
}

inline void check_set_owners(Store& store) {
    Scenario s = seed(store);
    LeadId other = 0;
    commit(store, [&](StoreWriter& w) { other = w.insert_lead(simple_lead("300")); });
    Lead existing = as_stored(existing_lead(), s.existing);
    Lead second = as_stored(simple_lead("300"), other);
    const Timestamp at = kStart + kDay;
    {
        auto w = store.write();
        w->set_owners({{other, "bob"}, {s.existing, "zoe"}}, at);
        existing.owner = "zoe";
        existing.version += 1;
        second.owner = "bob";
        second.version += 1;
        for (Lead* lead : {&existing, &second}) lead->updated_at = lead->last_activity_at = at;
        CHECK(render(w->lead(s.existing)) == render(existing));
        w->commit();
    }
    auto r = store.read();
    CHECK(render(r->lead(s.existing)) == render(existing));
    CHECK(render(r->lead(other)) == render(second));
    LeadSelection owned_by_bob = everything();
    owned_by_bob.owner = "bob";
    CHECK(ids(r->leads(owned_by_bob, 0, kNoLimit)) == std::to_string(other));
    r.reset();

    const std::string before = observe(*store.read(), s.probe());
    CHECK(error_in_writer(store, [&](StoreWriter& w) {
              w.set_owners({{s.existing, "bob"}, {other + 100, "bob"}}, at + 1);
          }) == "not_found");
    CHECK(error_in_writer(store, [&](StoreWriter& w) {
              w.set_owners({{s.existing, "bob"}, {other, "ann"}, {s.existing, "ann"}}, at + 1);
          }) == "invalid_argument");
    CHECK(observe(*store.read(), s.probe()) == before);
    CHECK(render(store.read()->lead(other)) == render(second));
}

// Bulk owner changes keep lists and the funnel exact, absorbed leads (in no cell) included.
inline void check_funnel_after_set_owners(Store& store) {
    Dataset d = dataset_pools(store);
    commit(store, [&](StoreWriter& w) { add_dataset_leads(w, d, 0, kDatasetSize); });
    std::vector<LeadId> all;
    for (const auto& [id, lead] : d.leads) all.push_back(id);
    commit(store, [&](StoreWriter& w) {
        for (std::size_t i = 1; i < all.size(); i += 5) set_merged_into(w, d, all[i], all[0]);
    });
    const char* owners[] = {"ann", "bob", "zoe", ""};
    for (int round = 0; round < 2; ++round) {
        CAPTURE(round);
        const Timestamp at = kStart + (round + 2) * kDay;
        std::vector<Assignment> changes;
        for (std::size_t i = static_cast<std::size_t>(round); i < all.size(); i += 2) {
            Lead& lead = d.leads.at(all[i]);
            lead.owner = owners[(i / 2 + static_cast<std::size_t>(round)) % 4];
            lead.updated_at = lead.last_activity_at = at;
            ++lead.version;
            changes.push_back({lead.id, lead.owner});
        }
        auto w = store.write();
        w->set_owners(changes, at);
        check_dataset(*w, d);
        w->commit();
        w.reset();
        check_dataset(*store.read(), d);
    }
}

template <typename Factory>
void check_persistence(Factory& factory, std::unique_ptr<Store>& store) {
    Scenario s = seed(*store);
    commit(*store, [&](StoreWriter& w) { change_everything(w, s); });
    Probe probe = s.probe();
    probe.leads.push_back(s.added);
    probe.pools.push_back(s.north);
    const std::string committed = observe(*store->read(), probe);
    const std::int64_t last_history_seq = last_seq(store->read()->history(s.existing));
    const std::int64_t last_event_seq = last_seq(store->read()->org_events());
    const std::int64_t last_lead_event_seq = last_seq(store->read()->events(s.existing));
    {
        auto uncommitted = store->write();
        uncommitted->set_setting("new", "2");
        uncommitted->put_user(kAnn);
        uncommitted->insert_lead(simple_lead("300"));
        uncommitted->append_org_event(org_event(OrgEventKind::user_updated, kStart + 2, "{}"));
        uncommitted->put_delivery("web", "r-200", s.added);
        uncommitted->append_event(lead_event(s.existing, "page_view", kStart + 3, "{}"));
        uncommitted->add_identity_joins(phone("150"), 1);
        uncommitted->insert_merge(merge_record_of(s.existing, s.added, kStart + 3));
        uncommitted->append_identity_conflict(conflict_of(ConflictRule::max_per_lead, s.added, {}));
    }
    store.reset();
    store = factory.open();

    CHECK(observe(*store->read(), probe) == committed);
    CHECK(render(store->read()->lead_by_identity(phone("300"))) == "none");
    // The counters carry on past everything the reopened store holds.
    LeadId lead = 0;
    PoolId pool = 0;
    MergeId merge = 0;
    std::int64_t conflict = 0;
    commit(*store, [&](StoreWriter& w) {
        lead = w.insert_lead(simple_lead("301"));
        pool = w.insert_pool(Pool{0, "south", std::nullopt, {}, {}});
        w.append_history(capture_entry(lead));
        w.append_org_event(org_event(OrgEventKind::pool_created, kStart + 3, "{}"));
        w.append_event(lead_event(s.existing, "page_view", kStart + 4, "{}"));
        merge = w.insert_merge(merge_record_of(lead, s.added, kStart + 4));
        conflict = w.append_identity_conflict(conflict_of(ConflictRule::max_per_lead, lead, {}));
    });
    auto r = store->read();
    CHECK(lead > s.added);
    CHECK(pool != s.north);
    CHECK(pool != s.east);
    CHECK(last_seq(r->history(lead)) > last_history_seq);
    CHECK(last_seq(r->org_events()) > last_event_seq);
    CHECK(last_seq(r->events(s.existing)) > last_lead_event_seq);
    CHECK(merge > s.second_merge);
    CHECK(conflict > s.second_conflict);
}

}  // namespace leadpool::conformance

TEST_CASE_TEMPLATE_DEFINE("Store conformance" * doctest::test_suite("store conformance"), Factory,
                          leadpool_store_conformance) {
    namespace lc = leadpool::conformance;
    Factory factory;
    std::unique_ptr<leadpool::Store> store = factory.open();
    REQUIRE(store);
    // Each part runs under CHECK_NOTHROW: doctest skips the remaining subcases after an uncaught
    // exception, and one store bug must not hide the rest of the report.

    SUBCASE("a fresh store holds the master pool and nothing else") {
        CHECK_NOTHROW(lc::check_fresh_store(*store));
    }
    SUBCASE("settings round-trip and are overwritten") { CHECK_NOTHROW(lc::check_settings(*store)); }
    SUBCASE("put_user inserts or replaces; users() is by id") { CHECK_NOTHROW(lc::check_users(*store)); }
    SUBCASE("pools get new ids, round-trip, and their names are unique") {
        CHECK_NOTHROW(lc::check_pools(*store));
    }
    SUBCASE("every field of a lead round-trips") { CHECK_NOTHROW(lc::check_lead_round_trip(*store)); }
    SUBCASE("lead ids increase, the given id is ignored") { CHECK_NOTHROW(lc::check_lead_ids(*store)); }
    SUBCASE("lead_by_identity matches kind, scope and value exactly") {
        CHECK_NOTHROW(lc::check_identity_lookup(*store));
    }
    SUBCASE("update_lead replaces identities, tags and channels") {
        CHECK_NOTHROW(lc::check_update_lead(*store));
    }
    SUBCASE("an identity held by another lead is a conflict") {
        CHECK_NOTHROW(lc::check_identity_conflicts(*store));
    }
    SUBCASE("history round-trips, oldest first") { CHECK_NOTHROW(lc::check_history(*store)); }
    SUBCASE("org events round-trip, oldest first") { CHECK_NOTHROW(lc::check_org_events(*store)); }
    SUBCASE("a writer dropped without commit rolls back") { CHECK_NOTHROW(lc::check_rollback(*store)); }
    SUBCASE("a reader keeps its snapshot across a commit") {
        CHECK_NOTHROW(lc::check_reader_keeps_snapshot(*store));
    }
    SUBCASE("a reader beside an open writer neither waits nor sees it") {
        CHECK_NOTHROW(lc::check_reader_beside_writer(*store));
    }
    SUBCASE("a writer sees its own writes") { CHECK_NOTHROW(lc::check_writer_sees_own_writes(*store)); }
    SUBCASE("writers take turns") { CHECK_NOTHROW(lc::check_writers_take_turns(*store)); }
    SUBCASE("leads() and funnel() agree with selection_matches") {
        CHECK_NOTHROW(lc::check_leads_and_funnel(*store));
    }
    SUBCASE("funnel() stays exact as leads move") { CHECK_NOTHROW(lc::check_funnel_after_moves(*store)); }
    SUBCASE("absorbed leads are in no list and no funnel; absorbed_into finds them") {
        CHECK_NOTHROW(lc::check_merged_leads(*store));
    }
    SUBCASE("deliveries round-trip; a record delivered twice is a conflict") {
        CHECK_NOTHROW(lc::check_deliveries(*store));
    }
    SUBCASE("a prefetch changes no answer") { CHECK_NOTHROW(lc::check_prefetch(*store)); }
    SUBCASE("lead events round-trip by lead, in the order appended") {
        CHECK_NOTHROW(lc::check_events(*store));
    }
    SUBCASE("identity joins add up from 0") { CHECK_NOTHROW(lc::check_identity_joins(*store)); }
    SUBCASE("merge records get new ids, round-trip and are replaced") {
        CHECK_NOTHROW(lc::check_merge_records(*store));
    }
    SUBCASE("identity conflicts get new ids and round-trip, by id") {
        CHECK_NOTHROW(lc::check_identity_conflict_log(*store));
    }
    SUBCASE("opportunities round-trip by lead and number, and are replaced") {
        CHECK_NOTHROW(lc::check_opportunities(*store));
    }
    SUBCASE("idle_leads finds held leads of a pool idle since before a time") {
        CHECK_NOTHROW(lc::check_idle_leads(*store));
    }
    SUBCASE("set_owners hands leads to owners and touches nothing else") {
        CHECK_NOTHROW(lc::check_set_owners(*store));
    }
    SUBCASE("set_owners keeps lists and the funnel exact") {
        CHECK_NOTHROW(lc::check_funnel_after_set_owners(*store));
    }
    if constexpr (lc::is_persistent<Factory>::value) {
        SUBCASE("what was committed survives reopening, nothing else") {
            CHECK_NOTHROW(lc::check_persistence(factory, store));
        }
    }
}
