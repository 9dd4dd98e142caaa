// The command-line tool: `leadpool import` of a CSV file (a child process reading, mapping and
// ingesting it in batches of 1000) against the engine's own Engine::ingest of the same records
// into another file, and the tool's peak memory.
#include <fcntl.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "figure.hpp"
#include "isolated.hpp"
#include "raw_sqlite.hpp"

namespace leadpool::bench {
namespace {

// The CSV file of run `run`: a third of the rows.
std::string csv_name(int run) { return "cli-import-" + std::to_string(run + 1) + ".csv"; }

// The file's rows are the generated leads [first, last) (workload.cpp) as a CRM export writes them.
void write_csv(const std::string& path, std::size_t first, std::size_t last) {
    std::ofstream out(path, std::ios::binary);
    out << "phone,channel,city,name,source,medium,campaign,tags\r\n";
    for (std::size_t i = first; i < last; ++i) {
        const LeadInput lead = lead_input(i);
        out << std::to_string(13000000000ULL + i) << ',' << lead.channel << ",city-" << i % 50 << ",Lead " << i
            << ',' << lead.attribution.source << ',' << lead.attribution.medium << ',' << lead.attribution.campaign
            << ',' << lead.tags[0] << "\r\n";
    }
    if (!out) throw std::runtime_error("bench: cannot write " + path);
}

// The records the tool makes of leads [first, first + count) from the file `name` whose first row
// is lead `file_first`: what the baseline ingests.
std::vector<ChannelRecord> csv_records(const std::string& name, std::size_t file_first, std::size_t first,
                                       std::size_t count) {
    std::vector<ChannelRecord> batch;
    batch.reserve(count);
    for (std::size_t i = first; i < first + count; ++i) {
        LeadInput lead = lead_input(i);
        ChannelRecord r;
        r.channel = std::move(lead.channel);
        r.record_id = name + ":" + std::to_string(i - file_first + 2);  // the file's line
        r.identities = {Identity{IdentityKind::phone, std::to_string(13000000000ULL + i), ""}};
        r.attributes = std::move(lead.attributes);
        r.attribution = std::move(lead.attribution);
        r.tags = std::move(lead.tags);
        batch.push_back(std::move(r));
    }
    return batch;
}

// Runs the tool to the end: its wall time and peak resident set. A forked child, not
// posix_spawn: glibc's posix_spawn runs the child on the parent's memory until the exec, and Linux
// keeps that memory's high-water mark in the child's ru_maxrss. A forked child's starts at the
// parent's resident set, which the freed heap handed back first keeps small.
IsolatedResult run_tool(const std::vector<std::string>& arguments) {
    std::vector<char*> argv;
    for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    struct rusage usage {};
    std::fflush(nullptr);
    malloc_trim(0);
    const double spent = seconds([&] {
        const pid_t child = fork();
        if (child < 0) throw std::runtime_error("bench: cannot start " + arguments[0]);
        if (child == 0) {
            // Its summary goes to /dev/null; errors stay on stderr.
            const int null = open("/dev/null", O_WRONLY);
            if (null < 0 || dup2(null, 1) < 0) _exit(126);
            execv(argv[0], argv.data());
            _exit(127);
        }
        int status = 0;
        if (wait4(child, &status, 0, &usage) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            throw std::runtime_error("bench: leadpool import failed");
        }
    });
    return {spent, static_cast<double>(usage.ru_maxrss) / 1024.0};  // ru_maxrss is in KiB on Linux
}

}  // namespace

// The rows in thirds, each third a CSV file imported by the tool and then ingested by the engine
// from the same records: three runs side by side.
std::vector<Measurement> cli_import_csv(Workload& w) {
    const std::string cli_file = (w.dir / "cli-leadpool.db").string();
    const std::string engine_file = (w.dir / "cli-engine.db").string();
    for (const std::string& file : {cli_file, engine_file}) {
        remove_database(file);
        set_up_company(*bench_engine(file));
    }
    std::vector<Run> runs;
    std::vector<Run> rss_runs;  // peak RSS of each run, beside its baseline's
    for (int run = 0; run < kRuns; ++run) {
        const auto [first, last] = third(w.leads, run);
        if (first == last) continue;
        const std::string name = csv_name(run);
        const std::string csv = (w.dir / name).string();
        write_csv(csv, first, last);
        const IsolatedResult tool = run_tool({LEADPOOL_CLI_PATH, "--store", "sqlite:" + cli_file, "--as", kActor,
                                              "--now", std::to_string(kBenchTime), "--quiet", "import", csv,
                                              "--map", "attributes.city=city,attributes.name=name"});
        const IsolatedResult engine = run_isolated([&, first = first, last = last] {
            return ingest_seconds(engine_file, first, last, [&](std::size_t at, std::size_t count) {
                return csv_records(name, first, at, count);
            });
        });
        std::remove(csv.c_str());
        const double n = static_cast<double>(last - first);
        runs.push_back({n / tool.value, n / engine.value, std::nullopt});
        rss_runs.push_back({tool.peak_rss_mb, engine.peak_rss_mb, std::nullopt});
    }
    // The tool wrote what the engine wrote from the records, row for row.
    require_same_rows(cli_file, engine_file,
                      {"leads", "identities", "lead_tags", "history", "funnel_counts", "deliveries"});
    remove_database(cli_file);
    remove_database(engine_file);
    return {rate("cli_import_csv", std::move(runs), "rows/s", Target{Target::Of::ratio, Target::Op::at_least, 0.9}),
            cost("cli_import_peak_rss", std::move(rss_runs), "MB",
                 Target{Target::Of::value, Target::Op::at_most, 100})};
}

}  // namespace leadpool::bench
