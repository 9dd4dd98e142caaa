// The in-memory store, with multi-version snapshots.
//
// Every committed change is stamped with the commit's sequence number; a record keeps its
// versions newest last. A reader fixes the sequence number current when it opens and sees, for
// every record, the newest version at or before it — so readers hold no lock between calls,
// never wait for a write transaction, and never hold up a commit. A write transaction keeps its
// changes in an overlay and stamps them in at commit, under a short exclusive lock. Versions no
// open reader can see any more are dropped when their record is next written.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "leadpool/error.hpp"
#include "leadpool/memory_store.hpp"

namespace leadpool {
namespace {

using CommitSeq = std::uint64_t;
using OpportunityKey = std::pair<LeadId, std::int64_t>;  // lead, number

std::string identity_key(const Identity& identity) {
    std::string key(1, static_cast<char>(identity.kind));
    key += '\x1f';
    key += identity.scope;
    key += '\x1f';
    key += identity.value;
    return key;
}

void sort_unique(std::vector<std::string>& values) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
}

Pool canonical(Pool pool) {
    sort_unique(pool.managers);
    sort_unique(pool.members);
    return pool;
}

Lead canonical(Lead lead) {
    sort_unique(lead.tags);
    std::vector<Identity> unique;
    for (auto& identity : lead.identities) {
        if (std::find(unique.begin(), unique.end(), identity) == unique.end()) unique.push_back(identity);
    }
    lead.identities = std::move(unique);
    return lead;
}

// A map whose values keep their committed versions. nullopt marks a removal.
template <typename Key, typename Value>
class VersionedMap {
public:
    using Versions = std::vector<std::pair<CommitSeq, std::optional<Value>>>;

    const Value* find(const Key& key, CommitSeq snapshot) const {
        auto it = entries_.find(key);
        return it == entries_.end() ? nullptr : visible(it->second, snapshot);
    }

    // Visits the values visible at `snapshot` with key > `after` (or all), in key order, until
    // `visit` returns false.
    template <typename Visit>
    void for_each(CommitSeq snapshot, const std::optional<Key>& after, Visit&& visit) const {
        for (auto it = after ? entries_.upper_bound(*after) : entries_.begin(); it != entries_.end(); ++it) {
            if (const Value* value = visible(it->second, snapshot)) {
                if (!visit(it->first, *value)) return;
            }
        }
    }

    // Records `value` as of commit `seq`, dropping versions older than what `oldest_snapshot`
    // (the oldest snapshot still open, or `seq` itself) can see.
    void put(const Key& key, std::optional<Value> value, CommitSeq seq, CommitSeq oldest_snapshot) {
        Versions& versions = entries_[key];
        versions.emplace_back(seq, std::move(value));
        std::size_t keep_from = 0;
        for (std::size_t i = 0; i < versions.size(); ++i) {
            if (versions[i].first <= oldest_snapshot) keep_from = i;
        }
        versions.erase(versions.begin(), versions.begin() + static_cast<std::ptrdiff_t>(keep_from));
        if (versions.size() == 1 && !versions.front().second && versions.front().first <= oldest_snapshot) {
            entries_.erase(key);
        }
    }

private:
    static const Value* visible(const Versions& versions, CommitSeq snapshot) {
        for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
            if (it->first <= snapshot) return it->second ? &*it->second : nullptr;
        }
        return nullptr;
    }

    std::map<Key, Versions, std::less<>> entries_;
};

// Rows appended in commit order, each stamped with its commit.
template <typename Row>
using AppendLog = std::vector<std::pair<CommitSeq, Row>>;

// A survivor and a lead it absorbed: the key of the absorbed-lead index.
using Absorption = std::pair<LeadId, LeadId>;

// A channel and a record id: the key of a delivery.
using DeliveryKey = std::pair<std::string, std::string>;

// Committed state. Guarded by `mutex`: shared for a read call, exclusive for a commit. The one
// open writer also reads it without the lock, as only its own commit ever changes it.
struct Data {
    mutable std::shared_mutex mutex;
    CommitSeq committed = 1;  // the master pool was "committed" at 1

