// The SQLite store's write transaction: the one writer connection, held under the store's
// write mutex and inside BEGIN IMMEDIATE, until commit or rollback.
#pragma once

#include <memory>

#include "leadpool/store.hpp"
#include "store/sqlite_shared.hpp"

namespace leadpool::sqlite_store {

// Waits for this store's writer before it, then for other processes' (busy_timeout).
std::unique_ptr<StoreWriter> begin_writer(std::shared_ptr<Shared> shared);

}  // namespace leadpool::sqlite_store
