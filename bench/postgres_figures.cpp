// The shared store: capture into PostgreSQL against raw COPY and raw multi-row INSERTs of the same
// rows, and two processes capturing into one lead pool at once. Needs a server: --postgres URI
// (scripts/bench.sh starts a throw-away one).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>

#include <leadpool/postgres_store.hpp>

#include "figure.hpp"
#include "raw_postgres.hpp"

namespace leadpool::bench {
namespace {

constexpr std::size_t kPostgresLeads = 100'000;

const char* const kEngineSchema = "bench_engine";
const char* const kCopySchema = "bench_raw_copy";
const char* const kInsertSchema = "bench_raw_insert";
const char* const kTwoProcessSchema = "bench_two_processes";
const char* const kTeamSchema = "bench_team";
constexpr std::size_t kTeamLeads = 100'000;

std::unique_ptr<Engine> postgres_engine(const Workload& w, const std::string& schema) {
    PostgresOptions options;
    options.schema = schema;
    return bench_engine(open_postgres_store(w.postgres_uri, options));
}

// A fresh schema with leadpool's tables and the bench company.
void fresh_company_schema(const Workload& w, const std::string& schema) {
    drop_postgres_schema(w.postgres_uri, schema);
    set_up_company(*postgres_engine(w, schema));
}

// The same person coming back through another channel: the capture updates their lead.
LeadInput returning_input(std::size_t i) {
    LeadInput input = lead_input(i);
    input.channel = "app-return";
    input.attributes = R"({"visits":2})";
    input.tags = {"returning"};
    return input;
}

// Seconds leadpool takes to capture leads [first, last) in batches, on its own connection; the
// inputs are `input(i)` (first sightings by default).
double engine_capture(const Workload& w, const std::string& schema, std::size_t first, std::size_t last,
                      LeadInput (*input)(std::size_t) = lead_input) {
    auto engine = postgres_engine(w, schema);
    double spent = 0;
    for (std::size_t at = first; at < last; at += kBatch) {
        std::vector<LeadInput> batch;
        for (std::size_t i = at; i < std::min(at + kBatch, last); ++i) batch.push_back(input(i));
        spent += seconds([&] { engine->capture_batch(kActor, batch); });
    }
    return spent;
}

template <typename Write>
double raw_capture(const Workload& w, const std::string& schema, std::size_t leads, Write write) {
    RawPostgres db(w.postgres_uri, schema);
    double spent = 0;
    for (std::size_t at = 0; at < leads; at += kBatch) {
        const auto batch = lead_batch(at, std::min(kBatch, leads - at));
        spent += seconds([&] { write(db, batch); });
    }
    return spent;
}

// Forks one child per range, each capturing its range through an engine of its own; the wall
// seconds until both are done. No connection is open across the fork.
double two_processes_capture(const Workload& w, std::size_t leads) {
    const std::size_t half = leads / 2;
    const double spent = seconds([&] {
        pid_t children[2] = {};
        for (int i = 0; i < 2; ++i) {
            children[i] = ::fork();
            if (children[i] < 0) throw std::runtime_error("bench: fork failed");
            if (children[i] == 0) {
                int status = 0;
                try {
                    engine_capture(w, kTwoProcessSchema, i == 0 ? 0 : half, i == 0 ? half : leads);
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "bench: capturing process: %s\n", e.what());
                    status = 1;
                }
                ::_exit(status);
            }
        }
        for (pid_t child : children) {
            int status = 0;
            if (::waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                throw std::runtime_error("bench: a capturing process failed");
            }
        }
    });
    RawPostgres db(w.postgres_uri, kTwoProcessSchema);
    if (db.value("SELECT count(*) FROM leads") != std::to_string(leads)) {
        throw std::runtime_error("bench: the two processes did not capture every lead once");
    }
    return spent;
}

}  // namespace

