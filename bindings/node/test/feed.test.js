// The change feed: pages in the actor's scope, consumers that resume, settings, waiting, and
// subscriptions with a JavaScript callback through koffi.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');

const { leadpool, T0, DAY, BOSS, company, tempDir } = require('./helpers');

function allChanges(engine, actor, query = {}) {
    const out = [];
    let since = 0;
    for (;;) {
        const page = engine.changes(actor, { ...query, since });
        out.push(...page.changes);
        if (page.next === page.last) return out;
        since = page.next;
    }
}

test('every change is numbered and each actor sees their own', (t) => {
    const { engine, east, capture } = company();
    t.after(() => engine.close());
    const lead = capture('13800000001');
    capture('13800000002');
    engine.distribute('boss', lead, east, 'ann');
    const changes = allChanges(engine, 'boss', { limit: 2 });
    assert.deepEqual(changes.map((change) => change.seq), changes.map((_, i) => i + 1));
    assert.deepEqual([changes[0].kind, changes[0].subject], ['initialized', 'organisation']);
    const last = changes.at(-1);
    assert.deepEqual([last.kind, last.before, last.after], ['distribute', { tier: 'master', pool: 1, owner: null }, { tier: 'sub', pool: east, owner: 'ann' }]);
    assert.deepEqual([...new Set(allChanges(engine, 'ann').map((change) => change.lead))], [lead]);
    assert.deepEqual(allChanges(engine, 'boss', { filter: { kinds: ['capture'] } }).map((c) => c.kind), ['capture', 'capture']);
    assert.throws(() => engine.changes('boss', { since: -1 }), leadpool.InvalidArgument);
    assert.throws(() => engine.changes('boss', { limit: 100_000 }), leadpool.LimitExceeded);
    assert.throws(() => engine.changes('boss', { consumer: 'nobody' }), leadpool.NotFound);
});

test('a consumer resumes from its last ack in the next engine', (t) => {
    const file = path.join(tempDir(t), 'feed.db');
    const first = leadpool.Engine.sqlite(file, { manual_clock_ms: T0 });
    first.initialize(BOSS, 'factory_led');
    first.addConsumer('boss', 'warehouse');
    first.capture('boss', [['phone', '13800000001']], 'web');
    const page = first.changes('boss', { consumer: 'warehouse' });
    assert.equal(first.ack('boss', 'warehouse', page.changes[0].seq).position, 1);
    assert.throws(() => first.addConsumer('boss', 'warehouse'), leadpool.Conflict);
    first.close();
    const second = leadpool.Engine.sqlite(file, { manual_clock_ms: T0 });
    t.after(() => second.close());
    assert.deepEqual(second.changes('boss', { consumer: 'warehouse' }).changes.map((c) => c.seq), [2, 3]);
    assert.equal(second.consumer('boss', 'warehouse').position, 1);
    assert.deepEqual(second.consumers('boss').map((c) => c.name), ['warehouse']);
    assert.throws(() => second.ack('boss', 'warehouse', 10 ** 9), leadpool.InvalidArgument);
});

test('retention prunes at maintain', (t) => {
    const { engine, capture } = company();
    t.after(() => engine.close());
    capture('13800000001');
    assert.deepEqual(engine.setFeedSettings('boss', { retention_ms: DAY }), { retention_ms: DAY });
    engine.setTime(T0 + 2 * DAY);
    capture('13800000002');
    assert.ok(engine.maintain('boss').pruned_changes > 0);
    assert.equal(engine.changes('boss').pruned, true);
    assert.deepEqual(engine.feedSettings(), { retention_ms: DAY });
    assert.throws(() => engine.setFeedSettings('ann', { retention_ms: 0 }), leadpool.PermissionDenied);
});

test('a callback hears each commit in order, may call the engine, and stops at unsubscribe', (t) => {
    const { engine, east, capture } = company();
    t.after(() => engine.close());
    const heard = [];
    const owners = [];
    const id = engine.subscribe(
        'boss',
        (changes) => {
            heard.push(...changes);
            owners.push(engine.lead('boss', changes[0].lead).owner); // the change is committed
        },
        { kinds: ['capture', 'distribute'] },
    );
    const lead = capture('13800000001');
    engine.distribute('boss', lead, east, 'ann');
    engine.updateLead('boss', lead, { add_tags: ['x'] }); // not a kind the filter keeps
    assert.deepEqual(heard.map((change) => change.kind), ['capture', 'distribute']);
    assert.equal(heard[1].seq, heard[0].seq + 1);
    assert.deepEqual(owners, [null, 'ann']);
    assert.equal(engine.unsubscribe(id), true);
    assert.equal(engine.unsubscribe(id), false);
    capture('13800000002');
    assert.equal(heard.length, 2);
    assert.throws(() => engine.subscribe('boss', 'not a function'), TypeError);
    assert.throws(() => engine.subscribe('boss', () => {}, { kinds: ['teleport'] }), leadpool.InvalidArgument);
    assert.throws(() => engine.subscribe('zoe', () => {}), leadpool.PermissionDenied);
});

test('what a callback throws goes to onError; the operation that committed returns', (t) => {
    const { engine, capture } = company();
    t.after(() => engine.close());
    const errors = [];
    engine.subscribe('boss', () => {
        throw new Error('the notifier broke');
    }, {}, { onError: (error) => errors.push(error) });
    const lead = capture('13800000001');
    assert.equal(engine.lead('boss', lead).id, lead);
    assert.deepEqual(errors.map((error) => error.message), ['the notifier broke']);
});

test('closing the engine ends its subscriptions', () => {
    const { engine, capture } = company();
    let calls = 0;
    engine.subscribe('boss', () => calls++);
    capture('13800000001');
    engine.close();
    assert.equal(calls, 1);
    assert.throws(() => engine.unsubscribe(1), leadpool.EngineClosed);
});

test('waitForChanges answers at once when a change is there, after the timeout when none comes', (t) => {
    const { engine, capture } = company();
    t.after(() => engine.close());
    const last = engine.changes('boss').last;
    assert.equal(engine.waitForChanges(last, 10), false);
    capture('13800000001');
    assert.equal(engine.waitForChanges(last, 10_000), true);
    assert.throws(() => engine.waitForChanges(-1, 0), leadpool.InvalidArgument);
});
