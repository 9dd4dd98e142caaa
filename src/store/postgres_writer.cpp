#include "store/postgres_writer.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadpool/error.hpp"
#include "store/postgres_schema.hpp"
#include "store/postgres_transaction.hpp"
#include "store/postgres_write_batch.hpp"

namespace leadpool::postgres_store {
namespace {

// How often taking the writer lock is tried again after the server broke a deadlock or a
// serialization failure around it, before the failure is reported.
constexpr int kLockAttempts = 5;

class PostgresWriter final : public PostgresTransaction<StoreWriter> {
public:
    explicit PostgresWriter(std::shared_ptr<Shared> shared)
        : shared_(std::move(shared)), connection_(shared_->connections.borrow()) {
        take_writer_lock();
    }

    ~PostgresWriter() override {
        if (!committed_ && !connection_->try_run("ROLLBACK")) return;  // a broken connection is closed
        shared_->connections.give_back(std::move(connection_));
    }

    void set_setting(std::string_view key, std::string_view value) override {
        guarded([&] {
            connection().exec(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                {param(std::string(key)), param(std::string(value))});
        });
    }

    void put_user(const User& user) override {
        guarded([&] {
            connection().exec(
                "INSERT INTO users (id, name, department, roles, active) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET name = excluded.name, department = excluded.department, "
                "roles = excluded.roles, active = excluded.active",
                {param(user.id), param(user.name), param(user.department),
                 param(encode_strings(user.roles, "user roles")), param(std::int64_t{user.active ? 1 : 0})});
        });
    }

    PoolId insert_pool(const Pool& pool) override {
        return guarded([&] {
            return run_naming(pool, "INSERT INTO pools (name, parent, managers, members) VALUES (?, ?, ?, ?) "
                                    "RETURNING id",
                              pool_values(pool))
                .integer(0, 0);
        });
    }

    void update_pool(const Pool& pool) override {
        guarded([&] {
            auto values = pool_values(pool);
            values.push_back(param(pool.id));
            const auto r = run_naming(
                pool, "UPDATE pools SET name = ?, parent = ?, managers = ?, members = ? WHERE id = ?", values);
            if (r.changed() == 0) throw Error(ErrorCode::not_found, "no pool " + std::to_string(pool.id));
        });
    }

    // A new lead is held back (PostgresWriteBatch) and goes in with the batch's other rows.
    LeadId insert_lead(const Lead& lead) override {
        return guarded([&] { return batch_.add_lead(batch_connection(), lead); });
    }

    void prefetch(const BatchLookups& lookups) override {
        guarded([&] { batch_.prefetch(batch_connection(), lookups); });
    }

    std::optional<LeadId> lead_by_identity(const Identity& identity) override {
        return guarded([&] { return batch_.holder(batch_connection(), identity); });
    }

    void update_lead(const Lead& lead) override {
        guarded([&] { batch_.update_lead(batch_connection(), lead); });
    }

    std::optional<Lead> lead(LeadId id) override {
        return guarded([&] { return batch_.lead(batch_connection(), id); });
    }

    // Leads a statement reads are known afterwards: a run of changes to them (routing,
    // recycling) is then held back like a batch of captures.
    std::vector<Lead> leads(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        auto out = PostgresTransaction::leads(selection, after, limit);
        batch_.remember(out);
        return out;
    }

    std::vector<Lead> sorted_leads(const LeadSelection& selection, const LeadOrder& order,
                                   std::size_t limit) override {
        auto out = PostgresTransaction::sorted_leads(selection, order, limit);
        batch_.remember(out);
        return out;
    }

    std::vector<Lead> idle_leads(PoolId pool, TierMask tiers, Timestamp active_before) override {
        auto out = PostgresTransaction::idle_leads(pool, tiers, active_before);
        batch_.remember(out);
        return out;
    }

    // History rows, lead events and deliveries are held back too: nothing reads them in a
    // writer but statements that send the held rows first.
    void append_history(const HistoryEntry& entry) override {
        guarded([&] { batch_.add_history(batch_connection(), entry); });
    }

