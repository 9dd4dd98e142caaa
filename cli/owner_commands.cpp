// leadpool collisions, holdings, share: who worked a lead at once (撞单), who holds what (囤积),
// and the unowned share of a pool over time — as tables or JSON.
#include <CLI/CLI.hpp>
#include <leadpool/json.hpp>

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "session.hpp"
#include "time_text.hpp"

namespace leadpool::cli {
namespace {

constexpr Timestamp kHourMs = 3'600'000;

// The period [--from, --to): --to defaults to now, --from to 30 days before --to.
struct Period {
    std::string from;
    std::string to;

    void add_to(CLI::App* cmd) {
        cmd->add_option("--from", from, "the period's start (2026-01-01, ISO 8601 or ms; default: 30 days before --to)");
        cmd->add_option("--to", to, "the period's end, exclusive (default: now)");
    }
    std::pair<Timestamp, Timestamp> read(Session& session) const {
        const auto at = [](const std::string& text, const char* flag) {
            const auto parsed = parse_time(text);
            if (!parsed) throw UsageError(std::string(flag) + ": '" + text + "' is not a time (2026-01-31, ISO 8601 or ms)");
            return *parsed;
        };
        const Timestamp end = to.empty() ? session.now() + 1 : at(to, "--to");
        const Timestamp start = from.empty() ? end - 30 * 24 * kHourMs : at(from, "--from");
        return {start, end};
    }
};

struct OwnerOptions {
    Period period;
    double window_hours = 24;
    int idle_days = 7;
    PoolId pool = kMasterPoolId;
    bool subtree = false;
    std::string interval = "week";
    LeadId after = 0;  // 0: from the first lead
    std::size_t limit = 100;
    bool json = false;
};

void add_collisions(CLI::App& app, Session& session, int& result, const std::shared_ptr<OwnerOptions>& options) {
    CLI::App* cmd = app.add_subcommand("collisions", "leads two or more users worked within a window of each other (撞单)");
    options->period.add_to(cmd);
    cmd->add_option("--window", options->window_hours, "hours: events of different users this close collide")
        ->capture_default_str();
    cmd->add_option("--after", options->after, "the page after this lead id (the last page's next_after)");
    cmd->add_option("--limit", options->limit, "leads per page (1..1000)")->capture_default_str();
    cmd->add_flag("--json", options->json, "as JSON (docs/json.md CollisionPage)");
    cmd->callback([&session, &result, options] {
        const auto [from, to] = options->period.read(session);
        if (options->window_hours <= 0) throw UsageError("--window: must be more than 0 hours");
        const auto window = static_cast<Timestamp>(options->window_hours * static_cast<double>(kHourMs));
        const CollisionPage page =
            session.engine().collisions(session.as(), {window, from, to},
                                        {options->after ? std::optional<LeadId>(options->after) : std::nullopt, options->limit});
        if (options->json) {
            std::cout << to_json(page) << "\n";
        } else {
            std::vector<std::vector<std::string>> rows;
            for (const Collision& row : page.collisions) {
                std::string users, merges;
                for (const UserId& user : row.users) users += (users.empty() ? "" : ", ") + user;
                for (const MergeId merge : row.merges) merges += (merges.empty() ? "" : ", ") + std::to_string(merge);
                rows.push_back({std::to_string(row.lead), users, to_string(row.kind), format_time(row.first),
                                format_time(row.last), merges});
            }
            print_table(std::cout, {"lead", "users", "kind", "first", "last", "merges"}, rows, {0});
            if (page.next_after) std::cout << "more after lead " << *page.next_after << " (--after)\n";
        }
        result = kExitOk;
    });
}

void add_holdings(CLI::App& app, Session& session, int& result, const std::shared_ptr<OwnerOptions>& options) {
    CLI::App* cmd = app.add_subcommand("holdings", "per owner: leads held, idle, claimed and let go (囤积)");
    options->period.add_to(cmd);
    cmd->add_option("--idle-days", options->idle_days, "a held lead without a follow-up this long is idle")
        ->capture_default_str();
    cmd->add_flag("--json", options->json, "as JSON (docs/json.md OwnerHoldings)");
    cmd->callback([&session, &result, options] {
        const auto [from, to] = options->period.read(session);
        const OwnerHoldings holdings = session.engine().owner_holdings(session.as(), {options->idle_days, from, to});
        if (options->json) {
            std::cout << to_json(holdings) << "\n";
        } else {
            std::vector<std::vector<std::string>> rows;
            for (const OwnerHolding& line : holdings.owners) {
                std::int64_t held = 0;
                for (const std::int64_t n : line.held) held += n;
                rows.push_back({line.owner, grouped(held), grouped(line.held[static_cast<std::size_t>(Tier::sub)]),
                                grouped(line.held[static_cast<std::size_t>(Tier::opportunity)]), grouped(line.idle),
                                grouped(line.claims), grouped(line.releases), grouped(line.recycles),
                                grouped(line.taken_away), grouped(line.churned)});
            }
            print_table(std::cout,
                        {"owner", "held", "sub", "opportunity", "idle " + std::to_string(holdings.idle_days) + "d",
                         "claims", "releases", "recycled", "taken away", "churned"},
                        rows, {1, 2, 3, 4, 5, 6, 7, 8, 9});
        }
        result = kExitOk;
    });
}

void add_share(CLI::App& app, Session& session, int& result, const std::shared_ptr<OwnerOptions>& options) {
    CLI::App* cmd = app.add_subcommand("share", "a pool's leads and its unowned (public) share over time");
    options->period.add_to(cmd);
    cmd->add_option("--pool", options->pool, "the pool (default: the master pool)")->capture_default_str();
    cmd->add_flag("--subtree", options->subtree, "count every pool below it too");
    cmd->add_option("--interval", options->interval, "day, week (from Monday) or month, UTC")
        ->check(CLI::IsMember({"day", "week", "month"}))
        ->capture_default_str();
    cmd->add_flag("--json", options->json, "as JSON (docs/json.md PublicShare)");
    cmd->callback([&session, &result, options] {
        const auto [from, to] = options->period.read(session);
        const PublicShare share = session.engine().public_share(
            session.as(), {options->pool, options->subtree, from, to, *parse_share_interval(options->interval)});
        if (options->json) {
            std::cout << to_json(share) << "\n";
        } else {
            std::vector<std::vector<std::string>> rows;
            for (const SharePoint& point : share.points) {
                rows.push_back({format_time(point.at), grouped(point.leads), grouped(point.unowned), percent(point.share)});
            }
            print_table(std::cout, {"at", "leads", "unowned", "share"}, rows, {1, 2, 3});
        }
        result = kExitOk;
    });
}

}  // namespace

void add_owner_commands(CLI::App& app, Session& session, int& result) {
    add_collisions(app, session, result, std::make_shared<OwnerOptions>());
    add_holdings(app, session, result, std::make_shared<OwnerOptions>());
    add_share(app, session, result, std::make_shared<OwnerOptions>());
}

}  // namespace leadpool::cli
