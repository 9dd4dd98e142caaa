// The SQLite store: one database file in WAL mode.
//
// One dedicated connection serves the write transactions, one at a time: an in-process mutex
// orders this Store's writers, BEGIN IMMEDIATE with busy_timeout orders other processes. Readers
// borrow connections from a small pool, each inside a deferred transaction pinned to a WAL
// snapshot as it opens, so a reader sees one state for its lifetime and never waits for a writer.
// A SQLite connection is only ever used by the thread holding its transaction. Statements are
// prepared once per connection and reused; every value is a bound parameter.
#include "leadpool/sqlite_store.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "leadpool/error.hpp"
#include "store/connection_pool.hpp"
#include "store/sqlite_schema.hpp"
#include "store/selection_sql.hpp"
#include "store/store_rows.hpp"

namespace leadpool {
namespace {

using namespace store_rows;
using namespace selection_sql;

// A list of pool ids travels as one JSON array, so the statement text does not depend on its length.
constexpr Dialect kSqlite{"pool_id IN (SELECT value FROM json_each(?))"};

// Each combination of selection filters and visibility clauses is its own SQL text; past this
// many statements a connection prepares the rarer ones per use instead of keeping them.
constexpr std::size_t kMaxCachedStatements = 64;
constexpr std::size_t kMaxIdleReaders = 4;

// ---------------------------------------------------------------------------------------------
// Errors

Error storage_error(const SQLite::Exception& e) {
    const int primary = e.getErrorCode() & 0xff;
    const bool locked = primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    return Error(locked ? ErrorCode::busy : ErrorCode::storage, std::string("sqlite: ") + e.what());
}

bool breaks_uniqueness(const SQLite::Exception& e) {
    const int extended = e.getExtendedErrorCode();
    return extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY;
}

// Runs a store operation, reporting SQLite failures as Error(storage).
template <typename Body>
auto guarded(Body&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const SQLite::Exception& e) {
        throw storage_error(e);
    }
}

const char* synchronous_name(SqliteOptions::Synchronous synchronous) {
    switch (synchronous) {
        case SqliteOptions::Synchronous::off: return "OFF";
        case SqliteOptions::Synchronous::normal: return "NORMAL";
        case SqliteOptions::Synchronous::full: return "FULL";
    }
    return "FULL";
}

// ---------------------------------------------------------------------------------------------
// Connections and their statements

// A prepared statement in use. Parameters bind in order; the statement is reset when the
// Query ends, so it holds no lock and is ready for its next use.
class Query {
public:
    Query(SQLite::Statement& cached, bool& busy) : statement_(&cached), busy_(&busy) { busy = true; }
    explicit Query(std::unique_ptr<SQLite::Statement> owned)
        : owned_(std::move(owned)), statement_(owned_.get()) {}
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;
    ~Query() {
        statement_->tryReset();
        if (busy_) *busy_ = false;
    }

    template <typename... Values>
    Query& bind(const Values&... values) {
        (bind_next(values), ...);
        return *this;
    }
    Query& bind_all(const std::vector<Value>& values) {
        for (const Value& value : values) bind_next(value);
        return *this;
    }

    bool next() { return statement_->executeStep(); }
    // Runs a statement that returns no rows; the number of rows it changed.
    int run() { return statement_->exec(); }

    std::int64_t integer(int column) const { return statement_->getColumn(column).getInt64(); }
    std::string text(int column) const { return statement_->getColumn(column).getString(); }
    bool is_null(int column) const { return statement_->isColumnNull(column); }

private:
    void bind_next(std::int64_t value) { statement_->bind(++bound_, value); }
    void bind_next(const std::string& value) { statement_->bind(++bound_, value); }
    void bind_next(const std::optional<std::int64_t>& value) {
        if (value) {
            statement_->bind(++bound_, *value);
        } else {
            statement_->bind(++bound_);
        }
    }
    void bind_next(const Value& value) {
        std::visit([this](const auto& v) { bind_next(v); }, value);
    }

