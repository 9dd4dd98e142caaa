// The raw baseline: a hand-written loop of SQLite prepared statements that writes the same rows
// leadpool writes — the lead, its identity and tag rows, its history row (with the same JSON
// detail) and the change-feed row that mirrors it, and, through the schema's triggers, the funnel
// counters — into a file with leadpool's schema. What leadpool adds on top (validation, permission checks, JSON codec, its Store
// interface) is what a figure's ratio measures.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "workload.hpp"

namespace leadpool::bench {

// The JSON text leadpool's capture history row keeps (lead_data.cpp, capture_detail), keys sorted
// as its JSON writer orders them.
std::string capture_detail(const LeadInput& input);

// The baseline is honest only if it wrote what leadpool wrote: throws unless every row of the
// lead tables (leads, identities, tags, history, changes, funnel counters, events, identity
// joins) is the same in both files.
void require_same_rows(const Workload& workload);
// The same for any two files: every row of `tables` in each is in the other.
void require_same_rows(const std::string& engine_file, const std::string& raw_file,
                       const std::vector<std::string>& tables);

class RawSqlite {
public:
    // Opens an existing leadpool file as leadpool opens it: WAL, foreign keys on, `synchronous`.
    RawSqlite(const std::string& path, const char* synchronous);
    ~RawSqlite();
    RawSqlite(const RawSqlite&) = delete;
    RawSqlite& operator=(const RawSqlite&) = delete;

    void begin();  // BEGIN IMMEDIATE, as leadpool's writer
    void commit();

    // The rows of a new lead captured by `actor` at kBenchTime; its id.
    std::int64_t capture(const LeadInput& input);

    // Moves a lead as a transition does: reads where it is, updates it, appends the history row
    // and its change, with the reason and JSON detail the engine's action writes.
    void move(std::int64_t lead, Action action, Tier to_tier, PoolId to_pool, const std::string& to_owner,
              const std::string& reason = "", const std::string& detail = "{}");

    // Runs a query, reading every value of every row; the number of rows.
    std::size_t rows(const std::string& sql, const std::vector<std::int64_t>& integers = {},
                     const std::vector<std::string>& texts = {});

    sqlite3* db() { return db_; }
    // Runs a statement that returns no rows and resets it.
    void step_done(sqlite3_stmt* statement);

private:
    sqlite3_stmt* prepare(const char* sql);
    void exec(const std::string& sql);
    void append_history(std::int64_t lead, Action action, Tier from_tier, PoolId from_pool,
                        const std::string& from_owner, Tier to_tier, PoolId to_pool,
                        const std::string& to_owner, const std::string& reason, const std::string& detail,
                        std::int64_t version);

    sqlite3* db_ = nullptr;
    sqlite3_stmt* insert_lead_ = nullptr;
    sqlite3_stmt* insert_identity_ = nullptr;
    sqlite3_stmt* insert_tag_ = nullptr;
    sqlite3_stmt* insert_history_ = nullptr;
    sqlite3_stmt* insert_change_ = nullptr;
    sqlite3_stmt* select_placement_ = nullptr;
    sqlite3_stmt* update_placement_ = nullptr;
    std::unordered_map<std::string, sqlite3_stmt*> queries_;  // rows(), prepared once per text
};

}  // namespace leadpool::bench
