#include "figure.hpp"

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
    Measurement m{std::move(name), value, std::move(unit), baseline, std::nullopt, target};
    if (baseline && *baseline > 0) m.ratio = value / *baseline;
    return m;
}

Measurement cost(std::string name, double value, std::string unit, std::optional<double> baseline,
                 std::optional<Target> target) {
    Measurement m{std::move(name), value, std::move(unit), baseline, std::nullopt, target};
    if (baseline && value > 0) m.ratio = *baseline / value;
    return m;
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