    std::unique_ptr<SQLite::Statement> owned_;
    SQLite::Statement* statement_;
    bool* busy_ = nullptr;
    int bound_ = 0;
};

class Connection {
public:
    Connection(const std::string& path, int flags, const SqliteOptions& options)
        : db_(path, flags | SQLite::OPEN_NOMUTEX, options.busy_timeout_ms) {
        db_.exec("PRAGMA foreign_keys = ON");
        db_.exec(std::string("PRAGMA synchronous = ") + synchronous_name(options.synchronous));
    }

    SQLite::Database& db() { return db_; }

    // The statement for `sql`, prepared on first use. A statement already in use (a query run
    // while another is open) gets a fresh one-off copy.
    Query query(const std::string& sql) {
        auto found = statements_.find(sql);
        if (found != statements_.end() && !found->second->busy) {
            return Query(found->second->statement, found->second->busy);
        }
        if (found == statements_.end() && statements_.size() < kMaxCachedStatements) {
            auto& cached = statements_.emplace(sql, std::make_unique<Cached>(db_, sql)).first->second;
            return Query(cached->statement, cached->busy);
        }
        return Query(std::make_unique<SQLite::Statement>(db_, sql));
    }

private:
    struct Cached {
        Cached(const SQLite::Database& db, const std::string& sql) : statement(db, sql) {}
        SQLite::Statement statement;
        bool busy = false;
    };

    SQLite::Database db_;  // declared first: outlives the statements prepared on it
    std::unordered_map<std::string, std::unique_ptr<Cached>> statements_;
};

// Fills in the identities and tags of leads sorted by id.
void load_lead_details(Connection& connection, std::vector<Lead>& leads) {
    if (leads.empty()) return;
    std::vector<LeadId> ids;
    ids.reserve(leads.size());
    for (const Lead& lead : leads) ids.push_back(lead.id);
    const std::string id_list = encode_ids(ids);
    const auto lead_with = [&](LeadId id) -> Lead& {
        return *std::lower_bound(leads.begin(), leads.end(), id,
                                 [](const Lead& lead, LeadId key) { return lead.id < key; });
    };

    auto identities = connection.query(
        "SELECT lead_id, kind, scope, value FROM identities "
        "WHERE lead_id IN (SELECT value FROM json_each(?)) ORDER BY lead_id, position");
    identities.bind(id_list);
    while (identities.next()) {
        Identity identity;
        identity.kind =
            decode_enum<IdentityKind>(identities.integer(1), kIdentityKindCount, "identities.kind");
        identity.scope = identities.text(2);
        identity.value = identities.text(3);
        lead_with(identities.integer(0)).identities.push_back(std::move(identity));
    }

    auto tags = connection.query(
        "SELECT lead_id, tag FROM lead_tags "
        "WHERE lead_id IN (SELECT value FROM json_each(?)) ORDER BY lead_id, tag");
    tags.bind(id_list);
    while (tags.next()) lead_with(tags.integer(0)).tags.push_back(tags.text(1));
}

// ---------------------------------------------------------------------------------------------
// Transactions

// The reads every transaction offers, over the connection it holds.
template <typename Interface>
class SqliteTransaction : public Interface {
public:
    std::optional<std::string> setting(std::string_view key) override {
        return guarded([&]() -> std::optional<std::string> {
            auto q = connection().query("SELECT value FROM settings WHERE key = ?");
            q.bind(std::string(key));
            if (!q.next()) return std::nullopt;
            return q.text(0);
        });
    }

    std::optional<User> user(const UserId& id) override {
        return guarded([&]() -> std::optional<User> {
            auto q = connection().query("SELECT id, name, department, roles, active FROM users WHERE id = ?");
            q.bind(id);
            if (!q.next()) return std::nullopt;
            return user_from_row(q);
        });
    }

    std::vector<User> users() override {
        return guarded([&] {
            auto q = connection().query("SELECT id, name, department, roles, active FROM users ORDER BY id");
            std::vector<User> out;
            while (q.next()) out.push_back(user_from_row(q));
            return out;
        });
    }

