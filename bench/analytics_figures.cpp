// Analytics over every lead: the funnel broken down by pool x capture month, against the GROUP
// BY a host would write over the same counters table; the period report, the cohort table and
// the holdings per owner over the history log.
#include "figure.hpp"
#include "raw_sqlite.hpp"

#include <stdexcept>

namespace leadpool::bench {
namespace {

constexpr int kBreakdownRuns = 20;
constexpr int kHistoryRuns = 3;
constexpr Timestamp kYear = 366 * 86'400'000LL;

}  // namespace

std::vector<Measurement> analytics(Workload& w) {
    auto engine = bench_engine(w.engine_file());
    RawSqlite raw(w.raw_file(), "FULL");

    FunnelBreakdownRequest by_pool_and_month;
    by_pool_and_month.keys = {BreakdownKey::pool, BreakdownKey::capture_month};
    FunnelBreakdown breakdown;
    const double breakdown_ms =
        mean_ms(kBreakdownRuns, [&] { breakdown = engine->funnel_breakdown(kActor, {}, by_pool_and_month); });
    std::size_t raw_groups = 0;
    const double raw_ms = mean_ms(kBreakdownRuns, [&] {
        raw_groups = raw.rows(
            "SELECT pool_id, CAST(strftime('%s', capture_day * 86400, 'unixepoch', 'start of month') AS INTEGER),"
            " tier, reached, sum(n) FROM funnel_counts GROUP BY 1, 2, 3, 4");
    });
    if (breakdown.total.leads != static_cast<std::int64_t>(w.leads) || breakdown.rows.empty() || raw_groups == 0) {
        throw std::runtime_error("bench: the breakdown lost leads");
    }

    // Every move of the bench's history (all at kBenchTime), by month, and the monthly cohorts.
    const TierMovesRequest around{kBenchTime - kYear, kBenchTime + kYear, MoveKey::month};
    TierMoves moves;
    const double moves_ms = mean_ms(kHistoryRuns, [&] { moves = engine->tier_moves(kActor, {}, around); });
    std::size_t raw_moves = 0;
    const double raw_moves_ms = mean_ms(kHistoryRuns, [&] {
        raw_moves = raw.rows("SELECT to_tier, count(*) FROM history WHERE at >= ? AND at < ?"
                             " AND (to_tier <> from_tier OR action = 1) GROUP BY 1",
                             {around.from, around.to});
    });
    if (moves.into[static_cast<std::size_t>(Tier::master)] != static_cast<std::int64_t>(w.leads) || raw_moves == 0) {
        throw std::runtime_error("bench: the period report lost captures");
    }
    CaptureCohorts cohorts;
    const double cohorts_ms =
        mean_ms(kHistoryRuns, [&] { cohorts = engine->capture_cohorts(kActor, {}, CohortRequest{}); });
    if (cohorts.cohorts.empty()) throw std::runtime_error("bench: the cohort table is empty");

    // Holdings: the held leads by owner and tier with their idle count, and the period's claims
    // and losses by owner, against the two GROUP BY a host would write without the idle count,
    // the scope or the churn.
    const HoldingsRequest holdings_request{7, kBenchTime - kYear, kBenchTime + kYear};
    OwnerHoldings holdings;
    const double holdings_ms =
        mean_ms(kHistoryRuns, [&] { holdings = engine->owner_holdings(kActor, holdings_request); });
    std::size_t raw_lines = 0;
    const double raw_holdings_ms = mean_ms(kHistoryRuns, [&] {
        raw_lines = raw.rows("SELECT owner, tier, count(*) FROM leads WHERE owner <> '' GROUP BY 1, 2");
        raw_lines += raw.rows("SELECT CASE WHEN action = 20 THEN to_owner ELSE from_owner END, action, count(*)"
                              " FROM history WHERE at >= ? AND at < ? AND (action = 20 OR (from_owner <> ''"
                              " AND from_owner <> to_owner)) GROUP BY 1, 2",
                              {holdings_request.from, holdings_request.to});
    });
    std::int64_t held = 0;
    for (const OwnerHolding& line : holdings.owners) {
        for (const std::int64_t n : line.held) held += n;
    }
    const std::size_t raw_held = raw.rows("SELECT id FROM leads WHERE owner <> ''");
    if (held != static_cast<std::int64_t>(raw_held) || (raw_held > 0 && raw_lines == 0)) {
        throw std::runtime_error("bench: the holdings lost held leads");
    }

    return {cost("breakdown_pool_by_month", breakdown_ms, "ms", raw_ms,
                 Target{Target::Of::value, Target::Op::at_most, 200}),
            cost("tier_moves_by_month", moves_ms, "ms", raw_moves_ms),
            cost("capture_cohorts_monthly", cohorts_ms, "ms"),
            cost("owner_holdings", holdings_ms, "ms", raw_holdings_ms)};
}

}  // namespace leadpool::bench