    void append_org_event(const OrgEvent& event) override {
        guarded([&] {
            connection().exec("INSERT INTO org_events (kind, actor, at, detail) VALUES (?, ?, ?, ?)",
                              {param(code(event.kind)), param(event.actor), param(event.at), param(event.detail)});
        });
    }

    std::optional<LeadId> delivery(std::string_view channel, std::string_view record_id) override {
        return guarded([&] { return batch_.delivery(batch_connection(), channel, record_id); });
    }

    void put_delivery(std::string_view channel, std::string_view record_id, LeadId lead) override {
        guarded([&] { batch_.add_delivery(batch_connection(), channel, record_id, lead); });
    }

    void append_event(const LeadEvent& event) override {
        guarded([&] { batch_.add_event(batch_connection(), event); });
    }

    // One statement for all the leads, so a bulk assignment costs the rows it changes rather
    // than a round trip per lead.
    std::vector<std::int64_t> set_owners(const std::vector<Assignment>& owners, Timestamp at) override {
        return guarded([&] {
            nlohmann::json changes = nlohmann::json::array();
            for (const Assignment& assignment : owners) {
                changes.push_back({{"lead", assignment.lead}, {"owner", assignment.owner}});
            }
            const Param text = param(encode_json(changes, "owners"));
            const auto updated =
                connection().exec("UPDATE leads SET owner = change.owner, updated_at = ?, last_activity_at = ?, "
                                  "version = version + 1 "
                                  "FROM jsonb_to_recordset(?::jsonb) AS change(lead bigint, owner text) "
                                  "WHERE leads.id = change.lead RETURNING leads.id, leads.version",
                                  {param(at), param(at), text});
            std::vector<LeadId> moved;
            moved.reserve(owners.size());
            for (const Assignment& assignment : owners) moved.push_back(assignment.lead);
            batch_.forget(moved);
            if (static_cast<std::size_t>(updated.rows()) == owners.size()) {
                std::map<LeadId, std::int64_t> version_of;
                for (int row = 0; row < updated.rows(); ++row) {
                    version_of[updated.integer(row, 0)] = updated.integer(row, 1);
                }
                std::vector<std::int64_t> versions;
                versions.reserve(owners.size());
                for (const Assignment& assignment : owners) versions.push_back(version_of.at(assignment.lead));
                return versions;
            }
            const auto missing = connection().exec(
                "SELECT change.lead FROM jsonb_to_recordset(?::jsonb) AS change(lead bigint, owner text) "
                "WHERE NOT EXISTS (SELECT 1 FROM leads WHERE id = change.lead) LIMIT 1",
                {text});
            if (missing.rows() > 0) throw Error(ErrorCode::not_found, "no lead " + std::to_string(missing.integer(0, 0)));
            throw Error(ErrorCode::invalid_argument, "set_owners: a lead is named twice");
        });
    }

    void put_opportunity(const Opportunity& o) override {
        guarded([&] {
            connection().exec(
                std::string("INSERT INTO opportunities (") + kOpportunityColumns +
                    ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (lead_id, number) DO UPDATE SET product_type = excluded.product_type, "
                    "workflow = excluded.workflow, step = excluded.step, amount = excluded.amount, "
                    "owner_user = excluded.owner_user, owner_team = excluded.owner_team, "
                    "collaborators = excluded.collaborators, status = excluded.status, "
                    "opened_at = excluded.opened_at, closed_at = excluded.closed_at, "
                    "order_amount = excluded.order_amount, lost_reason = excluded.lost_reason",
                {param(o.lead), param(o.number), param(o.product_type), param(o.workflow), param(o.step),
                 param(o.amount), param(o.owner.user), param(o.owner.team),
                 param(encode_collaborators(o.collaborators)), param(code(o.status)), param(o.opened_at),
                 param(o.closed_at), param(o.order_amount), param(o.lost_reason)});
        });
    }

