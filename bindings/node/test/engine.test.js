// An engine's lifetime: open, close, a closed engine and the iterators over it, stores that keep
// their data, and what opening refuses.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');

const { leadpool, T0, BOSS, openEngine, company, tempDir } = require('./helpers');

test('close is idempotent and every method of a closed engine throws EngineClosed', () => {
    const { engine, capture } = company();
    const lead = capture('13800000001');
    assert.equal(engine.closed, false);
    assert.match(String(engine), /memory: open/);
    engine.close();
    engine.close();
    assert.equal(engine.closed, true);
    for (const call of [
        () => engine.lead('boss', lead),
        () => engine.stage,
        () => engine.setTime(T0),
        () => engine.capture('boss', [['phone', '13800000002']], 'web'),
        () => engine.iterLeads('boss'),
        () => engine.subscribe('boss', () => {}),
        () => engine.waitForChanges(0, 0),
    ]) {
        assert.throws(call, (error) => error instanceof leadpool.EngineClosed && error.status === 10);
    }
});

test('Symbol.dispose closes the engine', { skip: typeof Symbol.dispose !== 'symbol' }, () => {
    const engine = openEngine();
    engine[Symbol.dispose]();
    assert.equal(engine.closed, true);
});

test('an iterator over a closed engine throws EngineClosed; one at its end stays at its end', () => {
    const { engine, capture } = company();
    for (let i = 0; i < 3; i++) capture(`1380000000${i}`);
    const walking = engine.iterLeads('boss', { page_size: 1 });
    assert.equal(walking.next().value.id, 1);
    const done = engine.iterLeads('boss');
    assert.equal([...done].length, 3);
    assert.equal(done.closed, true);
    engine.close();
    assert.throws(() => walking.next(), leadpool.EngineClosed);
    assert.throws(() => walking.next(), leadpool.EngineClosed);
    walking.close();
    assert.deepEqual(walking.next(), { done: true, value: undefined });
    assert.deepEqual(done.next(), { done: true, value: undefined });
});

test('breaking out of for...of frees the C iterator', () => {
    const { engine, capture } = company();
    for (let i = 0; i < 3; i++) capture(`1380000000${i}`);
    const leads = engine.iterLeads('boss', { page_size: 2 });
    for (const lead of leads) {
        assert.equal(lead.id, 1);
        break;
    }
    assert.equal(leads.closed, true);
    engine.close();
});

test('a SQLite file keeps the lead pool for the next engine', (t) => {
    const file = path.join(tempDir(t), 'leads.db');
    const first = leadpool.Engine.sqlite(file, { manual_clock_ms: T0, synchronous: 'normal' });
    first.initialize(BOSS, 'factory_led');
    const lead = first.capture('boss', [['phone', '13800000001']], 'web').lead;
    first.close();
    const second = new leadpool.Engine(`sqlite:${file}`);
    t.after(() => second.close());
    assert.equal(second.stage, 'factory_led');
    assert.deepEqual(second.lead('boss', lead.id), lead);
});

test('the manual clock takes numbers and Dates; the system clock refuses setTime', () => {
    const engine = leadpool.Engine.memory({ manual_clock_ms: new Date(T0) });
    engine.initialize(BOSS, 'factory_led');
    assert.equal(engine.orgHistory('boss')[0].at, T0);
    engine.setTime(new Date(T0 + 1000));
    assert.equal(engine.capture('boss', [['phone', '13800000001']], 'web').lead.created_at, T0 + 1000);
    assert.throws(() => engine.setTime(new Date('nonsense')), leadpool.InvalidArgument);
    engine.close();
    const system = new leadpool.Engine();
    assert.throws(() => system.setTime(T0), leadpool.InvalidArgument);
    system.close();
});

test('opening refuses unknown schemes and options', () => {
    assert.throws(() => new leadpool.Engine('mysql://x'), leadpool.InvalidArgument);
    assert.throws(() => new leadpool.Engine('memory:', { colour: 'blue' }), /options.colour: unknown field/);
    assert.throws(() => new leadpool.Engine('memory:', { synchronous: 'sometimes' }), leadpool.InvalidArgument);
    assert.throws(() => new leadpool.Engine('sqlite:/nonexistent-dir/x/leads.db'), leadpool.Storage);
});
