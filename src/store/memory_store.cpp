// The in-memory store. Committed state lives in `Data`; a write transaction keeps its changes in
// an overlay and applies them under an exclusive lock only at commit, so readers (which hold a
// shared lock for their snapshot's lifetime) wait at most for that short apply, never for a
// whole batch.
#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "leadpool/error.hpp"
#include "leadpool/memory_store.hpp"

namespace leadpool {
namespace {

std::string identity_key(const Identity& identity) {
    std::string key(1, static_cast<char>(identity.kind));
    key += '\x1f';
    key += identity.scope;
    key += '\x1f';
    key += identity.value;
    return key;
}

struct Data {
    std::map<std::string, std::string, std::less<>> settings;
    std::map<UserId, User> users;
    std::map<PoolId, Pool> pools;
    std::map<LeadId, Lead> leads;
    std::map<std::string, LeadId> identities;
    std::map<LeadId, std::vector<HistoryEntry>> history;
    std::vector<OrgEvent> org_events;
    PoolId next_pool = kMasterPoolId + 1;
    LeadId next_lead = 1;
    std::int64_t next_history_seq = 1;
    std::int64_t next_org_seq = 1;

    Data() { pools[kMasterPoolId] = Pool{kMasterPoolId, "master", std::nullopt, {}, {}}; }
};

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
    return lead;
}

std::vector<FunnelCell> count_cells(const std::map<std::pair<Tier, TierMask>, std::int64_t>& counts) {
    std::vector<FunnelCell> cells;
    for (const auto& [key, count] : counts) cells.push_back({key.first, key.second, count});
    return cells;
}

// Reads of committed data. The caller holds whatever lock makes `data` stable.
class CommittedView {
public:
    explicit CommittedView(const Data& data) : data_(data) {}

    std::optional<std::string> setting(std::string_view key) const {
        auto it = data_.settings.find(key);
        if (it == data_.settings.end()) return std::nullopt;
        return it->second;
    }

    template <typename Map, typename Key>
    static std::optional<typename Map::mapped_type> find(const Map& map, const Key& key) {
        auto it = map.find(key);
        if (it == map.end()) return std::nullopt;
        return it->second;
    }

protected:
    const Data& data_;
};

class MemoryStore;

class MemoryReader final : public StoreReader {
public:
    MemoryReader(const Data& data, std::shared_mutex& mutex) : data_(data), lock_(mutex) {}

    std::optional<std::string> setting(std::string_view key) override {
        return CommittedView(data_).setting(key);
    }
    std::optional<User> user(const UserId& id) override { return CommittedView::find(data_.users, id); }
    std::vector<User> users() override {
        std::vector<User> out;
        for (const auto& [id, user] : data_.users) out.push_back(user);
        return out;
    }
    std::optional<Pool> pool(PoolId id) override { return CommittedView::find(data_.pools, id); }
    std::vector<Pool> pools() override {
        std::vector<Pool> out;
        for (const auto& [id, pool] : data_.pools) out.push_back(pool);
        return out;
    }
    std::optional<Lead> lead(LeadId id) override { return CommittedView::find(data_.leads, id); }
    std::optional<LeadId> lead_by_identity(const Identity& identity) override {
        return CommittedView::find(data_.identities, identity_key(identity));
    }
    std::vector<Lead> leads(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        std::vector<Lead> out;
        for (auto it = data_.leads.upper_bound(after); it != data_.leads.end() && out.size() < limit; ++it) {
            if (selection_matches(selection, it->second)) out.push_back(it->second);
        }
        return out;
    }
    std::vector<FunnelCell> funnel(const LeadSelection& selection) override {
        std::map<std::pair<Tier, TierMask>, std::int64_t> counts;
        for (const auto& [id, lead] : data_.leads) {
            if (selection_matches(selection, lead)) ++counts[{lead.tier, lead.reached}];
        }
        return count_cells(counts);
    }
    std::vector<HistoryEntry> history(LeadId lead) override {
        auto found = CommittedView::find(data_.history, lead);
        return found ? *found : std::vector<HistoryEntry>{};
    }
    std::vector<OrgEvent> org_events() override { return data_.org_events; }

private:
    const Data& data_;
    std::shared_lock<std::shared_mutex> lock_;
};

// A write transaction: committed data underneath, this transaction's changes on top. Only the
// one writer ever changes `data_` (at commit), so it reads committed data without the lock.
class MemoryWriter final : public StoreWriter {
public:
    MemoryWriter(Data& data, std::shared_mutex& data_mutex, std::mutex& writer_mutex)
        : data_(data), data_mutex_(data_mutex), writer_lock_(writer_mutex),
          next_pool_(data.next_pool), next_lead_(data.next_lead) {}

    std::optional<std::string> setting(std::string_view key) override {
        auto it = settings_.find(key);
        if (it != settings_.end()) return it->second;
        return CommittedView(data_).setting(key);
    }
    std::optional<User> user(const UserId& id) override { return overlaid(users_, data_.users, id); }
    std::vector<User> users() override { return merged(users_, data_.users); }
    std::optional<Pool> pool(PoolId id) override { return overlaid(pools_, data_.pools, id); }
    std::vector<Pool> pools() override { return merged(pools_, data_.pools); }
    std::optional<Lead> lead(LeadId id) override { return overlaid(leads_, data_.leads, id); }