    void add_identity_joins(const Identity& identity, std::int64_t joins) override {
        guarded([&] {
            connection().exec(
                "INSERT INTO identity_joins AS j (kind, scope, value, joins) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (kind, scope, value) DO UPDATE SET joins = j.joins + excluded.joins",
                {param(code(identity.kind)), param(identity.scope), param(identity.value), param(joins)});
        });
    }

    MergeId insert_merge(const MergeRecord& merge) override {
        return guarded([&] {
            return connection()
                .exec("INSERT INTO merges (survivor, absorbed, actor, at, reason, collision, absorbed_owner, "
                      "identities, unmerged_at, unmerged_by, absorbed_referrer) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      merge_values(merge))
                .integer(0, 0);
        });
    }

    void update_merge(const MergeRecord& merge) override {
        guarded([&] {
            auto values = merge_values(merge);
            values.push_back(param(merge.id));
            const auto r = connection().exec(
                "UPDATE merges SET survivor = ?, absorbed = ?, actor = ?, at = ?, reason = ?, collision = ?, "
                "absorbed_owner = ?, identities = ?, unmerged_at = ?, unmerged_by = ?, absorbed_referrer = ? "
                "WHERE id = ?",
                values);
            if (r.changed() == 0) throw Error(ErrorCode::not_found, "no merge " + std::to_string(merge.id));
        });
    }

    std::int64_t append_identity_conflict(const IdentityConflict& conflict) override {
        return guarded([&] {
            return connection()
                .exec("INSERT INTO identity_conflicts (rule, at, actor, channel, record_id, lead_id, others, "
                      "identities, message, state, resolved_by, resolved_at, resolution_reason, resolution_merges) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      {param(code(conflict.rule)), param(conflict.at), param(conflict.actor),
                       param(conflict.channel), param(conflict.record_id), param(conflict.lead),
                       param(encode_ids(conflict.others)),
                       param(encode_identities(conflict.identities, "conflict identities")),
                       param(conflict.message), param(code(conflict.state)), param(conflict.resolved_by),
                       param(conflict.resolved_at), param(conflict.resolution_reason),
                       param(encode_ids(conflict.resolution_merges))})
                .integer(0, 0);
        });
    }

    std::int64_t append_change(Change change) override {
        return guarded([&] {
            change.seq = last_change_seq() + 1;
            batch_.add_change(batch_connection(), change);
            feed_last_ = change.seq;
            return change.seq;
        });
    }

    std::int64_t last_change_seq() override {
        if (feed_last_) return *feed_last_;
        return PostgresTransaction::last_change_seq();
    }

    std::int64_t prune_changes(Timestamp before) override {
        return guarded([&] {
            return static_cast<std::int64_t>(
                connection()
                    .exec("DELETE FROM changes WHERE seq < coalesce((SELECT min(seq) FROM changes WHERE at >= ?), "
                          "(SELECT max(seq) FROM changes) + 1)",
                          {param(before)})
                    .changed());
        });
    }

    void put_feed_consumer(const FeedConsumer& c) override {
        guarded([&] {
            connection().exec(std::string("INSERT INTO feed_consumers (") + kConsumerColumns +
                                  ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, "
                                  "position = excluded.position, created_at = excluded.created_at, "
                                  "acked_at = excluded.acked_at",
                              {param(c.name), param(c.owner), param(c.position), param(c.created_at),
                               param(c.acked_at)});
        });
    }

    // The suppression list is written straight through (add_suppression), so a look-up needs
    // no held row sent first: a batch of records checked against it stays one batch.
    bool suppressed(std::string_view hash) override {
        return guarded([&] {
            const std::string text(hash);
            pg::require_storable(text);
            return batch_connection().exec("SELECT 1 FROM suppressions WHERE hash = ?", {param(text)}).rows() > 0;
        });
    }

