// leadpool_bench: every figure against its raw baseline from the same run (bench/README.md).
//
//   leadpool_bench [--leads N] [--dir DIR] [--json FILE] [--only FIGURE,...] [--postgres URI]
#include <sqlite3.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "figure.hpp"

using namespace leadpool::bench;

namespace {

std::string cpu_model() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);) {
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    }
    return "unknown CPU";
}

std::string machine() {
    struct utsname name {};
    uname(&name);
    const double memory_gib = static_cast<double>(sysconf(_SC_PHYS_PAGES)) *
                              static_cast<double>(sysconf(_SC_PAGE_SIZE)) / (1024.0 * 1024.0 * 1024.0);
    char text[512];
    std::snprintf(text, sizeof text, "%s, %u cores, %.0f GiB, %s %s, SQLite %s", cpu_model().c_str(),
                  std::thread::hardware_concurrency(), memory_gib, name.sysname, name.release,
                  sqlite3_libversion());
    return text;
}

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, value >= 1000 ? "%.0f" : value >= 10 ? "%.1f" : "%.3g", value);
    return text;
}

// "median (min-max)" of one field of the runs, or the single value.
std::string spread(double median, const std::vector<Run>& runs, std::optional<double> Run::*field,
                   const std::string& suffix = "") {
    std::vector<double> values;
    for (const Run& run : runs) {
        if ((run.*field)) values.push_back(*(run.*field));
    }
    if (values.size() < 2) return number(median) + suffix;
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    return number(median) + suffix + " (" + number(*low) + "-" + number(*high) + ")";
}

void print_row(const Measurement& m) {
    std::string target = m.target ? m.target->describe(m.unit) : "";
    if (m.target) target += m.target->met(m.value, m.ratio) ? "  met" : "  MISSED";
    std::string value = number(m.value);
    if (m.runs.size() > 1) {
        std::vector<double> all;
        for (const Run& run : m.runs) all.push_back(run.value);
        const auto [low, high] = std::minmax_element(all.begin(), all.end());
        value += " (" + number(*low) + "-" + number(*high) + ")";
    }
    std::printf("| %-36s | %24s %-7s | %24s | %20s | %-20s |\n", m.name.c_str(), value.c_str(),
                m.unit.c_str(), m.baseline ? spread(*m.baseline, m.runs, &Run::baseline).c_str() : "-",
                m.ratio ? spread(*m.ratio, m.runs, &Run::ratio, "x").c_str() : "-", target.c_str());
    std::fflush(stdout);
}

nlohmann::json as_json(const Measurement& m) {
    nlohmann::json target = nullptr;
    if (m.target) {
        target = {{"of", m.target->of == Target::Of::value ? "value" : "ratio"},
                  {"op", m.target->op == Target::Op::at_least ? ">=" : "<="},
                  {"bound", m.target->bound},
                  {"met", m.target->met(m.value, m.ratio)}};
    }
    const auto optional = [](const std::optional<double>& v) {
        return v ? nlohmann::json(*v) : nlohmann::json();
    };
    nlohmann::json runs = nlohmann::json::array();
    for (const Run& run : m.runs) {
        runs.push_back(
            {{"value", run.value}, {"baseline", optional(run.baseline)}, {"ratio", optional(run.ratio)}});
    }
    return {{"name", m.name},
            {"value", m.value},
            {"unit", m.unit},
            {"baseline", optional(m.baseline)},
            {"ratio", optional(m.ratio)},
            {"target", target},
            {"runs", runs}};
}

[[noreturn]] void usage() {
    std::fprintf(stderr,
                 "usage: leadpool_bench [--leads N] [--dir DIR] [--json FILE] [--only FIGURE,...] "
                 "[--postgres URI]\n");
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    Workload workload;
    workload.dir = std::filesystem::temp_directory_path() / ("leadpool-bench-" + std::to_string(getpid()));
    std::string json_file;
    // Comma-separated figure names; empty: every figure. The reads, transitions and C ABI figures
    // work on the files capture_sqlite writes, so they need it too.
    std::string only;
    for (int i = 1; i < argc; ++i) {
        const std::string option = argv[i];
        if (i + 1 >= argc) usage();
        const std::string value = argv[++i];
        if (option == "--leads") {
            workload.leads = std::stoul(value);
        } else if (option == "--dir") {
            workload.dir = value;
        } else if (option == "--json") {
            json_file = value;
        } else if (option == "--only") {
            only = value;
        } else if (option == "--postgres") {
            workload.postgres_uri = value;
        } else {
            usage();
        }
    }
    if (workload.leads < 8) usage();  // every funnel step needs a lead to move
    std::filesystem::remove_all(workload.dir);
    std::filesystem::create_directories(workload.dir);

    std::printf("leadpool %s bench, %zu leads, on %s\n\n", leadpool::version(), workload.leads,
                machine().c_str());
    std::printf("| %-36s | %32s | %24s | %20s | %-20s |\n", "figure", "leadpool", "raw baseline", "ratio",
                "target");
    std::printf("|%s|%s|%s|%s|%s|\n", std::string(38, '-').c_str(), std::string(34, '-').c_str(),
                std::string(26, '-').c_str(), std::string(22, '-').c_str(), std::string(22, '-').c_str());
    nlohmann::json results = nlohmann::json::array();
    int status = 0;
    try {
        for (const Figure& figure : figures()) {
            if (!only.empty() &&
                ("," + only + ",").find("," + std::string(figure.name) + ",") == std::string::npos) {
                continue;
            }
            for (const Measurement& m : figure.run(workload)) {
                print_row(m);
                results.push_back(as_json(m));
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "leadpool_bench: %s\n", e.what());
        status = 1;
    }
    std::filesystem::remove_all(workload.dir);
    if (!json_file.empty()) std::ofstream(json_file) << results.dump(2) << "\n";
    return status;
}
