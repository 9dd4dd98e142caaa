// Every read of the memory store, written once over an Overlay: the reader's
// (no changes of its own) and the writer's (its uncommitted changes on top) are
// the same code.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/memory_overlay.hpp"

namespace leadpool::memory {

// `Interface` is StoreReader or StoreWriter.
template <typename Interface> class MemoryReads : public Interface {
public:
  std::optional<std::string> setting(std::string_view key) override {
    return overlay_.find(&Data::settings, &Pending::settings, std::string(key));
  }
  std::optional<User> user(const UserId &id) override {
    return overlay_.find(&Data::users, &Pending::users, id);
  }
  std::vector<User> users() override {
    return overlay_.all(&Data::users, &Pending::users);
  }
  std::optional<Pool> pool(PoolId id) override {
    return overlay_.find(&Data::pools, &Pending::pools, id);
  }
  std::vector<Pool> pools() override {
    return overlay_.all(&Data::pools, &Pending::pools);
  }
  std::optional<Lead> lead(LeadId id) override {
    return overlay_.find(&Data::leads, &Pending::leads, id);
  }
  std::optional<LeadId> lead_by_identity(const Identity &identity) override {
    return overlay_.find(&Data::identities, &Pending::identities,
                         identity_key(identity));
  }

  std::vector<LeadId> absorbed_into(LeadId survivor) override {
    std::vector<LeadId> ids;
    const Absorption before{survivor, std::numeric_limits<LeadId>::min()};
    overlay_.scan(&Data::absorbed, &Pending::absorbed, std::optional(before),
                  [&](const Absorption &key, bool) {
                    if (key.first != survivor)
                      return false;
                    ids.push_back(key.second);
                    return true;
                  });
    return ids;
  }

  std::vector<Lead> leads(const LeadSelection &selection, LeadId after,
                          std::size_t limit) override {
    std::vector<Lead> out;
    if (limit == 0)
      return out;
    const auto scored = scores_of(selection);
    for_each_lead(after, [&](const Lead &lead) {
      if (matches(selection, lead, scored))
        out.push_back(lead);
      return out.size() < limit;
    });
    return out;
  }

  // Faster than the default: one pass that copies no lead.
  std::vector<FunnelCell> funnel(const LeadSelection &selection) override {
    std::map<std::pair<Tier, TierMask>, std::int64_t> counts;
    const auto scored = scores_of(selection);
    for_each_lead(0, [&](const Lead &lead) {
      if (matches(selection, lead, scored))
        ++counts[{lead.tier, lead.reached}];
      return true;
    });
    std::vector<FunnelCell> cells;
    for (const auto &[key, count] : counts)
      cells.push_back({key.first, key.second, count});
    return cells;
  }

  std::vector<HistoryEntry> history(LeadId lead) override {
    return overlay_.log(&Data::history, &Pending::history,
                        &Pending::history_rewrites, lead);
  }
  std::vector<OrgEvent> org_events() override {
    return overlay_.log(&Data::org_events, &Pending::org_events);
  }

  std::optional<LeadId> delivery(std::string_view channel,
                                 std::string_view record_id) override {
    return overlay_.find(&Data::deliveries, &Pending::deliveries,
                         DeliveryKey(channel, record_id));
  }
  std::vector<LeadEvent> events(LeadId lead) override {
    return overlay_.log(&Data::events, &Pending::events,
                        &Pending::event_rewrites, lead);
  }
  std::int64_t identity_joins(const Identity &identity) override {
    return overlay_
        .find(&Data::identity_joins, &Pending::identity_joins,
              identity_key(identity))
        .value_or(0);
  }
  std::optional<MergeRecord> merge_record(MergeId id) override {
    return overlay_.find(&Data::merges, &Pending::merges, id);
  }
  std::vector<MergeRecord> merge_records() override {
    return overlay_.all(&Data::merges, &Pending::merges);
  }
  std::vector<IdentityConflict> identity_conflicts() override {
    return overlay_.log(&Data::identity_conflicts,
                        &Pending::identity_conflicts,
                        &Pending::conflict_rewrites);
  }
  std::optional<IdentityConflict> identity_conflict(std::int64_t id) override {
    for (IdentityConflict &conflict : identity_conflicts()) {
      if (conflict.id == id)
        return std::move(conflict);
    }
    return std::nullopt;
  }
  std::vector<MergeRecord> selected_merges(const MergeFilter &filter,
                                           const RecordPageRequest &page) override {
    return id_page(merge_records(), page, [&](const MergeRecord &merge) {
      return merge_matches(filter, merge);
    });
  }
  std::vector<IdentityConflict>
  selected_identity_conflicts(const ConflictFilter &filter,
                              const RecordPageRequest &page) override {
    return id_page(identity_conflicts(), page,
                   [&](const IdentityConflict &conflict) {
                     return conflict_matches(filter, conflict);
                   });
  }

  std::vector<Change> changes(std::int64_t after, std::size_t limit) override {
    std::vector<Change> out;
    if (limit == 0)
      return out;
    overlay_.changes(after, [&](const Change &change) {
      out.push_back(change);
      return out.size() < limit;
    });
    return out;
  }
  std::int64_t last_change_seq() override {
    return overlay_.find(&Data::feed_last, &Pending::feed_last, 0).value_or(0);
  }
  std::optional<FeedConsumer> feed_consumer(std::string_view name) override {
    return overlay_.find(&Data::consumers, &Pending::consumers,
                         std::string(name));
  }
  std::vector<FeedConsumer> feed_consumers() override {
    return overlay_.all(&Data::consumers, &Pending::consumers);
  }

  std::vector<DeliveredRecord> deliveries(LeadId lead) override {
    std::vector<DeliveredRecord> out;
    overlay_.scan(&Data::deliveries, &Pending::deliveries,
                  std::optional<DeliveryKey>(),
                  [&](const DeliveryKey &key, LeadId holder) {
                    if (holder == lead)
                      out.push_back({key.first, key.second, holder});
                    return true;
                  });
    return out;
  }
  bool suppressed(std::string_view hash) override {
    return overlay_
        .find(&Data::suppressions, &Pending::suppressions, std::string(hash))
        .has_value();
  }

  std::vector<LeadScore> lead_scores(LeadId lead) override {
    return overlay_.find(&Data::scores, &Pending::scores, lead)
        .value_or(std::vector<LeadScore>{});
  }
  // A scan: the memory store keeps no index by time.
  std::vector<LeadId> scores_due(Timestamp at, std::size_t limit) override {
    std::vector<LeadId> out;
    overlay_.scan(&Data::scores, &Pending::scores, std::optional<LeadId>(),
                  [&](LeadId lead, const std::vector<LeadScore> &scores) {
                    if (out.size() >= limit)
                      return false;
                    for (const LeadScore &score : scores) {
                      if (score.next_change != 0 && score.next_change <= at) {
                        out.push_back(lead);
                        break;
                      }
                    }
                    return true;
                  });
    return out;
  }

  // Faster than the default: one pass that copies only the idle leads.
  std::vector<Lead> idle_leads(PoolId pool, TierMask tiers,
                               Timestamp active_before) override {
    std::vector<Lead> out;
    for_each_lead(0, [&](const Lead &lead) {
      if (lead.merged_into == 0 && lead.pool == pool &&
          (tiers & tier_bit(lead.tier)) != 0 && !lead.owner.empty() &&
          lead.last_activity_at < active_before) {
        out.push_back(lead);
      }
      return true;
    });
    return out;
  }

  std::vector<Opportunity> opportunities(LeadId lead) override {
    std::vector<Opportunity> out;
    const OpportunityKey before{lead, std::numeric_limits<std::int64_t>::min()};
    overlay_.scan(
        &Data::opportunities, &Pending::opportunities, std::optional(before),
        [&](const OpportunityKey &key, const Opportunity &opportunity) {
          if (key.first != lead)
            return false;
          out.push_back(opportunity);
          return true;
        });
    return out;
  }

protected:
  // The rows (by id) that `keeps` keeps, past the page's cursor in its order,
  // at most page.limit.
  template <typename Row, typename Keeps>
  static std::vector<Row> id_page(std::vector<Row> rows,
                                  const RecordPageRequest &page,
                                  const Keeps &keeps) {
    if (page.newest_first)
      std::reverse(rows.begin(), rows.end());
    std::vector<Row> out;
    for (Row &row : rows) {
      if (out.size() == page.limit)
        break;
      if (past_cursor(page, row.id) && keeps(row))
        out.push_back(std::move(row));
    }
    return out;
  }

  explicit MemoryReads(Overlay overlay) : overlay_(std::move(overlay)) {}

  Overlay overlay_;

private:
  using ScoresByLead = std::map<LeadId, std::vector<LeadScore>>;

  // The scores a selection's score range reads, by lead: read before the leads are visited,
  // so no scan runs inside another.
  ScoresByLead scores_of(const LeadSelection &selection) {
    ScoresByLead out;
    if (!selection.score)
      return out;
    overlay_.scan(&Data::scores, &Pending::scores, std::optional<LeadId>(),
                  [&](LeadId lead, const std::vector<LeadScore> &scores) {
                    if (score_in_range(*selection.score, scores))
                      out.emplace(lead, scores);
                    return true;
                  });
    return out;
  }
  static bool matches(const LeadSelection &selection, const Lead &lead,
                      const ScoresByLead &scored) {
    const auto found = scored.find(lead.id);
    return selection_matches(selection, lead,
                             found == scored.end() ? std::vector<LeadScore>{}
                                                   : found->second);
  }

  // Visits the leads with id > after, by id, until `visit` returns false.
  template <typename Visit> void for_each_lead(LeadId after, Visit &&visit) {
    overlay_.scan(&Data::leads, &Pending::leads, std::optional(after),
                  [&](LeadId, const Lead &lead) { return visit(lead); });
  }
};

} // namespace leadpool::memory
