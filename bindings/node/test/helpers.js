// What the test files share. The suite runs against the C library named by LEADPOOL_LIBRARY and
// refuses to run (it does not skip) without it; koffi is found through NODE_PATH (ctest installs
// it into the build tree with npm ci) or bindings/node/node_modules.
'use strict';

const fs = require('fs');

const path = process.env.LEADPOOL_LIBRARY || '';
if (!path || !fs.existsSync(path)) {
    throw new Error(
        `LEADPOOL_LIBRARY=${path} names no file: the leadpool Node.js tests run against the C library. Build it ` +
            '(cmake -S . -B build -G Ninja && cmake --build build) and run ' +
            'LEADPOOL_LIBRARY=$PWD/build/capi/libleadpool_c.so node --test bindings/node/test/',
    );
}

const leadpool = require('..');

const T0 = 1_700_000_000_000; // a fixed time (ms since the epoch) for the manual clock
const DAY = 86_400_000;
const BOSS = { id: 'boss', name: 'Wang', department: 'management', roles: ['director'] };

/** An initialised factory-led lead pool on a manual clock at T0; actor "boss". */
function openEngine(uri = 'memory:') {
    const engine = new leadpool.Engine(uri, { manual_clock_ms: T0 });
    engine.initialize(BOSS, 'factory_led');
    return engine;
}

/** A factory-led company: boss (director), ann and bob (salespeople) each running a pool. */
function company(uri = 'memory:') {
    const engine = openEngine(uri);
    engine.addUser('boss', { id: 'ann', name: 'Ann', department: 'sales', roles: ['salesperson'] });
    engine.addUser('boss', { id: 'bob', name: 'Bob', department: 'sales', roles: ['salesperson'] });
    const east = engine.createPool('boss', 'east', { managers: ['ann'] }).id;
    const west = engine.createPool('boss', 'west', { managers: ['bob'] }).id;
    const capture = (phone, channel = 'web', options = {}) =>
        engine.capture('boss', [['phone', phone]], channel, options).lead.id;
    return { engine, east, west, capture };
}

/** A fresh temporary directory, removed when the test ends. */
function tempDir(t) {
    const dir = fs.mkdtempSync(require('path').join(require('os').tmpdir(), 'leadpool-node-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
}

module.exports = { leadpool, T0, DAY, BOSS, openEngine, company, tempDir };
