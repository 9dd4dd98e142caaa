// The memory store's committed state: every record keeps its committed
// versions, newest last, each stamped with the sequence number of the commit
// that wrote it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
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
    auto it = entries_.try_emplace(key).first;
    it->second.emplace_back(seq, std::move(value));
    drop_unseen(it, oldest_snapshot);
  }

  // Drops every version no snapshot at or after `oldest_snapshot` can see;
  // whether older versions than the newest are still kept for one.
  bool prune(CommitSeq oldest_snapshot) {
    bool kept = false;
    for (auto it = entries_.begin(); it != entries_.end();) {
      auto next = std::next(it);
      if (!drop_unseen(it, oldest_snapshot))
        kept = true;
      it = next;
    }
    return kept;
  }

private:
  // Drops the versions of `it` older than what `oldest_snapshot` sees, and the
  // entry itself when all it says is that the key was removed; whether it is
  // down to one version (or gone).
  bool drop_unseen(typename std::map<Key, Versions, std::less<>>::iterator it,
                   CommitSeq oldest_snapshot) {
    Versions &versions = it->second;
    std::size_t keep_from = 0;
    for (std::size_t i = 0; i < versions.size(); ++i) {
      if (versions[i].first <= oldest_snapshot)
        keep_from = i;
    }
    versions.erase(versions.begin(),
                   versions.begin() + static_cast<std::ptrdiff_t>(keep_from));
    if (versions.size() == 1 && !versions.front().second &&
        versions.front().first <= oldest_snapshot) {
      entries_.erase(it);
      return true;
    }
    return versions.size() <= 1;
  }

  static const Value *visible(const Versions &versions, CommitSeq snapshot) {
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
      if (it->first <= snapshot)
        return it->second ? &*it->second : nullptr;
    }
    return nullptr;
  }

  std::map<Key, Versions, std::less<>> entries_;
};

// What names a row of a log: rows are appended in increasing order of it.
inline std::int64_t row_key(const HistoryEntry &row) { return row.seq; }
inline std::int64_t row_key(const OrgEvent &row) { return row.seq; }
inline std::int64_t row_key(const LeadEvent &row) { return row.seq; }
inline std::int64_t row_key(const IdentityConflict &row) { return row.id; }
inline std::int64_t row_key(const Change &row) { return row.seq; }

// The versions a row had before it was rewritten (an erasure, store.hpp),
// oldest first, each with the commit that replaced it: a snapshot before that
// commit still reads it. Empty for a row never rewritten.
template <typename Row>
using Superseded = std::vector<std::pair<CommitSeq, Row>>;

// The version of a row `snapshot` sees: the oldest version replaced after it,
// else the current one.
template <typename Row>
const Row &version_at(const Row &current, const Superseded<Row> *superseded,
                      CommitSeq snapshot) {
  if (superseded) {
    for (const auto &[replaced_at, row] : *superseded) {
      if (replaced_at > snapshot)
        return row;
    }
  }
  return current;
}

// Records that `current` is replaced by `row` at commit `seq`: the old version
// is kept in `superseded` while a snapshot older than `seq` is open.
template <typename Row>
void replace_version(Row &current, std::unique_ptr<Superseded<Row>> &superseded,
                     Row row, CommitSeq seq, CommitSeq oldest_snapshot) {
  if (oldest_snapshot < seq) {
    if (!superseded)
      superseded = std::make_unique<Superseded<Row>>();
    superseded->emplace_back(seq, std::move(current));
  }
  current = std::move(row);
}

// Drops the superseded versions no snapshot at or after `oldest_snapshot` can
// see; whether some are still kept.
template <typename Row>
bool drop_superseded(std::unique_ptr<Superseded<Row>> &superseded,
                     CommitSeq oldest_snapshot) {
  if (!superseded)
    return false;
  auto &versions = *superseded;
  versions.erase(std::remove_if(versions.begin(), versions.end(),
                                [&](const auto &version) {
                                  return version.first <= oldest_snapshot;
                                }),
                 versions.end());
  if (versions.empty())
    superseded.reset();
  return superseded != nullptr;
}

