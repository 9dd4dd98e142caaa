// leadpool times: time in tier, velocity and revenue, as tables or JSON, whole or by one key.
#include <CLI/CLI.hpp>
#include <leadpool/engine.hpp>
#include <leadpool/json.hpp>

#include <iostream>
#include <memory>

#include "breakdown.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "session.hpp"
#include "time_text.hpp"

namespace leadpool::cli {
namespace {

struct TimesOptions {
    std::string by;
    std::string from;
    std::string to;
    std::string at;
    bool json = false;
};

std::optional<BreakdownKey> times_key(const std::string& name) {
    if (name.empty()) return std::nullopt;
    const std::vector<BreakdownKey> keys = parse_breakdown(name, "", 10).keys;
    if (keys.size() != 1 || !groups_tier_times(keys[0])) {
        throw UsageError("--by: one of pool, owner, channel, campaign, month or week");
    }
    return keys[0];
}

// "-" where nothing was measured.
std::string shown_duration(const DurationStats& stats, std::int64_t DurationStats::*value) {
    return stats.count == 0 ? "-" : format_duration(stats.*value);
}

std::vector<std::string> stats_cells(const DurationStats& stats) {
    return {grouped(stats.count), shown_duration(stats, &DurationStats::median),
            shown_duration(stats, &DurationStats::p90), shown_duration(stats, &DurationStats::mean)};
}

void add_tier_rows(std::vector<std::vector<std::string>>& rows, const std::string& group, const TierTimesPart& part) {
    for (std::size_t t = 0; t < part.tiers.size(); ++t) {
        std::vector<std::string> row = {t == 0 ? group : "", to_string(kStayTiers[t])};
        for (const DurationStats* stats : {&part.tiers[t].finished, &part.tiers[t].open}) {
            for (std::string& cell : stats_cells(*stats)) row.push_back(std::move(cell));
        }
        rows.push_back(std::move(row));
    }
}

std::vector<std::string> velocity_row(const std::string& group, const TierTimesPart& part) {
    std::vector<std::string> row = {group};
    for (std::string& cell : stats_cells(part.to_order)) row.push_back(std::move(cell));
    row.push_back(grouped(part.revenue.orders));
    row.push_back(grouped(part.revenue.sum));
    row.push_back(grouped(part.revenue.mean));
    return row;
}

void print_times(std::ostream& out, Session& session, const TierTimes& times) {
    const GroupNames names(session);
    const std::string group = times.by ? breakdown_name(*times.by) : "";
    std::vector<std::vector<std::string>> tiers;
    std::vector<std::vector<std::string>> velocity;
    for (const TierTimes::Row& row : times.rows) {
        const std::string label = names.label(*times.by, row.group);
        add_tier_rows(tiers, label, row.times);
        velocity.push_back(velocity_row(label, row.times));
    }
    add_tier_rows(tiers, times.by ? "(all)" : "", times.total);
    velocity.push_back(velocity_row("(all)", times.total));

    out << "stays ended " << (times.from ? "from " + format_time(*times.from) : "")
        << (times.from && times.to ? " " : "") << (times.to ? "before " + format_time(*times.to) : "")
        << (times.from || times.to ? "" : "any time") << "; open at " << format_time(times.at) << "\n\n";
    std::vector<std::string> tier_header = {group, "tier", "ended", "median", "p90", "mean",
                                            "open", "median age", "p90 age", "mean age"};
    std::vector<std::string> velocity_header = {group, "to order", "median", "p90",
                                                "mean", "orders won", "revenue", "mean order"};
    std::vector<std::size_t> tier_right = {2, 3, 4, 5, 6, 7, 8, 9};
    std::vector<std::size_t> velocity_right = {1, 2, 3, 4, 5, 6, 7};
    if (!times.by) {  // no group column
        for (auto* table : {&tiers, &velocity}) {
            for (auto& row : *table) row.erase(row.begin());
        }
        tier_header.erase(tier_header.begin());
        velocity_header.erase(velocity_header.begin());
        for (auto* right : {&tier_right, &velocity_right}) {
            for (std::size_t& column : *right) --column;
        }
    }
    print_table(out, tier_header, tiers, tier_right);
    out << "\n";
    print_table(out, velocity_header, velocity, velocity_right);
}

}  // namespace

void add_times_command(CLI::App& app, Session& session, int& result) {
    auto options = std::make_shared<TimesOptions>();
    CLI::App* cmd = app.add_subcommand(
        "times", "time in tier, capture to order and revenue: how long leads stay and what the orders bring");
    cmd->add_option("--by", options->by, "one of pool, owner, channel, campaign, month, week");
    cmd->add_option("--from", options->from, "count stays ended, orders reached and won at or after this time");
    cmd->add_option("--to", options->to, "... and before this time");
    cmd->add_option("--at", options->at, "take the open stays at this time (default now)");
    cmd->add_flag("--json", options->json, "as JSON (docs/json.md TierTimes)");
    cmd->callback([&session, &result, options] {
        TierTimesRequest request;
        request.from = time_flag(options->from, "--from");
        request.to = time_flag(options->to, "--to");
        request.at = time_flag(options->at, "--at");
        request.by = times_key(options->by);
        const TierTimes times = session.engine().tier_times(session.as(), {}, request);
        if (options->json) {
            std::cout << to_json(times) << "\n";
        } else {
            print_times(std::cout, session, times);
        }
        result = kExitOk;
    });
}

}  // namespace leadpool::cli