    std::optional<Pool> pool(PoolId id) override {
        return guarded([&]() -> std::optional<Pool> {
            auto q = connection().query("SELECT id, name, parent, managers, members FROM pools WHERE id = ?");
            q.bind(id);
            if (!q.next()) return std::nullopt;
            return pool_from_row(q);
        });
    }

    std::vector<Pool> pools() override {
        return guarded([&] {
            auto q = connection().query("SELECT id, name, parent, managers, members FROM pools ORDER BY id");
            std::vector<Pool> out;
            while (q.next()) out.push_back(pool_from_row(q));
            return out;
        });
    }

    std::optional<Lead> lead(LeadId id) override {
        return guarded([&]() -> std::optional<Lead> {
            std::vector<Lead> found;
            {
                auto q =
                    connection().query(std::string("SELECT ") + kLeadColumns + " FROM leads WHERE id = ?");
                q.bind(id);
                if (!q.next()) return std::nullopt;
                found.push_back(lead_from_row(q));
            }
            load_lead_details(connection(), found);
            return std::move(found.front());
        });
    }

    std::optional<LeadId> lead_by_identity(const Identity& identity) override {
        return guarded([&] { return identity_holder(identity); });
    }

    std::vector<LeadId> absorbed_into(LeadId survivor) override {
        return guarded([&] {
            // The second term lets the partial index leads_by_merged_into answer.
            auto q = connection().query(
                "SELECT id FROM leads WHERE merged_into = ? AND merged_into <> 0 ORDER BY id");
            q.bind(survivor);
            std::vector<LeadId> out;
            while (q.next()) out.push_back(q.integer(0));
            return out;
        });
    }

    std::vector<Lead> leads(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        return guarded([&] {
            auto out = select_leads(selection, after, limit, kLeadColumns, lead_from_row<Query>);
            load_lead_details(connection(), out);
            return out;
        });
    }

    std::vector<LeadId> lead_ids(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        return guarded([&] {
            return select_leads(selection, after, limit, "leads.id",
                                [](const Query& q) { return q.integer(0); });
        });
    }

    std::vector<Lead> idle_leads(PoolId pool, TierMask tiers, Timestamp active_before) override {
        return guarded([&] {
            std::vector<Lead> out;
            Filter filter;
            if (!add_placement(filter, tiers, std::vector<PoolId>{pool}, std::nullopt, kSqlite)) return out;
            filter.add("owner <> ''");
            filter.add("merged_into = 0");
            filter.add("last_activity_at < ?", active_before);
            {
                auto q = connection().query(std::string("SELECT ") + kLeadColumns + " FROM leads WHERE " +
                                            filter.sql() + " ORDER BY id");
                q.bind_all(filter.values);
                while (q.next()) out.push_back(lead_from_row(q));
            }
            load_lead_details(connection(), out);
            return out;
        });
    }

    std::vector<Opportunity> opportunities(LeadId lead) override {
        return guarded([&] {
            auto q = connection().query(std::string("SELECT ") + kOpportunityColumns +
                                        " FROM opportunities WHERE lead_id = ? ORDER BY number");
            q.bind(lead);
            std::vector<Opportunity> out;
            while (q.next()) out.push_back(opportunity_from_row(q));
            return out;
        });
    }

    std::vector<FunnelCell> funnel(const LeadSelection& selection) override {
        return guarded([&] {
            std::vector<FunnelCell> cells;
            const auto statement = funnel_statement(selection, kSqlite);
            if (!statement) return cells;
            auto q = connection().query(statement->sql);
            q.bind_all(statement->values);
            while (q.next()) {
                cells.push_back(FunnelCell{decode_enum<Tier>(q.integer(0), kTierCount, "funnel tier"),
                                           decode_mask(q.integer(1), "funnel reached"), q.integer(2)});
            }
            return cells;
        });
    }

