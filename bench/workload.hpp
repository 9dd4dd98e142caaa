// The data every figure works on: a company with a small pool tree and N generated leads, in a
// leadpool SQLite file and, row for row, in the raw baseline's file.
#pragma once

#include <leadpool/leadpool.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace leadpool::bench {

// 2026-01-01T00:00:00Z: the bench clock stands here, so both files hold the same times.
inline constexpr Timestamp kBenchTime = 1767225600000;
inline constexpr std::size_t kBatch = 1000;
inline constexpr const char* kActor = "boss";

// The sub pools: two regions with two leaf pools each, one salesperson owning the leads of a leaf.
struct Company {
    PoolId north = 0, south = 0;
    std::vector<PoolId> leaves;   // north_a, north_b, south_a, south_b
    std::vector<UserId> sellers;  // the owner of the leads of each leaf, by leaf
};

struct Workload {
    std::size_t leads = 1'000'000;
    std::filesystem::path dir;  // scratch files, emptied before a run
    Company company;            // the same ids in both files
    std::string postgres_uri;   // the server of the PostgreSQL figures; empty: they do not run

    std::string engine_file() const { return (dir / "leadpool.db").string(); }
    std::string raw_file() const { return (dir / "raw.db").string(); }
};

// The i-th generated lead: a phone, one of four channels, two attributes, a tag, attribution.
LeadInput lead_input(std::size_t i);
std::vector<LeadInput> lead_batch(std::size_t first, std::size_t count);

// Sets up the company on an empty store (engine at kBenchTime) and returns its pools.
Company set_up_company(Engine& engine);

// An engine on the SQLite file whose clock stands at kBenchTime.
std::unique_ptr<Engine> bench_engine(const std::string& path,
                                     SqliteOptions::Synchronous sync = SqliteOptions::Synchronous::full);
std::unique_ptr<Engine> bench_engine(std::unique_ptr<Store> store);

// The seconds Engine::ingest spends on records [first, last), in batches of kBatch made by
// `batch(first, count)` (not timed), on an engine on the SQLite file.
double ingest_seconds(const std::string& path, std::size_t first, std::size_t last,
                      const std::function<std::vector<ChannelRecord>(std::size_t, std::size_t)>& batch);

// Removes a SQLite file and its WAL files.
void remove_database(const std::string& path);

// Seconds `work` takes on the steady clock.
template <typename Work>
double seconds(Work&& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The mean milliseconds of `runs` runs of `work`.
template <typename Work>
double mean_ms(int runs, Work&& work) {
    return seconds([&] {
               for (int i = 0; i < runs; ++i) work();
           }) *
           1000.0 / runs;
}

// Wall and CPU seconds of `work`. The CPU time (user + system, the whole process) is what the
// work costs whatever else the machine runs; the wall time includes waiting for a shared core.
struct Timing {
    double wall = 0;
    double cpu = 0;
};
double process_cpu_seconds();
template <typename Work>
Timing timed(Work&& work) {
    const double cpu_start = process_cpu_seconds();
    Timing timing;
    timing.wall = seconds(std::forward<Work>(work));
    timing.cpu = process_cpu_seconds() - cpu_start;
    return timing;
}

}  // namespace leadpool::bench
