// Lead scoring at full size: new rules rescore every lead of the file, then a CRM screen's list of
// one channel's leads, best score first, against the same query written by hand over the same
// tables.
#include <stdexcept>
#include <string>

#include "figure.hpp"
#include "raw_sqlite.hpp"

namespace leadpool::bench {
namespace {

constexpr int kListRuns = 200;
constexpr std::size_t kScreenPage = 50;

// Cities city-1 and city-10..19 (22% of the leads) 30 points, two segment tags (20%) 20, the app
// channel (25%) 10, each `raise` more: a run raises them so every scored lead's points change.
// A list of web leads, best first, walks past the app leads above its best.
std::string rules(int raise) {
    const auto points = [&](int base) { return std::to_string(base + raise); };
    return R"({"models": [{"name": "fit", "rules": [
  {"name": "northern cities", "points": )" + points(30) + R"(, "when": [{"field": "attributes.city", "op": "prefix", "values": ["city-1"]}]},
  {"name": "segments 3 and 4", "points": )" + points(20) + R"(, "when": [{"field": "tags", "op": "in", "values": ["segment-3", "segment-4"]}]},
  {"name": "from the app", "points": )" + points(10) + R"(, "when": [{"field": "channel", "op": "equals", "values": ["app"]}]}]}]})";
}

}  // namespace

std::vector<Measurement> score_sorted_list(Workload& w) {
    auto engine = bench_engine(w.engine_file());
    std::vector<Run> rescores;
    for (int run = 0; run < kRuns; ++run) {
        RescoreReport report;
        const double spent =
            seconds([&] { report = engine->set_scoring_rules(kActor, scoring_rules_from_json(rules(run))); });
        if (report.leads != static_cast<std::int64_t>(w.leads))
            throw std::runtime_error("bench: the rescore lost leads");
        rescores.push_back({static_cast<double>(report.leads) / spent, std::nullopt, std::nullopt});
    }

    LeadFilter filter;
    filter.channel = "web";
    PageRequest page;
    page.limit = kScreenPage;
    page.sort = {LeadSortKey::score, true, "fit"};
    // The baseline reads the engine's own file: the scores exist only there.
    RawSqlite raw(w.engine_file(), "FULL");
    const auto page_of = [](const std::string& columns) {
        return "SELECT " + columns +
               " FROM lead_scores JOIN leads ON leads.id = lead_scores.lead_id"
               " WHERE lead_scores.model = 'fit' AND leads.channel = ? AND leads.merged_into = 0"
               " ORDER BY lead_scores.points DESC, lead_scores.lead_id DESC LIMIT " +
               std::to_string(kScreenPage);
    };
    std::vector<LeadId> listed;
    std::size_t raw_listed = 0;
    const auto engine_page = [&] {
        listed.clear();
        for (const Lead& lead : engine->leads(kActor, filter, page).leads) listed.push_back(lead.id);
    };
    const auto raw_page = [&] {
        // The page's lead rows, then their identities and tags.
        raw_listed = raw.rows(page_of("leads.*"), {}, {"web"});
        raw.rows("SELECT lead_id, kind, scope, value FROM identities WHERE lead_id IN (" +
                     page_of("leads.id") + ") ORDER BY lead_id, position",
                 {}, {"web"});
        raw.rows("SELECT lead_id, tag FROM lead_tags WHERE lead_id IN (" + page_of("leads.id") +
                     ") ORDER BY lead_id, tag",
                 {}, {"web"});
    };
    std::vector<Run> runs;
    for (int run = 0; run < kRuns; ++run) {
        const double engine_ms = seconds([&] {
                                     for (int i = 0; i < kListRuns; ++i) engine_page();
                                 }) *
                                 1000.0 / kListRuns;
        const double raw_ms = seconds([&] {
                                  for (int i = 0; i < kListRuns; ++i) raw_page();
                              }) *
                              1000.0 / kListRuns;
        runs.push_back({engine_ms, raw_ms, std::nullopt});
    }
    if (listed.size() != raw_listed || listed.empty())
        throw std::runtime_error("bench: the score pages differ");
    return {
        rate("rescore_every_lead", std::move(rescores), "leads/s"),
        cost("score_sorted_list_first_page", std::move(runs), "ms",
             Target{Target::Of::value, Target::Op::at_most, 20}),
    };
}

}  // namespace leadpool::bench
