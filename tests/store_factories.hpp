// The stores every engine-level suite runs against: each test gets a fresh, empty store.
#pragma once

#include <leadpool/memory_store.hpp>
#include <leadpool/postgres_store.hpp>
#include <leadpool/sqlite_store.hpp>
#ifdef LEADPOOL_HAS_POSTGRES_STORE
#include <libpq-fe.h>
#endif

#include "minimal_store.hpp"

#include <unistd.h>
#include <atomic>
#include <filesystem>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

namespace leadpool::testing {

struct MemoryStoreFactory {
    static constexpr const char* name = "memory";
    std::unique_ptr<Store> open() { return open_memory_store(); }
};

// A fresh SQLite file in the temporary directory, removed with its WAL files at the end.
class TempDatabase {
public:
    TempDatabase() {
        static std::atomic<int> counter{0};
        path_ = (std::filesystem::temp_directory_path() /
                 ("leadpool-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".db"))
                    .string();
        remove_files();
    }
    ~TempDatabase() { remove_files(); }
    TempDatabase(const TempDatabase&) = delete;
    TempDatabase& operator=(const TempDatabase&) = delete;

    const std::string& path() const { return path_; }

private:
    void remove_files() {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix, ignored);
    }
    std::string path_;
};

struct SqliteStoreFactory {
    static constexpr const char* name = "sqlite";
    static constexpr bool persistent = true;  // open() again reopens the same file
    TempDatabase file;
    // NORMAL keeps the suite fast; durability under FULL is the crash suite's business.
    std::unique_ptr<Store> open() {
        SqliteOptions options;
        options.synchronous = SqliteOptions::Synchronous::normal;
        return open_sqlite_store(file.path(), options);
    }
};

#ifdef LEADPOOL_HAS_POSTGRES_STORE
// The server the PostgreSQL tests use: ctest starts one (scripts/postgres-server.sh) and names it
// in LEADPOOL_TEST_POSTGRES_URI. Without it the tests fail: they never skip silently.
inline std::string test_postgres_uri() {
    const char* uri = std::getenv("LEADPOOL_TEST_POSTGRES_URI");
    if (uri == nullptr || *uri == '\0') {
        throw std::runtime_error(
            "LEADPOOL_TEST_POSTGRES_URI is not set: run the PostgreSQL tests through ctest, which starts a "
            "server, or start one with scripts/postgres-server.sh start DIR and export the URI it prints");
    }
    return uri;
}

// A fresh PostgreSQL schema of its own (unique per process and object, so parallel test runs on
// one server never meet), dropped with everything in it at the end.
class TempSchema {
public:
    // A schema name of its own, padded with 'x' to `length` characters when it is shorter.
    explicit TempSchema(std::size_t length = 0) {
        static std::atomic<int> counter{0};
        name_ = "leadpool_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_";
        if (name_.size() < length) name_.append(length - name_.size(), 'x');
        drop();
    }
    ~TempSchema() { drop(); }
    TempSchema(const TempSchema&) = delete;
    TempSchema& operator=(const TempSchema&) = delete;

    const std::string& name() const { return name_; }

private:
    void drop() {
        PGconn* conn = PQconnectdb(test_postgres_uri().c_str());
        if (PQstatus(conn) == CONNECTION_OK) {
            PQclear(PQexec(conn, ("SET client_min_messages TO warning; DROP SCHEMA IF EXISTS \"" + name_ + "\" CASCADE").c_str()));
        }
        PQfinish(conn);
    }
    std::string name_;
};

struct PostgresStoreFactory {
    static constexpr const char* name = "postgres";
    static constexpr bool persistent = true;  // open() again reopens the same schema
    TempSchema schema;
    std::unique_ptr<Store> open() {
        PostgresOptions options;
        options.schema = schema.name();
        return open_postgres_store(test_postgres_uri(), options);
    }
};
#endif

}  // namespace leadpool::testing

// The stores the engine-level suites run against: every built-in one, and the minimal store, so
// the engine also runs on the speed-ups' defaults. LEADPOOL_STORE_TEST_CASE (store_test_case.hpp)
// runs a case on each; the permission matrix and the conformance suite take them as types.
#ifdef LEADPOOL_HAS_POSTGRES_STORE
#define LEADPOOL_TEST_STORES                                                                   \
    leadpool::testing::MemoryStoreFactory, leadpool::testing::MinimalStoreFactory,            \
        leadpool::testing::SqliteStoreFactory, leadpool::testing::PostgresStoreFactory
#else
#define LEADPOOL_TEST_STORES                                                                   \
    leadpool::testing::MemoryStoreFactory, leadpool::testing::MinimalStoreFactory,            \
        leadpool::testing::SqliteStoreFactory
#endif
