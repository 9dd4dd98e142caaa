// Leads: capture, reads, pages and the iterator, updates and history.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');

const { leadpool, T0, DAY, company } = require('./helpers');

test('a capture creates a lead, a known identity updates it', (t) => {
    const { engine } = company();
    t.after(() => engine.close());
    const first = engine.capture('boss', [['phone', '+86 138 0000 0001']], 'web', {
        attributes: { name: 'Li', city: '杭州' },
        attribution: { source: 'baidu' },
        tags: ['vip'],
    });
    assert.equal(first.created, true);
    const lead = first.lead;
    assert.deepEqual(lead.identities, [{ kind: 'phone', value: '+8613800000001' }]);
    assert.deepEqual([lead.tier, lead.pool, lead.owner, lead.attributes.city], ['master', 1, null, '杭州']);
    const again = engine.capture('boss', [{ kind: 'phone', value: '13800000001' }, ['email', 'Li@Example.com']], 'shop');
    assert.equal(again.created, false);
    assert.equal(again.lead.id, lead.id);
    assert.deepEqual(again.lead.channels, ['web', 'shop']);
    assert.equal(engine.findLead('boss', 'email', 'li@example.com').id, lead.id);
    assert.equal(engine.findLead('boss', 'email', 'nobody@example.com'), null);
    assert.deepEqual(engine.lead('boss', lead.id), again.lead);
    assert.throws(() => engine.capture('boss', [], 'web'), leadpool.InvalidArgument);
    assert.throws(() => engine.capture('boss', [['phone', '13800000009']], 'web', { colour: 'red' }), /unknown field/);
});

test('a capture batch is all or nothing', (t) => {
    const { engine } = company();
    t.after(() => engine.close());
    const results = engine.captureBatch('boss', [
        { identities: [['phone', '13800000001']], channel: 'web' },
        { identities: [['phone', '13800000002']], channel: 'app' },
    ]);
    assert.deepEqual(results.map((result) => result.created), [true, true]);
    assert.throws(
        () => engine.captureBatch('boss', [{ identities: [['phone', '13800000003']], channel: 'web' }, { channel: 'web' }]),
        leadpool.InvalidArgument,
    );
    assert.equal(engine.leads('boss').leads.length, 2);
    const tooMany = Array.from({ length: 10_001 }, (_, i) => ({ identities: [['phone', `1390000${i}`]], channel: 'web' }));
    assert.throws(() => engine.captureBatch('boss', tooMany), leadpool.LimitExceeded);
});

test('pages and the iterator read the leads the actor may read, filtered', (t) => {
    const { engine, east, capture } = company();
    t.after(() => engine.close());
    const ids = [];
    for (let i = 0; i < 5; i++) {
        engine.setTime(T0 + i * DAY);
        ids.push(capture(`1380000000${i}`, i % 2 ? 'app' : 'web'));
    }
    engine.distribute('boss', ids[0], east, 'ann');
    const page = engine.leads('boss', { limit: 2 });
    assert.deepEqual([page.leads.map((lead) => lead.id), page.next_after], [ids.slice(0, 2), ids[1]]);
    assert.deepEqual(engine.leads('boss', { after: page.next_after, limit: 10 }).next_after, null);
    assert.deepEqual(engine.leads('boss', { channel: 'app' }).leads.map((lead) => lead.id), [ids[1], ids[3]]);
    assert.deepEqual(engine.leads('boss', { created_from: new Date(T0 + 3 * DAY) }).leads.map((l) => l.id), ids.slice(3));
    assert.deepEqual(engine.leads('ann').leads.map((lead) => lead.id), [ids[0]]);
    assert.deepEqual([...engine.iterLeads('boss', { page_size: 2, tier: 'master' })].map((l) => l.id), ids.slice(1));
    assert.deepEqual([...engine.iterLeads('boss', { created_to: T0 + DAY })].map((l) => l.id), [ids[0]]);
    assert.throws(() => engine.leads('boss', { limit: 0 }), leadpool.InvalidArgument);
    assert.throws(() => engine.iterLeads('boss', { page_size: 5000 }), leadpool.InvalidArgument);
    assert.throws(() => engine.leads('boss', { tier: 'customer' }), leadpool.InvalidArgument);
    assert.throws(() => engine.leads('boss', { createdFrom: T0 }), /unknown field/);
});

test('lists search attributes, text and identities and page by cursor in any order', (t) => {
    const { engine, east } = company();
    t.after(() => engine.close());
    const add = (phone, attributes) => engine.capture('boss', [['phone', phone]], 'web', { attributes }).lead.id;
    const anna = add('+39 333 111 2222', { name: 'Anna', city: 'Milano', age: 41 });
    const bruno = add('+39 02 1234 5678', { name: 'Bruno', city: 'Torino', age: 29 });
    const chiara = add('+39 333 999 0000', { name: 'CHIARA', company: 'Milano Srl' });
    engine.setTime(T0 + DAY);
    engine.distribute('boss', bruno, east, 'ann');
    const listed = (options) => engine.leads('boss', options).leads.map((lead) => lead.id);
    assert.deepEqual(listed({ text: { query: 'MILANO', fields: ['city', 'company'] } }), [anna, chiara]);
    assert.deepEqual(listed({ identity: { kind: 'phone', prefix: '+39333' } }), [anna, chiara]);
    assert.deepEqual(listed({ attributes: [{ field: 'attributes.age', op: 'range', max: 30 }] }), [bruno]);
    assert.deepEqual(listed({ active_to: new Date(T0 + DAY) }), [anna, chiara]);

    const first = engine.leads('boss', { sort: 'last_activity', descending: true, limit: 2 });
    assert.deepEqual([first.leads.map((lead) => lead.id), first.next_after], [[bruno, chiara], null]);
    assert.deepEqual(first.next_cursor, { key: T0, id: chiara });
    const rest = engine.leads('boss', { sort: 'last_activity', descending: true, limit: 2, cursor: first.next_cursor });
    assert.deepEqual([rest.leads.map((lead) => lead.id), rest.next_cursor], [[anna], null]);
    assert.throws(() => engine.leads('boss', { text: { query: 'a', fields: [] } }), /text.fields/);
    assert.throws(() => engine.leads('boss', { sort: 'rank' }), (e) => e instanceof leadpool.InvalidArgument && /sort/.test(e.message));
});

test('updates merge attributes and tags, checked against the version; history keeps every row', (t) => {
    const { engine, capture } = company();
    t.after(() => engine.close());
    const id = capture('13800000001', 'web', { attributes: { city: 'Hangzhou' }, tags: ['cold'] });
    const updated = engine.updateLead('boss', id, { attributes: { budget: 5000 }, add_tags: ['hot'], remove_tags: ['cold'] });
    assert.deepEqual([updated.attributes, updated.tags, updated.version], [{ city: 'Hangzhou', budget: 5000 }, ['hot'], 2]);
    assert.throws(() => engine.updateLead('boss', id, { expected_version: 1, add_tags: ['x'] }), leadpool.Conflict);
    assert.deepEqual(engine.history('boss', id).map((row) => row.action), ['capture', 'update']);
    assert.throws(() => engine.history('boss', 404), leadpool.NotFound);
});
