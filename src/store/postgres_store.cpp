// The PostgreSQL store: one schema in a database shared by many processes.
//
// Each transaction object holds a connection of its own, borrowed from the store's small pool of
// idle connections (or opened for it), so threads never share a PGconn. A writer runs under READ
// COMMITTED after taking the schema's transaction-scoped advisory lock: writers of the schema
// take turns across every process, and each statement after the lock sees everything committed
// before it, so the engine's read-then-write is race-free. A reader is a REPEATABLE READ READ ONLY
// transaction whose snapshot is taken as it opens; it never waits for a writer. UNIQUE
// constraints stay the last line: a violation is Error(conflict). Every value is a parameter.
// The lock also lets a writer hold its new rows back and answer identity and delivery look-ups
// from what it knows (postgres_write_batch.hpp), so a batch is not a round trip per lead.
#include "leadpool/postgres_store.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "leadpool/error.hpp"
#include "store/connection_pool.hpp"
#include "store/pg_connection.hpp"
#include "store/postgres_leads.hpp"
#include "store/postgres_schema.hpp"
#include "store/postgres_write_batch.hpp"
#include "store/selection_sql.hpp"
#include "store/store_rows.hpp"

namespace leadpool {
namespace {

using namespace selection_sql;
using namespace store_rows;
using pg::param;
using pg::Param;

constexpr std::size_t kMaxIdleConnections = 4;
// How often taking the writer lock is tried again after the server broke a deadlock or a
// serialization failure around it, before the failure is reported.
constexpr int kLockAttempts = 5;

// ---------------------------------------------------------------------------------------------
// Errors

bool retryable(const pg::SqlError& e) {
    return e.sqlstate() == pg::kSerializationFailure || e.sqlstate() == pg::kDeadlockDetected;
}

// Writers take turns, so a serialization failure or deadlock can only come from a session outside
// leadpool holding locks on its tables; the transaction is then a conflict to retry, like any
// other, rather than a failure of the medium.
Error storage_error(const pg::SqlError& e) {
    if (e.sqlstate() == pg::kUniqueViolation) return Error(ErrorCode::conflict, e.what());
    if (retryable(e)) {
        return Error(ErrorCode::conflict, std::string(e.what()) + " (the transaction was rolled back; retry it)");
    }
    if (e.sqlstate() == pg::kLockNotAvailable) return Error(ErrorCode::busy, e.what());
    return Error(ErrorCode::storage, e.what());
}

// Runs a store operation, reporting server failures as Error(conflict), Error(busy) or
// Error(storage).
template <typename Body>
auto guarded(Body&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const pg::SqlError& e) {
        throw storage_error(e);
    }
}

// A list of pool ids travels as one JSON array, as in SQLite.
constexpr Dialect kPostgres{"pool_id IN (SELECT value::bigint FROM jsonb_array_elements_text(?::jsonb))"};

// The parameters of a filter's terms.
std::vector<Param> params(const std::vector<Value>& values) {
    std::vector<Param> out;
    out.reserve(values.size());
    for (const Value& value : values) out.push_back(std::visit([](const auto& v) { return param(v); }, value));
    return out;
}

// The first row of a result, read by `read`; none when the result has no rows.
template <typename Read>
auto first_row(const pg::Result& result, Read read) -> std::optional<std::invoke_result_t<Read, const pg::Row&>> {
    if (result.rows() == 0) return std::nullopt;
    return read(pg::Row(result, 0));
}

const auto kFirstText = [](const pg::Row& row) { return row.text(0); };
const auto kFirstInteger = [](const pg::Row& row) { return row.integer(0); };

// Every row of a result, read by `read`.
template <typename Read>
auto all_rows(const pg::Result& result, Read read) {
    std::vector<std::invoke_result_t<Read, const pg::Row&>> out;
    out.reserve(static_cast<std::size_t>(result.rows()));
    for (int i = 0; i < result.rows(); ++i) out.push_back(read(pg::Row(result, i)));
    return out;
}

// ---------------------------------------------------------------------------------------------
// Connections

// State shared by a store and the transactions it opened, which may outlive it.
struct Shared {
    Shared(std::string uri, const PostgresOptions& store_options)
        : conninfo(std::move(uri)),
          options(store_options),
          // A connection's search_path names the schema; one left inside a transaction is closed.
          connections(
              kMaxIdleConnections,
              [this] {
                  auto connection = std::make_unique<pg::Connection>(conninfo);
                  connection->exec(
                      "SELECT set_config('search_path', ?, false), set_config('lock_timeout', ?, false)",
                      {param(pg::quote_identifier(options.schema)), param(std::to_string(options.lock_timeout_ms))});
                  return connection;
              },
              [](const pg::Connection& connection) { return connection.idle(); }) {}

    const std::string conninfo;
    const PostgresOptions options;

