// The SQLite store: one database file in WAL mode.
//
// One dedicated connection serves the write transactions, one at a time: an in-process mutex
// orders this Store's writers, BEGIN IMMEDIATE with busy_timeout orders other processes
// (sqlite_writer.cpp). Readers borrow connections from a small pool, each inside a deferred
// transaction pinned to a WAL snapshot as it opens, so a reader sees one state for its lifetime
// and never waits for a writer. A SQLite connection is only ever used by the thread holding its
// transaction (sqlite_connection.hpp).
#include "leadpool/sqlite_store.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <memory>
#include <string>
#include <utility>

#include "leadpool/error.hpp"
#include "store/sqlite_schema.hpp"
#include "store/sqlite_shared.hpp"
#include "store/sqlite_transaction.hpp"
#include "store/sqlite_writer.hpp"

namespace leadpool {
namespace {

using sqlite_store::guarded;
using sqlite_store::Shared;

class SqliteReader final : public sqlite_store::SqliteTransaction<StoreReader> {
public:
    explicit SqliteReader(std::shared_ptr<Shared> shared)
        : shared_(std::move(shared)), connection_(shared_->readers.borrow()) {
        connection_->query("BEGIN").run();
        // A deferred transaction takes its snapshot at the first read: take it now.
        auto pin = connection_->query("SELECT count(*) FROM sqlite_master");
        pin.next();
    }

    ~SqliteReader() override {
        if (connection_->db().tryExec("ROLLBACK") == SQLITE_OK) {
            shared_->readers.give_back(std::move(connection_));
        }
    }

protected:
    sqlite_store::Connection& connection() override { return *connection_; }

private:
    std::shared_ptr<Shared> shared_;
    std::unique_ptr<sqlite_store::Connection> connection_;
};

class SqliteStore final : public Store {
public:
    SqliteStore(const std::string& path, const SqliteOptions& options)
        : shared_(std::make_shared<Shared>(path, options)) {
        SQLite::Database& db = shared_->writer.db();
        sqlite_schema::migrate(db);
        const std::string mode = db.execAndGet("PRAGMA journal_mode = WAL").getString();
        if (mode != "wal") {
            throw Error(ErrorCode::storage,
                        "the file cannot use the WAL journal (journal mode stays '" + mode + "')");
        }
    }

    std::unique_ptr<StoreReader> read() override {
        return guarded([&] { return std::make_unique<SqliteReader>(shared_); });
    }

    std::unique_ptr<StoreWriter> write() override {
        return guarded([&] { return sqlite_store::begin_writer(shared_); });
    }

    // The old versions of pages that committed transactions changed live on in the WAL until a
    // checkpoint copies the new ones into the file; TRUNCATE then cuts the WAL to nothing. A
    // reader (of any connection, in any process) still on an older snapshot holds the checkpoint
    // back for the busy timeout, then the WAL stays as it is.
    ScrubOutcome scrub() override {
        return guarded([&] {
            std::lock_guard<std::mutex> writer(shared_->write_mutex);
            auto q = shared_->writer.query("PRAGMA wal_checkpoint(TRUNCATE)");
            const bool busy = q.next() && q.integer(0) != 0;
            return busy ? ScrubOutcome::held_back : ScrubOutcome::complete;
        });
    }

private:
    std::shared_ptr<Shared> shared_;
};

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const std::string& path, const SqliteOptions& options) {
    const std::string context = "cannot open leadpool database '" + path + "': ";
    try {
        return std::make_unique<SqliteStore>(path, options);
    } catch (const SQLite::Exception& e) {
        throw Error(sqlite_store::storage_error(e).code(), context + e.what());
    } catch (const Error& e) {
        throw Error(e.code(), context + e.what());
    }
}

int sqlite_schema_version() noexcept { return sqlite_schema::kCurrentVersion; }

}  // namespace leadpool
