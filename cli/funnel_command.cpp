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
    std::string score_model;
    std::int64_t band_width = 10;
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

void print_groups(std::ostream& out, const std::string& by, const std::vector<FunnelGroup>& groups) {
    std::vector<std::vector<std::string>> rows;
    for (const FunnelGroup& g : groups) {
        const FunnelReport& r = g.report;
        rows.push_back({std::string(static_cast<std::size_t>(g.depth) * 2, ' ') + g.label, grouped(r.leads),
                        grouped(r[Tier::sub].reached), grouped(r[Tier::opportunity].reached),
                        grouped(r[Tier::order].reached), grouped(r[Tier::lost].at), grouped(r[Tier::invalid].at),
                        percent(r.main_line_conversion)});
    }
    print_table(out, {by, "leads", "reached sub", "opportunity", "order", "lost", "invalid", "orders ÷ leads"},
                rows, {1, 2, 3, 4, 5, 6, 7});
}

}  // namespace

void add_funnel_command(CLI::App& app, Session& session, int& result) {
    auto options = std::make_shared<FunnelOptions>();
    CLI::App* cmd = app.add_subcommand("funnel", "the funnel: leads at each tier now and ever reached");
    cmd->add_option("--by", options->by,
                    "break it down by one or two of pool, owner, channel, campaign, score_band, product_type, "
                    "month, week (e.g. pool,month)");
    cmd->add_option("--score-model", options->score_model, "the scoring model score_band reads");
    cmd->add_option("--band-width", options->band_width, "points per score band")->capture_default_str();
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
        const FunnelBreakdownRequest request = parse_breakdown(options->by, options->score_model, options->band_width);
        std::string by;
        for (const BreakdownKey key : request.keys) by += (by.empty() ? "" : ",") + breakdown_name(key);
        const std::vector<FunnelGroup> groups = funnel_by(session, request);
        if (options->json) {
            // One key: "key" is its value (null for none); two: the pair of values.
            std::cout << "{\"by\":" << nlohmann::json(by).dump() << ",\"total\":" << to_json(total) << ",\"groups\":[";
            for (std::size_t i = 0; i < groups.size(); ++i) {
                nlohmann::json values = nlohmann::json::array();
                for (const auto& value : groups[i].values) values.push_back(value ? nlohmann::json(*value) : nullptr);
                const nlohmann::json key = values.size() == 1 ? values[0] : values;
                std::cout << (i ? "," : "") << "{\"key\":" << key.dump()
                          << ",\"label\":" << nlohmann::json(groups[i].label).dump()
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
