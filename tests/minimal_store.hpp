// A store that writes only the basic methods of store.hpp, each forwarded to a memory store: every
// speed-up runs its default (src/store/store_defaults.cpp). The conformance suite and the
// engine-level suites run through it, so the defaults keep the contract a host relies on.
#pragma once

#include <leadpool/memory_store.hpp>
#include <leadpool/store.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leadpool::testing {

// The basic reads of `Interface` (StoreReader or StoreWriter), answered by `inner`.
template <typename Interface, typename Inner>
class BasicReads : public Interface {
public:
    explicit BasicReads(std::unique_ptr<Inner> inner) : inner_(std::move(inner)) {}

    std::optional<std::string> setting(std::string_view key) override { return inner_->setting(key); }
    std::optional<User> user(const UserId& id) override { return inner_->user(id); }
    std::vector<User> users() override { return inner_->users(); }
    std::optional<Pool> pool(PoolId id) override { return inner_->pool(id); }
    std::vector<Pool> pools() override { return inner_->pools(); }
    std::optional<Lead> lead(LeadId id) override { return inner_->lead(id); }
    std::optional<LeadId> lead_by_identity(const Identity& identity) override {
        return inner_->lead_by_identity(identity);
    }
    std::vector<LeadId> absorbed_into(LeadId survivor) override { return inner_->absorbed_into(survivor); }
    std::vector<Lead> leads(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        return inner_->leads(selection, after, limit);
    }
    std::vector<HistoryEntry> history(LeadId lead) override { return inner_->history(lead); }
    std::vector<OrgEvent> org_events() override { return inner_->org_events(); }
    std::optional<LeadId> delivery(std::string_view channel, std::string_view record_id) override {
        return inner_->delivery(channel, record_id);
    }
    std::vector<LeadEvent> events(LeadId lead) override { return inner_->events(lead); }
    std::int64_t identity_joins(const Identity& identity) override {
        return inner_->identity_joins(identity);
    }
    std::optional<MergeRecord> merge_record(MergeId id) override { return inner_->merge_record(id); }
    std::vector<MergeRecord> merge_records() override { return inner_->merge_records(); }
    std::vector<IdentityConflict> identity_conflicts() override { return inner_->identity_conflicts(); }
    std::optional<IdentityConflict> identity_conflict(std::int64_t id) override { return inner_->identity_conflict(id); }
    std::vector<MergeRecord> selected_merges(const MergeFilter& filter, const RecordPageRequest& page) override {
        return inner_->selected_merges(filter, page);
    }
    std::vector<IdentityConflict> selected_identity_conflicts(const ConflictFilter& filter,
                                                              const RecordPageRequest& page) override {
        return inner_->selected_identity_conflicts(filter, page);
    }
    std::vector<Opportunity> opportunities(LeadId lead) override { return inner_->opportunities(lead); }
    std::vector<Change> changes(std::int64_t after, std::size_t limit) override { return inner_->changes(after, limit); }
    std::int64_t last_change_seq() override { return inner_->last_change_seq(); }
    std::optional<FeedConsumer> feed_consumer(std::string_view name) override { return inner_->feed_consumer(name); }
    std::vector<FeedConsumer> feed_consumers() override { return inner_->feed_consumers(); }
    std::vector<DeliveredRecord> deliveries(LeadId lead) override { return inner_->deliveries(lead); }
    bool suppressed(std::string_view hash) override { return inner_->suppressed(hash); }
    std::vector<LeadScore> lead_scores(LeadId lead) override { return inner_->lead_scores(lead); }
    std::vector<LeadId> scores_due(Timestamp at, std::size_t limit) override {
        return inner_->scores_due(at, limit);
    }

protected:
    Inner& inner() { return *inner_; }

private:
    std::unique_ptr<Inner> inner_;
};

class MinimalWriter final : public BasicReads<StoreWriter, StoreWriter> {
public:
    using BasicReads::BasicReads;

    void set_setting(std::string_view key, std::string_view value) override {
        inner().set_setting(key, value);
    }
    void put_user(const User& user) override { inner().put_user(user); }
    PoolId insert_pool(const Pool& pool) override { return inner().insert_pool(pool); }
    void update_pool(const Pool& pool) override { inner().update_pool(pool); }
    LeadId insert_lead(const Lead& lead) override { return inner().insert_lead(lead); }
    void update_lead(const Lead& lead) override { inner().update_lead(lead); }
    void append_history(const HistoryEntry& entry) override { inner().append_history(entry); }
    void append_org_event(const OrgEvent& event) override { inner().append_org_event(event); }
    void put_delivery(std::string_view channel, std::string_view record_id, LeadId lead) override {
        inner().put_delivery(channel, record_id, lead);
    }
    void append_event(const LeadEvent& event) override { inner().append_event(event); }
    void add_identity_joins(const Identity& identity, std::int64_t joins) override {
        inner().add_identity_joins(identity, joins);
    }
    MergeId insert_merge(const MergeRecord& merge) override { return inner().insert_merge(merge); }
    void update_merge(const MergeRecord& merge) override { inner().update_merge(merge); }
    std::int64_t append_identity_conflict(const IdentityConflict& conflict) override {
        return inner().append_identity_conflict(conflict);
    }
    void put_opportunity(const Opportunity& opportunity) override { inner().put_opportunity(opportunity); }
    std::int64_t append_change(Change change) override { return inner().append_change(std::move(change)); }
    std::int64_t prune_changes(Timestamp before) override { return inner().prune_changes(before); }
    void put_feed_consumer(const FeedConsumer& consumer) override { inner().put_feed_consumer(consumer); }
    void rewrite_history(const HistoryEntry& entry) override { inner().rewrite_history(entry); }
    void rewrite_event(const LeadEvent& event) override { inner().rewrite_event(event); }
    void rewrite_identity_conflict(const IdentityConflict& conflict) override {
        inner().rewrite_identity_conflict(conflict);
    }
    void rewrite_change(const Change& change) override { inner().rewrite_change(change); }
    void rename_delivery(std::string_view channel, std::string_view record_id,
                         std::string_view new_record_id) override {
        inner().rename_delivery(channel, record_id, new_record_id);
    }
    void remove_identity_joins(const Identity& identity) override { inner().remove_identity_joins(identity); }
    void add_suppression(std::string_view hash) override { inner().add_suppression(hash); }
    void put_lead_scores(LeadId lead, const std::vector<LeadScore>& scores) override {
        inner().put_lead_scores(lead, scores);
    }
    void commit() override { inner().commit(); }
};

class MinimalStore final : public Store {
public:
    std::unique_ptr<StoreReader> read() override {
        return std::make_unique<BasicReads<StoreReader, StoreReader>>(inner_->read());
    }
    std::unique_ptr<StoreWriter> write() override { return std::make_unique<MinimalWriter>(inner_->write()); }

private:
    std::unique_ptr<Store> inner_ = open_memory_store();
};

struct MinimalStoreFactory {
    static constexpr const char* name = "minimal";
    std::unique_ptr<Store> open() { return std::make_unique<MinimalStore>(); }
};

}  // namespace leadpool::testing
