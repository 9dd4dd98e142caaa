// What a SQLite store shares with the transactions it opened, which may outlive it: the one
// writer connection and the pool of reader connections.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "leadpool/sqlite_store.hpp"
#include "store/connection_pool.hpp"
#include "store/sqlite_connection.hpp"

namespace leadpool::sqlite_store {

inline constexpr std::size_t kMaxIdleReaders = 4;

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

}  // namespace leadpool::sqlite_store
