// Every built-in store passes the Store conformance suite, and so does the minimal store: the
// speed-ups' defaults keep the contract.
#include <leadpool/testing/store_conformance.hpp>
#include "store_factories.hpp"

TEST_CASE_TEMPLATE_INVOKE(leadpool_store_conformance, leadpool::testing::MemoryStoreFactory,
                          leadpool::testing::MinimalStoreFactory, leadpool::testing::SqliteStoreFactory);
#ifdef LEADPOOL_HAS_POSTGRES_STORE
TEST_CASE_TEMPLATE_INVOKE(leadpool_store_conformance, leadpool::testing::PostgresStoreFactory);
#endif