    VersionedMap<std::string, std::string> settings;
    VersionedMap<UserId, User> users;
    VersionedMap<PoolId, Pool> pools;
    VersionedMap<LeadId, Lead> leads;
    VersionedMap<std::string, LeadId> identities;
    VersionedMap<Absorption, bool> absorbed;  // (merged_into, id) of every absorbed lead
    VersionedMap<DeliveryKey, LeadId> deliveries;
    VersionedMap<std::string, std::int64_t> identity_joins;
    VersionedMap<MergeId, MergeRecord> merges;
    std::map<LeadId, AppendLog<HistoryEntry>> history;
    std::map<LeadId, AppendLog<LeadEvent>> events;
    AppendLog<OrgEvent> org_events;
    AppendLog<IdentityConflict> identity_conflicts;
    VersionedMap<OpportunityKey, Opportunity> opportunities;
    PoolId next_pool = kMasterPoolId + 1;
    LeadId next_lead = 1;
    MergeId next_merge = 1;
    std::int64_t next_history_seq = 1;
    std::int64_t next_org_seq = 1;
    std::int64_t next_event_seq = 1;
    std::int64_t next_conflict = 1;

    std::mutex snapshots_mutex;
    std::multiset<CommitSeq> open_snapshots;  // of the readers alive now

    Data() { pools.put(kMasterPoolId, Pool{kMasterPoolId, "master", std::nullopt, {}, {}}, 1, 1); }

    CommitSeq oldest_snapshot(CommitSeq next) {
        std::lock_guard<std::mutex> lock(snapshots_mutex);
        return open_snapshots.empty() ? next : std::min(next, *open_snapshots.begin());
    }
};

template <typename Value>
std::optional<Value> copy(const Value* value) {
    return value ? std::optional<Value>(*value) : std::nullopt;
}

std::vector<LeadId> ids_of(const std::vector<Lead>& leads) {
    std::vector<LeadId> ids;
    ids.reserve(leads.size());
    for (const Lead& lead : leads) ids.push_back(lead.id);
    return ids;
}

template <typename Map>
std::vector<typename Map::mapped_type> values_of(const Map& map) {
    std::vector<typename Map::mapped_type> out;
    for (const auto& entry : map) out.push_back(entry.second);
    return out;
}

// The leads idle_leads() returns.
bool is_idle(const Lead& lead, PoolId pool, TierMask tiers, Timestamp active_before) {
    return lead.merged_into == 0 && lead.pool == pool && (tiers & tier_bit(lead.tier)) != 0 &&
           !lead.owner.empty() && lead.last_activity_at < active_before;
}

std::vector<FunnelCell> count_cells(const std::map<std::pair<Tier, TierMask>, std::int64_t>& counts) {
    std::vector<FunnelCell> cells;
    for (const auto& [key, count] : counts) cells.push_back({key.first, key.second, count});
    return cells;
}

// The committed state as of one snapshot. `lock_each_call` is false for the writer's view.
class SnapshotView {
public:
    SnapshotView(const Data& data, CommitSeq snapshot, bool lock_each_call)
        : data_(data), snapshot_(snapshot), lock_each_call_(lock_each_call) {}

    CommitSeq snapshot() const { return snapshot_; }

    // Runs `read` with the data stable under it.
    template <typename Read>
    auto read(Read&& read) const {
        if (!lock_each_call_) return read(data_);
        std::shared_lock<std::shared_mutex> lock(data_.mutex);
        return read(data_);
    }

    // The value of `key` in one of the versioned maps.
    template <typename Key, typename Value>
    std::optional<Value> find(const VersionedMap<Key, Value> Data::*member, const Key& key) const {
        return read([&](const Data& d) { return copy((d.*member).find(key, snapshot_)); });
    }

    template <typename Map, typename Key, typename Value>
    void collect(const VersionedMap<Key, Value> Data::*member, Map& into) const {
        read([&](const Data& d) {
            (d.*member).for_each(snapshot_, std::nullopt, [&](const Key& key, const Value& value) {
                into.emplace(key, value);  // keeps what `into` already holds for the key
                return true;
            });
            return 0;
        });
    }

    // The absorbed leads of `survivor`, by id.
    std::vector<LeadId> absorbed_into(LeadId survivor) const {
        std::vector<LeadId> out;
        read([&](const Data& d) {
            const Absorption first{survivor, std::numeric_limits<LeadId>::min()};
            d.absorbed.for_each(snapshot_, first, [&](const Absorption& key, bool) {
                if (key.first != survivor) return false;
                out.push_back(key.second);
                return true;
            });
            return 0;
        });
        return out;
    }