    std::optional<LeadId> lead_by_identity(const Identity& identity) override {
        const std::string key = identity_key(identity);
        auto it = identities_.find(key);
        if (it != identities_.end()) return it->second;
        return CommittedView::find(data_.identities, key);
    }

    std::vector<Lead> leads(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        std::vector<Lead> out;
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
        auto rows = CommittedView::find(data_.history, lead).value_or(std::vector<HistoryEntry>{});
        for (const auto& entry : history_) {
            if (entry.lead == lead) rows.push_back(entry);
        }
        return rows;
    }

    std::vector<OrgEvent> org_events() override {
        auto events = data_.org_events;
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
        claim_identities(lead, previous->identities);
        leads_[lead.id] = canonical(lead);
    }

    void append_history(const HistoryEntry& entry) override { history_.push_back(entry); }
    void append_org_event(const OrgEvent& event) override { org_events_.push_back(event); }

    void commit() override {
        std::unique_lock<std::shared_mutex> lock(data_mutex_);
        for (auto& [key, value] : settings_) data_.settings[key] = std::move(value);
        for (auto& [id, user] : users_) data_.users[id] = std::move(user);
        for (auto& [id, pool] : pools_) data_.pools[id] = std::move(pool);
        for (auto& [id, lead] : leads_) data_.leads[id] = std::move(lead);
        for (auto& [key, owner] : identities_) {
            if (owner) data_.identities[key] = *owner;
            else data_.identities.erase(key);
        }
        for (auto& entry : history_) {
            entry.seq = data_.next_history_seq++;
            data_.history[entry.lead].push_back(std::move(entry));
        }
        for (auto& event : org_events_) {
            event.seq = data_.next_org_seq++;
            data_.org_events.push_back(std::move(event));
        }
        data_.next_pool = next_pool_;
        data_.next_lead = next_lead_;
        settings_.clear();
        users_.clear();
        pools_.clear();
        leads_.clear();
        identities_.clear();
        history_.clear();
        org_events_.clear();
    }

private:
    template <typename Map>
    static std::optional<typename Map::mapped_type> overlaid(const Map& overlay, const Map& base,
                                                             const typename Map::key_type& key) {
        auto it = overlay.find(key);
        if (it != overlay.end()) return it->second;
        return CommittedView::find(base, key);
    }

    template <typename Map>
    static std::vector<typename Map::mapped_type> merged(const Map& overlay, const Map& base) {
        Map all = overlay;
        all.insert(base.begin(), base.end());  // keeps the overlay's value where both have one
        std::vector<typename Map::mapped_type> out;
        for (const auto& entry : all) out.push_back(entry.second);
        return out;
    }

    // Visits committed and overlaid leads with id > after in id order until `visit` says stop.
    template <typename Visit>
    void for_each_lead(LeadId after, Visit visit) const {
        auto base = data_.leads.upper_bound(after);
        auto mine = leads_.upper_bound(after);
        while (base != data_.leads.end() || mine != leads_.end()) {
            const Lead* next = nullptr;
            if (mine == leads_.end() || (base != data_.leads.end() && base->first < mine->first)) {
                next = &(base++)->second;
            } else {
                if (base != data_.leads.end() && base->first == mine->first) ++base;
                next = &(mine++)->second;
            }
            if (!visit(*next)) return;
        }
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
                throw Error(ErrorCode::conflict, std::string("identity ") + to_string(identity.kind) +
                                                     " '" + identity.value + "' belongs to lead " +
                                                     std::to_string(*holder));
            }
        }
        for (const auto& identity : previous) identities_[identity_key(identity)] = std::nullopt;
        for (const auto& identity : lead.identities) identities_[identity_key(identity)] = lead.id;
    }

    Data& data_;
    std::shared_mutex& data_mutex_;
    std::unique_lock<std::mutex> writer_lock_;

    std::map<std::string, std::string, std::less<>> settings_;
    std::map<UserId, User> users_;
    std::map<PoolId, Pool> pools_;
    std::map<LeadId, Lead> leads_;
    std::map<std::string, std::optional<LeadId>> identities_;  // nullopt: released
    std::vector<HistoryEntry> history_;
    std::vector<OrgEvent> org_events_;
    PoolId next_pool_;
    LeadId next_lead_;
};

class MemoryStore final : public Store {
public:
    std::unique_ptr<StoreReader> read() override {
        return std::make_unique<MemoryReader>(data_, data_mutex_);
    }
    std::unique_ptr<StoreWriter> write() override {
        return std::make_unique<MemoryWriter>(data_, data_mutex_, writer_mutex_);
    }

private:
    Data data_;
    std::shared_mutex data_mutex_;  // shared: readers; exclusive: a commit applying its changes
    std::mutex writer_mutex_;       // one write transaction at a time
};

}  // namespace

std::unique_ptr<Store> open_memory_store() { return std::make_unique<MemoryStore>(); }

}  // namespace leadpool
