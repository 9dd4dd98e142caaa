// leadpool funnel: the funnel read both ways, as a table or JSON, whole or broken down.
#include <CLI/CLI.hpp>
#include <leadpool/json.hpp>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "breakdown.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "session.hpp"

namespace leadpool::cli {
namespace {

struct FunnelOptions {
    std::string by;
    bool json = false;
};

constexpr Tier kTiers[] = {Tier::master, Tier::sub, Tier::opportunity, Tier::order, Tier::lost, Tier::invalid};

void print_funnel(std::ostream& out, const FunnelReport& report) {
    std::vector<std::vector<std::string>> rows;
    for (const Tier tier : kTiers) {
        rows.push_back({to_string(tier), grouped(report[tier].at), grouped(report[tier].reached)});
    }
    print_table(out, {"tier", "at now", "reached"}, rows, {1, 2});
    out << "\nleads " << grouped(report.leads) << "\n";
    for (const auto& c : report.conversions) {
        out << to_string(c.from) << " → " << to_string(c.to) << "  " << percent(c.rate) << "\n";
    }
    out << "main line (orders ÷ leads)  " << percent(report.main_line_conversion) << "\n";
}

void print_groups(std::ostream& out, Breakdown by, const std::vector<FunnelGroup>& groups) {
    std::vector<std::vector<std::string>> rows;
    for (const FunnelGroup& g : groups) {
        const FunnelReport& r = g.report;
        rows.push_back({std::string(static_cast<std::size_t>(g.depth) * 2, ' ') + g.label, grouped(r.leads),
                        grouped(r[Tier::sub].reached), grouped(r[Tier::opportunity].reached),
                        grouped(r[Tier::order].reached), grouped(r[Tier::lost].at), grouped(r[Tier::invalid].at),
                        percent(r.main_line_conversion)});
    }
    print_table(out, {to_string(by), "leads", "reached sub", "opportunity", "order", "lost", "invalid", "orders ÷ leads"},
                rows, {1, 2, 3, 4, 5, 6, 7});
}

}  // namespace

void add_funnel_command(CLI::App& app, Session& session, int& result) {
    auto options = std::make_shared<FunnelOptions>();
    CLI::App* cmd = app.add_subcommand("funnel", "the funnel: leads at each tier now and ever reached");
    cmd->add_option("--by", options->by, "break it down by pool, owner, channel or month")
        ->check(CLI::IsMember({"pool", "owner", "channel", "month"}));
    cmd->add_flag("--json", options->json, "as JSON (docs/json.md FunnelReport)");
    cmd->callback([&session, &result, options] {
        Engine& engine = session.engine();
        const FunnelReport total = engine.funnel(session.as());
        if (options->by.empty()) {
            if (options->json) {
                std::cout << to_json(total) << "\n";
            } else {
                print_funnel(std::cout, total);
            }
            result = kExitOk;
            return;
        }
        const Breakdown by = parse_breakdown(options->by);
        const std::vector<FunnelGroup> groups = funnel_by(session, by);
        if (options->json) {
            std::cout << "{\"by\":\"" << to_string(by) << "\",\"total\":" << to_json(total) << ",\"groups\":[";
            for (std::size_t i = 0; i < groups.size(); ++i) {
                const std::string key = nlohmann::json(groups[i].key).dump();
                std::cout << (i ? "," : "") << "{\"key\":" << key << ",\"label\":" << nlohmann::json(groups[i].label).dump()
                          << ",\"funnel\":" << to_json(groups[i].report) << "}";
            }
            std::cout << "]}\n";
        } else {
            print_groups(std::cout, by, groups);
        }
        result = kExitOk;
    });
}

}  // namespace leadpool::cli
