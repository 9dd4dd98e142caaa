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
    VersionedMap<OpportunityKey, Opportunity> opportunities;
    std::map<LeadId, std::vector<std::pair<CommitSeq, HistoryEntry>>> history;  // append-only
    std::vector<std::pair<CommitSeq, OrgEvent>> org_events;                     // append-only
    PoolId next_pool = kMasterPoolId + 1;
    LeadId next_lead = 1;
    std::int64_t next_history_seq = 1;
    std::int64_t next_org_seq = 1;

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
    return lead.pool == pool && (tiers & tier_bit(lead.tier)) != 0 && !lead.owner.empty() &&
           lead.last_activity_at < active_before;
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

    std::optional<std::string> setting(std::string_view key) const {
        return read([&](const Data& d) { return copy(d.settings.find(std::string(key), snapshot_)); });
    }
    std::optional<User> user(const UserId& id) const {
        return read([&](const Data& d) { return copy(d.users.find(id, snapshot_)); });
    }
    std::optional<Pool> pool(PoolId id) const {
        return read([&](const Data& d) { return copy(d.pools.find(id, snapshot_)); });
    }
    std::optional<Lead> lead(LeadId id) const {
        return read([&](const Data& d) { return copy(d.leads.find(id, snapshot_)); });
    }
    std::optional<LeadId> identity(const std::string& key) const {
        return read([&](const Data& d) { return copy(d.identities.find(key, snapshot_)); });
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

    std::vector<HistoryEntry> history(LeadId lead) const {
        return read([&](const Data& d) {
            std::vector<HistoryEntry> rows;
            auto it = d.history.find(lead);
            if (it == d.history.end()) return rows;
            for (const auto& [seq, entry] : it->second) {
                if (seq <= snapshot_) rows.push_back(entry);
            }
            return rows;
        });
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

    std::vector<OrgEvent> org_events() const {
        return read([&](const Data& d) {
            std::vector<OrgEvent> events;
            for (const auto& [seq, event] : d.org_events) {
                if (seq <= snapshot_) events.push_back(event);
            }
            return events;
        });
    }

private:
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

    std::optional<std::string> setting(std::string_view key) override { return view_.setting(key); }
    std::optional<User> user(const UserId& id) override { return view_.user(id); }
    std::vector<User> users() override {
        std::map<UserId, User> all;
        view_.collect(&Data::users, all);
        return values_of(all);
    }
    std::optional<Pool> pool(PoolId id) override { return view_.pool(id); }
    std::vector<Pool> pools() override {
        std::map<PoolId, Pool> all;
        view_.collect(&Data::pools, all);
        return values_of(all);
    }
    std::optional<Lead> lead(LeadId id) override { return view_.lead(id); }
    std::optional<LeadId> lead_by_identity(const Identity& identity) override {
        return view_.identity(identity_key(identity));
    }

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

    std::vector<HistoryEntry> history(LeadId lead) override { return view_.history(lead); }
    std::vector<OrgEvent> org_events() override { return view_.org_events(); }

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
          next_lead_(data.next_lead) {}

    std::optional<std::string> setting(std::string_view key) override {
        return overlaid(settings_, key, [&] { return base_.setting(key); });
    }
    std::optional<User> user(const UserId& id) override {
        return overlaid(users_, id, [&] { return base_.user(id); });
    }
    std::vector<User> users() override {
        std::map<UserId, User> all = users_;
        base_.collect(&Data::users, all);
        return values_of(all);
    }
    std::optional<Pool> pool(PoolId id) override {
        return overlaid(pools_, id, [&] { return base_.pool(id); });
    }
    std::vector<Pool> pools() override {
        std::map<PoolId, Pool> all = pools_;
        base_.collect(&Data::pools, all);
        return values_of(all);
    }
    std::optional<Lead> lead(LeadId id) override {
        return overlaid(leads_, id, [&] { return base_.lead(id); });
    }
    std::optional<LeadId> lead_by_identity(const Identity& identity) override {
        const std::string key = identity_key(identity);
        return overlaid(identities_, key, [&] { return base_.identity(key); });
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
        auto rows = base_.history(lead);
        for (const auto& entry : history_) {
            if (entry.lead == lead) rows.push_back(entry);
        }
        return rows;
    }

    std::vector<OrgEvent> org_events() override {
        auto events = base_.org_events();
        events.insert(events.end(), org_events_.begin(), org_events_.end());
        return events;
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
        leads_[stored.id] = stored;
        return stored.id;
    }

    void update_lead(const Lead& lead) override {
        auto previous = this->lead(lead.id);
        if (!previous) throw Error(ErrorCode::not_found, "no lead " + std::to_string(lead.id));
        Lead stored = canonical(lead);
        claim_identities(stored, previous->identities);
        leads_[lead.id] = std::move(stored);
    }

    void append_history(const HistoryEntry& entry) override { history_.push_back(entry); }
    void append_org_event(const OrgEvent& event) override { org_events_.push_back(event); }

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
        data_.next_pool = next_pool_;
        data_.next_lead = next_lead_;
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
    std::map<OpportunityKey, Opportunity> opportunities_;
    std::vector<HistoryEntry> history_;
    std::vector<OrgEvent> org_events_;
    PoolId next_pool_;
    LeadId next_lead_;
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
