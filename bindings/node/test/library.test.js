// Finding and checking the C library: versions, the search order, refusals, and every text the
// library returns freed exactly once.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const { leadpool, company, tempDir } = require('./helpers');
const native = require('../lib/native');

test('the versions of the package and of the library it loaded', () => {
    assert.match(leadpool.libraryVersion(), /^\d+\.\d+\.\d+$/);
    assert.equal(leadpool.abiVersion(), leadpool.ABI_VERSION);
    assert.equal(leadpool.ABI_VERSION, 1);
    assert.equal(require('../package.json').license, 'Apache-2.0');
});

test('the library is the one LEADPOOL_LIBRARY names', () => {
    assert.equal(leadpool.libraryPath(), process.env.LEADPOOL_LIBRARY);
});

const stubLoader = (abi) => () => ({ func: () => () => abi });

test('a library of another ABI version is refused', () => {
    assert.throws(
        () => native.load({ environ: { LEADPOOL_LIBRARY: '/opt/old/libleadpool_c.so.2' }, loader: stubLoader(2) }),
        (error) => {
            assert.ok(error instanceof leadpool.AbiVersionMismatch && error instanceof leadpool.LibraryError);
            assert.deepEqual([error.expected, error.found, error.path], [1, 2, '/opt/old/libleadpool_c.so.2']);
            assert.match(error.message, /ABI version 2.*ABI version 1/);
            return true;
        },
    );
});

test('a library without lp_abi_version is refused', () => {
    const libc = ['/lib/x86_64-linux-gnu/libc.so.6', '/lib/aarch64-linux-gnu/libc.so.6', '/lib64/libc.so.6'].find((file) =>
        fs.existsSync(file),
    );
    assert.ok(libc, 'a C library that is not leadpool');
    assert.throws(() => native.load({ environ: { LEADPOOL_LIBRARY: libc } }), /does not export lp_abi_version/);
});

test('a wrong LEADPOOL_LIBRARY fails loudly, naming it', (t) => {
    const missing = path.join(tempDir(t), 'nowhere', 'libleadpool_c.so');
    assert.throws(
        () => native.load({ environ: { LEADPOOL_LIBRARY: missing } }),
        (error) => error instanceof leadpool.LibraryError && error.message.includes(`LEADPOOL_LIBRARY=${missing}`),
    );
});

test('not found anywhere says where it looked', (t) => {
    const dir = tempDir(t);
    const noLoader = (name) => {
        throw new Error(`${name}: cannot open shared object file`);
    };
    assert.throws(
        () => native.load({ environ: {}, packageDir: dir, loader: noLoader }),
        (error) =>
            error.message.includes('cannot find the C library') &&
            error.message.includes('LEADPOOL_LIBRARY (not set)') &&
            error.message.includes(path.join(dir, 'libleadpool_c.so.1')) &&
            error.message.includes('the system loader'),
    );
});

test('a copy next to the package is found before the system loader', (t) => {
    const dir = tempDir(t);
    fs.copyFileSync(process.env.LEADPOOL_LIBRARY, path.join(dir, 'libleadpool_c.so.1'));
    const lib = native.load({ environ: {}, packageDir: dir });
    assert.equal(lib.path, path.join(dir, 'libleadpool_c.so.1'));
    assert.equal(lib.abiVersion(), 1);
});

test('the system loader is asked by name last', (t) => {
    const asked = [];
    const loader = (name) => {
        asked.push(name);
        if (name !== 'libleadpool_c.so') throw new Error('not here');
        return require('koffi').load(process.env.LEADPOOL_LIBRARY);
    };
    const lib = native.load({ environ: {}, packageDir: tempDir(t), loader });
    assert.deepEqual(asked, ['libleadpool_c.so.1', 'libleadpool_c.so']);
    assert.equal(lib.path, 'libleadpool_c.so');
});

test('require does not load the library', () => {
    const env = { ...process.env };
    delete env.LEADPOOL_LIBRARY;
    const code = "const l = require(process.argv[1]); console.log(l.ABI_VERSION, l.InvalidArgument.name)";
    const run = spawnSync(process.execPath, ['-e', code, path.join(__dirname, '..')], { env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), '1 InvalidArgument');
});

test('status names come from the library; an unknown status is "unknown"', () => {
    assert.equal(leadpool.statusName(0), 'ok');
    assert.equal(leadpool.statusName(11), 'suppressed');
    assert.equal(leadpool.statusName(42), 'unknown');
});

test('every text the library returns is freed exactly once', (t) => {
    const { engine, capture } = company();
    t.after(() => engine.close());
    const functions = leadpool.nativeFunctions();
    const realFree = functions.lp_free;
    const freed = [];
    functions.lp_free = (pointer) => {
        freed.push(pointer);
        realFree(pointer);
    };
    t.after(() => {
        functions.lp_free = realFree;
    });
    engine.pools('boss'); // a JSON array
    assert.equal(engine.findLead('boss', 'phone', '13900000404'), null); // the JSON text "null"
    assert.throws(() => engine.lead('boss', 404), leadpool.NotFound); // a failure returns no text
    assert.equal(freed.length, 2);
    assert.deepEqual([...engine.iterLeads('boss')], []); // one empty page: NULL, nothing to free
    assert.equal(freed.length, 2);
    capture('13800000001');
    assert.equal(freed.length, 3);
    assert.equal([...engine.iterLeads('boss')].length, 1);
    assert.equal(freed.length, 4);
    assert.ok(freed.every((pointer) => pointer !== null));
});
