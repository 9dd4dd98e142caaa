// The stores every engine-level suite runs against: each test gets a fresh, empty store.
#pragma once

#include <leadpool/memory_store.hpp>
#include <leadpool/sqlite_store.hpp>

#include <unistd.h>
#include <atomic>
#include <filesystem>
#include <memory>
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

}  // namespace leadpool::testing