// Rows appended in commit order, each stamped with its commit. A row is only
// ever rewritten by an erasure; its old version stays for the snapshots that
// still see it and goes with the last of them.
template <typename Row> class AppendLog {
public:
  void append(CommitSeq seq, Row row) {
    entries_.push_back(Entry{seq, std::move(row), nullptr});
  }

  // Visits the rows visible at `snapshot`, in order, as it sees them.
  template <typename Visit> void for_each(CommitSeq snapshot, Visit &&visit) const {
    for (const Entry &entry : entries_) {
      if (entry.seq <= snapshot)
        visit(version_at(entry.row, entry.superseded.get(), snapshot));
    }
  }

  // The row with the key as `snapshot` sees it; nullptr when it sees none.
  const Row *at(std::int64_t key, CommitSeq snapshot) const {
    const Entry *entry = find(entries_, key);
    if (entry == nullptr || entry->seq > snapshot)
      return nullptr;
    return &version_at(entry->row, entry->superseded.get(), snapshot);
  }

  // Replaces the row with the key as of commit `seq`; false when there is none.
  bool rewrite(std::int64_t key, Row row, CommitSeq seq, CommitSeq oldest_snapshot) {
    Entry *entry = find(entries_, key);
    if (entry == nullptr)
      return false;
    replace_version(entry->row, entry->superseded, std::move(row), seq,
                    oldest_snapshot);
    return true;
  }

  // Drops the old versions no open snapshot can see; whether some are kept.
  bool prune(CommitSeq oldest_snapshot) {
    bool kept = false;
    for (Entry &entry : entries_) {
      if (drop_superseded(entry.superseded, oldest_snapshot))
        kept = true;
    }
    return kept;
  }

private:
  struct Entry {
    CommitSeq seq; // the commit that appended it
    Row row;       // its newest version
    std::unique_ptr<Superseded<Row>> superseded;
  };

  // The entry with the key in `entries` (const or not), or nullptr.
  template <typename Entries>
  static auto find(Entries &entries, std::int64_t key) -> decltype(&entries[0]) {
    auto it = std::partition_point(
        entries.begin(), entries.end(),
        [&](const Entry &entry) { return row_key(entry.row) < key; });
    return it != entries.end() && row_key(it->row) == key ? &*it : nullptr;
  }

  std::vector<Entry> entries_;
};

// The committed change feed: one block of changes per commit, in seq order.
// Kept apart from the versioned maps because a change is written once: a
// commit hands over its block whole, at no cost per change. A prune hides the
// oldest changes from the snapshots after it and frees the blocks no open
// snapshot can see any more.
class ChangeLog {
  struct Block {
    CommitSeq commit;
    std::vector<Change> changes;  // never empty
    // The old versions of rewritten changes, by their index in `changes`.
    std::map<std::size_t, std::unique_ptr<Superseded<Change>>> superseded;
  };

  // The first block that ends at or after `seq`; seqs have no gaps, so a change
  // in it is found by counting.
  auto first_block(std::int64_t seq) const {
    return std::partition_point(
        blocks_.begin(), blocks_.end(),
        [&](const Block &b) { return b.changes.back().seq < seq; });
  }
  auto first_block(std::int64_t seq) {
    return std::partition_point(
        blocks_.begin(), blocks_.end(),
        [&](const Block &b) { return b.changes.back().seq < seq; });
  }

public:
  // Appends the changes of commit `seq`, whose seqs follow the last one's.
  void append(std::vector<Change> changes, CommitSeq seq) {
    if (!changes.empty())
      blocks_.push_back(Block{seq, std::move(changes), {}});
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
    for (auto block = first_block(from);
         block != blocks_.end() && block->commit <= snapshot; ++block) {
      const std::int64_t skip =
          std::max<std::int64_t>(from - block->changes.front().seq, 0);
      for (auto i = static_cast<std::size_t>(skip); i < block->changes.size();
           ++i) {
        auto superseded = block->superseded.find(i);
        const Change &change = version_at(
            block->changes[i],
            superseded == block->superseded.end() ? nullptr
                                                  : superseded->second.get(),
            snapshot);
        if (!visit(change))
          return;
      }
    }
  }

  // Whether the change `seq` is committed (and not pruned) as of `snapshot`.
  bool holds(std::int64_t seq, CommitSeq snapshot) const {
    bool found = false;
    for_each(snapshot, seq - 1, [&](const Change &change) {
      found = change.seq == seq;
      return false;
    });
    return found;
  }

  // Replaces the change `change.seq` as of commit `seq`; false when there is
  // none.
  bool rewrite(Change change, CommitSeq seq, CommitSeq oldest_snapshot) {
    auto block = first_block(change.seq);
    if (block == blocks_.end() || block->changes.front().seq > change.seq)
      return false;
    const auto i =
        static_cast<std::size_t>(change.seq - block->changes.front().seq);
    auto &superseded = block->superseded[i];
    replace_version(block->changes[i], superseded, std::move(change), seq,
                    oldest_snapshot);
    if (!superseded)
      block->superseded.erase(i);
    return true;
  }

  // Drops the old versions no open snapshot can see; whether some are kept.
  bool prune_superseded(CommitSeq oldest_snapshot) {
    bool kept = false;
    for (Block &block : blocks_) {
      for (auto it = block.superseded.begin(); it != block.superseded.end();) {
        if (drop_superseded(it->second, oldest_snapshot)) {
          kept = true;
          ++it;
        } else {
          it = block.superseded.erase(it);
        }
      }
    }
    return kept;
  }

private:
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
  VersionedMap<std::string, bool> suppressions; // by hash
  VersionedMap<LeadId, std::vector<LeadScore>> scores; // by lead, each by model
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
