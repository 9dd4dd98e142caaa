// What one benchmark figure reports, and the table of every figure the bench runs.
//
// Adding a figure: write a function `std::vector<Measurement> name(Workload&)` in the file of its
// concept, declare it below and add one row to kFigures in figures.cpp.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "workload.hpp"

namespace leadpool::bench {

// A bound a figure should meet, on its value or on its ratio to the baseline.
struct Target {
    enum class Of { value, ratio };
    enum class Op { at_least, at_most };
    Of of = Of::ratio;
    Op op = Op::at_least;
    double bound = 0;

    bool met(double value, std::optional<double> ratio) const;
    std::string describe(const std::string& unit) const;
};

// One run of a figure and the run of its baseline taken beside it in the same process, so that
// both saw the same machine; the ratio is taken between the two.
struct Run {
    double value = 0;
    std::optional<double> baseline;
    std::optional<double> ratio;
};

struct Measurement {
    std::string name;
    double value = 0;
    std::string unit;
    std::optional<double> baseline;  // the same work done by the raw baseline, same unit
    // How leadpool compares with the baseline: > 1 is better than the baseline. For rates it is
    // value / baseline, for times and sizes baseline / value.
    std::optional<double> ratio;
    std::optional<Target> target;
    // Every run of a figure measured several times; value, baseline and ratio are then the
    // medians (the ratio the median of the runs' own ratios).
    std::vector<Run> runs;
};

// A rate (higher is better) or a cost (lower is better), with its baseline and the ratio.
Measurement rate(std::string name, double value, std::string unit, std::optional<double> baseline = {},
                 std::optional<Target> target = {});
Measurement cost(std::string name, double value, std::string unit, std::optional<double> baseline = {},
                 std::optional<Target> target = {});
// The same from several runs (each Run's value and baseline; its ratio is filled in).
Measurement rate(std::string name, std::vector<Run> runs, std::string unit,
                 std::optional<Target> target = {});
Measurement cost(std::string name, std::vector<Run> runs, std::string unit,
                 std::optional<Target> target = {});

// How many times a repeatable figure runs, each beside its baseline.
inline constexpr int kRuns = 3;

// The part of [0, leads) that run `run` of kRuns writes, for a figure that fills one file in
// parts: each run takes the next third.
inline std::pair<std::size_t, std::size_t> third(std::size_t leads, int run) {
    const auto part = [&](int k) { return leads * static_cast<std::size_t>(k) / kRuns; };
    return {part(run), part(run + 1)};
}

// kRuns runs of `work`, each beside a run of `baseline`: the mean milliseconds of `calls` calls
// of each, so that a run and its baseline's see the same machine.
template <typename Work, typename Baseline>
std::vector<Run> paired_ms(int calls, Work&& work, Baseline&& baseline) {
    std::vector<Run> runs;
    for (int run = 0; run < kRuns; ++run) {
        const double value = mean_ms(calls, work);
        runs.push_back({value, mean_ms(calls, baseline), std::nullopt});
    }
    return runs;
}

// kRuns runs of a figure without a baseline, each the mean milliseconds of `calls` calls.
template <typename Work>
std::vector<Run> runs_ms(int calls, Work&& work) {
    std::vector<Run> runs;
    for (int run = 0; run < kRuns; ++run) runs.push_back({mean_ms(calls, work), std::nullopt, std::nullopt});
    return runs;
}

using FigureFunction = std::vector<Measurement> (*)(Workload&);

struct Figure {
    const char* name;
    FigureFunction run;
};

// capture_figures.cpp
std::vector<Measurement> capture_into_sqlite(Workload& workload);
std::vector<Measurement> capture_into_memory(Workload& workload);
std::vector<Measurement> durable_single_capture(Workload& workload);
// transition_figures.cpp
std::vector<Measurement> batch_transitions(Workload& workload);
// read_figures.cpp
std::vector<Measurement> funnel_report(Workload& workload);
std::vector<Measurement> filtered_list(Workload& workload);
std::vector<Measurement> searched_list(Workload& workload);
// ingest_figures.cpp
std::vector<Measurement> ingest_with_duplicates(Workload& workload);
// identity_figures.cpp: re-keying the stored phones under a new region, and erasures
std::vector<Measurement> identity_upkeep(Workload& workload);
// assignment_figures.cpp
std::vector<Measurement> distribute_over_team(Workload& workload);
// A fresh engine's team: 100 salespeople in one sub pool, a routing table sending every lead
// there (one rule on the city, the default for the rest), and `leads` captured leads; the pool.
PoolId set_up_team(Engine& engine, std::size_t leads);
// What the SQLite team figures do beside the engine: the raw routing's seconds (of a copy taken
// before), a check of the routed store that returns the raw assignment's seconds (of a copy
// taken then), and a check of the assigned store.
struct TeamBaselines {
    std::optional<double> route_seconds;
    std::function<std::optional<double>()> after_route;
    std::function<void()> after_assign;
};
struct TeamRun {
    double route = 0;
    std::optional<double> raw_route;
    Timing assign;
    std::optional<double> raw_assign;
};
// One run of the team: route the captured leads into the pool, then assign them over the 100
// salespeople.
TeamRun team_run(Engine& engine, PoolId pool, std::size_t leads, const TeamBaselines& baselines = {});
// The team figures from several runs, each name ending in `suffix`; ratios against the raw loops
// when the runs have them.
std::vector<Measurement> team_figures(const std::vector<TeamRun>& runs, std::size_t leads, const std::string& suffix);
// feed_figures.cpp
std::vector<Measurement> feed_cost(Workload& workload);
// scoring_figures.cpp: every lead rescored, then a list sorted by score
std::vector<Measurement> score_sorted_list(Workload& workload);
// access_figures.cpp
std::vector<Measurement> permission_check(Workload& workload);
// growth_figures.cpp: the same fixed work at a tenth of, at, and five times --leads
std::vector<Measurement> growth(Workload& workload);
// analytics_figures.cpp: the funnel by pool x capture month, the period report, the cohort table
std::vector<Measurement> analytics(Workload& workload);
std::vector<Measurement> c_abi_overhead(Workload& workload);
#ifdef LEADPOOL_CLI_PATH
// cli_figures.cpp: `leadpool import` of a CSV file against Engine::ingest of the same records
std::vector<Measurement> cli_import_csv(Workload& workload);
#endif
#ifdef LEADPOOL_HAS_POSTGRES_STORE
// postgres_figures.cpp
std::vector<Measurement> capture_into_postgres(Workload& workload);
std::vector<Measurement> distribute_over_team_postgres(Workload& workload);
#endif

// Every figure, in the order they run: later ones read the files earlier ones wrote.
const std::vector<Figure>& figures();

}  // namespace leadpool::bench
