// The PostgreSQL store: one schema in a database shared by many processes.
//
// Each transaction object holds a connection of its own, borrowed from the store's small pool of
// idle connections (or opened for it), so threads never share a PGconn. A writer runs under READ
// COMMITTED after taking the schema's transaction-scoped advisory lock: writers of the schema
// take turns across every process, and each statement after the lock sees everything committed
// before it, so the engine's read-then-write is race-free. A reader is a REPEATABLE READ READ ONLY
// transaction whose snapshot is taken as it opens; it never waits for a writer. UNIQUE
// constraints stay the last line: a violation is Error(conflict). Every value is a parameter.
// The lock also lets a writer hold its new rows back and answer identity and delivery look-ups
// from what it knows (postgres_writer.cpp, postgres_write_batch.hpp), so a batch is not a round
// trip per lead.
#include "leadpool/postgres_store.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "leadpool/error.hpp"
#include "store/pg_connection.hpp"
#include "store/postgres_schema.hpp"
#include "store/postgres_shared.hpp"
#include "store/postgres_transaction.hpp"
#include "store/postgres_writer.hpp"

namespace leadpool {
namespace {

using postgres_store::guarded;
using postgres_store::Shared;

class PostgresReader final : public postgres_store::PostgresTransaction<StoreReader> {
public:
    explicit PostgresReader(std::shared_ptr<Shared> shared)
        : shared_(std::move(shared)), connection_(shared_->connections.borrow()) {
        // The snapshot is taken by the first query: take it now, as the reader opens.
        connection_->run_script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 1");
    }

    ~PostgresReader() override {
        if (connection_->try_run("ROLLBACK")) shared_->connections.give_back(std::move(connection_));
    }

protected:
    pg::Connection& connection() override { return *connection_; }

private:
    std::shared_ptr<Shared> shared_;
    std::unique_ptr<pg::Connection> connection_;
};

class PostgresStore final : public Store {
public:
    PostgresStore(std::string conninfo, const PostgresOptions& options)
        : shared_(std::make_shared<Shared>(std::move(conninfo), options)) {
        auto connection = shared_->connections.borrow();
        postgres_schema::migrate(*connection, options.schema);
        shared_->connections.give_back(std::move(connection));
    }

    std::unique_ptr<StoreReader> read() override {
        return guarded([&] { return std::make_unique<PostgresReader>(shared_); });
    }

    std::unique_ptr<StoreWriter> write() override {
        return guarded([&] { return postgres_store::begin_writer(shared_); });
    }

    // Every write creates a new row version and leaves the old one as a dead tuple, in the table
    // and the WAL, until VACUUM (and then the WAL's recycling) reclaims it: the host's
    // maintenance, not a store's (README, "Personal data").
    ScrubOutcome scrub() override { return ScrubOutcome::left_to_host; }

    // Woken by the NOTIFY every writer of the schema sends at commit, on a connection of its
    // own that LISTENs while it waits: no polling, and a wait costs no query until a commit.
    bool wait_for_change(std::int64_t after, std::chrono::milliseconds timeout) override {
        return guarded([&] {
            const auto deadline = std::chrono::steady_clock::now() + timeout;
            auto listener = shared_->connections.borrow();
            listener->run_script("LISTEN " + pg::quote_identifier(postgres_store::feed_channel(shared_->options.schema)));
            // Listening first, then looking: a commit in between is seen by the look.
            const auto changed = [&] {
                return listener->exec("SELECT last_seq FROM feed_state").integer(0, 0) > after;
            };
            bool found = changed();
            while (!found) {
                const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
                if (left.count() <= 0 || !listener->wait_for_notification(left)) break;
                found = changed();  // the channel may be another schema's too (feed_channel)
            }
            listener->run_script("UNLISTEN *");
            listener->wait_for_notification(std::chrono::milliseconds(0));  // what came meanwhile
            shared_->connections.give_back(std::move(listener));
            return found;
        });
    }

private:
    std::shared_ptr<Shared> shared_;
};

// Takes leadpool's own `schema=NAME` parameter out of a URI's query string (libpq refuses
// parameters it does not know); the URI left and the name, if there was one.
std::pair<std::string, std::optional<std::string>> take_schema_parameter(const std::string& uri) {
    const auto query = uri.find('?');
    if (query == std::string::npos) return {uri, std::nullopt};
    std::string kept;
    std::optional<std::string> schema;
    std::size_t start = query + 1;
    while (start <= uri.size()) {
        const auto end = std::min(uri.find('&', start), uri.size());
        const std::string parameter = uri.substr(start, end - start);
        if (parameter.rfind("schema=", 0) == 0) {
            schema = parameter.substr(7);
        } else if (!parameter.empty()) {
            kept += (kept.empty() ? "?" : "&") + parameter;
        }
        start = end + 1;
    }
    return {uri.substr(0, query) + kept, schema};
}

}  // namespace

std::unique_ptr<Store> open_postgres_store(const std::string& uri, const PostgresOptions& options) {
    auto [conninfo, uri_schema] = take_schema_parameter(uri);
    PostgresOptions chosen = options;
    if (uri_schema) chosen.schema = *uri_schema;
    postgres_schema::validate_name(chosen.schema);
    if (chosen.lock_timeout_ms < 0) {
        throw Error(ErrorCode::invalid_argument, "postgres lock_timeout_ms: must be >= 0 (0 waits forever)");
    }
    // The password, if the URI holds one, stays out of the message.
    const std::string context = "cannot open leadpool schema '" + chosen.schema + "' in PostgreSQL: ";
    try {
        return std::make_unique<PostgresStore>(std::move(conninfo), chosen);
    } catch (const pg::SqlError& e) {
        throw Error(postgres_store::storage_error(e).code(), context + e.what());
    } catch (const Error& e) {
        throw Error(e.code(), context + e.what());
    }
}

int postgres_schema_version() noexcept { return postgres_schema::kCurrentVersion; }

}  // namespace leadpool