    // The lead's opportunities by number; what `into` already holds for a number stays.
    void opportunities(LeadId lead, std::map<std::int64_t, Opportunity>& into) const {
        read([&](const Data& d) {
            d.opportunities.for_each(snapshot_, OpportunityKey{lead, 0},
                                     [&](const OpportunityKey& key, const Opportunity& opportunity) {
                                         if (key.first != lead) return false;
                                         into.emplace(key.second, opportunity);
                                         return true;
                                     });
            return 0;
        });
    }

    // The rows of an append-only log this snapshot sees, oldest first.
    template <typename Row>
    std::vector<Row> log(const AppendLog<Row> Data::*member) const {
        return read([&](const Data& d) { return visible_rows(d.*member); });
    }
    // As log(), for the logs kept per lead.
    template <typename Row>
    std::vector<Row> log(const std::map<LeadId, AppendLog<Row>> Data::*member, LeadId lead) const {
        return read([&](const Data& d) {
            auto it = (d.*member).find(lead);
            return it == (d.*member).end() ? std::vector<Row>{} : visible_rows(it->second);
        });
    }

private:
    template <typename Row>
    std::vector<Row> visible_rows(const AppendLog<Row>& rows) const {
        std::vector<Row> out;
        for (const auto& [seq, row] : rows) {
            if (seq <= snapshot_) out.push_back(row);
        }
        return out;
    }

    const Data& data_;
    CommitSeq snapshot_;
    bool lock_each_call_;
};

class MemoryReader final : public StoreReader {
public:
    explicit MemoryReader(Data& data) : data_(data), view_(data, open_snapshot(data), true) {}

    ~MemoryReader() override {
        std::lock_guard<std::mutex> lock(data_.snapshots_mutex);
        data_.open_snapshots.erase(data_.open_snapshots.find(view_.snapshot()));
    }

    std::optional<std::string> setting(std::string_view key) override {
        return view_.find(&Data::settings, std::string(key));
    }
    std::optional<User> user(const UserId& id) override { return view_.find(&Data::users, id); }
    std::vector<User> users() override {
        std::map<UserId, User> all;
        view_.collect(&Data::users, all);
        return values_of(all);
    }
    std::optional<Pool> pool(PoolId id) override { return view_.find(&Data::pools, id); }
    std::vector<Pool> pools() override {
        std::map<PoolId, Pool> all;
        view_.collect(&Data::pools, all);
        return values_of(all);
    }
    std::optional<Lead> lead(LeadId id) override { return view_.find(&Data::leads, id); }
    std::optional<LeadId> lead_by_identity(const Identity& identity) override {
        return view_.find(&Data::identities, identity_key(identity));
    }
    std::vector<LeadId> absorbed_into(LeadId survivor) override { return view_.absorbed_into(survivor); }

    std::vector<Lead> leads(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        std::vector<Lead> out;
        if (limit == 0) return out;
        view_.read([&](const Data& d) {
            d.leads.for_each(view_.snapshot(), after, [&](LeadId, const Lead& lead) {
                if (selection_matches(selection, lead)) out.push_back(lead);
                return out.size() < limit;
            });
            return 0;
        });
        return out;
    }

    std::vector<FunnelCell> funnel(const LeadSelection& selection) override {
        std::map<std::pair<Tier, TierMask>, std::int64_t> counts;
        view_.read([&](const Data& d) {
            d.leads.for_each(view_.snapshot(), std::nullopt, [&](LeadId, const Lead& lead) {
                if (selection_matches(selection, lead)) ++counts[{lead.tier, lead.reached}];
                return true;
            });
            return 0;
        });
        return count_cells(counts);
    }

    std::vector<HistoryEntry> history(LeadId lead) override { return view_.log(&Data::history, lead); }
    std::vector<OrgEvent> org_events() override { return view_.log(&Data::org_events); }

