// The C library: where it is found, the check of its ABI version, every function, and the few call
// helpers the Engine is written with. Nothing here knows the domain.
//
// Where the library is looked for, first hit wins:
//  1. the environment variable LEADPOOL_LIBRARY: the path of the library file. When it is set,
//     nothing else is tried, so a wrong path fails loudly instead of loading some other copy;
//  2. next to the package: libleadpool_c.so.1 or libleadpool_c.so (.dylib / .dll elsewhere) copied
//     into the package's directory (the one holding package.json) by a host;
//  3. the system loader: libleadpool_c.so.1, then libleadpool_c.so, by name (LD_LIBRARY_PATH,
//     ld.so.cache, ...).
// The library is loaded on first use (not at require('leadpool')) and kept for the process.
'use strict';

const fs = require('fs');
const path = require('path');
const koffi = require('koffi');

const { ABI_VERSION, PROTOTYPES } = require('./abi');
const { InvalidArgument, Internal, LibraryError, AbiVersionMismatch, errorForStatus } = require('./errors');

const ENV_VAR = 'LEADPOOL_LIBRARY';
const PACKAGE_DIR = path.join(__dirname, '..');

/** The file names of the C library on a platform, the versioned name (SOVERSION) first. */
function libraryFileNames(platform = process.platform) {
    if (platform === 'darwin') return [`libleadpool_c.${ABI_VERSION}.dylib`, 'libleadpool_c.dylib'];
    if (platform === 'win32' || platform === 'cygwin') return ['leadpool_c.dll', 'libleadpool_c.dll'];
    return [`libleadpool_c.so.${ABI_VERSION}`, 'libleadpool_c.so'];
}

// The named C types of the prototypes (lib/abi.js), declared once per process: koffi's type names
// are global.
function declareTypes() {
    const declared = (name) => {
        try {
            koffi.resolve(name);
            return true;
        } catch {
            return false;
        }
    };
    if (!declared('lp_status')) koffi.alias('lp_status', 'int');
    if (!declared('lp_engine')) koffi.opaque('lp_engine');
    if (!declared('lp_lead_iter')) koffi.opaque('lp_lead_iter');
    if (!declared('lp_change_callback')) {
        koffi.proto('void lp_change_callback(const char *changes_json, void *user_data)');
    }
    if (!declared('lp_progress_callback')) {
        koffi.proto('void lp_progress_callback(const char *progress_json, void *user_data)');
    }
}

/** A loaded libleadpool_c whose ABI version matched, with every function of the table declared. */
class Library {
    constructor(lib, file) {
        /** The path (or, when the system loader found it, the name) of the library file. */
        this.path = file;
        /** The C functions by name (see NativeFunctions in index.d.ts). */
        this.functions = {};
        declareTypes();
        for (const prototype of PROTOTYPES) {
            let fn;
            try {
                fn = lib.func(prototype);
            } catch (error) {
                throw new LibraryError(
                    `leadpool: the C library ${file} cannot declare ${prototype}: ${error.message}; ` +
                        `it is not a complete leadpool ABI ${ABI_VERSION} library`,
                );
            }
            this.functions[fn.info.name] = fn;
        }
    }

    version() {
        return this.functions.lp_version();
    }

    abiVersion() {
        return this.functions.lp_abi_version();
    }

    /** The message of this thread's last failure ("" when none). */
    lastError() {
        return this.functions.lp_last_error();
    }

    statusName(status) {
        return this.functions.lp_status_name(status);
    }

    /** Throws the LeadpoolError subclass of a failed status, with its message. */
    check(status) {
        if (status !== 0) throw errorForStatus(status, this.lastError());
    }

    /** Calls a C function that returns only a status. */
    call(name, ...args) {
        this.check(this.functions[name](...args));
    }

    /**
     * Calls `name(&out, ...args)` and returns the decoded JSON text of out: null when the library
     * returned out == NULL with LP_OK (the end of an iterator). What came back through out is
     * freed with lp_free exactly once, after the message of a failure was read.
     */
    callJson(name, ...args) {
        const out = [null];
        const status = this.functions[name](out, ...args);
        let text = null;
        try {
            this.check(status);
            if (out[0] !== null) text = koffi.decode(out[0], 'char', -1);
        } finally {
            if (out[0] !== null) this.functions.lp_free(out[0]);
        }
        if (text === null) return null;
        try {
            return JSON.parse(text);
        } catch (error) {
            throw new Internal(`leadpool returned text that is not JSON: ${error.message}`);
        }
    }

