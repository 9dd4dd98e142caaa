// The in-memory store, with multi-version snapshots.
//
// Every committed change is stamped with the commit's sequence number; a record
// keeps its versions newest last (memory_state.hpp). A reader fixes the
// sequence number current when it opens and sees, for every record, the newest
// version at or before it — so readers hold no lock between calls, never wait
// for a write transaction, and never hold up a commit. A write transaction
// keeps its changes in an overlay (memory_overlay.hpp) and stamps them in at
// commit, under a short exclusive lock. Versions no open reader can see any
// more are dropped when their record is next written. Readers and writers share
// every read (memory_reads.hpp).
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "leadpool/error.hpp"
#include "leadpool/memory_store.hpp"
#include "store/memory_reads.hpp"

namespace leadpool {
namespace {

using memory::CommitSeq;
using memory::Data;
using memory::DeliveryKey;
using memory::identity_key;
using memory::MemoryReads;
using memory::Overlay;
using memory::Pending;

void sort_unique(std::vector<std::string> &values) {
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
  for (auto &identity : lead.identities) {
    if (std::find(unique.begin(), unique.end(), identity) == unique.end())
      unique.push_back(identity);
  }
  lead.identities = std::move(unique);
  return lead;
}

class MemoryReader final : public MemoryReads<StoreReader> {
public:
  explicit MemoryReader(Data &data)
      : MemoryReads(Overlay(data, open_snapshot(data), true)), data_(data) {}

  ~MemoryReader() override {
    std::lock_guard<std::mutex> lock(data_.snapshots_mutex);
    data_.open_snapshots.erase(data_.open_snapshots.find(overlay_.snapshot()));
  }

private:
  static CommitSeq open_snapshot(Data &data) {
    std::shared_lock<std::shared_mutex> lock(data.mutex);
    std::lock_guard<std::mutex> snapshots(data.snapshots_mutex);
    data.open_snapshots.insert(data.committed);
    return data.committed;
  }

  Data &data_;
};

// A write transaction: the latest committed state underneath, this
// transaction's changes on top. It is handed the store's writer lock already
// taken, before anything reads `data`.
class MemoryWriter final : public MemoryReads<StoreWriter> {
public:
  MemoryWriter(Data &data, std::unique_lock<std::mutex> writer_lock)
      : MemoryReads(Overlay(data, data.committed, false)), data_(data),
        writer_lock_(std::move(writer_lock)), next_pool_(data.next_pool),
        next_lead_(data.next_lead), next_merge_(data.next_merge),
        next_event_seq_(data.next_event_seq),
        next_conflict_(data.next_conflict) {}

  void set_setting(std::string_view key, std::string_view value) override {
    mine().settings[std::string(key)] = std::string(value);
  }

  void put_user(const User &user) override { mine().users[user.id] = user; }

  PoolId insert_pool(const Pool &pool) override {
    Pool stored = canonical(pool);
    stored.id = next_pool_++;
    require_unique_name(stored);
    mine().pools[stored.id] = stored;
    return stored.id;
  }

  void update_pool(const Pool &pool) override {
    if (!this->pool(pool.id))
      throw Error(ErrorCode::not_found, "no pool " + std::to_string(pool.id));
    require_unique_name(pool);
    mine().pools[pool.id] = canonical(pool);
  }

  LeadId insert_lead(const Lead &lead) override {
    Lead stored = canonical(lead);
    stored.id = next_lead_++;
    claim_identities(stored, {});
    if (stored.merged_into != 0)
      mine().absorbed[{stored.merged_into, stored.id}] = true;
    mine().leads[stored.id] = stored;
    return stored.id;
  }

  void update_lead(const Lead &lead) override {
    auto previous = this->lead(lead.id);
    if (!previous)
      throw Error(ErrorCode::not_found, "no lead " + std::to_string(lead.id));
    Lead stored = canonical(lead);
    claim_identities(stored, previous->identities);
    if (previous->merged_into != stored.merged_into) {
      if (previous->merged_into != 0)
        mine().absorbed[{previous->merged_into, lead.id}] = std::nullopt;
      if (stored.merged_into != 0)
        mine().absorbed[{stored.merged_into, lead.id}] = true;
    }
    mine().leads[lead.id] = std::move(stored);
  }

  void append_history(const HistoryEntry &entry) override {
    mine().history.push_back(entry);
  }
  void append_org_event(const OrgEvent &event) override {
    mine().org_events.push_back(event);
  }