    ConnectionPool<pg::Connection> connections;
};

// ---------------------------------------------------------------------------------------------
// Transactions

// The reads every transaction offers, over the connection it holds.
template <typename Interface>
class PostgresTransaction : public Interface {
public:
    std::optional<std::string> setting(std::string_view key) override {
        return guarded([&] {
            return first_row(connection().exec("SELECT value FROM settings WHERE key = ?", {param(std::string(key))}),
                             kFirstText);
        });
    }

    std::optional<User> user(const UserId& id) override {
        return guarded([&] {
            return first_row(
                connection().exec("SELECT id, name, department, roles, active FROM users WHERE id = ?", {param(id)}),
                user_from_row<pg::Row>);
        });
    }

    std::vector<User> users() override {
        return guarded([&] {
            return all_rows(connection().exec("SELECT id, name, department, roles, active FROM users ORDER BY id"),
                            user_from_row<pg::Row>);
        });
    }

    std::optional<Pool> pool(PoolId id) override {
        return guarded([&] {
            return first_row(
                connection().exec("SELECT id, name, parent, managers, members FROM pools WHERE id = ?", {param(id)}),
                pool_from_row<pg::Row>);
        });
    }

    std::vector<Pool> pools() override {
        return guarded([&] {
            return all_rows(connection().exec("SELECT id, name, parent, managers, members FROM pools ORDER BY id"),
                            pool_from_row<pg::Row>);
        });
    }

    std::optional<Lead> lead(LeadId id) override {
        return guarded([&]() -> std::optional<Lead> {
            auto found = postgres_leads::read_leads(connection(), {id});
            if (found.empty()) return std::nullopt;
            return std::move(found.front());
        });
    }

    std::optional<LeadId> lead_by_identity(const Identity& identity) override {
        return guarded([&] {
            return first_row(
                connection().exec("SELECT lead_id FROM identities WHERE kind = ? AND scope = ? AND value = ?",
                                  {param(code(identity.kind)), param(identity.scope), param(identity.value)}),
                kFirstInteger);
        });
    }

    std::vector<LeadId> absorbed_into(LeadId survivor) override {
        return guarded([&] {
            // The second term lets the partial index leads_by_merged_into answer.
            return all_rows(
                connection().exec("SELECT id FROM leads WHERE merged_into = ? AND merged_into <> 0 ORDER BY id",
                                  {param(survivor)}),
                [](const pg::Row& row) { return row.integer(0); });
        });
    }

    std::vector<Lead> leads(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        return guarded([&] {
            return select_leads(selection, after, limit, postgres_leads::kColumns.c_str(),
                                postgres_leads::lead_from_row);
        });
    }

    std::vector<LeadId> lead_ids(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        return guarded([&] {
            return select_leads(selection, after, limit, "leads.id",
                                [](const pg::Row& row) { return row.integer(0); });
        });
    }

    std::vector<Lead> idle_leads(PoolId pool, TierMask tiers, Timestamp active_before) override {
        return guarded([&] {
            std::vector<Lead> out;
            Filter filter;
            if (!add_placement(filter, tiers, std::vector<PoolId>{pool}, std::nullopt, kPostgres)) return out;
            filter.add("owner <> ''");
            filter.add("merged_into = 0");
            filter.add("last_activity_at < ?", active_before);
            return all_rows(connection().exec("SELECT " + postgres_leads::kColumns + " FROM leads WHERE " +
                                                  filter.sql() + " ORDER BY id",
                                              params(filter.values)),
                            postgres_leads::lead_from_row);
        });
    }

    std::vector<Opportunity> opportunities(LeadId lead) override {
        return guarded([&] {
            return all_rows(connection().exec(std::string("SELECT ") + kOpportunityColumns +
                                                  " FROM opportunities WHERE lead_id = ? ORDER BY number",
                                              {param(lead)}),
                            opportunity_from_row<pg::Row>);
        });
    }

    std::vector<FunnelCell> funnel(const LeadSelection& selection) override {
        return guarded([&] {
            std::vector<FunnelCell> cells;
            const auto statement = funnel_statement(selection, kPostgres);
            if (!statement) return cells;
            const auto r = connection().exec(statement->sql, params(statement->values));
            for (int i = 0; i < r.rows(); ++i) {
                cells.push_back(FunnelCell{decode_enum<Tier>(r.integer(i, 0), kTierCount, "funnel tier"),
                                           decode_mask(r.integer(i, 1), "funnel reached"), r.integer(i, 2)});
            }
            return cells;
        });
    }

    std::vector<HistoryEntry> history(LeadId lead) override {
        return guarded([&] {
            return all_rows(connection().exec(std::string("SELECT ") + kHistoryColumns +
                                                  " FROM history WHERE lead_id = ? ORDER BY seq",
                                              {param(lead)}),
                            history_from_row<pg::Row>);
        });
    }

