#include "store/sqlite_writer.hpp"

#include <SQLiteCpp/Exception.h>

#include <cstdint>
#include <array>
#include <map>
#include <optional>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "leadpool/error.hpp"
#include "store/sqlite_transaction.hpp"

namespace leadpool::sqlite_store {
namespace {

using selection_sql::Value;

class SqliteWriter final : public SqliteTransaction<StoreWriter> {
public:
    explicit SqliteWriter(std::shared_ptr<Shared> shared)
        : shared_(std::move(shared)), lock_(shared_->write_mutex) {
        shared_->writer.query("BEGIN IMMEDIATE").run();
    }

    ~SqliteWriter() override {
        if (!committed_) shared_->writer.db().tryExec("ROLLBACK");
        if (secure_) shared_->writer.db().tryExec("PRAGMA secure_delete = OFF");
    }

    // The writer connection zeroes what this transaction frees (deleted cells, freed pages)
    // until it ends; Store::scrub() then checkpoints the WAL the old pages are in.
    void secure_delete() override {
        guarded([&] { connection().db().exec("PRAGMA secure_delete = ON"); });
        secure_ = true;
    }

    void set_setting(std::string_view key, std::string_view value) override {
        guarded([&] {
            connection()
                .query(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(std::string(key), std::string(value))
                .run();
        });
    }

    void put_user(const User& user) override {
        guarded([&] {
            connection()
                .query(
                    "INSERT INTO users (id, name, department, roles, active) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
                    "department = excluded.department, roles = excluded.roles, "
                    "active = excluded.active")
                .bind(user.id, user.name, user.department, encode_strings(user.roles, "user roles"),
                      std::int64_t{user.active ? 1 : 0})
                .run();
        });
    }

    PoolId insert_pool(const Pool& pool) override {
        return guarded([&] {
            auto q =
                connection().query("INSERT INTO pools (name, parent, managers, members) VALUES (?, ?, ?, ?)");
            bind_pool(q, pool);
            run_naming(q, pool);
            return connection().db().getLastInsertRowid();
        });
    }

    void update_pool(const Pool& pool) override {
        guarded([&] {
            auto q = connection().query(
                "UPDATE pools SET name = ?, parent = ?, managers = ?, members = ? WHERE id = ?");
            bind_pool(q, pool);
            q.bind(pool.id);
            if (run_naming(q, pool) == 0) {
                throw Error(ErrorCode::not_found, "no pool " + std::to_string(pool.id));
            }
        });
    }

    LeadId insert_lead(const Lead& lead) override {
        return guarded([&] {
            LeadId id = 0;
            {
                static const std::string insert = [] {
                    std::string columns, parameters;
                    for (const char* column : kLeadRowColumns) {
                        columns += columns.empty() ? column : std::string(", ") + column;
                        parameters += parameters.empty() ? "?" : ", ?";
                    }
                    return "INSERT INTO leads (" + columns + ") VALUES (" + parameters + ")";
                }();
                auto q = connection().query(insert);
                for (const Value& value : lead_row(lead)) q.bind(value);
                q.run();
                id = connection().db().getLastInsertRowid();
            }
            write_lead_details(id, lead);
            Lead inserted = lead;
            inserted.id = id;
            remember(std::move(inserted));
            return id;
        });
    }

    // A lead this transaction read or wrote is served from its own copy: every write of a lead
    // row goes through update_lead (which keeps the copy) or set_owners (which drops it).
    std::optional<Lead> lead(LeadId id) override {
        const auto known = known_.find(id);
        if (known != known_.end()) return known->second;
        auto found = SqliteTransaction<StoreWriter>::lead(id);
        if (found) remember(*found);
        return found;
    }

    // The leads a batch will read, in one query for the rows and one each for their identities
    // and tags, instead of three per lead; at most half the copies this writer keeps.
    void prefetch(const BatchLookups& lookups) override {
        guarded([&] {
            std::vector<LeadId> wanted;
            for (const LeadId id : lookups.leads) {
                if (wanted.size() == kMaxKnownLeads / 2) break;
                if (known_.count(id) == 0) wanted.push_back(id);
            }
            if (wanted.empty()) return;
            if (known_.size() + wanted.size() > kMaxKnownLeads) known_.clear();
            std::vector<Lead> found;
            {
                auto q = connection().query(std::string("SELECT ") + kLeadColumns +
                                            " FROM leads WHERE id IN (SELECT value FROM json_each(?))");
                q.bind(encode_ids(wanted));
                while (q.next()) found.push_back(lead_from_row<Query>(q));
            }
            load_lead_details(connection(), found);
            for (Lead& lead : found) remember(std::move(lead));
        });
    }

    void update_lead(const Lead& lead) override {
        guarded([&] {
            const auto known = known_.find(lead.id);
            write_lead_update(known == known_.end() ? nullptr : &known->second, lead);
            remember(lead);
        });
    }

    void append_history(const HistoryEntry& entry) override {
        guarded([&] {
            connection()
                .query(
                    "INSERT INTO history (lead_id, action, actor, at, from_tier, from_pool, "
                    "from_owner, to_tier, to_pool, to_owner, reason, detail) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(entry.lead, code(entry.action), entry.actor, entry.at, code(entry.from_tier),
                      entry.from_pool, entry.from_owner, code(entry.to_tier), entry.to_pool, entry.to_owner,
                      entry.reason, entry.detail)
                .run();
        });
    }

    void append_org_event(const OrgEvent& event) override {
        guarded([&] {
            connection()
                .query("INSERT INTO org_events (kind, actor, at, detail) VALUES (?, ?, ?, ?)")
                .bind(code(event.kind), event.actor, event.at, event.detail)
                .run();
        });
    }

    void put_delivery(std::string_view channel, std::string_view record_id, LeadId lead) override {
        guarded([&] {
            try {
                connection()
                    .query("INSERT INTO deliveries (channel, record_id, lead_id) VALUES (?, ?, ?)")
                    .bind(std::string(channel), std::string(record_id), lead)
                    .run();
            } catch (const SQLite::Exception& e) {
                if (!breaks_uniqueness(e)) throw;
                throw Error(ErrorCode::conflict,
                            "record '" + std::string(record_id) + "' of channel '" + std::string(channel) +
                                "' was delivered to lead " +
                                std::to_string(delivery(channel, record_id).value_or(0)));
            }
        });
    }

    void append_event(const LeadEvent& event) override {
        guarded([&] {
            connection()
                .query("INSERT INTO lead_events (lead_id, type, at, channel, payload) VALUES (?, ?, ?, ?, ?)")
                .bind(event.lead, event.type, event.at, event.channel, event.payload)
                .run();
        });
    }

    // One UPDATE for all the leads and one counter change per funnel cell, so a bulk assignment
    // costs the rows it changes rather than a statement and a trigger run per lead.
    std::vector<std::int64_t> set_owners(const std::vector<Assignment>& owners, Timestamp at) override {
        return guarded([&] {
            // The changes go to a per-connection temporary table, so the statements below join
            // them by primary key rather than parse them per lead.
            connection().db().exec(
                "CREATE TEMP TABLE IF NOT EXISTS owner_changes "
                "(lead_id INTEGER PRIMARY KEY, owner TEXT NOT NULL)");
            connection().query("DELETE FROM temp.owner_changes").run();
            for (const Assignment& assignment : owners) {
                auto insert = connection().query("INSERT OR IGNORE INTO temp.owner_changes VALUES (?, ?)");
                if (insert.bind(assignment.lead, assignment.owner).run() == 0)
                    throw Error(ErrorCode::invalid_argument,
                                "set_owners: lead " + std::to_string(assignment.lead) + " is named twice");
            }
            const FunnelMoves moves = owner_moves(owners.size());
            // The per-lead counter trigger stands aside (schema version 4); the moves above are
            // applied once per cell instead.
            connection().query("INSERT INTO funnel_counts_deferred (deferred) VALUES (1)").run();
            std::map<LeadId, std::int64_t> version_of;
            {
                auto update = connection().query(
                    "UPDATE leads SET owner = change.owner, updated_at = ?, last_activity_at = ?, "
                    "version = version + 1 FROM temp.owner_changes AS change WHERE leads.id = change.lead_id "
                    "RETURNING leads.id, leads.version");
                update.bind(at, at);
                while (update.next()) version_of[update.integer(0)] = update.integer(1);
            }
            connection().query("DELETE FROM funnel_counts_deferred").run();
            for (const Assignment& assignment : owners) known_.erase(assignment.lead);
            for (const auto& [cell, delta] : moves) move_count(cell, delta);
            connection().query("DELETE FROM temp.owner_changes").run();
            std::vector<std::int64_t> versions;
            versions.reserve(owners.size());
            for (const Assignment& assignment : owners) {
                auto found = version_of.find(assignment.lead);
                if (found == version_of.end()) {
                    throw Error(ErrorCode::not_found, "no lead " + std::to_string(assignment.lead));
                }
                versions.push_back(found->second);
            }
            return versions;
        });
    }

    void put_opportunity(const Opportunity& o) override {
        guarded([&] {
            connection()
                .query(std::string("INSERT OR REPLACE INTO opportunities (") + kOpportunityColumns +
                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(o.lead, o.number, o.product_type, o.workflow, o.step, o.amount, o.owner.user,
                      o.owner.team, encode_collaborators(o.collaborators), code(o.status), o.opened_at,
                      o.closed_at, o.order_amount, o.lost_reason)
                .run();
        });
    }

    std::int64_t append_change(Change c) override {
        return guarded([&] {
            connection()
                .query(std::string("INSERT INTO changes (") + kChangeColumns +
                       ") VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(c.at, c.actor, static_cast<std::int64_t>(c.subject), c.kind, c.lead, c.object,
                      code(c.before.tier), c.before.pool, c.before.owner, code(c.after.tier), c.after.pool,
                      c.after.owner, c.version, c.reason, c.detail)
                .run();
            return connection().db().getLastInsertRowid();
        });
    }

    std::int64_t prune_changes(Timestamp before) override {
        return guarded([&] {
            return static_cast<std::int64_t>(
                connection()
                    .query("DELETE FROM changes WHERE seq < coalesce((SELECT min(seq) FROM changes WHERE at >= ?), "
                           "(SELECT max(seq) FROM changes) + 1)")
                    .bind(before)
                    .run());
        });
    }

    void put_feed_consumer(const FeedConsumer& c) override {
        guarded([&] {
            connection()
                .query(std::string("INSERT OR REPLACE INTO feed_consumers (") + kConsumerColumns +
                       ") VALUES (?, ?, ?, ?, ?)")
                .bind(c.name, c.owner, c.position, c.created_at, c.acked_at)
                .run();
        });
    }

    void add_identity_joins(const Identity& identity, std::int64_t joins) override {
        guarded([&] {
            connection()
                .query(
                    "INSERT INTO identity_joins (kind, scope, value, joins) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (kind, scope, value) DO UPDATE SET joins = joins + excluded.joins")
                .bind(code(identity.kind), identity.scope, identity.value, joins)
                .run();
        });
    }

    MergeId insert_merge(const MergeRecord& merge) override {
        return guarded([&] {
            auto q = connection().query(
                "INSERT INTO merges (survivor, absorbed, actor, at, reason, collision, absorbed_owner, "
                "identities, unmerged_at, unmerged_by, absorbed_referrer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            bind_merge(q, merge);
            q.run();
            return connection().db().getLastInsertRowid();
        });
    }

    void update_merge(const MergeRecord& merge) override {
        guarded([&] {
            auto q = connection().query(
                "UPDATE merges SET survivor = ?, absorbed = ?, actor = ?, at = ?, reason = ?, "
                "collision = ?, absorbed_owner = ?, identities = ?, unmerged_at = ?, unmerged_by = ?, "
                "absorbed_referrer = ? WHERE id = ?");
            bind_merge(q, merge);
            q.bind(merge.id);
            if (q.run() == 0) throw Error(ErrorCode::not_found, "no merge " + std::to_string(merge.id));
        });
    }

    std::int64_t append_identity_conflict(const IdentityConflict& conflict) override {
        return guarded([&] {
            connection()
                .query(
                    "INSERT INTO identity_conflicts (rule, at, actor, channel, record_id, lead_id, "
                    "others, identities, message, state, resolved_by, resolved_at, resolution_reason, "
                    "resolution_merges) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(code(conflict.rule), conflict.at, conflict.actor, conflict.channel, conflict.record_id,
                      conflict.lead, encode_ids(conflict.others),
                      encode_identities(conflict.identities, "conflict identities"), conflict.message,
                      code(conflict.state), conflict.resolved_by, conflict.resolved_at, conflict.resolution_reason,
                      encode_ids(conflict.resolution_merges))
                .run();
            return connection().db().getLastInsertRowid();
        });
    }

    void rewrite_history(const HistoryEntry& entry) override {
        guarded([&] {
            auto q = connection().query("UPDATE history SET reason = ?, detail = ? WHERE seq = ? AND lead_id = ?");
            q.bind(entry.reason, entry.detail, entry.seq, entry.lead);
            if (q.run() == 0) {
                throw Error(ErrorCode::not_found, "no history row " + std::to_string(entry.seq) + " of lead " +
                                                      std::to_string(entry.lead));
            }
        });
    }

    void rewrite_event(const LeadEvent& event) override {
        guarded([&] {
            auto q = connection().query(
                "UPDATE lead_events SET type = ?, at = ?, channel = ?, payload = ? WHERE seq = ? AND lead_id = ?");
            q.bind(event.type, event.at, event.channel, event.payload, event.seq, event.lead);
            if (q.run() == 0) {
                throw Error(ErrorCode::not_found,
                            "no event " + std::to_string(event.seq) + " of lead " + std::to_string(event.lead));
            }
        });
    }

    void rewrite_identity_conflict(const IdentityConflict& c) override {
        guarded([&] {
            auto q = connection().query(
                "UPDATE identity_conflicts SET rule = ?, at = ?, actor = ?, channel = ?, record_id = ?, "
                "lead_id = ?, others = ?, identities = ?, message = ?, state = ?, resolved_by = ?, resolved_at = ?, "
                "resolution_reason = ?, resolution_merges = ? WHERE id = ?");
            q.bind(code(c.rule), c.at, c.actor, c.channel, c.record_id, c.lead, encode_ids(c.others),
                   encode_identities(c.identities, "conflict identities"), c.message, code(c.state), c.resolved_by,
                   c.resolved_at, c.resolution_reason, encode_ids(c.resolution_merges), c.id);
            if (q.run() == 0) throw Error(ErrorCode::not_found, "no identity conflict " + std::to_string(c.id));
        });
    }

    void rewrite_change(const Change& change) override {
        guarded([&] {
            auto q = connection().query("UPDATE changes SET reason = ?, detail = ? WHERE seq = ?");
            q.bind(change.reason, change.detail, change.seq);
            if (q.run() == 0) throw Error(ErrorCode::not_found, "no change " + std::to_string(change.seq));
        });
    }

    void rename_delivery(std::string_view channel, std::string_view record_id,
                         std::string_view new_record_id) override {
        guarded([&] {
            const std::string from(record_id), to(new_record_id), on(channel);
            if (const auto holder = delivery(channel, new_record_id)) {
                throw Error(ErrorCode::conflict, "record '" + to + "' of channel '" + on +
                                                     "' was delivered to lead " + std::to_string(*holder));
            }
            auto q = connection().query("UPDATE deliveries SET record_id = ? WHERE channel = ? AND record_id = ?");
            q.bind(to, on, from);
            if (q.run() == 0) {
                throw Error(ErrorCode::not_found,
                            "record '" + from + "' of channel '" + on + "' was never delivered");
            }
        });
    }

    void remove_identity_joins(const Identity& identity) override {
        guarded([&] {
            connection()
                .query("DELETE FROM identity_joins WHERE kind = ? AND scope = ? AND value = ?")
                .bind(code(identity.kind), identity.scope, identity.value)
                .run();
        });
    }

    void put_lead_scores(LeadId lead, const std::vector<LeadScore>& scores) override {
        guarded([&] {
            connection().query("DELETE FROM lead_scores WHERE lead_id = ?").bind(lead).run();
            for (const LeadScore& score : scores) {
                connection()
                    .query(std::string("INSERT INTO lead_scores (") + kScoreColumns + ") VALUES (?, ?, ?, ?, ?, ?)")
                    .bind(lead, score.model, score.points, encode_rule_points(score.rules), score.scored_at,
                          score.next_change)
                    .run();
            }
        });
    }

    void add_suppression(std::string_view hash) override {
        guarded([&] {
            connection().query("INSERT OR IGNORE INTO suppressions (hash) VALUES (?)").bind(std::string(hash)).run();
        });
    }

    void commit() override {
        guarded([&] { connection().query("COMMIT").run(); });
        committed_ = true;
    }

protected:
    Connection& connection() override {
        if (committed_) throw Error(ErrorCode::storage, "the write transaction is already committed");
        return shared_->writer;
    }

private:
    // A funnel_counts key, and how many leads an operation moves into (+) or out of (-) it.
    struct FunnelCellKey {
        std::int64_t tier, reached, pool;
        std::string owner, channel;
        std::int64_t capture_day;
        bool operator<(const FunnelCellKey& o) const {
            return std::tie(tier, reached, pool, owner, channel, capture_day) <
                   std::tie(o.tier, o.reached, o.pool, o.owner, o.channel, o.capture_day);
        }
    };
    using FunnelMoves = std::map<FunnelCellKey, std::int64_t>;

    // The counter moves of the owner changes in temp.owner_changes: each counted lead leaves its
    // cell under the old owner and enters the same cell under the new one. Error(not_found) when
    // a changed lead does not exist.
    FunnelMoves owner_moves(std::size_t changes) {
        auto q = connection().query(
            "SELECT leads.tier, leads.reached, leads.pool_id, leads.owner, change.owner, leads.channel, "
            "leads.capture_day, leads.merged_into FROM temp.owner_changes AS change "
            "JOIN leads ON leads.id = change.lead_id");
        FunnelMoves moves;
        std::size_t found = 0;
        while (q.next()) {
            ++found;
            if (q.integer(7) != 0) continue;  // absorbed leads are in no cell
            FunnelCellKey cell{q.integer(0), q.integer(1), q.integer(2), q.text(3), q.text(5), q.integer(6)};
            --moves[cell];
            cell.owner = q.text(4);
            ++moves[cell];
        }
        if (found == changes) return moves;
        auto missing = connection().query(
            "SELECT lead_id FROM temp.owner_changes WHERE lead_id NOT IN (SELECT id FROM leads) LIMIT 1");
        missing.next();
        throw Error(ErrorCode::not_found, "no lead " + std::to_string(missing.integer(0)));
    }

    // Adds `delta` to a funnel cell, dropping the cell when it reaches zero (as the triggers do).
    void move_count(const FunnelCellKey& cell, std::int64_t delta) {
        if (delta == 0) return;
        connection()
            .query(
                "INSERT INTO funnel_counts (tier, reached, pool_id, owner, channel, capture_day, n) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tier, reached, pool_id, owner, channel, capture_day) "
                "DO UPDATE SET n = n + excluded.n")
            .bind(cell.tier, cell.reached, cell.pool, cell.owner, cell.channel, cell.capture_day, delta)
            .run();
        connection()
            .query(
                "DELETE FROM funnel_counts WHERE tier = ? AND reached = ? AND pool_id = ? AND owner = ? "
                "AND channel = ? AND capture_day = ? AND n = 0")
            .bind(cell.tier, cell.reached, cell.pool, cell.owner, cell.channel, cell.capture_day)
            .run();
    }

    static void bind_pool(Query& q, const Pool& pool) {
        q.bind(pool.name, pool.parent, encode_strings(sorted_unique(pool.managers), "pool managers"),
               encode_strings(sorted_unique(pool.members), "pool members"));
    }

    // Runs a pool write, reporting a taken name as a conflict; the number of rows changed.
    static int run_naming(Query& q, const Pool& pool) {
        try {
            return q.run();
        } catch (const SQLite::Exception& e) {
            if (breaks_uniqueness(e)) {
                throw Error(ErrorCode::conflict, "pool name '" + pool.name + "' is taken");
            }
            throw;
        }
    }

    // The columns that differ from `known` (this transaction's own copy of the row; none: every
    // column), then the identity and tag rows if they differ: a move writes its few columns and
    // their indexes instead of every column and every index.
    void write_lead_update(const Lead* known, const Lead& lead) {
        const auto after = lead_row(lead);
        std::optional<std::array<Value, kLeadRowColumnCount>> before;
        if (known) before = lead_row(*known);
        std::string sql;
        std::vector<Value> values;
        for (std::size_t i = 0; i < after.size(); ++i) {
            if (before && (*before)[i] == after[i]) continue;
            sql += sql.empty() ? "UPDATE leads SET " : ", ";
            sql += kLeadRowColumns[i];
            sql += " = ?";
            values.push_back(after[i]);
        }
        if (!sql.empty()) {
            values.emplace_back(lead.id);
            if (connection().query(sql + " WHERE id = ?").bind_all(values).run() == 0) {
                throw Error(ErrorCode::not_found, "no lead " + std::to_string(lead.id));
            }
        }
        if (known) {
            rewrite_details_if_changed(*known, lead);
            return;
        }
        std::vector<Lead> stored(1);
        stored.front().id = lead.id;
        load_lead_details(connection(), stored);
        rewrite_details_if_changed(stored.front(), lead);
    }

    // Most updates move a lead without touching its identities or tags: rewrite those rows (and
    // their indexes) only when they changed.
    void rewrite_details_if_changed(const Lead& stored, const Lead& lead) {
        if (stored.identities == lead.identities && sorted_unique(stored.tags) == sorted_unique(lead.tags)) return;
        connection().query("DELETE FROM identities WHERE lead_id = ?").bind(lead.id).run();
        connection().query("DELETE FROM lead_tags WHERE lead_id = ?").bind(lead.id).run();
        write_lead_details(lead.id, lead);
    }

    // The columns of a lead row as they are bound, in kLeadRowColumns order.
    static constexpr std::size_t kLeadRowColumnCount = 20;
    static std::array<Value, kLeadRowColumnCount> lead_row(const Lead& lead) {
        return {Value{code(lead.tier)},
                Value{code(lead.reached)},
                Value{lead.pool},
                Value{lead.owner},
                Value{lead.channel},
                Value{encode_strings(lead.channels, "lead channels")},
                Value{lead.attributes},
                Value{lead.attribution.source},
                Value{lead.attribution.medium},
                Value{lead.attribution.campaign},
                Value{lead.created_at},
                Value{lead.updated_at},
                Value{lead.last_activity_at},
                Value{lead.version},
                Value{lead.last_seen_at},
                Value{lead.referred_by},
                Value{lead.merged_into},
                Value{lead.last_attribution.source},
                Value{lead.last_attribution.medium},
                Value{lead.last_attribution.campaign}};
    }
    static constexpr const char* kLeadRowColumns[kLeadRowColumnCount] = {
        "tier", "reached", "pool_id", "owner", "channel", "channels", "attributes", "source", "medium",
        "campaign", "created_at", "updated_at", "last_activity_at", "version", "last_seen_at", "referred_by",
        "merged_into", "last_source", "last_medium", "last_campaign"};

    // Keeps the lead as this transaction last read or wrote it; bounded, since a long batch
    // only ever updates what it read moments before.
    // The copy is the row as a read gives it back: tags sorted and unique.
    void remember(Lead lead) {
        if (known_.size() >= kMaxKnownLeads) known_.clear();
        lead.tags = sorted_unique(std::move(lead.tags));
        known_[lead.id] = std::move(lead);
    }
    static constexpr std::size_t kMaxKnownLeads = 4096;

    static void bind_merge(Query& q, const MergeRecord& merge) {
        q.bind(merge.survivor, merge.absorbed, merge.actor, merge.at, merge.reason,
               std::int64_t{merge.collision ? 1 : 0}, merge.absorbed_owner,
               encode_identities(merge.identities, "merge identities"), merge.unmerged_at, merge.unmerged_by,
               merge.absorbed_referrer);
    }

    void write_lead_details(LeadId id, const Lead& lead) {
        std::int64_t position = 0;
        for (const Identity& identity : lead.identities) {
            try {
                connection()
                    .query(
                        "INSERT INTO identities (kind, scope, value, lead_id, position) "
                        "VALUES (?, ?, ?, ?, ?)")
                    .bind(code(identity.kind), identity.scope, identity.value, id, position++)
                    .run();
            } catch (const SQLite::Exception& e) {
                if (!breaks_uniqueness(e)) throw;
                const auto holder = identity_holder(identity);
                // The lead lists this identity twice: it is stored once.
                if (holder == id) continue;
                throw Error(ErrorCode::conflict,
                            describe(identity) + " belongs to lead " + std::to_string(holder.value_or(0)));
            }
        }
        for (const std::string& tag : lead.tags) {
            connection()
                .query("INSERT OR IGNORE INTO lead_tags (lead_id, tag) VALUES (?, ?)")
                .bind(id, tag)
                .run();
        }
    }

    std::shared_ptr<Shared> shared_;
    std::unique_lock<std::mutex> lock_;
    bool committed_ = false;
    bool secure_ = false;  // secure_delete() turned the connection's secure_delete on
    // The leads this transaction read or wrote, as they are in it now (remember()).
    std::unordered_map<LeadId, Lead> known_;
};

}  // namespace

std::unique_ptr<StoreWriter> begin_writer(std::shared_ptr<Shared> shared) {
    return std::make_unique<SqliteWriter>(std::move(shared));
}

}  // namespace leadpool::sqlite_store
