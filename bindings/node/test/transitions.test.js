// Transitions through the pyramid, batches, the permission check and the funnel.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');

const { leadpool, T0, DAY, company } = require('./helpers');

const place = (lead) => [lead.tier, lead.pool, lead.owner];

test('every move of the pyramid', (t) => {
    const { engine, east, west, capture } = company();
    t.after(() => engine.close());
    const [a, b, c] = ['13800000000', '13800000001', '13800000002'].map((phone) => capture(phone));
    assert.deepEqual(place(engine.distribute('boss', a, east, 'ann')), ['sub', east, 'ann']);
    engine.updatePool('boss', west, 'west', { managers: ['bob'], members: ['ann'] });
    assert.deepEqual(place(engine.transfer('boss', a, west, 'bob')), ['sub', west, 'bob']);
    assert.deepEqual(place(engine.transfer('boss', a, null, 'ann')), ['sub', west, 'ann']);
    assert.deepEqual(place(engine.returnToMaster('boss', a, 'no answer')), ['master', 1, null]);

    engine.distribute('boss', b, east, 'ann');
    assert.deepEqual(place(engine.qualify('ann', b)), ['opportunity', east, 'ann']);
    assert.equal(engine.win('ann', b).tier, 'order');

    engine.distribute('boss', c, east);
    engine.qualify('ann', c);
    assert.equal(engine.lose('ann', c, 'price').tier, 'lost');
    assert.deepEqual(place(engine.reactivate('ann', c, east)).slice(0, 2), ['sub', east]);
    engine.qualify('ann', c);
    engine.lose('ann', c, 'price again');
    assert.deepEqual(place(engine.reactivate('boss', c)).slice(0, 2), ['master', 1]);

    assert.equal(engine.invalidate('boss', a, 'test entry').tier, 'invalid');
    assert.equal(engine.restore('boss', a).tier, 'master');
    assert.deepEqual(
        engine.history('boss', c).filter((row) => row.action === 'lose').map((row) => row.reason),
        ['price', 'price again'],
    );
    assert.throws(() => engine.win('ann', a), leadpool.NotFound); // a master lead is nothing to ann
    assert.throws(() => engine.win('boss', a), leadpool.IllegalTransition);
    assert.throws(() => engine.invalidate('boss', a, ''), leadpool.InvalidArgument);
});

test('transition checks the version; a batch runs in order, all or nothing', (t) => {
    const { engine, east, capture } = company();
    t.after(() => engine.close());
    const a = capture('13800000001');
    const b = capture('13800000002');
    assert.throws(() => engine.transition('boss', a, 'distribute', { to_pool: east, expected_version: 7 }), leadpool.Conflict);
    assert.equal(engine.transition('boss', a, 'distribute', { to_pool: east, expected_version: 1 }).tier, 'sub');
    assert.throws(() => engine.transition('boss', a, 'teleport'), leadpool.InvalidArgument);
    const moved = engine.transitionBatch('boss', [
        leadpool.transitionRequest(b, 'distribute', { to_pool: east, to_owner: 'ann' }),
        leadpool.transitionRequest(b, 'qualify'),
    ]);
    assert.deepEqual(moved.map((lead) => lead.tier), ['sub', 'opportunity']);
    assert.throws(
        () => engine.transitionBatch('boss', [leadpool.transitionRequest(b, 'win'), leadpool.transitionRequest(a, 'win')]),
        leadpool.IllegalTransition,
    );
    assert.equal(engine.lead('boss', b).tier, 'opportunity');
});

test('can answers for lead and organisation actions', (t) => {
    const { engine, east, capture } = company();
    t.after(() => engine.close());
    const lead = capture('13800000001');
    engine.distribute('boss', lead, east, 'ann');
    assert.equal(engine.can('ann', 'qualify', lead), true);
    assert.equal(engine.can('bob', 'qualify', lead), false);
    assert.equal(engine.can('boss', 'report'), true);
    assert.equal(engine.can('ann', 'manage_org'), false);
    assert.throws(() => engine.can('zoe', 'read', lead), leadpool.PermissionDenied);
    assert.throws(() => engine.can('ann', 'fly', lead), leadpool.InvalidArgument);
});

/** A web lead won in east on day 0 and an app lead left in the master pool on day 1. */
function twoLeads(t) {
    const { engine, east, capture } = company();
    t.after(() => engine.close());
    const won = capture('13800000001');
    engine.setTime(T0 + DAY);
    capture('13800000002', 'app');
    engine.distribute('boss', won, east, 'ann');
    engine.qualify('ann', won);
    engine.win('ann', won);
    return { engine, east };
}

test('the funnel reads both ways and filters', (t) => {
    const { engine, east } = twoLeads(t);
    const report = engine.funnel('boss');
    assert.equal(report.leads, 2);
    assert.deepEqual(report.tiers.find((tier) => tier.tier === 'sub'), { tier: 'sub', at: 0, reached: 1 });
    assert.equal(report.main_line_conversion, 0.5);
    assert.equal(engine.funnel('boss', { channel: 'app' }).leads, 1);
    assert.equal(engine.funnel('boss', { captured_to: new Date(T0 + DAY) }).leads, 1);
    assert.equal(engine.funnel('boss', { pool: east }).leads, 1);
    assert.throws(() => engine.funnel('zoe'), leadpool.PermissionDenied);
    assert.throws(() => engine.funnel('boss', { pool: 404 }), leadpool.NotFound);
});

