// Analytics over every lead: the funnel broken down by pool x capture month, against the GROUP
// BY a host would write over the same counters table; the period report, the cohort table, the
// holdings per owner, the collisions and the public share over the history log; time in tier
// against the stays a host would work out of the history with window functions.
#include "figure.hpp"
#include "raw_sqlite.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace leadpool::bench {
namespace {

constexpr int kBreakdownRuns = 20;
constexpr Timestamp kYear = 366 * 86'400'000LL;

constexpr Timestamp kWeek = 7 * 86'400'000LL;

// Collisions, the first page and every page, against the self-join of the period's works a host
// would write (no merge groups, no scope); the public share by week over a quarter ending after
// the bench's history, for the north region and its leaves, against the latest row before each
// week's end found by NOT EXISTS.
std::vector<Measurement> collision_and_share_figures(Engine& engine, RawSqlite& raw, const Company& company) {
    const CollisionRequest collisions{3'600'000, kBenchTime - kYear, kBenchTime + kYear};
    const std::string follow_up = std::to_string(static_cast<int>(Action::follow_up));
    std::size_t first_page = 0;
    const auto first = [&] {
        first_page = engine.collisions(kActor, collisions, CollisionPageRequest{}).collisions.size();
    };
    std::size_t collided = 0;
    const auto every_page = [&] {
        collided = 0;
        for (CollisionPageRequest page;;) {
            const CollisionPage answer = engine.collisions(kActor, collisions, page);
            collided += answer.collisions.size();
            if (!answer.next_after) break;
            page.after = answer.next_after;
        }
    };
    std::size_t raw_collided = 0;
    const auto self_join = [&] {
        raw_collided = raw.rows(
            "WITH works AS (SELECT lead_id, at, CASE WHEN action = " + follow_up +
                " THEN actor ELSE to_owner END AS worker FROM history WHERE at >= ? AND at < ? AND (action = " +
                follow_up + " OR (to_owner <> '' AND to_owner <> from_owner)))"
            " SELECT a.lead_id, count(DISTINCT a.worker) FROM works AS a JOIN works AS b ON b.lead_id = a.lead_id"
            " AND b.worker <> a.worker AND b.at BETWEEN a.at - ? AND a.at + ? GROUP BY a.lead_id",
            {collisions.from, collisions.to, collisions.window, collisions.window});
    };
    std::vector<Run> first_runs = paired_ms(1, first, self_join);
    std::vector<Run> all_runs = paired_ms(1, every_page, self_join);
    if (collided != raw_collided || first_page != std::min<std::size_t>(collided, CollisionPageRequest{}.limit)) {
        throw std::runtime_error("bench: the collisions disagree with the self-join");
    }

    PublicShareRequest share_request;
    share_request.pool = company.north;
    share_request.subtree = true;  // the region and its two leaves
    share_request.from = kBenchTime - 12 * kWeek;
    share_request.to = kBenchTime + kWeek;
    PublicShare share;
    share = engine.public_share(kActor, share_request);
    std::vector<std::int64_t> ends;  // then the pools
    std::string values;
    std::size_t held_points = 0;
    for (const SharePoint& point : share.points) {
        values += values.empty() ? "(?)" : ", (?)";
        ends.push_back(point.at);
        held_points += point.leads > 0 ? 1 : 0;
    }
    ends.insert(ends.end(), {company.north, company.leaves[0], company.leaves[1]});
    std::size_t raw_points = 0;
    const auto raw_share = [&] {
        raw_points = raw.rows("WITH ends (at) AS (VALUES " + values + ") SELECT ends.at, count(*),"
                              " sum(placed.to_owner = '') FROM ends JOIN history AS placed ON placed.at < ends.at"
                              " AND placed.to_pool IN (?, ?, ?) AND NOT EXISTS (SELECT 1 FROM history AS later"
                              " WHERE later.lead_id = placed.lead_id AND later.seq > placed.seq AND later.at < ends.at)"
                              " GROUP BY ends.at",
                              ends);
    };
    std::vector<Run> share_runs = paired_ms(1, [&] { share = engine.public_share(kActor, share_request); }, raw_share);
    if (share.points.empty() || share.points.back().leads == 0 || raw_points != held_points) {
        throw std::runtime_error("bench: the public share lost the leads");
    }
    return {cost("collisions_first_page", std::move(first_runs), "ms"),
            cost("collisions_all_pages", std::move(all_runs), "ms"),
            cost("public_share_weekly", std::move(share_runs), "ms")};
}

}  // namespace

std::vector<Measurement> analytics(Workload& w) {
    auto engine = bench_engine(w.engine_file());
    RawSqlite raw(w.raw_file(), "FULL");

    FunnelBreakdownRequest by_pool_and_month;
    by_pool_and_month.keys = {BreakdownKey::pool, BreakdownKey::capture_month};
    FunnelBreakdown breakdown;
    std::size_t raw_groups = 0;
    std::vector<Run> breakdown_runs = paired_ms(
        kBreakdownRuns, [&] { breakdown = engine->funnel_breakdown(kActor, {}, by_pool_and_month); },
        [&] {
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
    std::size_t raw_moves = 0;
    std::vector<Run> moves_runs = paired_ms(1, [&] { moves = engine->tier_moves(kActor, {}, around); }, [&] {
        raw_moves = raw.rows("SELECT to_tier, count(*) FROM history WHERE at >= ? AND at < ?"
                             " AND (to_tier <> from_tier OR action = 1) GROUP BY 1",
                             {around.from, around.to});
    });
    if (moves.into[static_cast<std::size_t>(Tier::master)] != static_cast<std::int64_t>(w.leads) || raw_moves == 0) {
        throw std::runtime_error("bench: the period report lost captures");
    }
    CaptureCohorts cohorts;
    std::vector<Run> cohorts_runs =
        runs_ms(1, [&] { cohorts = engine->capture_cohorts(kActor, {}, CohortRequest{}); });
    if (cohorts.cohorts.empty()) throw std::runtime_error("bench: the cohort table is empty");

    // Every stay of every lead, finished and open now, with the way to order and the revenue; the
    // baseline counts the finished stays and their mean by tier (no percentiles) from the history.
    TierTimes times;
    std::size_t raw_stays = 0;
    const auto report_times = [&] { times = engine->tier_times(kActor, {}, TierTimesRequest{}); };
    std::vector<Run> times_runs = paired_ms(1, report_times, [&] {
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

    // Holdings: the held leads by owner and tier with their idle count, and the period's claims
    // and losses by owner, against the two GROUP BY a host would write without the idle count,
    // the scope or the churn.
    const HoldingsRequest holdings_request{7, kBenchTime - kYear, kBenchTime + kYear};
    OwnerHoldings holdings;
    std::size_t raw_lines = 0;
    const auto report_holdings = [&] { holdings = engine->owner_holdings(kActor, holdings_request); };
    std::vector<Run> holdings_runs = paired_ms(1, report_holdings, [&] {
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

    std::vector<Measurement> out = {
        cost("breakdown_pool_by_month", std::move(breakdown_runs), "ms",
             Target{Target::Of::value, Target::Op::at_most, 200}),
        cost("tier_moves_by_month", std::move(moves_runs), "ms"),
        cost("capture_cohorts_monthly", std::move(cohorts_runs), "ms"),
        cost("tier_times", std::move(times_runs), "ms", Target{Target::Of::value, Target::Op::at_most, 1000}),
        cost("owner_holdings", std::move(holdings_runs), "ms")};
    for (Measurement& m : collision_and_share_figures(*engine, raw, w.company)) out.push_back(std::move(m));
    return out;
}

}  // namespace leadpool::bench
