// leadpool — opening a store by URI, as the C ABI and the bindings do.
//
//   memory:                   open_memory_store()
//   sqlite:PATH               open_sqlite_store(PATH, options.sqlite)
//   postgresql://... or       open_postgres_store(uri, options.postgres), in a build with the
//   postgres://...            PostgreSQL store (LEADPOOL_HAS_POSTGRES_STORE)
#pragma once

#include <memory>
#include <string_view>

#include "leadpool/postgres_store.hpp"
#include "leadpool/sqlite_store.hpp"
#include "leadpool/store.hpp"

namespace leadpool {

// The options of each kind of store; open_store uses only those of the store the URI names.
struct StoreOptions {
    SqliteOptions sqlite;
    PostgresOptions postgres;
};

// Opens the store `uri` names. Throws Error(invalid_argument) for a URI with no scheme, a scheme
// this build does not open, or "sqlite:" without a path (the message names them "storage_uri",
// the C ABI's argument); otherwise whatever the store's own open throws.
std::unique_ptr<Store> open_store(std::string_view uri, const StoreOptions& options = {});

}  // namespace leadpool