test('the period report counts the moves into each tier', (t) => {
    const { engine, east } = twoLeads(t);
    const moves = engine.tierMoves('boss', T0, new Date(T0 + 2 * DAY), { by: 'pool' });
    assert.deepEqual(moves.into, { master: 2, sub: 1, opportunity: 1, order: 1, lost: 0, invalid: 0 });
    assert.deepEqual(moves.rows.map((row) => [row.group, row.into.master, row.into.order]), [[1, 2, 0], [east, 0, 1]]);
    assert.equal(engine.tierMoves('boss', T0, T0 + DAY, {}, { channel: 'app' }).into.master, 0);
    assert.equal(engine.tierMoves('boss', T0 + DAY, T0 + 2 * DAY).into.master, 1);
    assert.throws(() => engine.tierMoves('boss', T0, T0), /moves to/);
    assert.throws(() => engine.tierMoves('zoe', T0, T0 + DAY), leadpool.PermissionDenied);
});

test('the cohort table follows each capture period', (t) => {
    const { engine } = twoLeads(t);
    const table = engine.captureCohorts('boss', { period: 'week', periods_after: 1 });
    assert.equal(table.period, 'week');
    const reached = table.cohorts.map((cohort) => [cohort.leads, cohort.reached.map((r) => r.order)]);
    assert.ok(reached.length >= 1 && reached.length <= 2);
    assert.equal(reached.reduce((leads, [n]) => leads + n, 0), 2);
    assert.equal(engine.captureCohorts('boss').cohorts[0].reached.length, 4);
    assert.throws(() => engine.captureCohorts('boss', { periods_after: 25 }), /periods_after/);
});

test('time in tier measures stays, the way to order and the won orders', (t) => {
    const { engine } = twoLeads(t);
    engine.setTime(T0 + 3 * DAY);
    const times = engine.tierTimes('boss');
    assert.equal(times.at, T0 + 3 * DAY);
    const { tiers, to_order: toOrder, revenue } = times.total;
    assert.deepEqual(tiers.master.finished, { count: 1, median_ms: DAY, p90_ms: DAY, mean_ms: DAY });
    assert.deepEqual(tiers.sub.finished, { count: 1, median_ms: 0, p90_ms: 0, mean_ms: 0 });  // won the same day
    assert.deepEqual(tiers.master.open, { count: 1, median_ms: 2 * DAY, p90_ms: 2 * DAY, mean_ms: 2 * DAY });
    assert.equal(tiers.order.open.median_ms, 2 * DAY);
    assert.equal(toOrder.median_ms, DAY);
    assert.deepEqual(revenue, { orders: 0, sum: 0, mean: 0 });  // won without an opportunity record
    const rows = leadpool.timesRows(engine.tierTimes('boss', { by: 'channel' }));
    assert.deepEqual(rows.map((row) => [row.channel, row.master_finished_count, row.master_open_count]), [
        ['app', 0, 1],
        ['web', 1, 0],
    ]);
    assert.equal(leadpool.timesRows(times)[0].to_order_p90_ms, DAY);
    assert.equal(engine.tierTimes('boss', { from: new Date(T0 + 2 * DAY) }).total.to_order.count, 0);
    assert.equal(engine.tierTimes('boss', { at: T0 }).total.tiers.master.open.count, 1);
    assert.throws(() => engine.tierTimes('boss', { by: 'score_band' }), /by/);
    assert.throws(() => engine.tierTimes('boss', { from: T0 + DAY, to: T0 }), /tier times to/);
    assert.throws(() => engine.tierTimes('zoe'), leadpool.PermissionDenied);
});

test('a funnel breakdown groups by one or two keys in one call', (t) => {
    const { engine, east } = twoLeads(t);
    const breakdown = engine.funnelBreakdown('boss', ['pool', 'channel']);
    assert.deepEqual(breakdown.keys, ['pool', 'channel']);
    assert.deepEqual(breakdown.rows.map((row) => [row.group, row.report.leads]), [
        [{ pool: 1, channel: 'app' }, 1],
        [{ pool: east, channel: 'web' }, 1],
    ]);
    assert.deepEqual(breakdown.total, engine.funnel('boss'));
    const rows = leadpool.breakdownRows(breakdown);
    assert.equal(rows[1].pool, east);
    assert.equal(rows[1].at_order, 1);
    assert.equal(rows[1].main_line_conversion, 1);
    assert.equal(leadpool.reportRow(breakdown.total).leads, 2);
    const owners = engine.funnelBreakdown('boss', { keys: ['owner'] }, { captured_from: new Date(T0 + DAY) });
    assert.deepEqual(owners.rows.map((row) => row.group), [{ owner: null }]);
    assert.throws(() => engine.funnelBreakdown('boss', []), leadpool.InvalidArgument);
    assert.throws(() => engine.funnelBreakdown('boss', 'score_band'), /breakdown score_model/);
    assert.throws(() => engine.funnelBreakdown('zoe', 'pool'), leadpool.PermissionDenied);
});
