// Personal data: subject access, erasure (with suppression), and their errors.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');

const { leadpool, company } = require('./helpers');

function li({ engine }) {
    const [result] = engine.ingest('boss', [{
        channel: 'web',
        record_id: 'w-li',
        identities: [['phone', '13800138000'], ['email', 'li@example.com']],
        attributes: { name: 'Li Lei', city: 'Hangzhou' },
        events: [{ type: 'page_view', payload: { path: '/li' } }],
    }]);
    engine.followUp('boss', result.lead, 'call', { note: 'Li Lei wants a demo' });
    return result.lead;
}

test('subject access reads the person and records no identity', (t) => {
    const c = company();
    t.after(() => c.engine.close());
    const lead = li(c);
    const data = c.engine.personalData('boss', ['phone', '+86 138 0013 8000']);
    assert.deepEqual([data.lead.id, data.leads], [lead, []]);
    assert.deepEqual(data.identities, [{ kind: 'phone', value: '+8613800138000' }, { kind: 'email', value: 'li@example.com' }]);
    assert.equal(data.follow_ups[0].note, 'Li Lei wants a demo');
    assert.deepEqual(data.events[0].payload, { path: '/li' });
    const exported = c.engine.orgHistory('boss').at(-1);
    assert.deepEqual([exported.kind, exported.detail], ['personal_data_exported', { lead, leads: [lead] }]);
    assert.equal(c.engine.personalData('boss', { kind: 'email', value: 'LI@example.com' }).lead.id, lead);
    assert.throws(() => c.engine.personalData('boss', ['phone', '13900139000']), /no lead holds/);
    assert.throws(() => c.engine.personalData('boss', ['email', 'not an address']), leadpool.InvalidArgument);
});

test('erase keeps the lead and its place, and takes the person', (t) => {
    const c = company();
    t.after(() => c.engine.close());
    const { engine } = c;
    const lead = li(c);
    engine.distribute('boss', lead, c.east, 'ann');
    const funnel = engine.funnel('boss');
    assert.throws(() => engine.erase('boss', lead, ' '), /reason is empty/);
    assert.throws(() => engine.erase('ann', lead, 'gdpr'), leadpool.PermissionDenied); // her lead, not her right
    const report = engine.erase('boss', lead, 'request 7');
    assert.deepEqual([report.lead, report.leads, report.identities, report.suppressed, report.scrub], [lead, [lead], 2, 0, 'complete']);
    const after = engine.lead('boss', lead);
    assert.deepEqual([after.identities, after.attributes, after.owner], [[], { name: '[erased]', city: '[erased]' }, 'ann']);
    assert.deepEqual(engine.funnel('boss'), funnel);
    const text = JSON.stringify([engine.history('boss', lead), engine.events('boss', lead), engine.activities('boss', lead), engine.changes('boss')]);
    for (const value of ['13800138000', 'li@example.com', 'Li Lei', 'Hangzhou', 'w-li']) assert.ok(!text.includes(value), value);
    assert.throws(() => engine.erase('boss', lead, 'gdpr'), /erased before/);
    assert.notEqual(engine.capture('boss', [['phone', '13800138000']], 'web').lead.id, lead); // not suppressed
});

test('a suppressed person is refused with Suppressed', (t) => {
    const c = company();
    t.after(() => c.engine.close());
    const { engine } = c;
    const lead = li(c);
    assert.equal(engine.erase('boss', lead, 'do not contact me', { suppress: true }).suppressed, 2);
    assert.throws(
        () => engine.capture('boss', [['email', 'Li@Example.com']], 'web'),
        (error) => error instanceof leadpool.Suppressed && error.status === 11 && error.code === 'LP_SUPPRESSED',
    );
    const results = engine.ingest('boss', [{ channel: 'shop', identities: [['phone', '138 0013 8000']] }]);
    assert.deepEqual([results[0].outcome, results[0].error], ['rejected', 'suppressed']);
});
