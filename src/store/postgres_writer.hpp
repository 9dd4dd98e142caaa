// The PostgreSQL store's write transaction: a connection of its own under READ COMMITTED,
// holding the schema's writer lock, its new rows held back in a PostgresWriteBatch.
#pragma once

#include <memory>

#include "leadpool/store.hpp"
#include "store/postgres_shared.hpp"

namespace leadpool::postgres_store {

// Waits for the writer lock, which every writer of the schema takes, in any process.
std::unique_ptr<StoreWriter> begin_writer(std::shared_ptr<Shared> shared);

}  // namespace leadpool::postgres_store
