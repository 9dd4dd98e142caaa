// The organisation: its stage and policies, users and pools, and what each refuses.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');

const { leadpool, BOSS, company } = require('./helpers');

test('initialize sets up the lead pool once', (t) => {
    const engine = new leadpool.Engine();
    t.after(() => engine.close());
    assert.deepEqual(engine.stageInfo(), { initialized: false, stage: null });
    assert.equal(engine.initialized, false);
    engine.initialize(BOSS, 'factory_led');
    assert.deepEqual(engine.stageInfo(), { initialized: true, stage: 'factory_led' });
    assert.throws(() => engine.initialize(BOSS, 'factory_led'), leadpool.Conflict);
});

test('stages and policies are data; the change is recorded', (t) => {
    const { engine } = company();
    t.after(() => engine.close());
    const defaults = leadpool.defaultPolicies();
    assert.deepEqual(Object.keys(defaults).sort(), ['all_staff', 'factory_led', 'marketing_led', 'sales_led']);
    assert.deepEqual(engine.defaultPolicies(), defaults);
    assert.deepEqual(Object.keys(engine.policy('factory_led').roles).sort(), Object.keys(defaults.factory_led.roles).sort());
    engine.setStage('boss', 'sales_led');
    assert.equal(engine.stage, 'sales_led');
    assert.throws(() => engine.setStage('ann', 'all_staff'), leadpool.PermissionDenied);
    assert.throws(() => engine.setStage('boss', 'anarchy'), leadpool.InvalidArgument);

    const strict = structuredClone(defaults.sales_led);
    strict.roles.salesperson = strict.roles.salesperson.filter((grant) => !grant.actions.includes('report'));
    assert.equal(engine.can('ann', 'report'), true);
    engine.setPolicy('boss', 'sales_led', strict);
    assert.equal(engine.can('ann', 'report'), false);
    engine.resetPolicy('boss', 'sales_led');
    assert.equal(engine.can('ann', 'report'), true);
    assert.deepEqual(
        engine.orgHistory('boss').map((event) => event.kind).slice(-3),
        ['stage_changed', 'policy_changed', 'policy_changed'],
    );
    assert.throws(() => engine.orgHistory('ann'), leadpool.PermissionDenied);
});

test('users are added, read, listed and replaced', (t) => {
    const { engine } = company();
    t.after(() => engine.close());
    assert.deepEqual(engine.user('boss', 'ann'), {
        id: 'ann', name: 'Ann', department: 'sales', roles: ['salesperson'], active: true,
    });
    assert.deepEqual(engine.users('boss').map((user) => user.id), ['ann', 'bob', 'boss']);
    engine.updateUser('boss', { id: 'ann', name: 'Ann Li', roles: ['salesperson'], active: false });
    assert.equal(engine.user('boss', 'ann').active, false);
    assert.throws(() => engine.addUser('boss', { id: 'ann', name: 'again' }), leadpool.Conflict);
    assert.throws(() => engine.updateUser('boss', { id: 'zoe', name: 'Zoe' }), leadpool.NotFound);
    assert.throws(() => engine.user('boss', 'zoe'), leadpool.NotFound);
    assert.throws(() => engine.addUser('bob', { id: 'eve', name: 'Eve' }), leadpool.PermissionDenied);
    assert.throws(() => engine.addUser('boss', { id: 'eve' }), leadpool.InvalidArgument);
});

test('pools are created, updated, moved, read and listed', (t) => {
    const { engine, east, west } = company();
    t.after(() => engine.close());
    assert.deepEqual(engine.pool('boss', east), { id: east, name: 'east', parent: null, managers: ['ann'], members: [] });
    const hz = engine.createPool('boss', 'hangzhou', { parent: east, members: ['bob'] });
    assert.deepEqual([hz.parent, hz.members], [east, ['bob']]);
    assert.equal(engine.updatePool('boss', hz.id, 'hz', { parent: east, managers: ['ann'] }).name, 'hz');
    assert.equal(engine.movePool('boss', hz.id, west).parent, west);
    assert.equal(engine.movePool('boss', hz.id).parent, null);
    assert.deepEqual(engine.pools('boss').map((pool) => pool.name), ['master', 'east', 'west', 'hz']);
    assert.throws(() => engine.createPool('boss', 'east'), leadpool.Conflict);
    assert.throws(() => engine.pool('boss', 404), leadpool.NotFound);
    assert.throws(() => engine.createPool('boss', 'x', { managers: ['zoe'] }), leadpool.NotFound);
    assert.throws(() => engine.createPool('boss', 'x', { owners: ['ann'] }), /unknown field/);
});