    void rewrite_history(const HistoryEntry& entry) override {
        guarded([&] {
            pg::require_storable(entry.reason);
            pg::require_storable(entry.detail);
            const auto r = connection().exec("UPDATE history SET reason = ?, detail = ? WHERE seq = ? AND lead_id = ?",
                                             {param(entry.reason), param(entry.detail), param(entry.seq),
                                              param(entry.lead)});
            if (r.changed() == 0) {
                throw Error(ErrorCode::not_found, "no history row " + std::to_string(entry.seq) + " of lead " +
                                                      std::to_string(entry.lead));
            }
        });
    }

    void rewrite_event(const LeadEvent& event) override {
        guarded([&] {
            for (const std::string* text : {&event.type, &event.channel, &event.payload}) pg::require_storable(*text);
            const auto r = connection().exec(
                "UPDATE lead_events SET type = ?, at = ?, channel = ?, payload = ? WHERE seq = ? AND lead_id = ?",
                {param(event.type), param(event.at), param(event.channel), param(event.payload), param(event.seq),
                 param(event.lead)});
            if (r.changed() == 0) {
                throw Error(ErrorCode::not_found,
                            "no event " + std::to_string(event.seq) + " of lead " + std::to_string(event.lead));
            }
        });
    }

    void rewrite_identity_conflict(const IdentityConflict& c) override {
        guarded([&] {
            const auto r = connection().exec(
                "UPDATE identity_conflicts SET rule = ?, at = ?, actor = ?, channel = ?, record_id = ?, lead_id = ?, "
                "others = ?, identities = ?, message = ?, state = ?, resolved_by = ?, resolved_at = ?, "
                "resolution_reason = ?, resolution_merges = ? WHERE id = ?",
                {param(code(c.rule)), param(c.at), param(c.actor), param(c.channel), param(c.record_id),
                 param(c.lead), param(encode_ids(c.others)),
                 param(encode_identities(c.identities, "conflict identities")), param(c.message),
                 param(code(c.state)), param(c.resolved_by), param(c.resolved_at), param(c.resolution_reason),
                 param(encode_ids(c.resolution_merges)), param(c.id)});
            if (r.changed() == 0) throw Error(ErrorCode::not_found, "no identity conflict " + std::to_string(c.id));
        });
    }

    void rewrite_change(const Change& change) override {
        guarded([&] {
            pg::require_storable(change.reason);
            pg::require_storable(change.detail);
            const auto r = connection().exec("UPDATE changes SET reason = ?, detail = ? WHERE seq = ?",
                                             {param(change.reason), param(change.detail), param(change.seq)});
            if (r.changed() == 0) throw Error(ErrorCode::not_found, "no change " + std::to_string(change.seq));
        });
    }

    void rename_delivery(std::string_view channel, std::string_view record_id,
                         std::string_view new_record_id) override {
        guarded([&] {
            const std::string on(channel), from(record_id), to(new_record_id);
            const auto lead = delivery(channel, record_id);
            if (!lead) throw Error(ErrorCode::not_found, "record '" + from + "' of channel '" + on + "' was never delivered");
            if (const auto holder = delivery(channel, new_record_id)) {
                throw Error(ErrorCode::conflict, "record '" + to + "' of channel '" + on + "' was delivered to lead " +
                                                     std::to_string(*holder));
            }
            pg::require_storable(to);
            connection().exec("UPDATE deliveries SET record_id = ? WHERE channel = ? AND record_id = ?",
                              {param(to), param(on), param(from)});
            batch_.moved_delivery(on, from, to, *lead);
        });
    }

    void remove_identity_joins(const Identity& identity) override {
        guarded([&] {
            connection().exec("DELETE FROM identity_joins WHERE kind = ? AND scope = ? AND value = ?",
                              {param(code(identity.kind)), param(identity.scope), param(identity.value)});
        });
    }

