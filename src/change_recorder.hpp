// The change feed's writing side (docs/design.md 7): a StoreWriter that hands every call to the
// store's own writer and notes, on the way, each history row, organisation event, opportunity
// and identity conflict as a Change. At commit it appends them to the feed in the same
// transaction, so the feed holds exactly what committed. Every write goes through it
// (Context::write), so no operation can change the pool and leave the feed behind.
//
// It also remembers the settings it read or wrote: inside the transaction only its own writes
// change them, and a lookup an operation makes per record (the suppression list's salt) then
// costs the store one read per transaction, not one per record.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "leadpool/store.hpp"

namespace leadpool::detail {

class ChangeRecorder final : public StoreWriter {
public:
    explicit ChangeRecorder(StoreWriter& store) : store_(store) {}

    // Who makes the changes and when: what an opportunity's change carries (its record names
    // neither).
    void acting(const UserId& actor, Timestamp now) {
        actor_ = actor;
        now_ = now;
    }

    // Keeps the changes appended at commit, for committed(); without it the store takes them
    // (the engine asks only when someone is subscribed).
    void keep_committed() { keep_committed_ = true; }
    // The changes appended at commit, with their sequence numbers (empty before, and without
    // keep_committed()).
    const std::vector<Change>& committed() const { return committed_; }

    const UserId& actor() const { return actor_; }
    Timestamp now() const { return now_; }
    // The leads this transaction inserted, rewrote or gave a behaviour event, by id: whose
    // scores it must bring up to date (lead_scores.hpp).
    std::set<LeadId> touched_leads() const;

    // --- reads go straight through ------------------------------------------------------------
    std::optional<std::string> setting(std::string_view key) override;
    std::optional<User> user(const UserId& id) override { return store_.user(id); }
    std::vector<User> users() override { return store_.users(); }
    std::optional<Pool> pool(PoolId id) override { return store_.pool(id); }
    std::vector<Pool> pools() override { return store_.pools(); }
    std::optional<Lead> lead(LeadId id) override { return store_.lead(id); }
    std::optional<LeadId> lead_by_identity(const Identity& identity) override {
        return store_.lead_by_identity(identity);
    }
    std::vector<LeadId> absorbed_into(LeadId survivor) override { return store_.absorbed_into(survivor); }
    std::vector<Lead> leads(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        return store_.leads(selection, after, limit);
    }
    std::vector<Lead> sorted_leads(const LeadSelection& selection, const LeadOrder& order,
                                   std::size_t limit) override {
        return store_.sorted_leads(selection, order, limit);
    }
    std::vector<HistoryEntry> history(LeadId lead) override { return store_.history(lead); }
    std::vector<OrgEvent> org_events() override { return store_.org_events(); }
    std::optional<LeadId> delivery(std::string_view channel, std::string_view record_id) override {
        return store_.delivery(channel, record_id);
    }
    std::vector<LeadEvent> events(LeadId lead) override { return store_.events(lead); }
    std::int64_t identity_joins(const Identity& identity) override { return store_.identity_joins(identity); }
    std::optional<MergeRecord> merge_record(MergeId id) override { return store_.merge_record(id); }
    std::vector<MergeRecord> merge_records() override { return store_.merge_records(); }
    std::vector<IdentityConflict> identity_conflicts() override { return store_.identity_conflicts(); }
    std::optional<IdentityConflict> identity_conflict(std::int64_t id) override { return store_.identity_conflict(id); }
    std::vector<MergeRecord> selected_merges(const MergeFilter& filter, const RecordPageRequest& page) override {
        return store_.selected_merges(filter, page);
    }
    std::vector<IdentityConflict> selected_identity_conflicts(const ConflictFilter& filter,
                                                              const RecordPageRequest& page) override {
        return store_.selected_identity_conflicts(filter, page);
    }
    std::vector<Opportunity> opportunities(LeadId lead) override { return store_.opportunities(lead); }
    std::vector<Opportunity> selected_opportunities(const LeadSelection& leads, const OpportunitySelection& selection,
                                                    const std::optional<OpportunityCursor>& after,
                                                    std::size_t limit) override {
        return store_.selected_opportunities(leads, selection, after, limit);
    }
    std::vector<Change> changes(std::int64_t after, std::size_t limit) override {
        return store_.changes(after, limit);
    }
    std::int64_t last_change_seq() override { return store_.last_change_seq(); }
    std::optional<FeedConsumer> feed_consumer(std::string_view name) override { return store_.feed_consumer(name); }
    std::vector<FeedConsumer> feed_consumers() override { return store_.feed_consumers(); }
    std::vector<FunnelCell> funnel(const LeadSelection& selection) override { return store_.funnel(selection); }
    std::vector<FunnelGroupCell> funnel_groups(const LeadSelection& selection,
                                               const FunnelBreakdownRequest& breakdown) override {
        return store_.funnel_groups(selection, breakdown);
    }
    std::vector<TierMoveCell> tier_moves(const LeadSelection& selection, Timestamp from, Timestamp to,
                                         std::optional<MoveKey> by) override {
        return store_.tier_moves(selection, from, to, by);
    }
    std::vector<CohortCell> cohort_cells(const LeadSelection& selection, CohortPeriod period) override {
        return store_.cohort_cells(selection, period);
    }
    void tier_time_samples(const LeadSelection& selection, const TierTimesRequest& request,
                           const std::function<void(TierTimeSample&&)>& visit) override {
        store_.tier_time_samples(selection, request, visit);
    }
    std::vector<LeadId> lead_ids(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        return store_.lead_ids(selection, after, limit);
    }
    std::vector<Lead> idle_leads(PoolId pool, TierMask tiers, Timestamp active_before) override {
        return store_.idle_leads(pool, tiers, active_before);
    }
    std::vector<DeliveredRecord> deliveries(LeadId lead) override { return store_.deliveries(lead); }
    bool suppressed(std::string_view hash) override { return store_.suppressed(hash); }
    std::vector<Change> lead_changes(LeadId lead) override { return store_.lead_changes(lead); }
    std::vector<LeadScore> lead_scores(LeadId lead) override { return store_.lead_scores(lead); }
    std::vector<LeadId> scores_due(Timestamp at, std::size_t limit) override { return store_.scores_due(at, limit); }

