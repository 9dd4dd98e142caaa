// The change feed's cost to the writers: capture on SQLite and on the memory store, and batch
// transitions on SQLite, each on a fresh store without a subscriber (the baseline) and with one
// that is handed every change — at most 10% slower. Then how fast a consumer catches up: every
// change of the file read in pages.
#include <stdexcept>
#include <string>
#include <vector>

#include "figure.hpp"

namespace leadpool::bench {
namespace {

// The leads of these figures: a fresh store each, eight times over.
constexpr std::size_t kFeedLeads = 100'000;
constexpr Target kAtMostTenPercent{Target::Of::ratio, Target::Op::at_least, 0.9};

struct WriteTimes {
    double capture_seconds = 0;
    double transition_seconds = 0;  // 0 on the memory store
};

// Captures `leads` in batches, then (with `transitions`) distributes each to its leaf and owner;
// with `subscribed` a subscriber is handed every change on the way.
WriteTimes write_through(Engine& engine, std::size_t leads, bool subscribed, bool transitions) {
    const Company company = set_up_company(engine);
    std::size_t heard = 0;
    if (subscribed) engine.subscribe(kActor, {}, [&](const std::vector<Change>& changes) { heard += changes.size(); });
    WriteTimes run;
    for (std::size_t first = 0; first < leads; first += kBatch) {
        const auto batch = lead_batch(first, std::min(kBatch, leads - first));
        run.capture_seconds += seconds([&] { engine.capture_batch(kActor, batch); });
    }
    if (!transitions) return run;
    // The leads were captured into a fresh store: their ids are 1..leads.
    for (std::size_t first = 0; first < leads; first += kBatch) {
        std::vector<TransitionRequest> moves;
        for (std::size_t i = first; i < std::min(leads, first + kBatch); ++i) {
            moves.push_back(TransitionRequest::distribute(static_cast<LeadId>(i + 1), company.leaves[i % 4],
                                                          company.sellers[i % 4]));
        }
        run.transition_seconds += seconds([&] { engine.transition_batch(kActor, moves); });
    }
    if (subscribed && heard < 2 * leads) throw std::runtime_error("bench: the subscriber missed changes");
    return run;
}

WriteTimes sqlite_run(Workload& w, const char* name, bool subscribed) {
    const std::string file = (w.dir / name).string();
    remove_database(file);
    return write_through(*bench_engine(file), std::min(w.leads, kFeedLeads), subscribed, true);
}

WriteTimes memory_run(std::size_t leads, bool subscribed) {
    return write_through(*bench_engine(open_memory_store()), leads, subscribed, false);
}

}  // namespace

std::vector<Measurement> feed_cost(Workload& w) {
    const double n = static_cast<double>(std::min(w.leads, kFeedLeads));
    const auto leads = static_cast<std::size_t>(n);
    // kRuns rounds, plain and subscribed in turn, the order reversed every other round
    // (whichever goes first warms the page cache and the allocator for the other). The memory
    // store's first run after the SQLite ones mostly pays for fresh pages from the kernel, so one
    // run warms it up uncounted.
    memory_run(leads, false);
    std::vector<Run> capture_runs, transition_runs, memory_runs;
    for (int round = 0; round < kRuns; ++round) {
        const bool subscribed_first = round % 2 == 1;
        const WriteTimes a = sqlite_run(w, "feed-a.db", subscribed_first);
        const WriteTimes b = sqlite_run(w, "feed-b.db", !subscribed_first);
        const WriteTimes ma = memory_run(leads, subscribed_first);
        const WriteTimes mb = memory_run(leads, !subscribed_first);
        const WriteTimes& plain = subscribed_first ? b : a;
        const WriteTimes& subscribed = subscribed_first ? a : b;
        const WriteTimes& memory_plain = subscribed_first ? mb : ma;
        const WriteTimes& memory_subscribed = subscribed_first ? ma : mb;
        capture_runs.push_back({n / subscribed.capture_seconds, n / plain.capture_seconds, std::nullopt});
        transition_runs.push_back({n / subscribed.transition_seconds, n / plain.transition_seconds, std::nullopt});
        memory_runs.push_back({n / memory_subscribed.capture_seconds, n / memory_plain.capture_seconds, std::nullopt});
    }

    // A consumer catching up from 0: every change of a file, a page at a time.
    auto reader = bench_engine((w.dir / "feed-a.db").string());
    std::vector<Run> catch_up_runs;
    for (int run = 0; run < kRuns; ++run) {
        ChangeQuery query;
        query.limit = kMaxPageSize;
        std::size_t read = 0;
        const double catch_up = seconds([&] {
            for (;;) {
                const ChangePage page = reader->changes(kActor, query);
                read += page.changes.size();
                query.since = page.next;
                if (page.next == page.last) break;
            }
        });
        catch_up_runs.push_back({static_cast<double>(read) / catch_up, std::nullopt, std::nullopt});
    }
    reader.reset();
    for (const char* name : {"feed-a.db", "feed-b.db"}) remove_database((w.dir / name).string());

    return {rate("feed_capture_sqlite_subscribed", std::move(capture_runs), "leads/s", kAtMostTenPercent),
            rate("feed_transition_sqlite_subscribed", std::move(transition_runs), "leads/s", kAtMostTenPercent),
            rate("feed_capture_memory_subscribed", std::move(memory_runs), "leads/s", kAtMostTenPercent),
            rate("feed_catch_up_sqlite", std::move(catch_up_runs), "changes/s")};
}

}  // namespace leadpool::bench
