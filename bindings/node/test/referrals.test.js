// Referral campaigns: referral trees, a lead's touches and campaign metrics.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');

const { leadpool, company } = require('./helpers');

function invite(engine, phone, referrer = null, campaign = 'spring') {
    const record = {
        channel: 'wechat_mini_program',
        identities: [['phone', phone]],
        attribution: { source: 'wechat', medium: 'share', campaign },
    };
    if (referrer) record.referrer = ['phone', referrer];
    return engine.ingest('boss', [record])[0];
}

test('a referral tree lists whom a lead brought and the chain above it', (t) => {
    const { engine } = company();
    t.after(() => engine.close());
    const seed = invite(engine, '13800000001').lead;
    const a = invite(engine, '13800000002', '13800000001').lead;
    const a1 = invite(engine, '13800000003', '13800000002').lead;
    const tree = engine.referrals('boss', seed, 2);
    assert.deepEqual([tree.root.lead, tree.root.size, tree.root.levels], [seed, 3, 2]);
    assert.deepEqual(tree.root.referrals.map((node) => node.lead), [a]);
    assert.equal(tree.root.referrals[0].referrals[0].lead, a1);
    assert.deepEqual(engine.referrals('boss', a1).chain.map((link) => link.lead), [a, seed]);
    assert.throws(() => engine.referrals('boss', seed, 33), leadpool.InvalidArgument);
    assert.throws(() => engine.referrals('boss', 999), leadpool.NotFound);
});

test('a record naming a lead its lead brought leaves the referrer out', (t) => {
    const { engine } = company();
    t.after(() => engine.close());
    invite(engine, '13800000001');
    invite(engine, '13800000002', '13800000001');
    const result = invite(engine, '13800000001', '13800000002');
    assert.deepEqual(result.dropped, ["referrer: phone '+8613800000002' names a lead the record's lead brought (a cycle)"]);
});

test('touches and campaign metrics by first and last touch', (t) => {
    const { engine } = company();
    t.after(() => engine.close());
    const seed = invite(engine, '13800000001').lead;
    invite(engine, '13800000002', '13800000001');
    invite(engine, '13800000002', null, 'summer');
    assert.deepEqual(engine.touches('boss', seed).map((touch) => touch.attribution.campaign), ['spring']);
    const first = engine.campaignMetrics('boss', 'spring');
    assert.equal(first.touch, 'first');
    assert.deepEqual([first.totals.captured, first.totals.referred, first.totals.viral_coefficient], [2, 1, 0.5]);
    assert.deepEqual(first.generations.map((g) => g.captured), [1, 1]);
    assert.deepEqual([first.referrers[0].referrer, first.referrers[0].invited], [seed, 1]);
    assert.equal(engine.campaignMetrics('boss', 'spring', { touch: 'last' }).totals.captured, 1);
    assert.throws(() => engine.campaignMetrics('boss', ''), /campaign: required/);
    assert.throws(() => engine.campaignMetrics('boss', 'spring', { touch: 'middle' }), leadpool.InvalidArgument);
});

test('a lead keeps its last touch and the funnel reads a campaign by either touch', (t) => {
    const { engine } = company();
    t.after(() => engine.close());
    const lead = invite(engine, '13800000001').lead;
    invite(engine, '13800000001', null, 'summer');
    const read = engine.lead('boss', lead);
    assert.deepEqual([read.attribution.campaign, read.last_attribution.campaign], ['spring', 'summer']);
    assert.equal(engine.funnel('boss', { campaign: 'spring' }).leads, 1);
    assert.equal(engine.funnel('boss', { campaign: 'spring', touch: 'last' }).leads, 0);
    assert.equal(engine.funnel('boss', { campaign: 'summer', touch: 'last' }).leads, 1);
});
