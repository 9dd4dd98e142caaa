// leadpool — the embedded default store: one SQLite file.
//
// WAL journal (readers never wait for the writer), foreign keys on, prepared statements only,
// a versioned schema migrated forward on open. Several engines, threads or processes may open
// the same file; writers take turns, waiting up to `busy_timeout_ms` for the file's write lock.
#pragma once

#include <memory>
#include <string>

#include "leadpool/store.hpp"

namespace leadpool {

struct SqliteOptions {
    enum class Synchronous { off, normal, full };

    // FULL: a committed transaction survives power loss. NORMAL: survives a crash of the
    // process, may lose the last commits on power loss. OFF: for throw-away data only.
    Synchronous synchronous = Synchronous::full;
    int busy_timeout_ms = 5000;
};

// Opens (creating if needed) the database file at `path` and migrates its schema to the current
// version. Throws Error(storage) when the file cannot be opened, is not a leadpool database, or
// was written by a newer leadpool.
std::unique_ptr<Store> open_sqlite_store(const std::string& path, const SqliteOptions& options = {});

// The schema version this build writes.
int sqlite_schema_version() noexcept;

}  // namespace leadpool
