#include "raw_sqlite.hpp"

#include <stdexcept>

namespace leadpool::bench {
namespace {

void bind_text(sqlite3_stmt* statement, int index, const std::string& text) {
    sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

}  // namespace

std::string capture_detail(const LeadInput& input) {
    const Attribution& a = input.attribution;
    std::string detail = R"({"attributes":)" + input.attributes + R"(,"attribution":{"campaign":")" +
                         a.campaign + R"(","medium":")" + a.medium + R"(","source":")" + a.source +
                         R"("},"channel":")" + input.channel + R"(","identities":[)";
    for (std::size_t i = 0; i < input.identities.size(); ++i) {
        detail += std::string(i ? "," : "") + R"({"kind":")" + to_string(input.identities[i].kind) +
                  R"(","value":")" + input.identities[i].value + R"("})";
    }
    detail += R"(],"occurred_at":)" + std::to_string(kBenchTime) + R"(,"tags":[)";
    for (std::size_t i = 0; i < input.tags.size(); ++i) {
        detail += std::string(i ? "," : "") + '"' + input.tags[i] + '"';
    }
    return detail + "]}";
}

RawSqlite::RawSqlite(const std::string& path, const char* synchronous) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        throw std::runtime_error("raw: cannot open " + path);
    }
    sqlite3_busy_timeout(db_, 5000);
    exec("PRAGMA journal_mode = WAL");
    exec(std::string("PRAGMA synchronous = ") + synchronous);
    exec("PRAGMA foreign_keys = ON");
    exec("PRAGMA temp_store = MEMORY");  // as the store sets it
    insert_lead_ = prepare(
        "INSERT INTO leads (tier, reached, pool_id, owner, channel, channels, attributes, source, medium, "
        "campaign, created_at, updated_at, last_activity_at, version, last_seen_at, last_source, last_medium, "
        "last_campaign) "
        "VALUES (0, 1, 1, '', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, ?4, ?5, ?6)");
    insert_identity_ =
        prepare("INSERT INTO identities (kind, scope, value, lead_id, position) VALUES (?, ?, ?, ?, ?)");
    insert_tag_ = prepare("INSERT INTO lead_tags (lead_id, tag) VALUES (?, ?)");
    insert_history_ = prepare(
        "INSERT INTO history (lead_id, action, actor, at, from_tier, from_pool, from_owner, to_tier, "
        "to_pool, "
        "to_owner, reason, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert_change_ = prepare(
        "INSERT INTO changes (at, actor, subject, kind, lead_id, object, from_tier, from_pool, from_owner, "
        "to_tier, to_pool, to_owner, version, reason, detail) "
        "VALUES (?, ?, 0, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    select_placement_ = prepare("SELECT tier, pool_id, owner, reached, version FROM leads WHERE id = ?");
    update_placement_ = prepare(
        "UPDATE leads SET tier = ?, reached = ?, pool_id = ?, owner = ?, updated_at = ?, last_activity_at = "
        "?, "
        "version = version + 1 WHERE id = ?");
}

RawSqlite::~RawSqlite() {
    for (sqlite3_stmt* statement : {insert_lead_, insert_identity_, insert_tag_, insert_history_,
                                    insert_change_, select_placement_, update_placement_}) {
        sqlite3_finalize(statement);
    }
    for (auto& query : queries_) sqlite3_finalize(query.second);
    sqlite3_close(db_);
}

sqlite3_stmt* RawSqlite::prepare(const char* sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK) {
        throw std::runtime_error(std::string("raw: ") + sqlite3_errmsg(db_));
    }
    return statement;
}

void RawSqlite::exec(const std::string& sql) {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        throw std::runtime_error(std::string("raw: ") + sqlite3_errmsg(db_));
    }
}

void RawSqlite::step_done(sqlite3_stmt* statement) {
    if (sqlite3_step(statement) != SQLITE_DONE)
        throw std::runtime_error(std::string("raw: ") + sqlite3_errmsg(db_));
    sqlite3_reset(statement);
}

void RawSqlite::begin() { exec("BEGIN IMMEDIATE"); }
void RawSqlite::commit() { exec("COMMIT"); }

std::int64_t RawSqlite::capture(const LeadInput& input) {
    const std::string channels = "[\"" + input.channel + "\"]";
    bind_text(insert_lead_, 1, input.channel);
    bind_text(insert_lead_, 2, channels);
    bind_text(insert_lead_, 3, input.attributes);
    bind_text(insert_lead_, 4, input.attribution.source);
    bind_text(insert_lead_, 5, input.attribution.medium);
    bind_text(insert_lead_, 6, input.attribution.campaign);
    for (int column = 7; column <= 10; ++column) sqlite3_bind_int64(insert_lead_, column, kBenchTime);
    step_done(insert_lead_);
    const std::int64_t id = sqlite3_last_insert_rowid(db_);

    for (std::size_t position = 0; position < input.identities.size(); ++position) {
        const Identity& identity = input.identities[position];
        sqlite3_bind_int(insert_identity_, 1, static_cast<int>(identity.kind));
        bind_text(insert_identity_, 2, identity.scope);
        bind_text(insert_identity_, 3, identity.value);
        sqlite3_bind_int64(insert_identity_, 4, id);
        sqlite3_bind_int64(insert_identity_, 5, static_cast<std::int64_t>(position));
        step_done(insert_identity_);
    }
    for (const std::string& tag : input.tags) {
        sqlite3_bind_int64(insert_tag_, 1, id);
        bind_text(insert_tag_, 2, tag);
        step_done(insert_tag_);
    }
    append_history(id, Action::capture, Tier::master, kMasterPoolId, "", Tier::master, kMasterPoolId, "", "",
                   capture_detail(input), 1);
    return id;
}

