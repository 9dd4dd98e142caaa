// Analytics over every lead: the funnel broken down by pool x capture month, against the GROUP
// BY a host would write over the same counters table; the period report and the cohort table
// over the history log; time in tier against the stays a host would work out of the history with
// window functions.
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

    // Every stay of every lead, finished and open now, with the way to order and the revenue; the
    // baseline counts the finished stays and their mean by tier (no percentiles) from the history.
    TierTimes times;
    const double times_ms = mean_ms(kHistoryRuns, [&] { times = engine->tier_times(kActor, {}, TierTimesRequest{}); });
    std::size_t raw_stays = 0;
    const double raw_times_ms = mean_ms(kHistoryRuns, [&] {
        raw_stays = raw.rows(
            "SELECT stay_tier, count(*), avg(left_at - entered_at) FROM (SELECT to_tier AS stay_tier,"
            " at AS entered_at, lead(at) OVER (PARTITION BY lead_id ORDER BY seq) AS left_at FROM history"
            " WHERE action = 1 OR to_tier <> from_tier) WHERE left_at IS NOT NULL GROUP BY 1");
    });
    std::int64_t stays = 0;
    for (const TierTime& tier : times.total.tiers) stays += tier.finished.count + tier.open.count;
    if (stays < static_cast<std::int64_t>(w.leads) || raw_stays == 0) {
        throw std::runtime_error("bench: time in tier lost stays");
    }

    return {cost("breakdown_pool_by_month", breakdown_ms, "ms", raw_ms,
                 Target{Target::Of::value, Target::Op::at_most, 200}),
            cost("tier_moves_by_month", moves_ms, "ms", raw_moves_ms),
            cost("capture_cohorts_monthly", cohorts_ms, "ms"),
            cost("tier_times", times_ms, "ms", raw_times_ms, Target{Target::Of::value, Target::Op::at_most, 1000})};
}

}  // namespace leadpool::bench
