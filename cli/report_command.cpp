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
        int months = 6;
        int idle_days = 7;
        double window_hours = 24;
    };
    auto options = std::make_shared<ReportOptions>();
    CLI::App* cmd = app.add_subcommand("report", "write the funnel report as one self-contained HTML file");
    cmd->add_option("--html", options->html, "the HTML file to write")->required();
    cmd->add_option("--lang", options->lang, "the report's own labels: en or zh")
        ->check(CLI::IsMember({"en", "zh"}))
        ->capture_default_str();
    cmd->add_option("--title", options->title, "a title before the heading (the company's name)");
    cmd->add_option("--months", options->months, "the months the period sections cover, this one included (1..24)")
        ->check(CLI::Range(1, 24))
        ->capture_default_str();
    cmd->add_option("--idle-days", options->idle_days, "holdings: a held lead without a follow-up this long is idle")
        ->capture_default_str();
    cmd->add_option("--window", options->window_hours, "collisions: hours within which two people's work collides")
        ->capture_default_str();
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
        // The period sections: from the first day of the month `months - 1` before this one.
        if (options->window_hours <= 0) throw UsageError("--window: must be more than 0 hours");
        Timestamp from = month_start(data.at);
        for (int m = 1; m < options->months; ++m) from = month_start(from - 1);
        const Timestamp to = data.at + 1;
        data.moves_by_month = engine.tier_moves(session.as(), {}, TierMovesRequest{from, to, MoveKey::month});
        FunnelFilter captured;
        captured.captured_from = from;
        captured.captured_to = to;
        data.cohorts = engine.capture_cohorts(session.as(), captured, CohortRequest{CohortPeriod::month, 3});
        TierTimesRequest stays;
        stays.from = from;
        stays.to = to;
        data.times = engine.tier_times(session.as(), {}, stays);
        data.holdings = engine.owner_holdings(session.as(), HoldingsRequest{options->idle_days, from, to});
        data.collision_window = static_cast<Timestamp>(options->window_hours * 3'600'000.0);
        data.collisions = engine.collisions(session.as(), CollisionRequest{data.collision_window, from, to});
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
