// A doctest case that runs on every store of the engine-level suites (LEADPOOL_TEST_STORES): one
// case per store, named "<the case><memory>", "<the case><sqlite>", ...
//
//   LEADPOOL_STORE_TEST_CASE("a merge loses nothing") {
//       Company<Factory> c;   // Factory: the store of the case running, chosen at run time
//       ...
//   }
//
// The body compiles once, for AnyStoreFactory, however many stores it runs on: compiling a body
// per store type was most of the time the sanitized build spent on the suites.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <type_traits>

#include "store_factories.hpp"

namespace leadpool::testing {

// The factory of the store the running case is on: one of the factories of LEADPOOL_TEST_STORES,
// made when an AnyStoreFactory is (a fixture's member), so each fixture gets a fresh, empty store.
class AnyStoreFactory {
public:
    AnyStoreFactory() : factory_(current()()) {}

    std::unique_ptr<Store> open() { return factory_->open(); }
    // "memory", "minimal", "sqlite", "postgres".
    std::string name() const { return factory_->name(); }
    // Whether open() again reopens the same contents (a file, a schema), as a restart would.
    bool persistent() const { return factory_->persistent(); }

    // Runs `body` with `Factory` as the store of every AnyStoreFactory made meanwhile.
    template <typename Factory>
    static void run_on(void (*body)()) {
        struct Restore {
            Maker before = current();
            ~Restore() { current() = before; }
        } restore;
        current() = [] { return std::unique_ptr<Erased>(std::make_unique<Of<Factory>>()); };
        body();
    }

private:
    struct Erased {
        virtual ~Erased() = default;
        virtual std::unique_ptr<Store> open() = 0;
        virtual const char* name() const = 0;
        virtual bool persistent() const = 0;
    };
    template <typename Factory, typename = void>
    struct Persistent : std::false_type {};
    template <typename Factory>
    struct Persistent<Factory, std::void_t<decltype(Factory::persistent)>> : std::bool_constant<Factory::persistent> {};
    template <typename Factory>
    struct Of final : Erased {
        Factory factory;
        std::unique_ptr<Store> open() override { return factory.open(); }
        const char* name() const override { return Factory::name; }
        bool persistent() const override { return Persistent<Factory>::value; }
    };
    using Maker = std::unique_ptr<Erased> (*)();
    static Maker& current() {
        static Maker maker = [] { return std::unique_ptr<Erased>(std::make_unique<Of<MemoryStoreFactory>>()); };
        return maker;
    }

    std::unique_ptr<Erased> factory_;
};

}  // namespace leadpool::testing

#ifdef LEADPOOL_HAS_POSTGRES_STORE
#define LEADPOOL_IF_POSTGRES_(...) __VA_ARGS__
#else
#define LEADPOOL_IF_POSTGRES_(...)
#endif

#define LEADPOOL_STORE_CASE_ON_(name, body, kind, Factory)                                       \
    TEST_CASE(name "<" kind ">") {                                                               \
        ::leadpool::testing::AnyStoreFactory::run_on<::leadpool::testing::Factory>(              \
            &body<::leadpool::testing::AnyStoreFactory>);                                       \
    }

#define LEADPOOL_STORE_TEST_CASE_(name, body)                                                    \
    template <typename Factory>                                                                  \
    static void body();                                                                          \
    LEADPOOL_STORE_CASE_ON_(name, body, "memory", MemoryStoreFactory)                            \
    LEADPOOL_STORE_CASE_ON_(name, body, "minimal", MinimalStoreFactory)                          \
    LEADPOOL_STORE_CASE_ON_(name, body, "sqlite", SqliteStoreFactory)                            \
    LEADPOOL_IF_POSTGRES_(LEADPOOL_STORE_CASE_ON_(name, body, "postgres", PostgresStoreFactory)) \
    template <typename Factory>                                                                  \
    static void body()

#define LEADPOOL_STORE_TEST_CASE(name) LEADPOOL_STORE_TEST_CASE_(name, DOCTEST_ANONYMOUS(LEADPOOL_STORE_CASE_))