    std::vector<HistoryEntry> history(LeadId lead) override {
        return guarded([&] {
            auto q = connection().query(
                std::string("SELECT ") + kHistoryColumns + " FROM history WHERE lead_id = ? ORDER BY seq");
            q.bind(lead);
            std::vector<HistoryEntry> out;
            while (q.next()) out.push_back(history_from_row(q));
            return out;
        });
    }

    std::vector<OrgEvent> org_events() override {
        return guarded([&] {
            auto q = connection().query("SELECT seq, kind, actor, at, detail FROM org_events ORDER BY seq");
            std::vector<OrgEvent> out;
            while (q.next()) {
                out.push_back(
                    OrgEvent{q.integer(0),
                             decode_enum<OrgEventKind>(q.integer(1), kOrgEventKindCount, "org_events.kind"),
                             q.text(2), q.integer(3), q.text(4)});
            }
            return out;
        });
    }

    std::optional<LeadId> delivery(std::string_view channel, std::string_view record_id) override {
        return guarded([&]() -> std::optional<LeadId> {
            auto q = connection().query("SELECT lead_id FROM deliveries WHERE channel = ? AND record_id = ?");
            q.bind(std::string(channel), std::string(record_id));
            if (!q.next()) return std::nullopt;
            return q.integer(0);
        });
    }

    std::vector<LeadEvent> events(LeadId lead) override {
        return guarded([&] {
            auto q = connection().query(
                "SELECT seq, lead_id, type, at, channel, payload FROM lead_events "
                "WHERE lead_id = ? ORDER BY seq");
            q.bind(lead);
            std::vector<LeadEvent> out;
            while (q.next()) {
                out.push_back(
                    LeadEvent{q.integer(0), q.integer(1), q.text(2), q.integer(3), q.text(4), q.text(5)});
            }
            return out;
        });
    }

    std::int64_t identity_joins(const Identity& identity) override {
        return guarded([&]() -> std::int64_t {
            auto q = connection().query(
                "SELECT joins FROM identity_joins WHERE kind = ? AND scope = ? AND value = ?");
            q.bind(code(identity.kind), identity.scope, identity.value);
            return q.next() ? q.integer(0) : 0;
        });
    }

    std::optional<MergeRecord> merge_record(MergeId id) override {
        return guarded([&]() -> std::optional<MergeRecord> {
            auto q = connection().query(std::string("SELECT ") + kMergeColumns + " FROM merges WHERE id = ?");
            q.bind(id);
            if (!q.next()) return std::nullopt;
            return merge_from_row(q);
        });
    }

    std::vector<MergeRecord> merge_records() override {
        return guarded([&] {
            auto q = connection().query(std::string("SELECT ") + kMergeColumns + " FROM merges ORDER BY id");
            std::vector<MergeRecord> out;
            while (q.next()) out.push_back(merge_from_row(q));
            return out;
        });
    }

    std::vector<IdentityConflict> identity_conflicts() override {
        return guarded([&] {
            auto q = connection().query(
                std::string("SELECT ") + kConflictColumns + " FROM identity_conflicts ORDER BY id");
            std::vector<IdentityConflict> out;
            while (q.next()) out.push_back(conflict_from_row(q));
            return out;
        });
    }

protected:
    virtual Connection& connection() = 0;

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

    // `columns` of the selected leads with id > after, by id, at most `limit`, each row read by
    // `read`. With a tag, the page is read in id order off the tag index (CROSS JOIN fixes the
    // loop order), so it costs the leads skipped, not every lead with the tag.
    template <typename Read>
    auto select_leads(const LeadSelection& selection, LeadId after, std::size_t limit, const char* columns,
                      Read read) {
        std::vector<std::invoke_result_t<Read, const Query&>> out;
        const auto filter = selection_filter(selection, Source::leads, kSqlite);
        if (!filter || limit == 0) return out;
        std::string sql = std::string("SELECT ") + columns;
        sql += selection.tag ? " FROM lead_tags CROSS JOIN leads ON leads.id = lead_tags.lead_id"
                               " WHERE lead_tags.tag = ? AND lead_tags.lead_id > ?"
                             : " FROM leads WHERE id > ?";
        if (!filter->terms.empty()) sql += " AND " + filter->sql();
        sql += selection.tag ? " ORDER BY lead_tags.lead_id LIMIT ?" : " ORDER BY id LIMIT ?";
        const auto max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
        auto q = connection().query(sql);
        if (selection.tag) q.bind(*selection.tag);
        q.bind(after).bind_all(filter->values).bind(static_cast<std::int64_t>(std::min(limit, max)));
        while (q.next()) out.push_back(read(q));
        return out;
    }

