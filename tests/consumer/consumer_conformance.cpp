// The installed Store conformance suite, run the way a host runs it on a store of its own: here
// a factory over the memory store, the smallest store an installed leadpool has.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <leadpool/memory_store.hpp>
#include <leadpool/testing/store_conformance.hpp>

#include <memory>

struct HostStoreFactory {
    std::unique_ptr<leadpool::Store> open() { return leadpool::open_memory_store(); }
};

TEST_CASE_TEMPLATE_INVOKE(leadpool_store_conformance, HostStoreFactory);