  void put_delivery(std::string_view channel, std::string_view record_id,
                    LeadId lead) override {
    if (const auto holder = delivery(channel, record_id)) {
      throw Error(ErrorCode::conflict,
                  "record '" + std::string(record_id) + "' of channel '" +
                      std::string(channel) + "' was delivered to lead " +
                      std::to_string(*holder));
    }
    mine().deliveries[DeliveryKey(channel, record_id)] = lead;
  }

  void append_event(const LeadEvent &event) override {
    mine().events.push_back(event);
    mine().events.back().seq = next_event_seq_++;
  }

  void add_identity_joins(const Identity &identity,
                          std::int64_t joins) override {
    mine().identity_joins[identity_key(identity)] =
        identity_joins(identity) + joins;
  }

  MergeId insert_merge(const MergeRecord &merge) override {
    MergeRecord stored = merge;
    stored.id = next_merge_++;
    mine().merges[stored.id] = stored;
    return stored.id;
  }

  void update_merge(const MergeRecord &merge) override {
    if (!merge_record(merge.id))
      throw Error(ErrorCode::not_found, "no merge " + std::to_string(merge.id));
    mine().merges[merge.id] = merge;
  }

  std::int64_t
  append_identity_conflict(const IdentityConflict &conflict) override {
    auto &conflicts = mine().identity_conflicts;
    conflicts.push_back(conflict);
    conflicts.back().id = next_conflict_++;
    return conflicts.back().id;
  }

  // Faster than the default: the identities stay where they are, so none is
  // claimed again.
  std::vector<std::int64_t> set_owners(const std::vector<Assignment> &owners,
                                      Timestamp at) override {
    std::map<LeadId, Lead> changed;
    std::vector<std::int64_t> versions;
    versions.reserve(owners.size());
    for (const Assignment &assignment : owners) {
      auto stored = lead(assignment.lead);
      if (!stored)
        throw Error(ErrorCode::not_found,
                    "no lead " + std::to_string(assignment.lead));
      auto [found, first] =
          changed.emplace(assignment.lead, std::move(*stored));
      if (!first)
        throw Error(ErrorCode::invalid_argument,
                    "set_owners: a lead is named twice");
      Lead &lead = found->second;
      lead.owner = assignment.owner;
      lead.updated_at = lead.last_activity_at = at;
      ++lead.version;
      versions.push_back(lead.version);
    }
    for (auto &[id, lead] : changed)
      mine().leads[id] = std::move(lead);
    return versions;
  }

  void put_opportunity(const Opportunity &opportunity) override {
    mine().opportunities[{opportunity.lead, opportunity.number}] = opportunity;
  }

  std::int64_t append_change(Change change) override {
    const std::int64_t seq = last_change_seq() + 1;
    change.seq = seq;
    mine().changes.push_back(std::move(change));
    mine().feed_last[0] = seq;
    return seq;
  }

  std::int64_t prune_changes(Timestamp before) override {
    std::int64_t pruned = 0;
    std::int64_t through = 0;
    overlay_.changes(0, [&](const Change &change) {
      if (change.at >= before)
        return false; // the feed is in time order
      ++pruned;
      through = change.seq;
      return true;
    });
    if (pruned > 0)
      mine().pruned_through = through;
    return pruned;
  }

  void put_feed_consumer(const FeedConsumer &consumer) override {
    mine().consumers[consumer.name] = consumer;
  }

  // History rows get their seq at commit: only committed ones can be named.
  void rewrite_history(const HistoryEntry &entry) override {
    auto log = data_.history.find(entry.lead);
    auto row = log == data_.history.end()
                   ? std::nullopt
                   : overlay_.committed_row(log->second, entry.seq,
                                            &Pending::history_rewrites);
    if (!row)
      throw Error(ErrorCode::not_found,
                  "no history row " + std::to_string(entry.seq) +
                      " of lead " + std::to_string(entry.lead));
    // Only the reason and the detail change; the row is otherwise as stored.
    row->reason = entry.reason;
    row->detail = entry.detail;
    mine().history_rewrites[entry.seq] = std::move(*row);
  }

  void rewrite_event(const LeadEvent &event) override {
    for (LeadEvent &mine_event : mine().events) {
      if (mine_event.seq == event.seq && mine_event.lead == event.lead) {
        mine_event = event;
        return;
      }
    }
    auto log = data_.events.find(event.lead);
    if (log == data_.events.end() ||
        !overlay_.committed_row(log->second, event.seq, &Pending::event_rewrites))
      throw Error(ErrorCode::not_found,
                  "no event " + std::to_string(event.seq) + " of lead " +
                      std::to_string(event.lead));
    mine().event_rewrites[event.seq] = event;
  }