    std::vector<OrgEvent> org_events() override {
        return guarded([&] {
            return all_rows(connection().exec("SELECT seq, kind, actor, at, detail FROM org_events ORDER BY seq"),
                            [](const pg::Row& row) {
                                return OrgEvent{row.integer(0),
                                                decode_enum<OrgEventKind>(row.integer(1), kOrgEventKindCount,
                                                                          "org_events.kind"),
                                                row.text(2), row.integer(3), row.text(4)};
                            });
        });
    }

    std::optional<LeadId> delivery(std::string_view channel, std::string_view record_id) override {
        return guarded([&] {
            return first_row(connection().exec("SELECT lead_id FROM deliveries WHERE channel = ? AND record_id = ?",
                                               {param(std::string(channel)), param(std::string(record_id))}),
                             kFirstInteger);
        });
    }

    std::vector<LeadEvent> events(LeadId lead) override {
        return guarded([&] {
            return all_rows(connection().exec("SELECT seq, lead_id, type, at, channel, payload FROM lead_events "
                                              "WHERE lead_id = ? ORDER BY seq",
                                              {param(lead)}),
                            [](const pg::Row& row) {
                                return LeadEvent{row.integer(0), row.integer(1), row.text(2),
                                                 row.integer(3), row.text(4),    row.text(5)};
                            });
        });
    }

    std::int64_t identity_joins(const Identity& identity) override {
        return guarded([&]() -> std::int64_t {
            const auto r =
                connection().exec("SELECT joins FROM identity_joins WHERE kind = ? AND scope = ? AND value = ?",
                                  {param(code(identity.kind)), param(identity.scope), param(identity.value)});
            return r.rows() > 0 ? r.integer(0, 0) : 0;
        });
    }

    std::optional<MergeRecord> merge_record(MergeId id) override {
        return guarded([&] {
            return first_row(
                connection().exec(std::string("SELECT ") + kMergeColumns + " FROM merges WHERE id = ?", {param(id)}),
                merge_from_row<pg::Row>);
        });
    }

    std::vector<MergeRecord> merge_records() override {
        return guarded([&] {
            return all_rows(connection().exec(std::string("SELECT ") + kMergeColumns + " FROM merges ORDER BY id"),
                            merge_from_row<pg::Row>);
        });
    }

    std::vector<IdentityConflict> identity_conflicts() override {
        return guarded([&] {
            return all_rows(connection().exec(std::string("SELECT ") + kConflictColumns +
                                              " FROM identity_conflicts ORDER BY id"),
                            conflict_from_row<pg::Row>);
        });
    }

protected:
    virtual pg::Connection& connection() = 0;

    // `columns` of the selected leads with id > after, by id, at most `limit`, each row read by
    // `read`. With a tag, the page is read in id order off the tag index.
    template <typename Read>
    auto select_leads(const LeadSelection& selection, LeadId after, std::size_t limit, const char* columns,
                      Read read) {
        std::vector<std::invoke_result_t<Read, const pg::Row&>> out;
        const auto filter = selection_filter(selection, Source::leads, kPostgres);
        if (!filter || limit == 0) return out;
        std::string sql = std::string("SELECT ") + columns;
        sql += selection.tag ? " FROM lead_tags JOIN leads ON leads.id = lead_tags.lead_id"
                               " WHERE lead_tags.tag = ? AND lead_tags.lead_id > ?"
                             : " FROM leads WHERE id > ?";
        if (!filter->terms.empty()) sql += " AND " + filter->sql();
        sql += selection.tag ? " ORDER BY lead_tags.lead_id LIMIT ?" : " ORDER BY id LIMIT ?";
        const auto max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
        std::vector<Param> values;
        if (selection.tag) values.push_back(param(*selection.tag));
        values.push_back(param(after));
        for (Param& value : params(filter->values)) values.push_back(std::move(value));
        values.push_back(param(static_cast<std::int64_t>(std::min(limit, max))));
        return all_rows(connection().exec(sql, values), read);
    }
};

class PostgresReader final : public PostgresTransaction<StoreReader> {
public:
    explicit PostgresReader(std::shared_ptr<Shared> shared)
        : shared_(std::move(shared)), connection_(shared_->connections.borrow()) {
        // The snapshot is taken by the first query: take it now, as the reader opens.
        connection_->run_script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 1");
    }

