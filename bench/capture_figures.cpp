// Capture: leadpool's capture_batch and capture against the raw loop writing the same rows.
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

#include "figure.hpp"
#include "isolated.hpp"
#include "raw_sqlite.hpp"

namespace leadpool::bench {
namespace {

constexpr std::size_t kDurableCaptures = 1000;

// A fresh file with leadpool's schema and the bench company; the company's pools.
Company fresh_company_file(const std::string& path) {
    remove_database(path);
    return set_up_company(*bench_engine(path));
}

// Seconds the engine takes to capture leads [first, last) in batches.
double engine_batches(Engine& engine, std::size_t first, std::size_t last) {
    double spent = 0;
    for (std::size_t at = first; at < last; at += kBatch) {
        const auto batch = lead_batch(at, std::min(kBatch, last - at));
        spent += seconds([&] { engine.capture_batch(kActor, batch); });
    }
    return spent;
}

// The memory baseline: what a capture does to each record — its identities normalised (the phone
// parsed by libphonenumber, as leadpool does), its attributes parsed and written back as JSON —
// and the records it makes (lead, identity index, history row, change) kept in standard
// containers.
double raw_memory_batches(std::size_t leads) {
    const IdentityRules rules = IdentityRules::defaults();
    std::unordered_map<std::string, LeadId> identities;
    std::vector<Lead> stored;
    std::vector<HistoryEntry> history;
    std::vector<Change> changes;
    double spent = 0;
    for (std::size_t first = 0; first < leads; first += kBatch) {
        const auto batch = lead_batch(first, std::min(kBatch, leads - first));
        spent += seconds([&] {
            for (const LeadInput& input : batch) {
                Lead lead;
                lead.id = static_cast<LeadId>(stored.size() + 1);
                for (const Identity& identity : input.identities) {
                    lead.identities.push_back(normalize_identity(identity, rules));
                }
                lead.attributes = nlohmann::json::parse(input.attributes).dump();
                lead.channel = input.channel;
                lead.channels = {input.channel};
                lead.attribution = input.attribution;
                lead.tags = input.tags;
                lead.created_at = lead.updated_at = lead.last_activity_at = kBenchTime;
                for (const Identity& identity : lead.identities) identities.emplace(identity.value, lead.id);
                HistoryEntry entry;
                entry.seq = static_cast<std::int64_t>(history.size() + 1);
                entry.lead = lead.id;
                entry.actor = kActor;
                entry.at = kBenchTime;
                entry.detail = capture_detail(input);
                Change change;
                change.seq = entry.seq;
                change.at = entry.at;
                change.actor = entry.actor;
                change.kind = to_string(Action::capture);
                change.lead = lead.id;
                change.version = 1;
                change.detail = entry.detail;
                changes.push_back(std::move(change));
                history.push_back(std::move(entry));
                stored.push_back(std::move(lead));
            }
        });
    }
    return spent;
}

}  // namespace

// The file every later figure reads is captured in thirds, each third by the engine (in a child
// process, so its peak memory is its own) and then by the raw loop: three runs side by side.
std::vector<Measurement> capture_into_sqlite(Workload& w) {
    w.company = fresh_company_file(w.engine_file());
    fresh_company_file(w.raw_file());
    std::vector<Run> runs;
    std::vector<Run> rss_runs;  // peak RSS of each run, beside its baseline's
    for (int run = 0; run < kRuns; ++run) {
        const auto [first, last] = third(w.leads, run);
        if (first == last) continue;
        const auto engine = run_isolated([&, first = first, last = last] {
            return engine_batches(*bench_engine(w.engine_file()), first, last);
        });
        const auto raw = run_isolated([&, first = first, last = last] {
            RawSqlite db(w.raw_file(), "FULL");
            double spent = 0;
            for (std::size_t at = first; at < last; at += kBatch) {
                const auto batch = lead_batch(at, std::min(kBatch, last - at));
                spent += seconds([&] {
                    db.begin();
                    for (const LeadInput& input : batch) db.capture(input);
                    db.commit();
                });
            }
            return spent;
        });
        const double n = static_cast<double>(last - first);
        runs.push_back(Run{n / engine.value, n / raw.value, std::nullopt});
        rss_runs.push_back({engine.peak_rss_mb, raw.peak_rss_mb, std::nullopt});
    }
    require_same_rows(w);
    return {
        rate("capture_sqlite_batch", runs, "leads/s", Target{Target::Of::ratio, Target::Op::at_least, 0.6}),
        cost("ingest_peak_rss", std::move(rss_runs), "MB",
             Target{Target::Of::value, Target::Op::at_most, 200})};
}

std::vector<Measurement> capture_into_memory(Workload& w) {
    std::vector<Run> runs;
    for (int run = 0; run < kRuns; ++run) {
        const auto engine = run_isolated([&] {
            auto memory = bench_engine(open_memory_store());
            set_up_company(*memory);
            return engine_batches(*memory, 0, w.leads);
        });
        const auto raw = run_isolated([&] { return raw_memory_batches(w.leads); });
        const double n = static_cast<double>(w.leads);
        runs.push_back(Run{n / engine.value, n / raw.value, std::nullopt});
    }
    return {
        rate("capture_memory_batch", runs, "leads/s", Target{Target::Of::ratio, Target::Op::at_least, 0.8})};
}

std::vector<Measurement> durable_single_capture(Workload& w) {
    const std::size_t n = std::min(w.leads, kDurableCaptures);
    const std::string engine_file = (w.dir / "durable-leadpool.db").string();
    const std::string raw_file = (w.dir / "durable-raw.db").string();
    const auto inputs = lead_batch(0, n);
    std::vector<Run> runs;
    for (int run = 0; run < kRuns; ++run) {
        fresh_company_file(engine_file);
        fresh_company_file(raw_file);
        double engine_spent = 0;
        {
            auto engine = bench_engine(engine_file);
            engine_spent = seconds([&] {
                for (const LeadInput& input : inputs) engine->capture(kActor, input);
            });
        }
        double raw_spent = 0;
        {
            RawSqlite db(raw_file, "FULL");
            raw_spent = seconds([&] {
                for (const LeadInput& input : inputs) {
                    db.begin();
                    db.capture(input);
                    db.commit();
                }
            });
        }
        const double count = static_cast<double>(n);
        runs.push_back(Run{count / engine_spent, count / raw_spent, std::nullopt});
    }
    remove_database(engine_file);
    remove_database(raw_file);
    return {rate("capture_sqlite_durable_single", runs, "leads/s",
                 Target{Target::Of::ratio, Target::Op::at_least, 0.8})};
}

}  // namespace leadpool::bench