    void put_lead_scores(LeadId lead, const std::vector<LeadScore>& scores) override {
        guarded([&] {
            connection().exec("DELETE FROM lead_scores WHERE lead_id = ?", {param(lead)});
            for (const LeadScore& score : scores) {
                pg::require_storable(score.model);
                connection().exec(std::string("INSERT INTO lead_scores (") + kScoreColumns +
                                      ") VALUES (?, ?, ?, ?, ?, ?)",
                                  {param(lead), param(score.model), param(score.points),
                                   param(encode_rule_points(score.rules)), param(score.scored_at),
                                   param(score.next_change)});
            }
        });
    }

    void add_suppression(std::string_view hash) override {
        guarded([&] {
            const std::string text(hash);
            pg::require_storable(text);
            batch_connection().exec("INSERT INTO suppressions (hash) VALUES (?) ON CONFLICT (hash) DO NOTHING",
                                    {param(text)});
        });
    }

    void commit() override {
        guarded([&] {
            batch_.finish(batch_connection());
            if (feed_last_) {
                // The new last number, and a wake-up for every listener (delivered at COMMIT).
                batch_connection().exec("UPDATE feed_state SET last_seq = ?", {param(*feed_last_)});
                batch_connection().exec("SELECT pg_notify(?, ?)",
                                        {param(postgres_store::feed_channel(shared_->options.schema)),
                                         param(std::to_string(*feed_last_))});
            }
            batch_connection().run_script("COMMIT");
        });
        committed_ = true;
    }

protected:
    // Every statement of the writer's own sees the rows held back before it.
    pg::Connection& connection() override {
        pg::Connection& open = batch_connection();
        if (batch_.holds_rows()) batch_.send(open);
        return open;
    }


private:
    // The connection as it is, for the batch's own statements, which need no held row sent.
    pg::Connection& batch_connection() {
        if (committed_) throw Error(ErrorCode::storage, "the write transaction is already committed");
        return *connection_;
    }

    // BEGIN, then the schema's writer lock. A deadlock or serialization failure the server
    // reports while waiting is retried here, in a fresh transaction, never surfaced raw.
    void take_writer_lock() {
        const Param key = param(postgres_schema::writer_lock_key(shared_->options.schema));
        for (int attempt = 1;; ++attempt) {
            try {
                connection_->run_script("BEGIN");
                connection_->exec(postgres_schema::kTakeWriterLock, {key});
                return;
            } catch (const pg::SqlError& e) {
                connection_->try_run("ROLLBACK");
                if (!retryable(e) || attempt == kLockAttempts) throw storage_error(e);
            }
        }
    }

    static std::vector<Param> pool_values(const Pool& pool) {
        return {param(pool.name), param(pool.parent), param(encode_strings(sorted_unique(pool.managers), "pool managers")),
                param(encode_strings(sorted_unique(pool.members), "pool members"))};
    }

    // Runs a pool write, reporting a taken name as a conflict.
    pg::Result run_naming(const Pool& pool, const std::string& sql, const std::vector<Param>& values) {
        try {
            return connection().exec(sql, values);
        } catch (const pg::SqlError& e) {
            if (e.sqlstate() == pg::kUniqueViolation) {
                throw Error(ErrorCode::conflict, "pool name '" + pool.name + "' is taken");
            }
            throw;
        }
    }

    static std::vector<Param> merge_values(const MergeRecord& merge) {
        return {param(merge.survivor), param(merge.absorbed), param(merge.actor), param(merge.at),
                param(merge.reason), param(std::int64_t{merge.collision ? 1 : 0}), param(merge.absorbed_owner),
                param(encode_identities(merge.identities, "merge identities")), param(merge.unmerged_at),
                param(merge.unmerged_by), param(merge.absorbed_referrer)};
    }

    std::shared_ptr<Shared> shared_;
    std::optional<std::int64_t> feed_last_;  // the last change number this transaction handed out
    std::unique_ptr<pg::Connection> connection_;
    PostgresWriteBatch batch_;
    bool committed_ = false;
};

}  // namespace

std::unique_ptr<StoreWriter> begin_writer(std::shared_ptr<Shared> shared) {
    return std::make_unique<PostgresWriter>(std::move(shared));
}

}  // namespace leadpool::postgres_store
