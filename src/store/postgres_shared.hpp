// What a PostgreSQL store shares with the transactions it opened, which may outlive them: where
// the server is, the options, and the pool of idle connections.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>

#include "leadpool/postgres_store.hpp"
#include "store/connection_pool.hpp"
#include "store/pg_connection.hpp"

namespace leadpool::postgres_store {

inline constexpr std::size_t kMaxIdleConnections = 4;

// The NOTIFY channel a schema's writers wake its change-feed listeners on (store.hpp
// wait_for_change). A channel name is at most 63 bytes: a long schema name is cut, and two
// schemas may share a channel; a listener woken for another schema's commit finds nothing new.
inline std::string feed_channel(const std::string& schema) {
    return ("leadpool_changes." + schema).substr(0, 63);
}

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
                      {pg::param(pg::quote_identifier(options.schema)), pg::param(std::to_string(options.lock_timeout_ms))});
                  return connection;
              },
              [](const pg::Connection& connection) { return connection.idle(); }) {}

    const std::string conninfo;
    const PostgresOptions options;

    ConnectionPool<pg::Connection> connections;
};

}  // namespace leadpool::postgres_store