std::vector<Measurement> capture_into_postgres(Workload& w) {
    if (w.postgres_uri.empty()) {
        std::printf("| postgres: not run, no --postgres URI (scripts/bench.sh starts a server)\n");
        return {};
    }
    const std::size_t leads = std::min(w.leads, kPostgresLeads);
    const double n = static_cast<double>(leads);
    // Each run captures into fresh schemas: leadpool, then COPY, then INSERT, one after the other.
    std::vector<Run> versus_copy(kRuns), versus_insert(kRuns), two_processes(kRuns), again(kRuns);
    for (int run = 0; run < kRuns; ++run) {
        for (const char* schema : {kEngineSchema, kCopySchema, kInsertSchema, kTwoProcessSchema}) {
            fresh_company_schema(w, schema);
        }
        const double engine = engine_capture(w, kEngineSchema, 0, leads);
        const double copy = raw_capture(
            w, kCopySchema, leads,
            [](RawPostgres& db, const std::vector<LeadInput>& batch) { db.capture_by_copy(batch); });
        const double insert = raw_capture(
            w, kInsertSchema, leads,
            [](RawPostgres& db, const std::vector<LeadInput>& batch) { db.capture_by_insert(batch); });
        require_same_postgres_rows(w.postgres_uri, kEngineSchema, kCopySchema);
        require_same_postgres_rows(w.postgres_uri, kEngineSchema, kInsertSchema);
        // Every lead captured again updates it: as many leads, twice the history.
        const double recaptured = engine_capture(w, kEngineSchema, 0, leads, returning_input);
        {
            RawPostgres db(w.postgres_uri, kEngineSchema);
            if (db.value("SELECT count(*) FROM leads") != std::to_string(leads) ||
                db.value("SELECT count(*) FROM history") != std::to_string(2 * leads) ||
                db.value("SELECT count(*) FROM lead_tags WHERE tag = 'returning'") != std::to_string(leads)) {
                throw std::runtime_error("bench: capturing the leads again did not update each lead once");
            }
        }
        const double two = two_processes_capture(w, leads);
        const auto index = static_cast<std::size_t>(run);
        versus_copy[index] = Run{n / engine, n / copy, std::nullopt};
        versus_insert[index] = Run{n / engine, n / insert, std::nullopt};
        two_processes[index] = Run{n / two, n / engine, std::nullopt};
        again[index] = Run{n / recaptured, n / engine, std::nullopt};
    }
    for (const char* schema : {kEngineSchema, kCopySchema, kInsertSchema, kTwoProcessSchema}) {
        drop_postgres_schema(w.postgres_uri, schema);
    }

    const std::string count = std::to_string(leads / 1000) + "k";
    return {rate("capture_postgres_" + count + "_vs_copy", versus_copy, "leads/s",
                 Target{Target::Of::ratio, Target::Op::at_least, 0.9}),
            rate("capture_postgres_" + count + "_vs_insert", versus_insert, "leads/s"),
            rate("capture_postgres_" + count + "_two_processes", two_processes, "leads/s"),
            rate("capture_postgres_" + count + "_again", again, "leads/s")};
}

std::vector<Measurement> distribute_over_team_postgres(Workload& w) {
    if (w.postgres_uri.empty()) {
        std::printf("| assignment_postgres: not run, no --postgres URI (scripts/bench.sh starts a server)\n");
        return {};
    }
    const std::size_t leads = std::min(w.leads, kTeamLeads);
    std::vector<TeamRun> runs;
    for (int run = 0; run < kRuns; ++run) {
        drop_postgres_schema(w.postgres_uri, kTeamSchema);
        auto engine = postgres_engine(w, kTeamSchema);
        runs.push_back(team_run(*engine, set_up_team(*engine, leads), leads));
    }
    drop_postgres_schema(w.postgres_uri, kTeamSchema);
    return team_figures(runs, leads, "_postgres");
}

}  // namespace leadpool::bench
