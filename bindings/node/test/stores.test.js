// One story on every store: in memory, an SQLite file shared by two engines, and PostgreSQL when
// ctest names its throw-away server in LEADPOOL_TEST_POSTGRES_URI (skipped, and saying so, without).
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');

const { leadpool, T0, BOSS, tempDir } = require('./helpers');

const POSTGRES = process.env.LEADPOOL_TEST_POSTGRES_URI || '';

function story(first, second) {
    first.initialize(BOSS, 'factory_led');
    first.addUser('boss', { id: 'ann', name: 'Ann', roles: ['salesperson'] });
    const east = first.createPool('boss', 'east', { managers: ['ann'] }).id;
    const lead = first.capture('boss', [['phone', '13800000001']], 'web', { attributes: { city: 'Hangzhou' } }).lead.id;
    first.distribute('boss', lead, east, 'ann');
    first.qualify('ann', lead);
    first.win('ann', lead);
    assert.equal(second.stage, 'factory_led');
    assert.deepEqual(second.lead('boss', lead), first.lead('boss', lead));
    assert.equal(second.findLead('ann', 'phone', '+8613800000001').id, lead);
    assert.equal(second.funnel('boss').main_line_conversion, 1);
}

test('memory', () => {
    const engine = leadpool.Engine.memory({ manual_clock_ms: T0 });
    story(engine, engine);
    engine.close();
});

test('two engines on one SQLite file', (t) => {
    const file = path.join(tempDir(t), 'shared.db');
    const first = leadpool.Engine.sqlite(file, { manual_clock_ms: T0 });
    const second = leadpool.Engine.sqlite(file, { manual_clock_ms: T0, busy_timeout_ms: 1000 });
    story(first, second);
    first.close();
    second.close();
});

test('two engines on one PostgreSQL schema', { skip: POSTGRES ? false : 'LEADPOOL_TEST_POSTGRES_URI is not set (ctest sets it)' }, () => {
    const uri = `${POSTGRES}${POSTGRES.includes('?') ? '&' : '?'}schema=node_${process.pid}`;
    const first = new leadpool.Engine(uri, { manual_clock_ms: T0 });
    const second = new leadpool.Engine(uri, { manual_clock_ms: T0 });
    story(first, second);
    first.close();
    second.close();
    assert.throws(() => new leadpool.Engine(`${POSTGRES}${POSTGRES.includes('?') ? '&' : '?'}schema=Not-A-Name`), leadpool.InvalidArgument);
});
