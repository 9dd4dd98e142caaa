#include "figure.hpp"

#include <algorithm>
#include <cstdio>

namespace leadpool::bench {

bool Target::met(double value, std::optional<double> ratio) const {
    const std::optional<double> measured = of == Of::value ? std::optional<double>(value) : ratio;
    if (!measured) return false;
    return op == Op::at_least ? *measured >= bound : *measured <= bound;
}

std::string Target::describe(const std::string& unit) const {
    char text[64];
    std::snprintf(text, sizeof text, "%s %g%s", op == Op::at_least ? ">=" : "<=", bound,
                  of == Of::ratio ? "x" : (" " + unit).c_str());
    return text;
}

Measurement rate(std::string name, double value, std::string unit, std::optional<double> baseline,
                 std::optional<Target> target) {
    Measurement m{std::move(name), value, std::move(unit), baseline, std::nullopt, target, {}};
    if (baseline && *baseline > 0) m.ratio = value / *baseline;
    return m;
}

Measurement cost(std::string name, double value, std::string unit, std::optional<double> baseline,
                 std::optional<Target> target) {
    Measurement m{std::move(name), value, std::move(unit), baseline, std::nullopt, target, {}};
    if (baseline && value > 0) m.ratio = *baseline / value;
    return m;
}

namespace {

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

// `ratio_of(value, baseline)`: a rate's or a cost's ratio.
Measurement from_runs(std::string name, std::vector<Run> runs, std::string unit, std::optional<Target> target,
                      double (*ratio_of)(double, double)) {
    Measurement m{std::move(name), 0, std::move(unit), std::nullopt, std::nullopt, target, {}};
    std::vector<double> values, baselines, ratios;
    for (Run& run : runs) {
        values.push_back(run.value);
        if (!run.baseline) continue;
        baselines.push_back(*run.baseline);
        if (run.value > 0 && *run.baseline > 0) run.ratio = ratio_of(run.value, *run.baseline);
        if (run.ratio) ratios.push_back(*run.ratio);
    }
    if (!values.empty()) m.value = median(values);
    if (!baselines.empty()) m.baseline = median(baselines);
    if (!ratios.empty()) m.ratio = median(ratios);
    m.runs = std::move(runs);
    return m;
}

}  // namespace

Measurement rate(std::string name, std::vector<Run> runs, std::string unit, std::optional<Target> target) {
    return from_runs(std::move(name), std::move(runs), std::move(unit), target,
                     [](double value, double baseline) { return value / baseline; });
}

Measurement cost(std::string name, std::vector<Run> runs, std::string unit, std::optional<Target> target) {
    return from_runs(std::move(name), std::move(runs), std::move(unit), target,
                     [](double value, double baseline) { return baseline / value; });
}

const std::vector<Figure>& figures() {
    static const std::vector<Figure> table = {
        {"capture_sqlite", capture_into_sqlite},  // writes both files; later figures read them
        {"capture_memory", capture_into_memory},
        {"capture_durable", durable_single_capture},
        {"ingest", ingest_with_duplicates},
        {"identities", identity_upkeep},
        {"transitions", batch_transitions},  // moves the leads the reads below filter on
        {"funnel", funnel_report},
        {"list", filtered_list},
        {"search", searched_list},
        {"assignment", distribute_over_team},
        {"permission", permission_check},
        {"c_abi", c_abi_overhead},
        {"feed", feed_cost},
        {"score", score_sorted_list},  // scores every lead of the file
        {"analytics", analytics},
        {"growth", growth},  // its own file, grown to five times --leads
#ifdef LEADPOOL_CLI_PATH
        {"cli_import", cli_import_csv},
#endif
#ifdef LEADPOOL_HAS_POSTGRES_STORE
        {"postgres", capture_into_postgres},
        {"assignment_postgres", distribute_over_team_postgres},
#endif
    };
    return table;
}

}  // namespace leadpool::bench
