#include "session.hpp"

#include <CLI/CLI.hpp>
#include <leadpool/open_store.hpp>

#include <cctype>
#include <fstream>
#include <iostream>
#include <iterator>

#include "exit_codes.hpp"
#include "time_text.hpp"

namespace leadpool::cli {

void Session::add_options(CLI::App& app) {
    app.add_option("--store", store_uri, "store URI: sqlite:PATH, memory: or postgresql://...")
        ->envname("LEADPOOL_STORE")
        ->capture_default_str();
    app.add_option("--as", actor, "the user who acts (a user id)")->envname("LEADPOOL_AS");
    app.add_option("--now", now_text,
                   "run on a manual clock standing at this time: ISO 8601 (2026-03-01, "
                   "2026-03-01T09:30+08:00; UTC without a zone) or ms since the epoch");
    app.add_flag("-q,--quiet", quiet, "no progress output");
    app.add_option("--busy-timeout", busy_timeout_ms,
                   "ms a write waits for another writer's lock before giving up (exit code 18, busy)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
}

void Session::open_clock() {
    if (clock_) return;
    if (now_text.empty()) {
        clock_ = std::make_shared<SystemClock>();
        return;
    }
    const auto at = parse_time(now_text);
    if (!at) throw UsageError("--now: '" + now_text + "' is neither an ISO 8601 date/time nor ms since the epoch");
    clock_ = std::make_shared<ManualClock>(*at);
}

Engine& Session::engine() {
    if (!engine_) {
        open_clock();
        EngineOptions options;
        options.clock = clock_;
        StoreOptions store_options;
        store_options.sqlite.busy_timeout_ms = busy_timeout_ms;
        store_options.postgres.lock_timeout_ms = busy_timeout_ms;
        engine_ = std::make_unique<Engine>(open_store(store_uri, store_options), options);
    }
    return *engine_;
}

const UserId& Session::as() const {
    if (actor.empty()) throw UsageError("--as USER is required: the user who acts (or set LEADPOOL_AS)");
    return actor;
}

Timestamp Session::now() {
    open_clock();
    return clock_->now();
}

std::string read_text(const std::string& path) {
    if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError(path + ": cannot be read");
    return std::string(std::istreambuf_iterator<char>(in), {});
}

Pool find_pool(Engine& engine, const UserId& actor, const std::string& name_or_id) {
    const std::vector<Pool> pools = engine.pools(actor);
    for (const Pool& pool : pools) {
        if (pool.name == name_or_id) return pool;
    }
    const bool numeric = !name_or_id.empty() &&
                         name_or_id.find_first_not_of("0123456789") == std::string::npos && name_or_id.size() < 18;
    if (numeric) {
        const PoolId id = std::stoll(name_or_id);
        for (const Pool& pool : pools) {
            if (pool.id == id) return pool;
        }
    }
    throw Error(ErrorCode::not_found, "no pool is named '" + name_or_id + "'");
}

}  // namespace leadpool::cli