    std::optional<LeadId> delivery(std::string_view channel, std::string_view record_id) override {
        return view_.find(&Data::deliveries, DeliveryKey(channel, record_id));
    }
    std::vector<LeadEvent> events(LeadId lead) override { return view_.log(&Data::events, lead); }
    std::int64_t identity_joins(const Identity& identity) override {
        return view_.find(&Data::identity_joins, identity_key(identity)).value_or(0);
    }
    std::optional<MergeRecord> merge_record(MergeId id) override { return view_.find(&Data::merges, id); }
    std::vector<MergeRecord> merge_records() override {
        std::map<MergeId, MergeRecord> all;
        view_.collect(&Data::merges, all);
        return values_of(all);
    }
    std::vector<IdentityConflict> identity_conflicts() override {
        return view_.log(&Data::identity_conflicts);
    }

    std::vector<LeadId> lead_ids(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        return ids_of(leads(selection, after, limit));
    }

    std::vector<Lead> idle_leads(PoolId pool, TierMask tiers, Timestamp active_before) override {
        std::vector<Lead> out;
        view_.read([&](const Data& d) {
            d.leads.for_each(view_.snapshot(), std::nullopt, [&](LeadId, const Lead& lead) {
                if (is_idle(lead, pool, tiers, active_before)) out.push_back(lead);
                return true;
            });
            return 0;
        });
        return out;
    }

    std::vector<Opportunity> opportunities(LeadId lead) override {
        std::map<std::int64_t, Opportunity> found;
        view_.opportunities(lead, found);
        return values_of(found);
    }

private:
    static CommitSeq open_snapshot(Data& data) {
        std::shared_lock<std::shared_mutex> lock(data.mutex);
        std::lock_guard<std::mutex> snapshots(data.snapshots_mutex);
        data.open_snapshots.insert(data.committed);
        return data.committed;
    }

    Data& data_;
    SnapshotView view_;
};

// A write transaction: the latest committed state underneath, this transaction's changes on top.
class MemoryWriter final : public StoreWriter {
public:
    MemoryWriter(Data& data, std::mutex& writer_mutex)
        : data_(data),
          writer_lock_(writer_mutex),
          base_(data, data.committed, false),
          next_pool_(data.next_pool),
          next_lead_(data.next_lead),
          next_merge_(data.next_merge),
          next_event_seq_(data.next_event_seq),
          next_conflict_(data.next_conflict) {}

    std::optional<std::string> setting(std::string_view key) override {
        return overlaid(settings_, key, [&] { return base_.find(&Data::settings, std::string(key)); });
    }
    std::optional<User> user(const UserId& id) override {
        return overlaid(users_, id, [&] { return base_.find(&Data::users, id); });
    }
    std::vector<User> users() override { return with_mine(&Data::users, users_); }
    std::optional<Pool> pool(PoolId id) override {
        return overlaid(pools_, id, [&] { return base_.find(&Data::pools, id); });
    }
    std::vector<Pool> pools() override { return with_mine(&Data::pools, pools_); }
    std::optional<Lead> lead(LeadId id) override {
        return overlaid(leads_, id, [&] { return base_.find(&Data::leads, id); });
    }
    std::optional<LeadId> lead_by_identity(const Identity& identity) override {
        const std::string key = identity_key(identity);
        return overlaid(identities_, key, [&] { return base_.find(&Data::identities, key); });
    }
    std::vector<LeadId> absorbed_into(LeadId survivor) override {
        const auto committed = base_.absorbed_into(survivor);
        std::set<LeadId> ids(committed.begin(), committed.end());
        for (auto it = absorbed_.lower_bound({survivor, std::numeric_limits<LeadId>::min()});
             it != absorbed_.end() && it->first.first == survivor; ++it) {
            if (it->second) {
                ids.insert(it->first.second);
            } else {
                ids.erase(it->first.second);
            }
        }
        return std::vector<LeadId>(ids.begin(), ids.end());
    }

    std::vector<Lead> leads(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        std::vector<Lead> out;
        if (limit == 0) return out;
        for_each_lead(after, [&](const Lead& lead) {
            if (selection_matches(selection, lead)) out.push_back(lead);
            return out.size() < limit;
        });
        return out;
    }

    std::vector<FunnelCell> funnel(const LeadSelection& selection) override {
        std::map<std::pair<Tier, TierMask>, std::int64_t> counts;
        for_each_lead(0, [&](const Lead& lead) {
            if (selection_matches(selection, lead)) ++counts[{lead.tier, lead.reached}];
            return true;
        });
        return count_cells(counts);
    }