void RawSqlite::move(std::int64_t lead, Action action, Tier to_tier, PoolId to_pool, const std::string& to_owner,
                     const std::string& reason, const std::string& detail) {
    sqlite3_bind_int64(select_placement_, 1, lead);
    if (sqlite3_step(select_placement_) != SQLITE_ROW) throw std::runtime_error("raw: no lead");
    const int from_tier = sqlite3_column_int(select_placement_, 0);
    const std::int64_t from_pool = sqlite3_column_int64(select_placement_, 1);
    const std::string from_owner = reinterpret_cast<const char*>(sqlite3_column_text(select_placement_, 2));
    const int reached = sqlite3_column_int(select_placement_, 3) | tier_bit(to_tier);
    const std::int64_t version = sqlite3_column_int64(select_placement_, 4) + 1;
    sqlite3_reset(select_placement_);

    sqlite3_bind_int(update_placement_, 1, static_cast<int>(to_tier));
    sqlite3_bind_int(update_placement_, 2, reached);
    sqlite3_bind_int64(update_placement_, 3, to_pool);
    bind_text(update_placement_, 4, to_owner);
    sqlite3_bind_int64(update_placement_, 5, kBenchTime);
    sqlite3_bind_int64(update_placement_, 6, kBenchTime);
    sqlite3_bind_int64(update_placement_, 7, lead);
    step_done(update_placement_);

    append_history(lead, action, static_cast<Tier>(from_tier), from_pool, from_owner, to_tier, to_pool,
                   to_owner, reason, detail, version);
}

void RawSqlite::append_history(std::int64_t lead, Action action, Tier from_tier, PoolId from_pool,
                               const std::string& from_owner, Tier to_tier, PoolId to_pool,
                               const std::string& to_owner, const std::string& reason, const std::string& detail,
                               std::int64_t version) {
    sqlite3_bind_int64(insert_history_, 1, lead);
    sqlite3_bind_int(insert_history_, 2, static_cast<int>(action));
    bind_text(insert_history_, 3, kActor);
    sqlite3_bind_int64(insert_history_, 4, kBenchTime);
    sqlite3_bind_int(insert_history_, 5, static_cast<int>(from_tier));
    sqlite3_bind_int64(insert_history_, 6, from_pool);
    bind_text(insert_history_, 7, from_owner);
    sqlite3_bind_int(insert_history_, 8, static_cast<int>(to_tier));
    sqlite3_bind_int64(insert_history_, 9, to_pool);
    bind_text(insert_history_, 10, to_owner);
    bind_text(insert_history_, 11, reason);
    bind_text(insert_history_, 12, detail);
    step_done(insert_history_);

    // Its row in the change feed, which leadpool appends with every history row.
    sqlite3_bind_int64(insert_change_, 1, kBenchTime);
    bind_text(insert_change_, 2, kActor);
    bind_text(insert_change_, 3, to_string(action));
    sqlite3_bind_int64(insert_change_, 4, lead);
    sqlite3_bind_int(insert_change_, 5, static_cast<int>(from_tier));
    sqlite3_bind_int64(insert_change_, 6, from_pool);
    bind_text(insert_change_, 7, from_owner);
    sqlite3_bind_int(insert_change_, 8, static_cast<int>(to_tier));
    sqlite3_bind_int64(insert_change_, 9, to_pool);
    bind_text(insert_change_, 10, to_owner);
    sqlite3_bind_int64(insert_change_, 11, version);
    bind_text(insert_change_, 12, reason);
    bind_text(insert_change_, 13, detail);
    step_done(insert_change_);
}

std::size_t RawSqlite::rows(const std::string& sql, const std::vector<std::int64_t>& integers,
                            const std::vector<std::string>& texts) {
    sqlite3_stmt*& statement = queries_[sql];
    if (statement == nullptr) statement = prepare(sql.c_str());
    int index = 0;
    for (std::int64_t value : integers) sqlite3_bind_int64(statement, ++index, value);
    for (const std::string& value : texts) bind_text(statement, ++index, value);
    std::size_t count = 0;
    int code = SQLITE_ROW;
    while ((code = sqlite3_step(statement)) == SQLITE_ROW) {
        // Every value is read, as a caller turning rows into records would.
        for (int column = 0; column < sqlite3_column_count(statement); ++column) {
            sqlite3_column_text(statement, column);
        }
        ++count;
    }
    sqlite3_reset(statement);
    if (code != SQLITE_DONE) throw std::runtime_error(std::string("raw: ") + sqlite3_errmsg(db_));
    return count;
}

void require_same_rows(const std::string& engine_file, const std::string& raw_file,
                       const std::vector<std::string>& tables) {
    RawSqlite db(engine_file, "FULL");
    db.rows("ATTACH DATABASE ? AS raw", {}, {raw_file});
    for (const std::string& table : tables) {
        for (const auto& [a, b] : {std::pair{"main", "raw"}, std::pair{"raw", "main"}}) {
            const std::string sql =
                std::string("SELECT * FROM ") + a + "." + table + " EXCEPT SELECT * FROM " + b + "." + table;
            if (db.rows(sql) != 0) throw std::runtime_error("bench: the baseline's " + table + " differ");
        }
    }
}

void require_same_rows(const Workload& w) {
    require_same_rows(
        w.engine_file(), w.raw_file(),
        {"leads", "identities", "lead_tags", "history", "changes", "funnel_counts", "lead_events", "identity_joins"});
}

}  // namespace leadpool::bench
