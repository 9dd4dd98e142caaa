// How cost grows with the size of the store: one SQLite file grown to a tenth of --leads, to
// --leads and to five times --leads (100k, 1M and 5M by default), and at each size the same
// fixed work measured — a capture of new leads, a transition batch, a filtered first page, the
// funnel, a breakdown and the period report of the day's moves. A per-lead or per-call cost that
// stays flat while the file grows is the index doing its work; one that grows with the file is
// a scan. The work runs kRuns times at each size, each on a day of its own.
#include <cstdio>
#include <map>

#include "figure.hpp"

namespace leadpool::bench {
namespace {

constexpr std::size_t kGrowthBatches = 5;  // batches of kBatch for the capture and the transition
constexpr int kReadRuns = 20;              // reads are averaged over this many calls
constexpr Timestamp kDay = 86'400'000;

struct Sizes {
    std::size_t small, middle, large;
};

// The fixed work at one size; costs in microseconds a lead or milliseconds a call.
struct GrowthRow {
    double capture_us = 0, transition_us = 0, list_ms = 0, funnel_ms = 0, breakdown_ms = 0, moves_ms = 0;
};

// Captures leads [first, last) in batches, the clock where it stands.
void grow(Engine& engine, std::size_t first, std::size_t last) {
    for (std::size_t at = first; at < last; at += kBatch) {
        engine.capture_batch(kActor, lead_batch(at, std::min(kBatch, last - at)));
    }
}

GrowthRow measure(Engine& engine, ManualClock& clock, const Company& company, std::size_t& next_lead) {
    // The work of each size happens on a day of its own, so the period report reads that day's
    // moves only, whatever the file holds from before.
    clock.advance(kDay);
    const Timestamp day = clock.now();
    GrowthRow row;
    std::vector<LeadId> captured;
    double capture_s = 0;
    for (std::size_t b = 0; b < kGrowthBatches; ++b, next_lead += kBatch) {
        const auto batch = lead_batch(next_lead, kBatch);
        capture_s += seconds([&] {
            for (const CaptureResult& result : engine.capture_batch(kActor, batch))
                captured.push_back(result.lead.id);
        });
    }
    row.capture_us = capture_s * 1e6 / static_cast<double>(captured.size());

    double transition_s = 0;
    for (std::size_t b = 0; b < kGrowthBatches; ++b) {
        std::vector<TransitionRequest> batch;
        for (std::size_t i = b * kBatch; i < (b + 1) * kBatch; ++i) {
            batch.push_back(
                TransitionRequest::distribute(captured[i], company.leaves[i % 4], company.sellers[i % 4]));
        }
        transition_s += seconds([&] { engine.transition_batch(kActor, batch); });
    }
    row.transition_us = transition_s * 1e6 / static_cast<double>(captured.size());

    // Web leads of one city (2%) in the master pool, most recently active first.
    LeadFilter filter;
    filter.pool = kMasterPoolId;
    filter.tier = Tier::master;
    filter.channel = "web";
    filter.attributes = {RuleCondition{"attributes.city", RuleOperator::equals, {"city-8"}, {}, {}}};
    PageRequest page;
    page.limit = 50;
    page.sort = LeadSort{LeadSortKey::last_activity, true, {}};
    std::size_t listed = 0;
    row.list_ms = mean_ms(kReadRuns, [&] { listed = engine.leads(kActor, filter, page).leads.size(); });
    if (listed == 0) throw std::runtime_error("bench: the growth list came back empty");

    row.funnel_ms = mean_ms(kReadRuns, [&] { engine.funnel(kActor, {}); });
    FunnelBreakdownRequest by;
    by.keys = {BreakdownKey::channel, BreakdownKey::capture_week};
    row.breakdown_ms = mean_ms(kReadRuns, [&] { engine.funnel_breakdown(kActor, {}, by); });
    TierMoves moves;
    row.moves_ms = mean_ms(kReadRuns, [&] {
        moves = engine.tier_moves(kActor, {}, TierMovesRequest{day, day + kDay, {}});
    });
    const auto into_sub = moves.into[static_cast<std::size_t>(Tier::sub)];
    if (into_sub != static_cast<std::int64_t>(captured.size())) {
        throw std::runtime_error("bench: the growth period report missed the day's moves");
    }
    return row;
}

std::string size_name(std::size_t leads) {
    return leads >= 1'000'000 && leads % 1'000'000 == 0 ? std::to_string(leads / 1'000'000) + "M"
                                                        : std::to_string(leads / 1000) + "k";
}

}  // namespace

std::vector<Measurement> growth(Workload& w) {
    const Sizes sizes{std::max<std::size_t>(w.leads / 10, kBatch), w.leads, 5 * w.leads};
    const std::string file = (w.dir / "growth.db").string();
    remove_database(file);
    auto clock = std::make_shared<ManualClock>(kBenchTime);
    SqliteOptions options;
    options.synchronous = SqliteOptions::Synchronous::full;
    Engine engine(open_sqlite_store(file, options), EngineOptions{clock});
    const Company company = set_up_company(engine);

    // The measured leads take numbers past the largest size, so growing never meets them.
    std::size_t next_lead = sizes.large + 1;
    std::map<std::size_t, std::vector<GrowthRow>> rows;
    std::size_t held = 0;
    for (std::size_t size : {sizes.small, sizes.middle, sizes.large}) {
        grow(engine, held, size);
        held = size;
        for (int run = 0; run < kRuns; ++run) rows[size].push_back(measure(engine, *clock, company, next_lead));
    }
    remove_database(file);

    // The figures, and their medians side by side on stderr (stdout holds the figure table): one
    // line per kind of work, one column per size.
    std::vector<Measurement> out;
    std::fprintf(stderr, "\n| growth (SQLite, FULL) |");
    for (const auto& entry : rows) std::fprintf(stderr, " %s |", size_name(entry.first).c_str());
    std::fprintf(stderr, "\n|---|");
    for (std::size_t i = 0; i < rows.size(); ++i) std::fprintf(stderr, "---|");
    std::fprintf(stderr, "\n");
    const auto add = [&](const std::string& what, const char* unit, double GrowthRow::*field) {
        std::fprintf(stderr, "| %s (%s) |", what.c_str(), unit);
        for (const auto& [size, runs] : rows) {
            std::vector<Run> costs;
            for (const GrowthRow& row : runs) costs.push_back({row.*field, std::nullopt, std::nullopt});
            out.push_back(cost("growth_" + what + "_at_" + size_name(size), std::move(costs), unit));
            std::fprintf(stderr, " %.3g |", out.back().value);
        }
        std::fprintf(stderr, "\n");
    };
    add("capture", "us/lead", &GrowthRow::capture_us);
    add("transition_distribute", "us/lead", &GrowthRow::transition_us);
    add("list_first_page", "ms", &GrowthRow::list_ms);
    add("funnel", "ms", &GrowthRow::funnel_ms);
    add("breakdown_channel_by_week", "ms", &GrowthRow::breakdown_ms);
    add("tier_moves_of_a_day", "ms", &GrowthRow::moves_ms);
    return out;
}

}  // namespace leadpool::bench