    ~PostgresReader() override {
        if (connection_->try_run("ROLLBACK")) shared_->connections.give_back(std::move(connection_));
    }

protected:
    pg::Connection& connection() override { return *connection_; }

private:
    std::shared_ptr<Shared> shared_;
    std::unique_ptr<pg::Connection> connection_;
};

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
    void set_owners(const std::vector<Assignment>& owners, Timestamp at) override {
        guarded([&] {
            nlohmann::json changes = nlohmann::json::array();
            for (const Assignment& assignment : owners) {
                changes.push_back({{"lead", assignment.lead}, {"owner", assignment.owner}});
            }
            const Param text = param(encode_json(changes, "owners"));
            const auto changed = static_cast<std::size_t>(
                connection()
                    .exec("UPDATE leads SET owner = change.owner, updated_at = ?, last_activity_at = ?, "
                          "version = version + 1 "
                          "FROM jsonb_to_recordset(?::jsonb) AS change(lead bigint, owner text) "
                          "WHERE leads.id = change.lead",
                          {param(at), param(at), text})
                    .changed());
            std::vector<LeadId> moved;
            moved.reserve(owners.size());
            for (const Assignment& assignment : owners) moved.push_back(assignment.lead);
            batch_.forget(moved);
            if (changed == owners.size()) return;
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
                      "identities, unmerged_at, unmerged_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
                "absorbed_owner = ?, identities = ?, unmerged_at = ?, unmerged_by = ? WHERE id = ?",
                values);
            if (r.changed() == 0) throw Error(ErrorCode::not_found, "no merge " + std::to_string(merge.id));
        });
    }

    std::int64_t append_identity_conflict(const IdentityConflict& conflict) override {
        return guarded([&] {
            return connection()
                .exec("INSERT INTO identity_conflicts (rule, at, actor, channel, record_id, lead_id, others, "
                      "identities, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      {param(code(conflict.rule)), param(conflict.at), param(conflict.actor),
                       param(conflict.channel), param(conflict.record_id), param(conflict.lead),
                       param(encode_ids(conflict.others)),
                       param(encode_identities(conflict.identities, "conflict identities")),
                       param(conflict.message)})
                .integer(0, 0);
        });
    }

    void commit() override {
        guarded([&] {
            batch_.finish(batch_connection());
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
                param(merge.unmerged_by)};
    }

    std::shared_ptr<Shared> shared_;
    std::unique_ptr<pg::Connection> connection_;
    PostgresWriteBatch batch_;
    bool committed_ = false;
};

class PostgresStore final : public Store {
public:
    PostgresStore(std::string conninfo, const PostgresOptions& options)
        : shared_(std::make_shared<Shared>(std::move(conninfo), options)) {
        auto connection = shared_->connections.borrow();
        postgres_schema::migrate(*connection, options.schema);
        shared_->connections.give_back(std::move(connection));
    }

    std::unique_ptr<StoreReader> read() override {
        return guarded([&] { return std::make_unique<PostgresReader>(shared_); });
    }

    std::unique_ptr<StoreWriter> write() override {
        return guarded([&] { return std::make_unique<PostgresWriter>(shared_); });
    }

private:
    std::shared_ptr<Shared> shared_;
};

// Takes leadpool's own `schema=NAME` parameter out of a URI's query string (libpq refuses
// parameters it does not know); the URI left and the name, if there was one.
std::pair<std::string, std::optional<std::string>> take_schema_parameter(const std::string& uri) {
    const auto query = uri.find('?');
    if (query == std::string::npos) return {uri, std::nullopt};
    std::string kept;
    std::optional<std::string> schema;
    std::size_t start = query + 1;
    while (start <= uri.size()) {
        const auto end = std::min(uri.find('&', start), uri.size());
        const std::string parameter = uri.substr(start, end - start);
        if (parameter.rfind("schema=", 0) == 0) {
            schema = parameter.substr(7);
        } else if (!parameter.empty()) {
            kept += (kept.empty() ? "?" : "&") + parameter;
        }
        start = end + 1;
    }
    return {uri.substr(0, query) + kept, schema};
}

}  // namespace

std::unique_ptr<Store> open_postgres_store(const std::string& uri, const PostgresOptions& options) {
    auto [conninfo, uri_schema] = take_schema_parameter(uri);
    PostgresOptions chosen = options;
    if (uri_schema) chosen.schema = *uri_schema;
    postgres_schema::validate_name(chosen.schema);
    if (chosen.lock_timeout_ms < 0) {
        throw Error(ErrorCode::invalid_argument, "postgres lock_timeout_ms: must be >= 0 (0 waits forever)");
    }
    // The password, if the URI holds one, stays out of the message.
    const std::string context = "cannot open leadpool schema '" + chosen.schema + "' in PostgreSQL: ";
    try {
        return std::make_unique<PostgresStore>(std::move(conninfo), chosen);
    } catch (const pg::SqlError& e) {
        throw Error(storage_error(e).code(), context + e.what());
    } catch (const Error& e) {
        throw Error(e.code(), context + e.what());
    }
}

int postgres_schema_version() noexcept { return postgres_schema::kCurrentVersion; }

}  // namespace leadpool
