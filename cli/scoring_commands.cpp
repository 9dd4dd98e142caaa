// leadpool scoring, scores: the scoring rules (set from a JSON file, with the rescore's progress
// and counts) and a lead's scores with the points each rule gave.
#include <CLI/CLI.hpp>
#include <leadpool/json.hpp>

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "session.hpp"

namespace leadpool::cli {

void add_scoring_commands(CLI::App& app, Session& session, int& result) {
    struct Options {
        std::string file;
        LeadId lead = 0;
        bool json = false;
    };
    auto options = std::make_shared<Options>();
    CLI::App* scoring = app.add_subcommand("scoring", "show or set the scoring rules (docs/json.md ScoringRules)");
    scoring->require_subcommand(1);
    CLI::App* set = scoring->add_subcommand(
        "set", "replace the scoring rules with a JSON file (- for stdin) and rescore every lead (manage_scoring)");
    set->add_option("file", options->file, "the ScoringRules JSON")->required();
    set->callback([&session, &result, options] {
        const ScoringRules rules = scoring_rules_from_json(read_text(options->file));
        Progress progress("rescore", std::nullopt, Progress::mode_for_stderr(session.quiet));
        const RescoreReport report = session.engine().set_scoring_rules(
            session.as(), rules,
            [&](const RescoreReport& so_far) { progress.update(static_cast<std::uint64_t>(so_far.leads), 0); });
        progress.finish(static_cast<std::uint64_t>(report.leads), 0);
        std::cout << "rescored " << report.leads << " leads, " << report.changed << " scores changed\n";
        result = kExitOk;
    });
    scoring->add_subcommand("show", "print the scoring rules")->callback([&session, &result] {
        std::cout << to_json(session.engine().scoring_rules()) << "\n";
        result = kExitOk;
    });

    CLI::App* scores = app.add_subcommand("scores", "show a lead's scores and the points each rule gave");
    scores->add_option("lead", options->lead, "the lead id")->required();
    scores->add_flag("--json", options->json, "as JSON (docs/json.md LeadScore)");
    scores->callback([&session, &result, options] {
        const std::vector<LeadScore> all = session.engine().scores(session.as(), options->lead);
        if (options->json) {
            std::cout << to_json(all) << "\n";
        } else {
            std::vector<std::vector<std::string>> rows;
            for (const LeadScore& score : all) {
                std::string because;
                for (const RulePoints& rule : score.rules) {
                    because += (because.empty() ? "" : ", ") + rule.rule + " " + (rule.points > 0 ? "+" : "") +
                               std::to_string(rule.points);
                }
                rows.push_back({score.model, std::to_string(score.points), because});
            }
            print_table(std::cout, {"model", "points", "rules"}, rows, {1});
        }
        result = kExitOk;
    });
}

}  // namespace leadpool::cli
