// Compiled by `tsc -p test/types` (ctest: node_types): index.d.ts is valid TypeScript, a host
// written against it type-checks, and what it must refuse it refuses (@ts-expect-error).
import {
    Engine,
    LeadpoolError,
    NotFound,
    nativeFunctions,
    normalizeIdentity,
    type CaptureResult,
    type FunnelReport,
    type FunnelBreakdown,
    type TierMoves,
    type CaptureCohorts,
    type TierTimes,
    breakdownRows,
    timesRows,
    movesRows,
    cohortRows,
    collisionRows,
    holdingRows,
    shareRows,
    type CollisionPage,
    type OwnerHoldings,
    type PublicShare,
    type CampaignMetrics,
    type ReferralTree,
    type Lead,
    type LeadScore,
    type RescoreReport,
    type OpportunityPage,
    type ConflictPage,
    type IdentityConflict,
    type Tier,
} from '../..';

function story(engine: Engine): number {
    engine.initialize({ id: 'boss', name: 'Wang', roles: ['director'] }, 'factory_led');
    const east = engine.createPool('boss', 'east', { managers: ['ann'] });
    const captured: CaptureResult = engine.capture('boss', [['phone', '13800000001']], 'web', {
        attributes: { city: 'Hangzhou' },
    });
    const lead: Lead = engine.distribute('boss', captured.lead.id, east.id, 'ann');
    const tier: Tier = lead.tier;
    for (const each of engine.iterLeads('boss', { tier, created_from: new Date() })) {
        each.owner?.toUpperCase();
    }
    engine.followUp('ann', lead.id, 'call', { at: new Date(), outcome: 'interested' });
    engine.route('boss', { all_unrouted: true });
    engine.subscribe('boss', (changes) => changes.map((change) => change.kind), { kinds: ['claim'] });
    const report: FunnelReport = engine.funnel('boss', { captured_from: 0 });
    const breakdown: FunnelBreakdown = engine.funnelBreakdown('boss', ['pool', 'capture_month'], { channel: 'web' });
    breakdownRows(breakdown).map((row) => row.pool);
    engine.funnelBreakdown('boss', { keys: ['score_band'], score_model: 'fit', band_width: 20 });
    const moves: TierMoves = engine.tierMoves('boss', 0, new Date(), { by: 'month' }, { channel: 'web' });
    moves.rows.map((row) => row.into.order);
    const cohorts: CaptureCohorts = engine.captureCohorts('boss', { period: 'week', periods_after: 4 });
    cohorts.cohorts.map((cohort) => cohort.reached[0].order);
    const times: TierTimes = engine.tierTimes('boss', { from: 0, at: new Date(), by: 'owner' }, { channel: 'web' });
    times.total.tiers.opportunity.finished.median_ms.toFixed();
    timesRows(times).map((row) => row.owner);
    // @ts-expect-error: lost is an end, not a stay
    times.total.tiers.lost;
    // @ts-expect-error: time in tier groups by the lead's own keys only
    engine.tierTimes('boss', { by: 'score_band' });
    movesRows(moves).map((row) => row.into_sub);
    cohortRows(cohorts).map((row) => row.periods_after);
    const collisions: CollisionPage = engine.collisions('boss', 0, new Date(), 3_600_000, { limit: 10 });
    collisions.collisions.map((row) => row.kind === 'both' && row.users.length);
    collisionRows(collisions).map((row) => row.users);
    const holdings: OwnerHoldings = engine.ownerHoldings('boss', 0, new Date(), { idle_days: 7 });
    holdings.owners.map((line) => line.held_by_tier.sub + line.churned);
    holdingRows(holdings).map((row) => row.owner);
    const share: PublicShare = engine.publicShare('boss', east.id, 0, new Date(), { interval: 'month', subtree: true });
    share.points.map((point) => point.share);
    shareRows(share).map((row) => row.unowned);
    // @ts-expect-error: a share is cut into days, weeks or months
    engine.publicShare('boss', east.id, 0, new Date(), { interval: 'year' });
    // @ts-expect-error: not a breakdown key
    engine.funnelBreakdown('boss', 'region');
    const tree: ReferralTree = engine.referrals('boss', lead.id, 2);
    tree.root.referrals.map((node) => node.lead ?? node.owner);
    const campaign: CampaignMetrics = engine.campaignMetrics('boss', 'spring', { touch: 'last' });
    campaign.generations.map((generation) => generation.viral_coefficient);
    // @ts-expect-error: a lead is placed in a campaign by its first or last touch
    engine.campaignMetrics('boss', 'spring', { touch: 'middle' });
    normalizeIdentity('phone', '13800000001').blocked;
    const pipeline: OpportunityPage = engine.pipeline('boss', { status: 'open', pool: east.id, limit: 10 });
    engine.pipeline('boss', { after: pipeline.next_cursor });
    // @ts-expect-error: an opportunity is open, won, lost, reactivated or released
    engine.pipeline('boss', { status: 'pending' });

    const queue: ConflictPage = engine.identityConflictPage('boss', { state: 'all', rule: 'out_of_scope', limit: 20 });
    engine.mergePage('boss', { after: queue.next_after, newest_first: true, reason: 'ingest' });
    const settled: IdentityConflict = engine.resolveIdentityConflict('boss', 1, 'dismiss', 'two people');
    settled.resolution_merges.map((merge) => merge + 1);
    // @ts-expect-error: a conflict is merged or dismissed
    engine.resolveIdentityConflict('boss', 1, 'ignore');
    // @ts-expect-error: a conflict's state is open, resolved, dismissed (or all, to list every one)
    engine.identityConflictPage('boss', { state: 'closed' });

    const out: [unknown] = [null];
    const status: number = nativeFunctions().lp_lead_get(out as never, engine as never, 'boss', 1);

    // @ts-expect-error: a tier is one of six names
    const wrong: Tier = 'customer';
    const rescore: RescoreReport = engine.setScoringRules('boss', {
        models: [{ name: 'fit', rules: [{ name: 'vip', points: 20, when: [{ field: 'tags', op: 'in', values: ['vip'] }] }] }],
    });
    const fit: LeadScore | undefined = engine.scores('boss', lead.id).find((score) => score.model === 'fit');
    const explained: number = (fit?.rules.length ?? 0) + rescore.changed;
    // @ts-expect-error: a scoring rule's points are a number
    engine.setScoringRules('boss', { models: [{ name: 'fit', rules: [{ name: 'vip', points: 'many' }] }] });
    // @ts-expect-error: follow-ups are calls, messages, visits, meetings or notes
    engine.followUp('ann', lead.id, 'email');
    // @ts-expect-error: a lead id is a number
    engine.lead('boss', '1');
    // @ts-expect-error: the raw function takes the engine handle, not a string
    nativeFunctions().lp_pool_list([null], 'engine', 'boss');
    return report.main_line_conversion + status + wrong.length + explained;
}

export function run(): string {
    try {
        return String(story(new Engine('memory:', { manual_clock_ms: new Date() })));
    } catch (error) {
        if (error instanceof NotFound || (error instanceof LeadpoolError && error.status === 3)) {
            return `${error.statusName} ${error.code}`;
        }
        throw error;
    }
}
