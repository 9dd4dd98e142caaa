// What one memory-store transaction reads: the changes it has made itself where
// it made one, else the committed state as of its snapshot. A reader's overlay
// holds no changes; a writer's holds everything it has not committed yet. Every
// read of the store is written once on top of it (memory_reads.hpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "store/memory_state.hpp"

namespace leadpool::memory {

// What a write transaction changed, by record, as the committed state keys it.
struct Pending {
  std::map<std::string, std::string> settings;
  std::map<UserId, User> users;
  std::map<PoolId, Pool> pools;
  std::map<LeadId, Lead> leads;
  std::map<std::string, std::optional<LeadId>> identities; // nullopt: released
  std::map<Absorption, std::optional<bool>>
      absorbed; // nullopt: no longer absorbed there
  std::map<DeliveryKey, std::optional<LeadId>> deliveries; // nullopt: renamed away
  std::map<std::string, std::optional<std::int64_t>> identity_joins; // nullopt: removed
  std::map<MergeId, MergeRecord> merges;
  std::map<OpportunityKey, Opportunity> opportunities;
  std::vector<Change> changes; // numbered as appended
  std::optional<std::int64_t> pruned_through; // the last seq this transaction pruned
  std::map<int, std::int64_t> feed_last;
  std::map<std::string, FeedConsumer> consumers;
  std::vector<HistoryEntry> history; // seq is assigned at commit
  std::vector<OrgEvent> org_events;  // seq is assigned at commit
  std::vector<LeadEvent> events;
  std::vector<IdentityConflict> identity_conflicts;
  std::map<std::string, bool> suppressions;
  std::map<LeadId, std::vector<LeadScore>> scores;
  // Committed rows this transaction rewrote (store.hpp), by their row_key.
  std::map<std::int64_t, HistoryEntry> history_rewrites;
  std::map<std::int64_t, LeadEvent> event_rewrites;
  std::map<std::int64_t, IdentityConflict> conflict_rewrites;
  std::map<std::int64_t, Change> change_rewrites;
};

// This transaction's rewrite of a committed row, or the row as committed.
template <typename Row>
const Row &rewritten(const Row &row, const std::map<std::int64_t, Row> &rewrites) {
  auto it = rewrites.find(row_key(row));
  return it == rewrites.end() ? row : it->second;
}

// The value a pending entry holds, or nullptr where it records a removal.
template <typename Value> const Value *present(const Value &value) {
  return &value;
}
template <typename Value>
const Value *present(const std::optional<Value> &value) {
  return value ? &*value : nullptr;
}

template <typename Value> std::optional<Value> copy(const Value *value) {
  return value ? std::optional<Value>(*value) : std::nullopt;
}

class Overlay {
public:
  // `lock_each_call` is false for a writer: only its own commit ever changes
  // what it reads.
  Overlay(const Data &data, CommitSeq snapshot, bool lock_each_call)
      : data_(data), snapshot_(snapshot), lock_each_call_(lock_each_call) {}

  CommitSeq snapshot() const { return snapshot_; }
  Pending &pending() { return pending_; }

  // The value of `key`.
  template <typename Key, typename Value, typename Mine>
  std::optional<Value> find(const VersionedMap<Key, Value> Data::*committed,
                            const Mine Pending::*mine, const Key &key) const {
    const Mine &changes = pending_.*mine;
    if (auto it = changes.find(key); it != changes.end())
      return copy(present(it->second));
    const auto lock = stable();
    return copy((data_.*committed).find(key, snapshot_));
  }

  // Visits the values with key > `after` (or all), in key order, until `visit`
  // returns false.
  template <typename Key, typename Value, typename Mine, typename Visit>
  void scan(const VersionedMap<Key, Value> Data::*committed,
            const Mine Pending::*mine, const std::optional<Key> &after,
            Visit &&visit) const {
    const Mine &changes = pending_.*mine;
    auto next = after ? changes.upper_bound(*after) : changes.begin();
    bool go_on = true;
    const auto visit_next = [&] {
      if (const Value *value = present(next->second))
        go_on = visit(next->first, *value);
      ++next;
    };
    const auto lock = stable();
    (data_.*committed)
        .for_each(snapshot_, after, [&](const Key &key, const Value &value) {
          while (go_on && next != changes.end() && next->first < key)
            visit_next();
          if (!go_on)
            return false;
          if (next != changes.end() && next->first == key) {
            visit_next(); // this transaction's value replaces the committed one
          } else {
            go_on = visit(key, value);
          }
          return go_on;
        });
    while (go_on && next != changes.end())
      visit_next();
  }

