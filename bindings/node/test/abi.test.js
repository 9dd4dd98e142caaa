// Every function of the loaded library is declared as capi/leadpool_abi.json describes it. The
// declarations come from a generated module (lib/abi.js); this test reads the table itself and
// maps its C types to koffi's on its own, so a table changed without regenerating (or a generated
// file edited by hand) fails here instead of loading and crashing at the first call.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const koffi = require('koffi');

const { leadpool } = require('./helpers');
const { PROTOTYPES } = require('../lib/abi');

const table = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'capi', 'leadpool_abi.json'), 'utf8'));
const functions = table.sections.flatMap((section) => section.functions);

// The C type of the table -> the koffi type the declaration must have (as koffi.introspect names
// it). char** out is a void**: the binding reads the text and frees it with lp_free.
const KOFFI = {
    void: 'void',
    lp_status: 'int',
    int: 'int',
    int32_t: 'int32_t',
    int64_t: 'int64_t',
    'const char*': 'char *',
    'void*': 'void *',
    'char**': 'void **',
    'int*': 'int *',
    'int64_t*': 'int64_t *',
    'lp_engine*': 'lp_engine *',
    'lp_engine**': 'lp_engine **',
    'lp_lead_iter*': 'lp_lead_iter *',
    'lp_lead_iter**': 'lp_lead_iter **',
    lp_change_callback: 'lp_change_callback *',
    lp_progress_callback: 'lp_progress_callback *',
};

test('the table and the package agree on the ABI version', () => {
    assert.equal(table.abi_version, leadpool.ABI_VERSION);
});

test('every function of the table is declared, in its order', () => {
    assert.deepEqual(
        PROTOTYPES.map((prototype) => prototype.match(/(lp_\w+)\(/)[1]),
        functions.map((fn) => fn.name),
    );
    assert.deepEqual(Object.keys(leadpool.nativeFunctions()), functions.map((fn) => fn.name));
});

for (const fn of functions) {
    test(`${fn.name} has the types of the table`, () => {
        const info = leadpool.nativeFunctions()[fn.name].info;
        assert.equal(koffi.introspect(info.result).name, KOFFI[fn.returns.type]);
        assert.deepEqual(
            info.arguments.map((type) => koffi.introspect(type).name),
            fn.params.map((param) => KOFFI[param.type]),
        );
    });
}

test('the outputs are declared as outputs', () => {
    for (const [prototype, fn] of PROTOTYPES.map((p, i) => [p, functions[i]])) {
        const outs = (prototype.match(/_Out_/g) || []).length;
        assert.equal(outs, fn.params.filter((param) => param.dir === 'out').length, prototype);
    }
});

test('index.d.ts types every function of the table', () => {
    const declarations = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8');
    const declared = [...declarations.matchAll(/^ {4}(lp_\w+)\(/gm)].map((match) => match[1]);
    assert.deepEqual(declared, functions.map((fn) => fn.name));
});

test('each status code of the table has its error class', () => {
    for (const [name, code] of Object.entries(table.status_codes)) {
        if (code === 0) continue;
        const error = leadpool.errorForStatus(code, 'x');
        assert.notEqual(error.constructor, leadpool.LeadpoolError, name);
        assert.equal(error.statusName, name.toLowerCase());
        assert.equal(error.statusName, leadpool.statusName(code));
        assert.equal(error.code, `LP_${name}`);
    }
});