    // --- writes that the feed does not describe on their own ----------------------------------
    void set_setting(std::string_view key, std::string_view value) override;
    void put_user(const User& user) override { store_.put_user(user); }
    PoolId insert_pool(const Pool& pool) override { return store_.insert_pool(pool); }
    void update_pool(const Pool& pool) override { store_.update_pool(pool); }
    void put_delivery(std::string_view channel, std::string_view record_id, LeadId lead) override {
        store_.put_delivery(channel, record_id, lead);
    }
    void append_event(const LeadEvent& event) override {
        store_.append_event(event);
        touched_.insert(event.lead);
    }
    void put_lead_scores(LeadId lead, const std::vector<LeadScore>& scores) override {
        store_.put_lead_scores(lead, scores);
    }
    void add_identity_joins(const Identity& identity, std::int64_t joins) override {
        store_.add_identity_joins(identity, joins);
    }
    MergeId insert_merge(const MergeRecord& merge) override { return store_.insert_merge(merge); }
    void update_merge(const MergeRecord& merge) override { store_.update_merge(merge); }
    std::int64_t append_change(Change change) override { return store_.append_change(std::move(change)); }
    std::int64_t prune_changes(Timestamp before) override { return store_.prune_changes(before); }
    void put_feed_consumer(const FeedConsumer& consumer) override { store_.put_feed_consumer(consumer); }
    void prefetch(const BatchLookups& lookups) override { store_.prefetch(lookups); }
    void secure_delete() override { store_.secure_delete(); }
    // An erasure's rewrites of what was recorded: the erasure's own history row is its change.
    void rewrite_history(const HistoryEntry& entry) override { store_.rewrite_history(entry); }
    void rewrite_event(const LeadEvent& event) override { store_.rewrite_event(event); }
    // A rewrite that resolves the conflict is a change of it; a redaction is not.
    void rewrite_identity_conflict(const IdentityConflict& conflict) override;
    void rewrite_change(const Change& change) override { store_.rewrite_change(change); }
    void rename_delivery(std::string_view channel, std::string_view record_id,
                         std::string_view new_record_id) override {
        store_.rename_delivery(channel, record_id, new_record_id);
    }
    void remove_identity_joins(const Identity& identity) override { store_.remove_identity_joins(identity); }
    void add_suppression(std::string_view hash) override { store_.add_suppression(hash); }

    // --- writes it follows: where each lead stands, and what the feed says -------------------
    LeadId insert_lead(const Lead& lead) override;
    void update_lead(const Lead& lead) override;
    std::vector<std::int64_t> set_owners(const std::vector<Assignment>& owners, Timestamp at) override;
    void append_history(const HistoryEntry& entry) override;
    void append_org_event(const OrgEvent& event) override;
    std::int64_t append_identity_conflict(const IdentityConflict& conflict) override;
    void put_opportunity(const Opportunity& opportunity) override;

    // Appends the changes (each lead's last one carrying where the lead ended up, each one the
    // version it gave the lead), then commits.
    void commit() override;

private:
    // A lead as this transaction last wrote it; its place is unknown after set_owners alone.
    struct Written {
        std::optional<LeadPlace> place;
        std::int64_t version = 0;
    };

    void wrote(LeadId id, const Lead& lead);  // `id`: an inserted lead has none yet
    // The lead's place and version now, as written or as stored.
    Written current(LeadId lead);
    // Names the lead in a change that does not move it: its place now, before and after.
    void at_lead(Change& change, LeadId lead);

    StoreWriter& store_;
    UserId actor_;
    Timestamp now_ = 0;
    std::deque<Change> changes_;  // a deque: a large batch's changes are never moved as it grows
    std::unordered_map<LeadId, Written> written_;
    std::unordered_map<std::string, std::optional<std::string>> settings_;  // read or written here
    std::set<LeadId> touched_;  // leads given an event (written_ holds the leads written)
    std::vector<std::pair<LeadId, std::size_t>> lead_changes_;  // (lead, index into changes_)
    bool keep_committed_ = false;
    std::vector<Change> committed_;
};

}  // namespace leadpool::detail