  void rewrite_identity_conflict(const IdentityConflict &conflict) override {
    for (IdentityConflict &mine_conflict : mine().identity_conflicts) {
      if (mine_conflict.id == conflict.id) {
        mine_conflict = conflict;
        return;
      }
    }
    if (!overlay_.committed_row(data_.identity_conflicts, conflict.id,
                                &Pending::conflict_rewrites))
      throw Error(ErrorCode::not_found,
                  "no identity conflict " + std::to_string(conflict.id));
    mine().conflict_rewrites[conflict.id] = conflict;
  }

  void rewrite_change(const Change &change) override {
    auto rewrite = [&](Change &stored) {
      stored.reason = change.reason;
      stored.detail = change.detail;
    };
    for (Change &mine_change : mine().changes) {
      if (mine_change.seq == change.seq) {
        rewrite(mine_change);
        return;
      }
    }
    if (!overlay_.holds_change(change.seq))
      throw Error(ErrorCode::not_found,
                  "no change " + std::to_string(change.seq));
    overlay_.changes(change.seq - 1, [&](const Change &stored) {
      Change rewritten = stored;
      rewrite(rewritten);
      mine().change_rewrites[change.seq] = std::move(rewritten);
      return false;
    });
  }

  void rename_delivery(std::string_view channel, std::string_view record_id,
                       std::string_view new_record_id) override {
    const auto lead = delivery(channel, record_id);
    if (!lead)
      throw Error(ErrorCode::not_found, "record '" + std::string(record_id) +
                                            "' of channel '" +
                                            std::string(channel) +
                                            "' was never delivered");
    put_delivery(channel, new_record_id, *lead);
    mine().deliveries[DeliveryKey(channel, record_id)] = std::nullopt;
  }

  void remove_identity_joins(const Identity &identity) override {
    mine().identity_joins[identity_key(identity)] = std::nullopt;
  }

  void put_lead_scores(LeadId lead,
                       const std::vector<LeadScore> &scores) override {
    std::vector<LeadScore> by_model = scores;
    std::sort(by_model.begin(), by_model.end(),
              [](const LeadScore &a, const LeadScore &b) { return a.model < b.model; });
    mine().scores[lead] = std::move(by_model);
  }
  void add_suppression(std::string_view hash) override {
    mine().suppressions[std::string(hash)] = true;
  }

  void commit() override {
    if (committed_)
      throw Error(ErrorCode::storage,
                  "the write transaction is already committed");
    std::unique_lock<std::shared_mutex> lock(data_.mutex);
    const CommitSeq seq = data_.committed + 1;
    const CommitSeq oldest = data_.oldest_snapshot(seq);
    Pending &p = mine();
    for (auto &[key, value] : p.settings)
      data_.settings.put(key, std::move(value), seq, oldest);
    for (auto &[id, user] : p.users)
      data_.users.put(id, std::move(user), seq, oldest);
    for (auto &[id, pool] : p.pools)
      data_.pools.put(id, std::move(pool), seq, oldest);
    for (auto &[id, lead] : p.leads)
      data_.leads.put(id, std::move(lead), seq, oldest);
    for (auto &[key, holder] : p.identities)
      data_.identities.put(key, holder, seq, oldest);
    for (auto &[key, present] : p.absorbed)
      data_.absorbed.put(key, present, seq, oldest);
    for (auto &[key, lead] : p.deliveries)
      data_.deliveries.put(key, lead, seq, oldest);
    for (auto &[key, joins] : p.identity_joins)
      data_.identity_joins.put(key, joins, seq, oldest);
    for (auto &[id, merge] : p.merges)
      data_.merges.put(id, std::move(merge), seq, oldest);
    for (auto &[key, opportunity] : p.opportunities) {
      data_.opportunities.put(key, std::move(opportunity), seq, oldest);
    }
    data_.changes.append(std::move(p.changes), seq);
    if (p.pruned_through)
      data_.changes.prune(*p.pruned_through, seq, oldest);
    for (auto &[key, last] : p.feed_last)
      data_.feed_last.put(key, last, seq, oldest);
    for (auto &[key, consumer] : p.consumers)
      data_.consumers.put(key, std::move(consumer), seq, oldest);
    for (auto &[hash, present] : p.suppressions)
      data_.suppressions.put(hash, present, seq, oldest);
    for (auto &[lead, scores] : p.scores)
      data_.scores.put(lead, std::move(scores), seq, oldest);
    for (auto &[key, row] : p.history_rewrites)
      data_.history[row.lead].rewrite(key, std::move(row), seq, oldest);
    for (auto &[key, row] : p.event_rewrites)
      data_.events[row.lead].rewrite(key, std::move(row), seq, oldest);
    for (auto &[key, row] : p.conflict_rewrites)
      data_.identity_conflicts.rewrite(key, std::move(row), seq, oldest);
    for (auto &[key, change] : p.change_rewrites)
      data_.changes.rewrite(std::move(change), seq, oldest);
    for (auto &entry : p.history) {
      entry.seq = data_.next_history_seq++;
      data_.history[entry.lead].append(seq, std::move(entry));
    }
    for (auto &event : p.org_events) {
      event.seq = data_.next_org_seq++;
      data_.org_events.append(seq, std::move(event));
    }
    for (auto &event : p.events)
      data_.events[event.lead].append(seq, std::move(event));
    for (auto &conflict : p.identity_conflicts)
      data_.identity_conflicts.append(seq, std::move(conflict));
    data_.next_pool = next_pool_;
    data_.next_lead = next_lead_;
    data_.next_merge = next_merge_;
    data_.next_event_seq = next_event_seq_;
    data_.next_conflict = next_conflict_;
    data_.committed = seq;
    committed_ = true;
  }

private:
  Pending &mine() { return overlay_.pending(); }

