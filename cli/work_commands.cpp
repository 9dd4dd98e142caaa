// leadpool routing, route, assign, maintain, claim, release, follow-up, move: the public pool at
// work, for cron jobs and scripts.
#include <CLI/CLI.hpp>
#include <leadpool/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "session.hpp"
#include "time_text.hpp"

namespace leadpool::cli {
namespace {

struct WorkOptions {
    std::string file;
    std::string pool;
    std::vector<LeadId> leads;
    bool reassign = false;
    bool json = false;
    LeadId lead = 0;
    std::string reason;
    FollowUp follow_up;
    std::string kind = "call", at;
    bool all = false;
};

void add_routing(CLI::App& app, Session& session, int& result) {
    auto options = std::make_shared<WorkOptions>();
    CLI::App* routing = app.add_subcommand("routing", "show or set the routing table (docs/json.md RoutingTable)");
    routing->require_subcommand(1);
    CLI::App* set = routing->add_subcommand("set", "replace the routing table with a JSON file (- for stdin)");
    set->add_option("file", options->file, "the RoutingTable JSON")->required();
    set->callback([&session, &result, options] {
        const RoutingTable table = routing_table_from_json(read_text(options->file));
        std::cout << to_json(session.engine().set_routing(session.as(), table)) << "\n";
        result = kExitOk;
    });
    routing->add_subcommand("show", "print the routing table")->callback([&session, &result] {
        std::cout << to_json(session.engine().routing(session.as())) << "\n";
        result = kExitOk;
    });

    CLI::App* route = app.add_subcommand("route", "route master-pool leads into sub pools by the routing table");
    route->add_option("--lead", options->leads, "only these leads (ids); default: every unrouted lead")->delimiter(',');
    route->add_flag("--json", options->json, "print every decision as JSON");
    route->callback([&session, &result, options] {
        RouteRequest request;
        request.leads = options->leads;
        request.all_unrouted = options->leads.empty();
        const auto decisions = session.engine().route(session.as(), request);
        if (options->json) {
            std::cout << to_json(decisions) << "\n";
        } else {
            std::size_t routed = 0;
            for (const auto& d : decisions) routed += d.pool.has_value();
            std::cout << "routed " << routed << " of " << decisions.size() << " leads\n";
        }
        result = kExitOk;
    });
}

void add_assign(CLI::App& app, Session& session, int& result) {
    auto options = std::make_shared<WorkOptions>();
    CLI::App* assign = app.add_subcommand("assign", "hand unowned leads of sub pools to their members");
    assign->add_option("pool", options->pool, "the sub pool (name or id); none: every sub pool");
    assign->add_option("--lead", options->leads, "only these leads (ids)")->delimiter(',');
    assign->add_flag("--reassign", options->reassign, "let the named leads change hands when held");
    assign->add_flag("--json", options->json, "print the result as JSON");
    assign->callback([&session, &result, options] {
        Engine& engine = session.engine();
        std::vector<Pool> pools;
        if (!options->pool.empty()) {
            pools.push_back(find_pool(engine, session.as(), options->pool));
        } else {
            for (Pool& pool : engine.pools(session.as())) {
                if (pool.id != kMasterPoolId) pools.push_back(std::move(pool));
            }
        }
        for (const Pool& pool : pools) {
            AssignRequest request{pool.id, options->leads, options->reassign};
            const AssignResult assigned = engine.assign(session.as(), request);
            if (options->json) {
                std::cout << to_json(assigned) << "\n";
            } else {
                std::cout << pool.name << ": assigned " << assigned.assigned.size() << ", left unassigned "
                          << assigned.unassigned.size() << "\n";
            }
        }
        result = kExitOk;
    });
}

void add_maintain(CLI::App& app, Session& session, int& result) {
    auto options = std::make_shared<WorkOptions>();
    CLI::App* maintain = app.add_subcommand("maintain", "recycle idle leads, list those due soon, prune the feed");
    maintain->add_flag("--json", options->json, "print the report as JSON (docs/json.md MaintenanceReport)");
    maintain->callback([&session, &result, options] {
        const MaintenanceReport report = session.engine().maintain(session.as());
        if (options->json) {
            std::cout << to_json(report) << "\n";
        } else {
            std::cout << "maintain at " << format_time(report.at) << ": recycled " << report.recycled.size()
                      << ", due soon " << report.due_soon.size() << ", stranded " << report.stranded.size()
                      << ", changes pruned " << report.pruned_changes << "\n";
        }
        result = kExitOk;
    });
}

void add_lead_work(CLI::App& app, Session& session, int& result) {
    auto options = std::make_shared<WorkOptions>();
    CLI::App* claim = app.add_subcommand("claim", "take an unowned lead of a pool you belong to");
    claim->add_option("lead", options->lead, "the lead id")->required();
    claim->callback([&session, &result, options] {
        const Lead lead = session.engine().claim(session.as(), options->lead);
        std::cout << "claimed lead " << lead.id << "\n";
        result = kExitOk;
    });

    CLI::App* release = app.add_subcommand("release", "let go of a lead you hold");
    release->add_option("lead", options->lead, "the lead id")->required();
    release->add_option("--reason", options->reason, "why");
    release->callback([&session, &result, options] {
        const Lead lead = session.engine().release(session.as(), options->lead, options->reason);
        std::cout << "released lead " << lead.id << "\n";
        result = kExitOk;
    });

    CLI::App* follow = app.add_subcommand("follow-up", "record a call, message, visit, meeting or note on a lead");
    follow->add_option("lead", options->lead, "the lead id")->required();
    follow->add_option("--kind", options->kind, "call, message, visit, meeting or note")->capture_default_str();
    follow->add_option("--outcome", options->follow_up.outcome, "what came of it");
    follow->add_option("--note", options->follow_up.note, "a note");
    follow->add_option("--at", options->at, "when (default: now)");
    follow->callback([&session, &result, options] {
        FollowUp follow_up = options->follow_up;
        const auto kind = parse_activity_kind(options->kind);
        if (!kind) throw UsageError("--kind: call, message, visit, meeting or note");
        follow_up.kind = *kind;
        if (!options->at.empty()) {
            const auto at = parse_time(options->at);
            if (!at) throw UsageError("--at: '" + options->at + "' is not a time");
            follow_up.at = *at;
        }
        const Activity activity = session.engine().follow_up(session.as(), options->lead, follow_up);
        std::cout << "recorded " << options->kind << " on lead " << activity.lead << "\n";
        result = kExitOk;
    });

    CLI::App* move = app.add_subcommand(
        "move", "apply transitions from a JSON Lines file (docs/json.md TransitionRequest), each on its own");
    move->add_option("file", options->file, "the file (- for stdin)")->required();
    move->callback([&session, &result, options] {
        std::ifstream file;
        std::istream* in = &std::cin;
        if (options->file != "-") {
            file.open(options->file, std::ios::binary);
            if (!file) throw UsageError(options->file + ": cannot be read");
            in = &file;
        }
        Engine& engine = session.engine();
        std::string line;
        std::uint64_t number = 0, moved = 0, refused = 0;
        int first_refusal = kExitOk;
        while (std::getline(*in, line)) {
            ++number;
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            try {
                engine.transition(session.as(), transition_from_json(line));
                ++moved;
            } catch (const Error& e) {
                if (e.code() == ErrorCode::storage || e.code() == ErrorCode::busy) throw;
                ++refused;
                if (first_refusal == kExitOk) first_refusal = exit_code_for(e.code());
                std::cerr << options->file << " line " << number << ": " << to_string(e.code()) << ": " << e.what() << "\n";
            }
        }
        std::cout << "moved " << moved << ", refused " << refused << "\n";
        result = first_refusal;
    });
}

}  // namespace

void add_work_commands(CLI::App& app, Session& session, int& result) {
    add_routing(app, session, result);
    add_assign(app, session, result);
    add_maintain(app, session, result);
    add_lead_work(app, session, result);
}

}  // namespace leadpool::cli
