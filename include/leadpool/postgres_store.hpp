// leadpool — the shared store: one PostgreSQL database for many application servers.
//
// Every table lives in one PostgreSQL schema (`PostgresOptions::schema`, or the URI's `schema`
// parameter), created and migrated forward on open, so several lead pools — tenants, test runs —
// share one server. Writers of a schema take turns across every process (a transaction-scoped
// advisory lock), so the engine's read-then-write inside a writer is race-free; readers see one
// REPEATABLE READ snapshot and never wait. Values always travel as statement parameters.
//
// Built only when leadpool is configured with LEADPOOL_WITH_POSTGRES (on where libpq is found);
// LEADPOOL_HAS_POSTGRES_STORE says so to the code that includes this header.
#pragma once

#include <memory>
#include <string>

#include "leadpool/store.hpp"

namespace leadpool {

struct PostgresOptions {
    // The PostgreSQL schema holding the tables: 1-63 of a-z, 0-9 and _, no leading digit.
    std::string schema = "leadpool";
    // How long a writer waits for the schema's writer lock (held by another writer) or a row lock
    // before Error(busy).
    int lock_timeout_ms = 5000;
};

// Opens the lead pool in the database named by `uri`, a libpq connection URI
// (postgresql://user@host:port/dbname?param=value, host may be a Unix socket directory, see
// https://www.postgresql.org/docs/current/libpq-connect.html). A `schema=NAME` parameter in the
// URI is leadpool's, not libpq's: it names the schema instead of `options.schema`. Creates the
// schema when missing and migrates it to the current version. Throws Error(invalid_argument) for
// a bad schema name, Error(storage) when the server cannot be reached, the schema holds other
// tables, or was written by a newer leadpool.
std::unique_ptr<Store> open_postgres_store(const std::string& uri, const PostgresOptions& options = {});

// The schema version this build writes.
int postgres_schema_version() noexcept;

}  // namespace leadpool
