// The memory store's committed state: every record keeps its committed
// versions, newest last, each stamped with the sequence number of the commit
// that wrote it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "leadpool/store.hpp"

namespace leadpool::memory {

using CommitSeq = std::uint64_t;

// A map whose values keep their committed versions. nullopt marks a removal.
template <typename Key, typename Value> class VersionedMap {
public:
  using Versions = std::vector<std::pair<CommitSeq, std::optional<Value>>>;

  const Value *find(const Key &key, CommitSeq snapshot) const {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : visible(it->second, snapshot);
  }

  // Visits the values visible at `snapshot` with key > `after` (or all), in key
  // order, until `visit` returns false.
  template <typename Visit>
  void for_each(CommitSeq snapshot, const std::optional<Key> &after,
                Visit &&visit) const {
    for (auto it = after ? entries_.upper_bound(*after) : entries_.begin();
         it != entries_.end(); ++it) {
      if (const Value *value = visible(it->second, snapshot)) {
        if (!visit(it->first, *value))
          return;
      }
    }
  }

  // Records `value` as of commit `seq`, dropping versions older than what
  // `oldest_snapshot` (the oldest snapshot still open, or `seq` itself) can
  // see.
  void put(const Key &key, std::optional<Value> value, CommitSeq seq,
           CommitSeq oldest_snapshot) {
    Versions &versions = entries_[key];
    versions.emplace_back(seq, std::move(value));
    std::size_t keep_from = 0;
    for (std::size_t i = 0; i < versions.size(); ++i) {
      if (versions[i].first <= oldest_snapshot)
        keep_from = i;
    }
    versions.erase(versions.begin(),
                   versions.begin() + static_cast<std::ptrdiff_t>(keep_from));
    if (versions.size() == 1 && !versions.front().second &&
        versions.front().first <= oldest_snapshot) {
      entries_.erase(key);
    }
  }

private:
  static const Value *visible(const Versions &versions, CommitSeq snapshot) {
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
      if (it->first <= snapshot)
        return it->second ? &*it->second : nullptr;
    }
    return nullptr;
  }

  std::map<Key, Versions, std::less<>> entries_;
};

// Rows appended in commit order, each stamped with its commit.
template <typename Row>
using AppendLog = std::vector<std::pair<CommitSeq, Row>>;

// The committed change feed: one block of changes per commit, in seq order.
// Kept apart from the versioned maps because a change is written once: a
// commit hands over its block whole, at no cost per change. A prune hides the
// oldest changes from the snapshots after it and frees the blocks no open
// snapshot can see any more.
class ChangeLog {
public:
  // Appends the changes of commit `seq`, whose seqs follow the last one's.
  void append(std::vector<Change> changes, CommitSeq seq) {
    if (!changes.empty())
      blocks_.push_back(Block{seq, std::move(changes)});
  }

  // Hides the changes up to seq `through` from commit `seq` on, and frees the
  // blocks `oldest_snapshot` (the oldest snapshot still open, or `seq`) cannot
  // see (those an open snapshot still sees are freed by a later prune).
  void prune(std::int64_t through, CommitSeq seq, CommitSeq oldest_snapshot) {
    pruned_.put(0, through, seq, oldest_snapshot);
    const std::int64_t gone = pruned_through(oldest_snapshot);
    while (!blocks_.empty() && blocks_.front().changes.back().seq <= gone)
      blocks_.pop_front();
  }

  // The last seq pruned as `snapshot` sees it (0: none).
  std::int64_t pruned_through(CommitSeq snapshot) const {
    const std::int64_t *through = pruned_.find(0, snapshot);
    return through ? *through : 0;
  }

  // Visits the changes visible at `snapshot` with seq > `after`, in seq order,
  // until `visit` returns false.
  template <typename Visit>
  void for_each(CommitSeq snapshot, std::int64_t after, Visit &&visit) const {
    const std::int64_t from = std::max(after, pruned_through(snapshot)) + 1;
    // The first block that ends at or after `from`; seqs have no gaps, so the
    // first change wanted in it is found by counting.
    auto block = std::partition_point(
        blocks_.begin(), blocks_.end(),
        [&](const Block &b) { return b.changes.back().seq < from; });
    for (; block != blocks_.end() && block->commit <= snapshot; ++block) {
      const std::int64_t skip =
          std::max<std::int64_t>(from - block->changes.front().seq, 0);
      for (auto it = block->changes.begin() + skip; it != block->changes.end();
           ++it) {
        if (!visit(*it))
          return;
      }
    }
  }

private:
  struct Block {
    CommitSeq commit;
    std::vector<Change> changes;  // never empty
  };
  std::deque<Block> blocks_;
  VersionedMap<int, std::int64_t> pruned_; // key 0: the last seq pruned
};

// A survivor and a lead it absorbed: the key of the absorbed-lead index.
using Absorption = std::pair<LeadId, LeadId>;
// A channel and a record id: the key of a delivery.
using DeliveryKey = std::pair<std::string, std::string>;
// A lead and a number: the key of an opportunity.
using OpportunityKey = std::pair<LeadId, std::int64_t>;

inline std::string identity_key(const Identity &identity) {
  std::string key(1, static_cast<char>(identity.kind));
  key += '\x1f';
  key += identity.scope;
  key += '\x1f';
  key += identity.value;
  return key;
}

// Committed state. Guarded by `mutex`: shared for a read call, exclusive for a
// commit. The one open writer also reads it without the lock, as only its own
// commit ever changes it.
struct Data {
  mutable std::shared_mutex mutex;
  CommitSeq committed = 1; // the master pool was "committed" at 1

  VersionedMap<std::string, std::string> settings;
  VersionedMap<UserId, User> users;
  VersionedMap<PoolId, Pool> pools;
  VersionedMap<LeadId, Lead> leads;
  VersionedMap<std::string, LeadId> identities;
  VersionedMap<Absorption, bool>
      absorbed; // (merged_into, id) of every absorbed lead
  VersionedMap<DeliveryKey, LeadId> deliveries;
  VersionedMap<std::string, std::int64_t> identity_joins;
  VersionedMap<MergeId, MergeRecord> merges;
  std::map<LeadId, AppendLog<HistoryEntry>> history;
  std::map<LeadId, AppendLog<LeadEvent>> events;
  AppendLog<OrgEvent> org_events;
  AppendLog<IdentityConflict> identity_conflicts;
  VersionedMap<OpportunityKey, Opportunity> opportunities;
  ChangeLog changes;
  VersionedMap<int, std::int64_t> feed_last;  // key 0: the last change seq handed out
  VersionedMap<std::string, FeedConsumer> consumers;
  PoolId next_pool = kMasterPoolId + 1;
  LeadId next_lead = 1;
  MergeId next_merge = 1;
  std::int64_t next_history_seq = 1;
  std::int64_t next_org_seq = 1;
  std::int64_t next_event_seq = 1;
  std::int64_t next_conflict = 1;

  std::mutex snapshots_mutex;
  std::multiset<CommitSeq> open_snapshots; // of the readers alive now

  Data() {
    pools.put(kMasterPoolId,
              Pool{kMasterPoolId, "master", std::nullopt, {}, {}}, 1, 1);
  }

  CommitSeq oldest_snapshot(CommitSeq next) {
    std::lock_guard<std::mutex> lock(snapshots_mutex);
    return open_snapshots.empty() ? next
                                  : std::min(next, *open_snapshots.begin());
  }
};

} // namespace leadpool::memory
