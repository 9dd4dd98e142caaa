// The raw PostgreSQL baselines: plain libpq writing the rows a capture writes — the lead, its
// identity and tag rows, its history row and the change-feed row that mirrors it, with the funnel counters kept by the schema's own
// trigger — into a schema that leadpool created, one transaction per batch. Two ways a
// hand-written loader would do it: COPY, and one multi-row INSERT per table.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <string>
#include <vector>

#include "workload.hpp"

namespace leadpool::bench {

class RawPostgres {
public:
    // Connects to `uri` with `schema` first on the search path.
    RawPostgres(const std::string& uri, const std::string& schema);
    ~RawPostgres();
    RawPostgres(const RawPostgres&) = delete;
    RawPostgres& operator=(const RawPostgres&) = delete;

    // One transaction: reserves the batch's lead ids from the leads sequence, then COPYs the rows.
    void capture_by_copy(const std::vector<LeadInput>& batch);
    // One transaction: a multi-row INSERT ... RETURNING id for the leads, then one multi-row
    // INSERT per table for their rows.
    void capture_by_insert(const std::vector<LeadInput>& batch);

    // Runs a statement; the first column of the first row (empty when there is none).
    std::string value(const std::string& sql);

private:
    PGresult* run(const std::string& sql, const std::vector<std::string>& parameters = {});
    void copy(const std::string& table_and_columns, const std::string& rows);

    PGconn* connection_ = nullptr;
};

// Drops `schema` with everything in it, when it is there.
void drop_postgres_schema(const std::string& uri, const std::string& schema);

// Throws unless the two schemas hold the same lead, identity, tag, history, change and counter rows.
void require_same_postgres_rows(const std::string& uri, const std::string& engine_schema,
                                const std::string& raw_schema);

}  // namespace leadpool::bench
