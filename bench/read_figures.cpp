// Reads over every lead: the funnel report, a filtered list's first page and a searched list
// sorted by activity, against the raw queries a host would write over the same table.
#include "figure.hpp"
#include "raw_sqlite.hpp"

namespace leadpool::bench {
namespace {

constexpr int kFunnelRuns = 50;
constexpr int kRawFunnelRuns = 5;
constexpr int kListRuns = 200;
constexpr std::size_t kPage = 100;
constexpr std::size_t kScreenPage = 50;

}  // namespace

std::vector<Measurement> funnel_report(Workload& w) {
    auto engine = bench_engine(w.engine_file());
    RawSqlite raw(w.raw_file(), "FULL");
    std::int64_t counted = 0;
    std::vector<Run> runs;
    for (int run = 0; run < kRuns; ++run) {
        const double engine_ms = mean_ms(kFunnelRuns, [&] { counted = engine->funnel(kActor).leads; });
        const double raw_ms = mean_ms(kRawFunnelRuns, [&] {
            raw.rows("SELECT tier, reached, COUNT(*) FROM leads GROUP BY tier, reached");
        });
        runs.push_back({engine_ms, raw_ms, std::nullopt});
    }
    if (counted != static_cast<std::int64_t>(w.leads))
        throw std::runtime_error("bench: the funnel lost leads");
    return {cost("funnel_report", std::move(runs), "ms", Target{Target::Of::value, Target::Op::at_most, 5})};
}

// The first seller's opportunities in the north region (its pool and the leaf pools below).
std::vector<Measurement> filtered_list(Workload& w) {
    auto engine = bench_engine(w.engine_file());
    RawSqlite raw(w.raw_file(), "FULL");
    const UserId owner = w.company.sellers[0];
    LeadFilter filter;
    filter.pool = w.company.north;
    filter.tier = Tier::opportunity;
    filter.owner = owner;
    PageRequest page;
    page.limit = kPage;
    std::size_t listed = 0;
    const std::string where =
        " WHERE pool_id IN (?, ?, ?) AND tier = ? AND owner = ? ORDER BY id LIMIT " + std::to_string(kPage);
    const std::vector<std::int64_t> values = {w.company.north, w.company.leaves[0], w.company.leaves[1],
                                              static_cast<std::int64_t>(Tier::opportunity)};
    std::size_t raw_listed = 0;
    std::vector<Run> runs;
    for (int run = 0; run < kRuns; ++run) {
        const double engine_ms =
            mean_ms(kListRuns, [&] { listed = engine->leads(kActor, filter, page).leads.size(); });
        const double raw_ms = mean_ms(kListRuns, [&] {
            // The lead rows, then their identities and tags, as a host's list would load them.
            raw_listed = raw.rows("SELECT * FROM leads" + where, values, {owner});
            raw.rows(
                "SELECT lead_id, kind, scope, value FROM identities WHERE lead_id IN (SELECT id FROM leads" +
                    where + ") ORDER BY lead_id, position",
                values, {owner});
            raw.rows("SELECT lead_id, tag FROM lead_tags WHERE lead_id IN (SELECT id FROM leads" + where +
                         ") ORDER BY lead_id, tag",
                     values, {owner});
        });
        runs.push_back({engine_ms, raw_ms, std::nullopt});
    }
    if (listed != raw_listed || listed == 0) throw std::runtime_error("bench: the list pages differ");
    return {cost("filtered_list_first_page", std::move(runs), "ms")};
}

// A CRM screen's list: the leads of one city (2% of them, an attribute condition), most recently
// active first, first page of 50.
std::vector<Measurement> searched_list(Workload& w) {
    auto engine = bench_engine(w.engine_file());
    RawSqlite raw(w.raw_file(), "FULL");
    const std::string city = "city-7";
    LeadFilter filter;
    filter.attributes = {{"attributes.city", RuleOperator::equals, {city}, {}, {}}};
    PageRequest page;
    page.limit = kScreenPage;
    page.sort = {LeadSortKey::last_activity, true};
    std::size_t listed = 0;
    const std::string where =
        " WHERE merged_into = 0 AND json_extract(attributes, '$.city') = ?"
        " ORDER BY last_activity_at DESC, id DESC LIMIT " +
        std::to_string(kScreenPage);
    std::size_t raw_listed = 0;
    std::vector<Run> runs;
    for (int run = 0; run < kRuns; ++run) {
        const double engine_ms =
            mean_ms(kListRuns, [&] { listed = engine->leads(kActor, filter, page).leads.size(); });
        const double raw_ms = mean_ms(kListRuns, [&] {
            raw_listed = raw.rows("SELECT * FROM leads" + where, {}, {city});
            raw.rows(
                "SELECT lead_id, kind, scope, value FROM identities WHERE lead_id IN (SELECT id FROM leads" +
                    where + ") ORDER BY lead_id, position",
                {}, {city});
            raw.rows("SELECT lead_id, tag FROM lead_tags WHERE lead_id IN (SELECT id FROM leads" + where +
                         ") ORDER BY lead_id, tag",
                     {}, {city});
        });
        runs.push_back({engine_ms, raw_ms, std::nullopt});
    }
    if (listed != raw_listed || listed == 0) throw std::runtime_error("bench: the searched pages differ");
    return {cost("searched_list_by_activity_first_page", std::move(runs), "ms",
                 Target{Target::Of::value, Target::Op::at_most, 20})};
}

}  // namespace leadpool::bench
