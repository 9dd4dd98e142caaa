// leadpool CLI — what every command shares: the store, the actor, the clock, the output mode.
#pragma once

#include <leadpool/engine.hpp>

#include <memory>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace leadpool::cli {

struct Session {
    std::string store_uri = "sqlite:crm.db";  // --store
    std::string actor;                        // --as (or LEADPOOL_AS)
    std::string now_text;                     // --now: a manual clock standing there
    bool quiet = false;                       // --quiet: no progress output
    int busy_timeout_ms = 5000;               // --busy-timeout: how long a writer waits for the lock

    // The engine on the store, on a manual clock when --now was given. Opened once.
    Engine& engine();
    // The acting user; UsageError when --as was not given.
    const UserId& as() const;
    // The clock's now (--now, else the system's).
    Timestamp now();

    void add_options(CLI::App& app);

private:
    std::unique_ptr<Engine> engine_;
    std::shared_ptr<const Clock> clock_;
    void open_clock();
};

// The whole text of the file at `path` ("-": stdin); UsageError when it cannot be read.
std::string read_text(const std::string& path);

// A sub pool (or the master pool) named by its name or id, as `actor` sees the pools.
Pool find_pool(Engine& engine, const UserId& actor, const std::string& name_or_id);

}  // namespace leadpool::cli
