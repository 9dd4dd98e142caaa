// A SQLite connection of the store and its prepared statements: statements are prepared once per
// connection and reused, every value is a bound parameter. A connection is only ever used by the
// thread holding its transaction. SQLite failures become Error(busy) or Error(storage).
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "leadpool/error.hpp"
#include "leadpool/sqlite_store.hpp"
#include "store/selection_sql.hpp"

namespace leadpool::sqlite_store {

// A busy or locked database as Error(busy), any other failure as Error(storage).
Error storage_error(const SQLite::Exception& e);

// Whether the failure is a UNIQUE or PRIMARY KEY constraint refusing a row.
bool breaks_uniqueness(const SQLite::Exception& e);

// Runs a store operation, reporting SQLite failures as Error(storage).
template <typename Body>
auto guarded(Body&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const SQLite::Exception& e) {
        throw storage_error(e);
    }
}

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
    Query& bind_all(const std::vector<selection_sql::Value>& values) {
        for (const selection_sql::Value& value : values) bind_next(value);
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
    void bind_next(double value) { statement_->bind(++bound_, value); }
    void bind_next(const std::string& value) { statement_->bind(++bound_, value); }
    void bind_next(const std::optional<std::int64_t>& value) {
        if (value) {
            statement_->bind(++bound_, *value);
        } else {
            statement_->bind(++bound_);
        }
    }
    void bind_next(const selection_sql::Value& value) {
        std::visit([this](const auto& v) { bind_next(v); }, value);
    }

    std::unique_ptr<SQLite::Statement> owned_;
    SQLite::Statement* statement_;
    bool* busy_ = nullptr;
    int bound_ = 0;
};

class Connection {
public:
    // Opens the file with `flags` (SQLite::OPEN_*), foreign keys on, synchronous as `options` say.
    Connection(const std::string& path, int flags, const SqliteOptions& options);

    SQLite::Database& db() { return db_; }

    // The statement for `sql`, prepared on first use. A statement already in use (a query run
    // while another is open) gets a fresh one-off copy.
    Query query(const std::string& sql);

private:
    struct Cached {
        Cached(const SQLite::Database& db, const std::string& sql) : statement(db, sql) {}
        SQLite::Statement statement;
        bool busy = false;
    };

    SQLite::Database db_;  // declared first: outlives the statements prepared on it
    std::unordered_map<std::string, std::unique_ptr<Cached>> statements_;
};

}  // namespace leadpool::sqlite_store
