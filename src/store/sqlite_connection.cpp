#include "store/sqlite_connection.hpp"

#include <sqlite3.h>

namespace leadpool::sqlite_store {
namespace {

// Each combination of selection filters and visibility clauses is its own SQL text; past this
// many statements a connection prepares the rarer ones per use instead of keeping them.
constexpr std::size_t kMaxCachedStatements = 64;

const char* synchronous_name(SqliteOptions::Synchronous synchronous) {
    switch (synchronous) {
        case SqliteOptions::Synchronous::off: return "OFF";
        case SqliteOptions::Synchronous::normal: return "NORMAL";
        case SqliteOptions::Synchronous::full: return "FULL";
    }
    return "FULL";
}

}  // namespace

Error storage_error(const SQLite::Exception& e) {
    const int primary = e.getErrorCode() & 0xff;
    const bool locked = primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    return Error(locked ? ErrorCode::busy : ErrorCode::storage, std::string("sqlite: ") + e.what());
}

bool breaks_uniqueness(const SQLite::Exception& e) {
    const int extended = e.getExtendedErrorCode();
    return extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY;
}


Connection::Connection(const std::string& path, int flags, const SqliteOptions& options)
    : db_(path, flags | SQLite::OPEN_NOMUTEX, options.busy_timeout_ms) {
    db_.exec("PRAGMA foreign_keys = ON");
    // A lead's UPDATE fires the funnel counters' trigger, so SQLite keeps a statement journal for
    // it; in a temporary file that cost a write system call per moved lead, a third of a batch
    // transition's time. In memory it holds one statement's undo, freed when the statement ends.
    db_.exec("PRAGMA temp_store = MEMORY");
    db_.exec(std::string("PRAGMA synchronous = ") + synchronous_name(options.synchronous));
}

Query Connection::query(const std::string& sql) {
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

}  // namespace leadpool::sqlite_store
