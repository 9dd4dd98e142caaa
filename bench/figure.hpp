// What one benchmark figure reports, and the table of every figure the bench runs.
//
// Adding a figure: write a function `std::vector<Measurement> name(Workload&)` in the file of its
// concept, declare it below and add one row to kFigures in figures.cpp.
#pragma once

#include <optional>
#include <string>
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

struct Measurement {
    std::string name;
    double value = 0;
    std::string unit;
    std::optional<double> baseline;  // the same work done by the raw baseline, same unit
    // How leadpool compares with the baseline: > 1 is better than the baseline. For rates it is
    // value / baseline, for times and sizes baseline / value.
    std::optional<double> ratio;
    std::optional<Target> target;
};

// A rate (higher is better) or a cost (lower is better), with its baseline and the ratio.
Measurement rate(std::string name, double value, std::string unit, std::optional<double> baseline = {},
                 std::optional<Target> target = {});
Measurement cost(std::string name, double value, std::string unit, std::optional<double> baseline = {},
                 std::optional<Target> target = {});

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
// The team figures on a fresh engine: route `leads` captured leads into a sub pool, then assign
// them over 100 salespeople; each figure's name ends in `suffix`.
std::vector<Measurement> team_figures(Engine& engine, std::size_t leads, const std::string& suffix);
// feed_figures.cpp
std::vector<Measurement> feed_cost(Workload& workload);
// scoring_figures.cpp: every lead rescored, then a list sorted by score
std::vector<Measurement> score_sorted_list(Workload& workload);
// access_figures.cpp
std::vector<Measurement> permission_check(Workload& workload);
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