    /** Calls `name(&out, ...args)` for a scalar out (an int or int64_t) and returns it. */
    callScalar(name, ...args) {
        const out = [0];
        this.check(this.functions[name](out, ...args));
        return out[0];
    }
}

/**
 * Checks that `lib` is a leadpool library of ABI version `expected`; returns its version.
 * Throws LibraryError when it has no lp_abi_version, AbiVersionMismatch when the version differs.
 */
function checkAbi(lib, file, expected = ABI_VERSION) {
    let abiVersion;
    try {
        abiVersion = lib.func('int lp_abi_version(void)');
    } catch {
        throw new LibraryError(`leadpool: ${file} does not export lp_abi_version(); it is not a leadpool C library`);
    }
    const found = abiVersion();
    if (found !== expected) throw new AbiVersionMismatch(expected, found, file);
    return found;
}

/** The places to try, as [what, path or name], and a description of each place looked at. */
function candidates(environ, packageDir, exists) {
    const names = libraryFileNames();
    const envPath = environ[ENV_VAR] || '';
    if (envPath) return [[[`${ENV_VAR}=${envPath}`, envPath]], [`${ENV_VAR}=${envPath}`]];
    const places = [];
    for (const name of names) {
        const file = path.join(packageDir, name);
        if (exists(file)) places.push([`next to the package (${file})`, file]);
    }
    for (const name of names) places.push([`the system loader (${name})`, name]);
    const looked = [
        `${ENV_VAR} (not set)`,
        `next to the package: ${names.map((name) => path.join(packageDir, name)).join(', ')}`,
        `the system loader: ${names.join(', ')}`,
    ];
    return [places, looked];
}

/**
 * Finds, loads and checks the C library (see the top of this file for the order). The options
 * exist for tests; by default they are the process environment, this package's directory and
 * koffi.load.
 */
function load({ environ = process.env, packageDir = PACKAGE_DIR, loader = koffi.load, exists = fs.existsSync } = {}) {
    const [places, looked] = candidates(environ, packageDir, exists);
    const explicit = Boolean(environ[ENV_VAR]);
    for (const [what, file] of places) {
        let lib;
        try {
            lib = loader(file);
        } catch (error) {
            // A file someone put there on purpose that does not load: say so, do not go on to
            // load some other copy.
            if (explicit || file.includes(path.sep)) {
                throw new LibraryError(`leadpool: cannot load the C library from ${what}: ${error.message}`);
            }
            continue;
        }
        checkAbi(lib, file);
        return new Library(lib, file);
    }
    throw new LibraryError(
        `leadpool: cannot find the C library libleadpool_c. Looked at: ${looked.join('; ')}. Build it ` +
            `(cmake --build BUILD_DIR --target leadpool_c) and set ${ENV_VAR} to the path of ` +
            'libleadpool_c.so, copy it into the leadpool package directory, or install it where the ' +
            'system loader finds it.',
    );
}

let loaded = null;

/** The process-wide library, loaded on first use. */
function library() {
    if (loaded === null) loaded = load();
    return loaded;
}

// ---- marshalling ---------------------------------------------------------------------------

/**
 * A `const char*` argument: the string itself (koffi copies it as UTF-8), or null (NULL, which
 * the engine refuses where it needs a value). A C string ends at its first NUL, so a string
 * holding one would reach the engine cut short: it is refused here with InvalidArgument.
 */
function encodeText(value, what) {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string') throw new TypeError(`${what} must be a string, not ${typeof value}`);
    if (value.includes('\0')) throw new InvalidArgument(`${what}: embedded NUL character`);
    return value;
}

/** A JSON argument: `value` as JSON text (NaN and Infinity are refused; JSON.stringify refuses a BigInt). */
function encodeJson(value) {
    const text = JSON.stringify(value, (key, item) => {
        if (typeof item === 'number' && !Number.isFinite(item)) {
            throw new InvalidArgument(`${key || 'value'}: ${item} is not a JSON number`);
        }
        return item;
    });
    if (text === undefined) throw new InvalidArgument(`${typeof value} is not a JSON value`);
    return text;
}

module.exports = {
    ABI_VERSION,
    ENV_VAR,
    Library,
    library,
    load,
    checkAbi,
    libraryFileNames,
    encodeText,
    encodeJson,
};