  void require_unique_name(const Pool &pool) {
    for (const auto &other : pools()) {
      if (other.id != pool.id && other.name == pool.name) {
        throw Error(ErrorCode::conflict,
                    "pool name '" + pool.name + "' is taken");
      }
    }
  }

  // Moves the lead's identity index entries from `previous` to its current
  // identities, refusing any identity another lead holds. Nothing changes when
  // it throws.
  void claim_identities(const Lead &lead,
                        const std::vector<Identity> &previous) {
    for (const auto &identity : lead.identities) {
      auto holder = lead_by_identity(identity);
      if (holder && *holder != lead.id) {
        throw Error(ErrorCode::conflict,
                    std::string("identity ") + to_string(identity.kind) + " '" +
                        identity.value + "' belongs to lead " +
                        std::to_string(*holder));
      }
    }
    for (const auto &identity : previous)
      mine().identities[identity_key(identity)] = std::nullopt;
    for (const auto &identity : lead.identities)
      mine().identities[identity_key(identity)] = lead.id;
  }

  Data &data_;
  std::unique_lock<std::mutex> writer_lock_;
  bool committed_ = false;
  PoolId next_pool_;
  LeadId next_lead_;
  MergeId next_merge_;
  std::int64_t next_event_seq_;
  std::int64_t next_conflict_;
};

class MemoryStore final : public Store {
public:
  std::unique_ptr<StoreReader> read() override {
    return std::make_unique<MemoryReader>(data_);
  }

  // Drops every version of every record that no open snapshot can see: a
  // version overwritten while an older reader was open outlives the commit
  // until that reader closes and a scrub (or the record's next write) drops it.
  ScrubOutcome scrub() override {
    std::lock_guard<std::mutex> writer(writer_mutex_);
    std::unique_lock<std::shared_mutex> lock(data_.mutex);
    const CommitSeq oldest = data_.oldest_snapshot(data_.committed);
    bool kept = false;
    const auto prune = [&](auto &versioned) {
      if (versioned.prune(oldest))
        kept = true;
    };
    prune(data_.settings);
    prune(data_.users);
    prune(data_.pools);
    prune(data_.leads);
    prune(data_.identities);
    prune(data_.absorbed);
    prune(data_.deliveries);
    prune(data_.identity_joins);
    prune(data_.merges);
    prune(data_.opportunities);
    prune(data_.feed_last);
    prune(data_.consumers);
    prune(data_.suppressions);
    prune(data_.scores);
    for (auto &[lead, log] : data_.history)
      prune(log);
    for (auto &[lead, log] : data_.events)
      prune(log);
    prune(data_.identity_conflicts);
    if (data_.changes.prune_superseded(oldest))
      kept = true;
    return kept ? ScrubOutcome::held_back : ScrubOutcome::complete;
  }
  // The writer lock is taken here, so the writer reads `data_` only once it is
  // its turn.
  std::unique_ptr<StoreWriter> write() override {
    return std::make_unique<MemoryWriter>(
        data_, std::unique_lock<std::mutex>(writer_mutex_));
  }

private:
  Data data_;
  std::mutex writer_mutex_; // one write transaction at a time
};

} // namespace

std::unique_ptr<Store> open_memory_store() {
  return std::make_unique<MemoryStore>();
}

} // namespace leadpool
