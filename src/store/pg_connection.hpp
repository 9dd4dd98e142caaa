// A thin RAII layer over libpq for the PostgreSQL store: one connection, its results, and
// statements that only ever take their values as parameters (text format).
//
// Statements are written with `?` placeholders (as for SQLite) and numbered $1, $2, ... here.
// They are prepared once per connection, on first use, under a name derived from a counter;
// past kMaxPreparedStatements a connection runs the rarer texts unprepared (PQexecParams), so the
// many shapes of selection SQL do not grow the server's memory without bound.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

struct pg_conn;
struct pg_result;

namespace leadpool::pg {

// A failure reported by libpq or the server, with its SQLSTATE ("" when the client failed).
class SqlError : public std::runtime_error {
public:
    SqlError(std::string sqlstate, const std::string& message)
        : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
    const std::string& sqlstate() const noexcept { return sqlstate_; }

private:
    std::string sqlstate_;
};

// SQLSTATEs the store acts on.
inline constexpr const char* kUniqueViolation = "23505";
inline constexpr const char* kSerializationFailure = "40001";
inline constexpr const char* kDeadlockDetected = "40P01";
inline constexpr const char* kLockNotAvailable = "55P03";

// A statement parameter in text format; nullopt is SQL NULL. Text with a NUL character is
// refused with Error(invalid_argument): PostgreSQL text cannot hold one.
using Param = std::optional<std::string>;

// Throws Error(invalid_argument) when `text` holds a NUL character.
void require_storable(const std::string& text);

Param param(std::int64_t value);
Param param(double value);
Param param(const std::string& value);
Param param(const std::optional<std::int64_t>& value);

class Result {
public:
    explicit Result(pg_result* result) noexcept : result_(result) {}
    Result(Result&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
    Result& operator=(Result&& other) noexcept;
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    ~Result();

    int rows() const;
    // The rows an INSERT, UPDATE or DELETE changed.
    std::int64_t changed() const;
    bool is_null(int row, int column) const;
    std::string text(int row, int column) const;
    std::int64_t integer(int row, int column) const;

private:
    pg_result* result_;
};

// One row of a result, read by column.
class Row {
public:
    Row(const Result& result, int row) : result_(&result), row_(row) {}
    bool is_null(int column) const { return result_->is_null(row_, column); }
    std::string text(int column) const { return result_->text(row_, column); }
    std::int64_t integer(int column) const { return result_->integer(row_, column); }

private:
    const Result* result_;
    int row_;
};

class Connection {
public:
    // Connects with a libpq connection string or URI; SqlError when that fails.
    explicit Connection(const std::string& conninfo);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    // Runs SQL without parameters, possibly several statements (DDL, transaction control).
    void run_script(const std::string& sql);
    // Runs one statement with its parameters (one per `?`), prepared on first use.
    Result exec(const std::string& sql, const std::vector<Param>& params = {});
    // Sends `rows` (COPY's text format, see pg_copy_rows.hpp) to `COPY <table_and_columns> FROM
    // STDIN`; SqlError as exec when the server refuses them, and then none went in.
    void copy_in(const std::string& table_and_columns, const std::string& rows);
    // Runs a statement without throwing (for destructors); whether it succeeded.
    bool try_run(const char* sql) noexcept;
    // Whether the connection is still usable and outside any transaction.
    bool idle() const noexcept;
    // Waits up to `timeout` for a notification on a channel this connection LISTENs to;
    // whether one came. Takes every notification that is in, so the next wait waits anew.
    bool wait_for_notification(std::chrono::milliseconds timeout);

private:
    static constexpr std::size_t kMaxPreparedStatements = 64;

    Result checked(pg_result* result) const;

    pg_conn* conn_;
    std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
};

// Quotes an SQL identifier ("name", doubling inner quotes).
std::string quote_identifier(const std::string& name);

}  // namespace leadpool::pg
