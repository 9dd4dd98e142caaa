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

test('the funnel reads both ways and filters', (t) => {
    const { engine, east, capture } = company();
    t.after(() => engine.close());
    const won = capture('13800000001');
    engine.setTime(T0 + DAY);
    capture('13800000002', 'app');
    engine.distribute('boss', won, east, 'ann');
    engine.qualify('ann', won);
    engine.win('ann', won);
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