    std::vector<HistoryEntry> history(LeadId lead) override {
        return with_mine(base_.log(&Data::history, lead), history_, lead);
    }
    std::vector<OrgEvent> org_events() override {
        return with_mine(base_.log(&Data::org_events), org_events_);
    }

    std::optional<LeadId> delivery(std::string_view channel, std::string_view record_id) override {
        const DeliveryKey key(channel, record_id);
        return overlaid(deliveries_, key, [&] { return base_.find(&Data::deliveries, key); });
    }
    std::vector<LeadEvent> events(LeadId lead) override {
        return with_mine(base_.log(&Data::events, lead), events_, lead);
    }
    std::int64_t identity_joins(const Identity& identity) override {
        const std::string key = identity_key(identity);
        return overlaid(identity_joins_, key, [&] { return base_.find(&Data::identity_joins, key); })
            .value_or(0);
    }
    std::optional<MergeRecord> merge_record(MergeId id) override {
        return overlaid(merges_, id, [&] { return base_.find(&Data::merges, id); });
    }
    std::vector<MergeRecord> merge_records() override { return with_mine(&Data::merges, merges_); }
    std::vector<IdentityConflict> identity_conflicts() override {
        return with_mine(base_.log(&Data::identity_conflicts), identity_conflicts_);
    }

    void set_setting(std::string_view key, std::string_view value) override {
        settings_[std::string(key)] = std::string(value);
    }

    void put_user(const User& user) override { users_[user.id] = user; }

    PoolId insert_pool(const Pool& pool) override {
        Pool stored = canonical(pool);
        stored.id = next_pool_++;
        require_unique_name(stored);
        pools_[stored.id] = stored;
        return stored.id;
    }

    void update_pool(const Pool& pool) override {
        if (!this->pool(pool.id)) throw Error(ErrorCode::not_found, "no pool " + std::to_string(pool.id));
        require_unique_name(pool);
        pools_[pool.id] = canonical(pool);
    }

    LeadId insert_lead(const Lead& lead) override {
        Lead stored = canonical(lead);
        stored.id = next_lead_++;
        claim_identities(stored, {});
        if (stored.merged_into != 0) absorbed_[{stored.merged_into, stored.id}] = true;
        leads_[stored.id] = stored;
        return stored.id;
    }

    void update_lead(const Lead& lead) override {
        auto previous = this->lead(lead.id);
        if (!previous) throw Error(ErrorCode::not_found, "no lead " + std::to_string(lead.id));
        Lead stored = canonical(lead);
        claim_identities(stored, previous->identities);
        if (previous->merged_into != stored.merged_into) {
            if (previous->merged_into != 0) absorbed_[{previous->merged_into, lead.id}] = false;
            if (stored.merged_into != 0) absorbed_[{stored.merged_into, lead.id}] = true;
        }
        leads_[lead.id] = std::move(stored);
    }

    void append_history(const HistoryEntry& entry) override { history_.push_back(entry); }
    void append_org_event(const OrgEvent& event) override { org_events_.push_back(event); }

    void put_delivery(std::string_view channel, std::string_view record_id, LeadId lead) override {
        if (const auto holder = delivery(channel, record_id)) {
            throw Error(ErrorCode::conflict, "record '" + std::string(record_id) + "' of channel '" +
                                                 std::string(channel) + "' was delivered to lead " +
                                                 std::to_string(*holder));
        }
        deliveries_[DeliveryKey(channel, record_id)] = lead;
    }

    void append_event(const LeadEvent& event) override {
        events_.push_back(event);
        events_.back().seq = next_event_seq_++;
    }

    void add_identity_joins(const Identity& identity, std::int64_t joins) override {
        identity_joins_[identity_key(identity)] = identity_joins(identity) + joins;
    }

    MergeId insert_merge(const MergeRecord& merge) override {
        MergeRecord stored = merge;
        stored.id = next_merge_++;
        merges_[stored.id] = stored;
        return stored.id;
    }

    void update_merge(const MergeRecord& merge) override {
        if (!merge_record(merge.id))
            throw Error(ErrorCode::not_found, "no merge " + std::to_string(merge.id));
        merges_[merge.id] = merge;
    }

    std::int64_t append_identity_conflict(const IdentityConflict& conflict) override {
        identity_conflicts_.push_back(conflict);
        identity_conflicts_.back().id = next_conflict_++;
        return identity_conflicts_.back().id;
    }

