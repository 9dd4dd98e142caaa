// One error class per status, and the input the binding refuses before the engine sees it.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');

const { leadpool, company } = require('./helpers');

const CLASSES = [
    ['InvalidArgument', 1], ['NotFound', 2], ['PermissionDenied', 3], ['IllegalTransition', 4], ['Conflict', 5],
    ['Storage', 6], ['LimitExceeded', 7], ['Busy', 8], ['Internal', 9], ['EngineClosed', 10], ['Suppressed', 11],
];

test('one class per status, all LeadpoolError, named as the class', () => {
    for (const [name, status] of CLASSES) {
        const cls = leadpool[name];
        const error = new cls('message');
        assert.ok(error instanceof leadpool.LeadpoolError && error instanceof Error);
        assert.equal(error.name, name);
        assert.equal(error.status, status);
        assert.equal(error.statusName, leadpool.statusName(status));
        assert.equal(error.code, `LP_${error.statusName.toUpperCase()}`);
        assert.match(String(error), new RegExp(`^${name}: message`));
        assert.equal(leadpool.errorForStatus(status, 'm').constructor, cls);
    }
});

test('a status this package does not know is a LeadpoolError keeping the number', () => {
    const error = leadpool.errorForStatus(42);
    assert.equal(error.constructor, leadpool.LeadpoolError);
    assert.equal(error.status, 42);
    assert.equal(error.statusName, 'unknown');
    assert.match(error.message, /status 42/);
});

test('an engine failure carries its status and the message naming the field', (t) => {
    const { engine } = company();
    t.after(() => engine.close());
    assert.throws(
        () => engine.capture('boss', [['fax', '1']], 'web'),
        (error) =>
            error instanceof leadpool.InvalidArgument && error.status === 1 && /identities\[0\]\.kind/.test(error.message),
    );
    assert.throws(() => engine.lead('nobody', 1), leadpool.PermissionDenied);
});

test('text with a NUL, NaN and values that are no JSON are refused before the engine', (t) => {
    const { engine } = company();
    t.after(() => engine.close());
    assert.throws(() => engine.users('bo\0ss'), (error) => error instanceof leadpool.InvalidArgument && /NUL/.test(error.message));
    assert.throws(() => engine.users(42), TypeError);
    assert.throws(() => engine.capture('boss', [['phone', '13800000001']], 'web', { attributes: { x: NaN } }), leadpool.InvalidArgument);
    assert.throws(() => engine.capture('boss', [['phone', '13800000001']], 'web', { attributes: { x: 1n } }), TypeError);
});
