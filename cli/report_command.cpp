// leadpool report --html FILE: the self-contained HTML report (html_report.hpp).
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <memory>

#include "breakdown.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "html_report.hpp"
#include "session.hpp"

namespace leadpool::cli {

void add_report_command(CLI::App& app, Session& session, int& result) {
    struct ReportOptions {
        std::string html;
        std::string lang = "en";
        std::string title;
    };
    auto options = std::make_shared<ReportOptions>();
    CLI::App* cmd = app.add_subcommand("report", "write the funnel report as one self-contained HTML file");
    cmd->add_option("--html", options->html, "the HTML file to write")->required();
    cmd->add_option("--lang", options->lang, "the report's own labels: en or zh")
        ->check(CLI::IsMember({"en", "zh"}))
        ->capture_default_str();
    cmd->add_option("--title", options->title, "a title before the heading (the company's name)");
    cmd->callback([&session, &result, options] {
        Engine& engine = session.engine();
        ReportData data;
        data.lang = options->lang;
        data.title = options->title;
        data.at = session.now();
        data.actor = engine.user(session.as(), session.as());
        data.stage = engine.stage();
        std::uint8_t scopes = 0;
        const Policy policy = engine.policy(data.stage);
        for (int t = 0; t < kTierCount; ++t) {
            scopes |= policy.scopes_for(data.actor.roles, Action::read, static_cast<Tier>(t));
        }
        data.scope = scope_words(scopes, data.lang);
        data.total = engine.funnel(session.as());
        for (FunnelGroup& group : funnel_by(session, parse_breakdown("pool", "", 10))) {
            if (group.key != std::to_string(kMasterPoolId)) data.pools.push_back(std::move(group));
        }
        data.channels = funnel_by(session, parse_breakdown("channel", "", 10));
        std::ofstream out(options->html, std::ios::binary);
        if (!out) throw UsageError("--html " + options->html + ": cannot be written");
        out << html_report(data);
        out.close();
        if (!out) throw std::runtime_error(options->html + ": could not be written");
        std::cout << "wrote " << options->html << "\n";
        result = kExitOk;
    });
}

}  // namespace leadpool::cli