    std::vector<LeadId> lead_ids(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        return ids_of(leads(selection, after, limit));
    }

    std::vector<Lead> idle_leads(PoolId pool, TierMask tiers, Timestamp active_before) override {
        std::vector<Lead> out;
        for_each_lead(0, [&](const Lead& lead) {
            if (is_idle(lead, pool, tiers, active_before)) out.push_back(lead);
            return true;
        });
        return out;
    }

    std::vector<Opportunity> opportunities(LeadId lead) override {
        std::map<std::int64_t, Opportunity> found;
        for (const auto& [key, opportunity] : opportunities_) {
            if (key.first == lead) found.emplace(key.second, opportunity);
        }
        base_.opportunities(lead, found);
        return values_of(found);
    }

    void set_owners(const std::vector<Assignment>& owners, Timestamp at) override {
        std::map<LeadId, Lead> changed;
        for (const Assignment& assignment : owners) {
            auto stored = lead(assignment.lead);
            if (!stored) throw Error(ErrorCode::not_found, "no lead " + std::to_string(assignment.lead));
            auto [found, first] = changed.emplace(assignment.lead, std::move(*stored));
            if (!first) throw Error(ErrorCode::invalid_argument, "set_owners: a lead is named twice");
            Lead& lead = found->second;
            lead.owner = assignment.owner;
            lead.updated_at = lead.last_activity_at = at;
            ++lead.version;
        }
        for (auto& [id, lead] : changed) leads_[id] = std::move(lead);
    }

    void put_opportunity(const Opportunity& opportunity) override {
        opportunities_[{opportunity.lead, opportunity.number}] = opportunity;
    }

    void commit() override {
        if (committed_) throw Error(ErrorCode::storage, "the write transaction is already committed");
        std::unique_lock<std::shared_mutex> lock(data_.mutex);
        const CommitSeq seq = data_.committed + 1;
        const CommitSeq oldest = data_.oldest_snapshot(seq);
        for (auto& [key, value] : settings_) data_.settings.put(key, std::move(value), seq, oldest);
        for (auto& [id, user] : users_) data_.users.put(id, std::move(user), seq, oldest);
        for (auto& [id, pool] : pools_) data_.pools.put(id, std::move(pool), seq, oldest);
        for (auto& [id, lead] : leads_) data_.leads.put(id, std::move(lead), seq, oldest);
        for (auto& [key, holder] : identities_) data_.identities.put(key, holder, seq, oldest);
        for (auto& [key, present] : absorbed_) {
            data_.absorbed.put(key, present ? std::optional<bool>(true) : std::nullopt, seq, oldest);
        }
        for (auto& [key, lead] : deliveries_) data_.deliveries.put(key, lead, seq, oldest);
        for (auto& [key, joins] : identity_joins_) data_.identity_joins.put(key, joins, seq, oldest);
        for (auto& [id, merge] : merges_) data_.merges.put(id, std::move(merge), seq, oldest);
        for (auto& [key, opportunity] : opportunities_) {
            data_.opportunities.put(key, std::move(opportunity), seq, oldest);
        }
        for (auto& entry : history_) {
            entry.seq = data_.next_history_seq++;
            data_.history[entry.lead].emplace_back(seq, std::move(entry));
        }
        for (auto& event : org_events_) {
            event.seq = data_.next_org_seq++;
            data_.org_events.emplace_back(seq, std::move(event));
        }
        for (auto& event : events_) data_.events[event.lead].emplace_back(seq, std::move(event));
        for (auto& conflict : identity_conflicts_)
            data_.identity_conflicts.emplace_back(seq, std::move(conflict));
        data_.next_pool = next_pool_;
        data_.next_lead = next_lead_;
        data_.next_merge = next_merge_;
        data_.next_event_seq = next_event_seq_;
        data_.next_conflict = next_conflict_;
        data_.committed = seq;
        committed_ = true;
    }

private:
    // This transaction's value for `key` where it wrote one, else what `committed` reads.
    template <typename Map, typename Key, typename Committed>
    static auto overlaid(const Map& overlay, const Key& key, Committed&& committed) -> decltype(committed()) {
        auto it = overlay.find(key);
        if (it == overlay.end()) return committed();
        return it->second;
    }

