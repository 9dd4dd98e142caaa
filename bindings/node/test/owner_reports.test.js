// The owner reports: collisions (撞单), holdings (囤积), the public share over time, and the flat
// rows of every report.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');

const { leadpool, T0, DAY, company } = require('./helpers');

const HOUR = 3_600_000;

/**
 * A pool ann and bob both belong to; one lead ann claims, follows up and releases, bob claims an
 * hour later; another ann holds and never follows up. The clock stops ten days and two hours on.
 */
function passedOn(t) {
    const team = company();
    const { engine, capture } = team;
    t.after(() => engine.close());
    const shared = engine.createPool('boss', 'shared', { members: ['ann', 'bob'] }).id;
    const lead = capture('13800000001');
    const idle = capture('13800000002');
    engine.distribute('boss', lead, shared);
    engine.distribute('boss', idle, shared, 'ann');
    engine.setTime(T0 + HOUR);
    engine.claim('ann', lead);
    engine.setTime(T0 + 2 * HOUR);
    engine.followUp('ann', lead, 'call');
    engine.release('ann', lead);
    engine.setTime(T0 + 3 * HOUR);
    engine.claim('bob', lead);
    engine.setTime(T0 + 10 * DAY + 2 * HOUR);
    return { engine, shared, lead };
}

test('collisions name the lead, its users and the kind', (t) => {
    const { engine, lead } = passedOn(t);
    const page = engine.collisions('boss', T0, new Date(T0 + DAY), 2 * HOUR);
    assert.deepEqual(page, {
        collisions: [{ lead, users: ['ann', 'bob'], first: T0 + HOUR, last: T0 + 3 * HOUR, kind: 'both', merges: [] }],
        next_after: null,
    });
    assert.deepEqual(leadpool.collisionRows(page)[0].users, 'ann, bob');
    assert.deepEqual(engine.collisions('boss', T0, T0 + DAY, HOUR - 1).collisions, []);
    assert.throws(() => engine.collisions('boss', T0, T0 + DAY, 0), /window/);
});

test('holdings count held, idle, claimed, released and churned leads per owner', (t) => {
    const { engine } = passedOn(t);
    const holdings = engine.ownerHoldings('boss', T0, T0 + DAY, { idle_days: 10 });
    assert.equal(holdings.now, T0 + 10 * DAY + 2 * HOUR);
    const rows = Object.fromEntries(leadpool.holdingRows(holdings).map((row) => [row.owner, row]));
    assert.deepEqual([rows.ann.held, rows.ann.idle, rows.ann.claims, rows.ann.releases, rows.ann.churned], [1, 1, 1, 1, 1]);
    assert.deepEqual([rows.bob.held_sub, rows.bob.idle, rows.bob.claims, rows.bob.churned], [1, 0, 1, 0]);
    assert.throws(() => engine.ownerHoldings('boss', T0, T0 + DAY, { idle_days: 0 }), leadpool.InvalidArgument);
});

test('the public share of a pool follows its owner changes', (t) => {
    const { engine, shared } = passedOn(t);
    // T0 is a Tuesday evening: one week holds the whole story.
    const share = engine.publicShare('boss', shared, T0, T0 + 3 * HOUR, { interval: 'week' });
    assert.deepEqual(leadpool.shareRows(share), [{ start: T0, at: T0 + 3 * HOUR, leads: 2, unowned: 1, share: 0.5 }]);
    assert.equal(engine.publicShare('boss', shared, T0, T0 + 4 * HOUR).points[0].unowned, 0);
    assert.throws(() => engine.publicShare('boss', 404, T0, T0 + DAY), leadpool.NotFound);
});

test('the period report and the cohort table flatten into rows', (t) => {
    const { engine, shared } = passedOn(t);
    const moves = engine.tierMoves('boss', T0, T0 + DAY, { by: 'pool' });
    const rows = leadpool.movesRows(moves);
    assert.deepEqual(rows.map((row) => [row.pool, row.into_master, row.into_sub]), [[1, 2, 0], [shared, 0, 2]]);
    assert.deepEqual(leadpool.movesRows(engine.tierMoves('boss', T0, T0 + DAY)).map((row) => row.into_master), [2]);
    const cohorts = leadpool.cohortRows(engine.captureCohorts('boss', { period: 'week', periods_after: 1 }));
    assert.deepEqual(cohorts.map((row) => [row.leads, row.periods_after, row.sub]), [[2, 0, 2], [2, 1, 2]]);
});
