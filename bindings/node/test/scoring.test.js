// Lead scoring: rules as data, scores kept current by every touch and explained.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');

const { leadpool, T0, DAY, company } = require('./helpers');

const RULES = {
    models: [
        {
            name: 'fit',
            cap: 50,
            rules: [
                { name: 'big company', points: 30, when: [{ field: 'attributes.employees', op: 'range', min: 500 }] },
                { name: 'vip', points: 30, when: [{ field: 'tags', op: 'in', values: ['vip'] }] },
            ],
        },
        { name: 'engagement', rules: [{ name: 'recent demo', points: 10, decay_days: 5, event: { type: 'demo' } }] },
    ],
};

const scoreIn = (engine, lead, model) => engine.scores('boss', lead).find((score) => score.model === model);

test('scores follow the lead and explain themselves', (t) => {
    const { engine, capture } = company();
    t.after(() => engine.close());
    const lead = capture('13800000001', 'web', { attributes: { employees: 900 } });
    assert.deepEqual(engine.setScoringRules('boss', RULES), { needed: true, leads: 1, changed: 2 });
    assert.equal(engine.scoringRules().models[1].rules[0].decay_days, 5);
    assert.deepEqual(scoreIn(engine, lead, 'fit').rules, [{ rule: 'big company', points: 30 }]);

    engine.updateLead('boss', lead, { add_tags: ['vip'] });
    assert.equal(scoreIn(engine, lead, 'fit').points, 50); // 60, held at the cap
    const row = engine.history('boss', lead).filter((h) => h.action === 'score').at(-1);
    assert.deepEqual([row.detail.from, row.detail.to], [30, 50]);
    assert.deepEqual(row.from, row.to); // no move
    const other = capture('13800000002');
    assert.deepEqual(engine.leads('boss', { score: { model: 'fit', min: 40 } }).leads.map((l) => l.id), [lead]);
    assert.deepEqual([...engine.iterLeads('boss', { score: { model: 'fit', max: 0 } })].map((l) => l.id), [other]);
    assert.equal(engine.funnel('boss', { score: { model: 'fit', min: 1 } }).leads, 1);

    engine.ingest('boss', [{ channel: 'web', identities: [{ kind: 'phone', value: '13800000001' }], events: [{ type: 'demo' }] }]);
    assert.equal(scoreIn(engine, lead, 'engagement').next_change, T0 + DAY);
    engine.setTime(T0 + 3 * DAY);
    assert.equal(engine.maintain('boss').rescored, 1);
    assert.equal(scoreIn(engine, lead, 'engagement').points, 4); // 10 * 2 / 5
});

test('a lead list sorts by score and pages through equal scores', (t) => {
    const { engine, capture } = company();
    t.after(() => engine.close());
    const small = capture('13800000001', 'web', { attributes: { employees: 10 } });
    const big = capture('13800000002', 'web', { attributes: { employees: 900 } });
    const bigToo = capture('13800000003', 'web', { attributes: { employees: 600 } });
    engine.setScoringRules('boss', RULES);
    engine.updateLead('boss', small, { add_tags: ['vip'] }); // 30 as well
    const walked = [];
    const options = { sort: 'score', score_model: 'fit', descending: true, limit: 2 };
    for (let page = engine.leads('boss', options); ; page = engine.leads('boss', { ...options, cursor: page.next_cursor })) {
        walked.push(...page.leads.map((l) => l.id));
        if (page.next_cursor === null) break;
        assert.equal(page.next_cursor.key, 30); // the points of the page's last lead
    }
    assert.deepEqual(walked, [bigToo, big, small]); // equal scores by id, descending too
    engine.updateLead('boss', big, { attributes: { employees: 20 } });
    const ascending = engine.leads('boss', { sort: 'score', score_model: 'fit', score: { model: 'fit', min: 1 } });
    assert.deepEqual(ascending.leads.map((l) => l.id), [small, bigToo]);
    assert.throws(() => engine.leads('boss', { sort: 'score' }), (e) => e instanceof leadpool.InvalidArgument && /score_model/.test(e.message));
});

test('a rescore reports its progress after each batch', (t) => {
    const { engine } = company();
    t.after(() => engine.close());
    const inputs = [];
    for (let i = 0; i < 1001; ++i) inputs.push({ channel: 'web', identities: [['phone', `1390000${String(i).padStart(4, '0')}`]] });
    engine.captureBatch('boss', inputs);
    const heard = [];
    assert.equal(engine.setScoringRules('boss', RULES, (soFar) => heard.push(soFar.leads)).leads, 1001);
    assert.deepEqual(heard, [1000, 1001]);
    assert.throws(() => engine.setScoringRules('boss', RULES, 3), TypeError);
    assert.throws(() => engine.setScoringRules('ann', RULES, () => heard.push(0)), leadpool.PermissionDenied);
    assert.deepEqual(heard, [1000, 1001]);
});

test('bad scoring rules are refused naming the field', (t) => {
    const { engine } = company();
    t.after(() => engine.close());
    assert.throws(
        () => engine.setScoringRules('boss', { models: [{ name: 'fit', rules: [{ name: 'a', points: 1, when: [{ field: 'colour', op: 'exists' }] }] }] }),
        (e) => e instanceof leadpool.InvalidArgument && /models\[0\]\.rules\[0\]\.when\[0\]: unknown field 'colour'/.test(e.message),
    );
    assert.throws(() => engine.setScoringRules('ann', RULES), leadpool.PermissionDenied);
    assert.deepEqual(engine.scoringRules(), { models: [] });
});