    // The committed values of a versioned map with this transaction's in their place, by key.
    template <typename Key, typename Value>
    std::vector<Value> with_mine(const VersionedMap<Key, Value> Data::*member,
                                 const std::map<Key, Value>& mine) {
        std::map<Key, Value> all = mine;
        base_.collect(member, all);
        return values_of(all);
    }
    // The committed rows followed by this transaction's.
    template <typename Row>
    static std::vector<Row> with_mine(std::vector<Row> rows, const std::vector<Row>& mine) {
        rows.insert(rows.end(), mine.begin(), mine.end());
        return rows;
    }
    // As with_mine(), for a log kept per lead: only this transaction's rows for `lead`.
    template <typename Row>
    static std::vector<Row> with_mine(std::vector<Row> rows, const std::vector<Row>& mine, LeadId lead) {
        for (const auto& row : mine) {
            if (row.lead == lead) rows.push_back(row);
        }
        return rows;
    }

    // Visits committed and overlaid leads with id > after in id order until `visit` says stop.
    template <typename Visit>
    void for_each_lead(LeadId after, Visit&& visit) {
        auto mine = leads_.upper_bound(after);
        bool go_on = true;
        base_.read([&](const Data& d) {
            d.leads.for_each(base_.snapshot(), after, [&](LeadId id, const Lead& committed) {
                for (; go_on && mine != leads_.end() && mine->first < id; ++mine) go_on = visit(mine->second);
                if (!go_on) return false;
                if (mine != leads_.end() && mine->first == id) {
                    go_on = visit((mine++)->second);
                } else {
                    go_on = visit(committed);
                }
                return go_on;
            });
            return 0;
        });
        for (; go_on && mine != leads_.end(); ++mine) go_on = visit(mine->second);
    }

    void require_unique_name(const Pool& pool) {
        for (const auto& other : pools()) {
            if (other.id != pool.id && other.name == pool.name) {
                throw Error(ErrorCode::conflict, "pool name '" + pool.name + "' is taken");
            }
        }
    }

    // Moves the lead's identity index entries from `previous` to its current identities,
    // refusing any identity another lead holds. Nothing changes when it throws.
    void claim_identities(const Lead& lead, const std::vector<Identity>& previous) {
        for (const auto& identity : lead.identities) {
            auto holder = lead_by_identity(identity);
            if (holder && *holder != lead.id) {
                throw Error(ErrorCode::conflict, std::string("identity ") + to_string(identity.kind) + " '" +
                                                     identity.value + "' belongs to lead " +
                                                     std::to_string(*holder));
            }
        }
        for (const auto& identity : previous) identities_[identity_key(identity)] = std::nullopt;
        for (const auto& identity : lead.identities) identities_[identity_key(identity)] = lead.id;
    }

    Data& data_;
    std::unique_lock<std::mutex> writer_lock_;  // taken before anything reads `data_`
    SnapshotView base_;
    bool committed_ = false;

    std::map<std::string, std::string, std::less<>> settings_;
    std::map<UserId, User> users_;
    std::map<PoolId, Pool> pools_;
    std::map<LeadId, Lead> leads_;
    std::map<std::string, std::optional<LeadId>> identities_;  // nullopt: released
    std::map<Absorption, bool> absorbed_;                      // false: no longer absorbed there
    std::map<DeliveryKey, LeadId> deliveries_;
    std::map<std::string, std::int64_t> identity_joins_;
    std::map<MergeId, MergeRecord> merges_;
    std::map<OpportunityKey, Opportunity> opportunities_;
    std::vector<HistoryEntry> history_;
    std::vector<OrgEvent> org_events_;
    std::vector<LeadEvent> events_;
    std::vector<IdentityConflict> identity_conflicts_;
    PoolId next_pool_;
    LeadId next_lead_;
    MergeId next_merge_;
    std::int64_t next_event_seq_;
    std::int64_t next_conflict_;
};

class MemoryStore final : public Store {
public:
    std::unique_ptr<StoreReader> read() override { return std::make_unique<MemoryReader>(data_); }
    std::unique_ptr<StoreWriter> write() override {
        return std::make_unique<MemoryWriter>(data_, writer_mutex_);
    }

private:
    Data data_;
    std::mutex writer_mutex_;  // one write transaction at a time
};

}  // namespace

std::unique_ptr<Store> open_memory_store() { return std::make_unique<MemoryStore>(); }

}  // namespace leadpool