    std::optional<LeadId> identity_holder(const Identity& identity) {
        auto q =
            connection().query("SELECT lead_id FROM identities WHERE kind = ? AND scope = ? AND value = ?");
        q.bind(code(identity.kind), identity.scope, identity.value);
        if (!q.next()) return std::nullopt;
        return q.integer(0);
    }
};

// State shared by a store and the transactions it opened, which may outlive it.
struct Shared {
    Shared(std::string database_path, const SqliteOptions& database_options)
        : path(std::move(database_path)),
          options(database_options),
          writer(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, options),
          readers(kMaxIdleReaders, [this] {
              auto connection = std::make_unique<Connection>(path, SQLite::OPEN_READWRITE, options);
              connection->db().exec("PRAGMA query_only = ON");
              return connection;
          }) {}

    const std::string path;
    const SqliteOptions options;

    std::mutex write_mutex;  // held by the one open writer
    Connection writer;       // used only under write_mutex

    ConnectionPool<Connection> readers;
};

class SqliteReader final : public SqliteTransaction<StoreReader> {
public:
    explicit SqliteReader(std::shared_ptr<Shared> shared)
        : shared_(std::move(shared)), connection_(shared_->readers.borrow()) {
        connection_->query("BEGIN").run();
        // A deferred transaction takes its snapshot at the first read: take it now.
        auto pin = connection_->query("SELECT count(*) FROM sqlite_master");
        pin.next();
    }

    ~SqliteReader() override {
        if (connection_->db().tryExec("ROLLBACK") == SQLITE_OK) {
            shared_->readers.give_back(std::move(connection_));
        }
    }

protected:
    Connection& connection() override { return *connection_; }

private:
    std::shared_ptr<Shared> shared_;
    std::unique_ptr<Connection> connection_;
};

class SqliteWriter final : public SqliteTransaction<StoreWriter> {
public:
    explicit SqliteWriter(std::shared_ptr<Shared> shared)
        : shared_(std::move(shared)), lock_(shared_->write_mutex) {
        shared_->writer.query("BEGIN IMMEDIATE").run();
    }