  // Every value, by key.
  template <typename Key, typename Value, typename Mine>
  std::vector<Value> all(const VersionedMap<Key, Value> Data::*committed,
                         const Mine Pending::*mine) const {
    std::vector<Value> out;
    scan(committed, mine, std::optional<Key>(),
         [&](const Key &, const Value &value) {
           out.push_back(value);
           return true;
         });
    return out;
  }

  // Visits the changes of the feed with seq > `after`, the committed ones then
  // this transaction's, until `visit` returns false.
  template <typename Visit>
  void changes(std::int64_t after, Visit &&visit) const {
    const std::int64_t from =
        std::max(after, pending_.pruned_through.value_or(0));
    bool go_on = true;
    {
      const auto lock = stable();
      data_.changes.for_each(snapshot_, from, [&](const Change &change) {
        return go_on = visit(rewritten(change, pending_.change_rewrites));
      });
    }
    for (auto it = pending_.changes.begin();
         go_on && it != pending_.changes.end(); ++it) {
      if (it->seq > from)
        go_on = visit(*it);
    }
  }

  // The rows of an append-only log: the committed ones (as this transaction
  // rewrote them, where it did), then this transaction's.
  template <typename Row>
  std::vector<Row> log(const AppendLog<Row> Data::*committed,
                       const std::vector<Row> Pending::*mine,
                       const std::map<std::int64_t, Row> Pending::*rewrites = nullptr) const {
    std::vector<Row> rows;
    {
      const auto lock = stable();
      rows = visible_rows(data_.*committed, rewrites ? &(pending_.*rewrites) : nullptr);
    }
    rows.insert(rows.end(), (pending_.*mine).begin(), (pending_.*mine).end());
    return rows;
  }
  // As log(), for the logs kept per lead.
  template <typename Row>
  std::vector<Row> log(const std::map<LeadId, AppendLog<Row>> Data::*committed,
                       const std::vector<Row> Pending::*mine,
                       const std::map<std::int64_t, Row> Pending::*rewrites,
                       LeadId lead) const {
    std::vector<Row> rows;
    {
      const auto lock = stable();
      auto it = (data_.*committed).find(lead);
      if (it != (data_.*committed).end())
        rows = visible_rows(it->second, &(pending_.*rewrites));
    }
    for (const Row &row : pending_.*mine) {
      if (row.lead == lead)
        rows.push_back(row);
    }
    return rows;
  }

  // The committed row with the key, as this transaction sees it (rewritten by
  // it, where it was); none when there is no such row.
  template <typename Row>
  std::optional<Row> committed_row(const AppendLog<Row> &committed, std::int64_t key,
                                   const std::map<std::int64_t, Row> Pending::*rewrites) const {
    const auto lock = stable();
    const Row *row = committed.at(key, snapshot_);
    if (row == nullptr)
      return std::nullopt;
    return rewritten(*row, pending_.*rewrites);
  }
  bool holds_change(std::int64_t seq) const {
    if (seq <= pending_.pruned_through.value_or(0))
      return false;
    const auto lock = stable();
    return data_.changes.holds(seq, snapshot_);
  }

private:
  // Holds the committed state still while a call reads it (a no-op for the
  // writer).
  std::shared_lock<std::shared_mutex> stable() const {
    if (!lock_each_call_)
      return std::shared_lock<std::shared_mutex>(data_.mutex, std::defer_lock);
    return std::shared_lock<std::shared_mutex>(data_.mutex);
  }

  template <typename Row>
  std::vector<Row> visible_rows(const AppendLog<Row> &rows,
                                const std::map<std::int64_t, Row> *rewrites) const {
    std::vector<Row> out;
    rows.for_each(snapshot_, [&](const Row &row) {
      out.push_back(rewrites ? rewritten(row, *rewrites) : row);
    });
    return out;
  }

  const Data &data_;
  CommitSeq snapshot_;
  bool lock_each_call_;
  Pending pending_;
};

} // namespace leadpool::memory