    ~SqliteWriter() override {
        if (!committed_) shared_->writer.db().tryExec("ROLLBACK");
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
                auto q = connection().query(
                    "INSERT INTO leads (tier, reached, pool_id, owner, channel, channels, "
                    "attributes, source, medium, campaign, created_at, updated_at, "
                    "last_activity_at, version, last_seen_at, referred_by, merged_into) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                bind_lead(q, lead);
                q.run();
                id = connection().db().getLastInsertRowid();
            }
            write_lead_details(id, lead);
            return id;
        });
    }

    void update_lead(const Lead& lead) override {
        guarded([&] {
            {
                auto q = connection().query(
                    "UPDATE leads SET tier = ?, reached = ?, pool_id = ?, owner = ?, channel = ?, "
                    "channels = ?, attributes = ?, source = ?, medium = ?, campaign = ?, "
                    "created_at = ?, updated_at = ?, last_activity_at = ?, version = ?, "
                    "last_seen_at = ?, referred_by = ?, merged_into = ? WHERE id = ?");
                bind_lead(q, lead);
                q.bind(lead.id);
                if (q.run() == 0) {
                    throw Error(ErrorCode::not_found, "no lead " + std::to_string(lead.id));
                }
            }
            // Most updates move a lead without touching its identities or tags: rewrite those
            // rows (and their indexes) only when they changed.
            std::vector<Lead> stored(1);
            stored.front().id = lead.id;
            load_lead_details(connection(), stored);
            if (stored.front().identities == lead.identities &&
                stored.front().tags == sorted_unique(lead.tags)) {
                return;
            }
            connection().query("DELETE FROM identities WHERE lead_id = ?").bind(lead.id).run();
            connection().query("DELETE FROM lead_tags WHERE lead_id = ?").bind(lead.id).run();
            write_lead_details(lead.id, lead);
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
    void set_owners(const std::vector<Assignment>& owners, Timestamp at) override {
        guarded([&] {
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
            connection()
                .query(
                    "UPDATE leads SET owner = change.owner, updated_at = ?, last_activity_at = ?, "
                    "version = version + 1 FROM temp.owner_changes AS change WHERE leads.id = change.lead_id")
                .bind(at, at)
                .run();
            connection().query("DELETE FROM funnel_counts_deferred").run();
            for (const auto& [cell, delta] : moves) move_count(cell, delta);
            connection().query("DELETE FROM temp.owner_changes").run();
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
                "identities, unmerged_at, unmerged_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            bind_merge(q, merge);
            q.run();
            return connection().db().getLastInsertRowid();
        });
    }

    void update_merge(const MergeRecord& merge) override {
        guarded([&] {
            auto q = connection().query(
                "UPDATE merges SET survivor = ?, absorbed = ?, actor = ?, at = ?, reason = ?, "
                "collision = ?, absorbed_owner = ?, identities = ?, unmerged_at = ?, unmerged_by = ? "
                "WHERE id = ?");
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
                    "others, identities, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(code(conflict.rule), conflict.at, conflict.actor, conflict.channel, conflict.record_id,
                      conflict.lead, encode_ids(conflict.others),
                      encode_identities(conflict.identities, "conflict identities"), conflict.message)
                .run();
            return connection().db().getLastInsertRowid();
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

    static void bind_lead(Query& q, const Lead& lead) {
        q.bind(code(lead.tier), code(lead.reached), lead.pool, lead.owner, lead.channel,
               encode_strings(lead.channels, "lead channels"), lead.attributes, lead.attribution.source,
               lead.attribution.medium, lead.attribution.campaign, lead.created_at, lead.updated_at,
               lead.last_activity_at, lead.version, lead.last_seen_at, lead.referred_by, lead.merged_into);
    }

    static void bind_merge(Query& q, const MergeRecord& merge) {
        q.bind(merge.survivor, merge.absorbed, merge.actor, merge.at, merge.reason,
               std::int64_t{merge.collision ? 1 : 0}, merge.absorbed_owner,
               encode_identities(merge.identities, "merge identities"), merge.unmerged_at, merge.unmerged_by);
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
};

class SqliteStore final : public Store {
public:
    SqliteStore(const std::string& path, const SqliteOptions& options)
        : shared_(std::make_shared<Shared>(path, options)) {
        SQLite::Database& db = shared_->writer.db();
        sqlite_schema::migrate(db);
        const std::string mode = db.execAndGet("PRAGMA journal_mode = WAL").getString();
        if (mode != "wal") {
            throw Error(ErrorCode::storage,
                        "the file cannot use the WAL journal (journal mode stays '" + mode + "')");
        }
    }

    std::unique_ptr<StoreReader> read() override {
        return guarded([&] { return std::make_unique<SqliteReader>(shared_); });
    }

    std::unique_ptr<StoreWriter> write() override {
        return guarded([&] { return std::make_unique<SqliteWriter>(shared_); });
    }

private:
    std::shared_ptr<Shared> shared_;
};

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const std::string& path, const SqliteOptions& options) {
    const std::string context = "cannot open leadpool database '" + path + "': ";
    try {
        return std::make_unique<SqliteStore>(path, options);
    } catch (const SQLite::Exception& e) {
        throw Error(storage_error(e).code(), context + e.what());
    } catch (const Error& e) {
        throw Error(e.code(), context + e.what());
    }
}

int sqlite_schema_version() noexcept { return sqlite_schema::kCurrentVersion; }

}  // namespace leadpool
