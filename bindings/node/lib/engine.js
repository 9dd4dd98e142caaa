// The Engine: one open lead pool, the only door to its data.
//
// Each method wraps one function of the C ABI (capi/leadpool.h) and keeps its parameters:
// engine.capture is lp_lead_capture, engine.pools is lp_pool_list. Calls are synchronous, as the C
// functions are. Objects handed in are the JSON shapes of docs/json.md (field names as there:
// snake_case), options left undefined are left out so that the engine applies its own default, and
// results are the decoded JSON the C function returned. Nothing here validates what the engine
// validates: a bad value reaches the engine, which refuses it with the matching LeadpoolError and
// changes nothing.
//
// The methods are written one concept a module (organisation, leads, ingestion, pyramid, owner_reports,
// referrals, pool_mechanics, feed, personal_data, scoring), each an object of methods that engine.js puts on
// Engine.prototype; this module keeps the engine's lifetime.
'use strict';

const koffi = require('koffi');

const { library, encodeText, encodeJson } = require('./native');
const { EngineClosed } = require('./errors');
const { ms, fieldsOrNull } = require('./values');

/**
 * The C handle of one engine (null once closed) and the koffi callbacks of its subscriptions:
 * shared by the Engine and its finalizer, so that the handle is closed exactly once, by close()
 * or when the Engine is garbage, and no callback is freed while the library may call it.
 */
class OpenEngine {
    constructor(lib, handle) {
        this.lib = lib;
        this.handle = handle;
        this.callbacks = new Map(); // subscription id -> registered koffi callback
    }

    close() {
        const handle = this.handle;
        this.handle = null;
        if (handle === null) return;
        this.lib.functions.lp_engine_close(handle); // ends every subscription
        for (const callback of this.callbacks.values()) koffi.unregister(callback);
        this.callbacks.clear();
    }
}

const engines = new FinalizationRegistry((open) => open.close());

class Engine {
    /**
     * Opens a lead pool: "memory:" (nothing survives the engine), "sqlite:PATH" (created if
     * missing) or, when the library is built with the PostgreSQL store, a "postgresql://..." URI.
     * options: the open options of lp_engine_open — synchronous ("full", "normal", "off"; SQLite),
     * busy_timeout_ms, manual_clock_ms (a clock that stands still until setTime; a number or a Date).
     */
    constructor(uri = 'memory:', options = {}) {
        const lib = library();
        const opened = fieldsOrNull({ ...options, manual_clock_ms: ms(options.manual_clock_ms, 'manual_clock_ms') });
        const out = [null];
        lib.check(lib.functions.lp_engine_open(out, encodeText(uri, 'uri'), opened && encodeJson(opened)));
        Object.defineProperties(this, {
            _lib: { value: lib },
            _uri: { value: uri },
            _open: { value: new OpenEngine(lib, out[0]) },
        });
        engines.register(this, this._open, this._open);
    }

    /** An engine over an in-memory store. */
    static memory(options = {}) {
        return new Engine('memory:', options);
    }

    /** An engine over the SQLite file at `file` (created if missing). */
    static sqlite(file, options = {}) {
        return new Engine(`sqlite:${file}`, options);
    }

    /** Closes the engine; idempotent. Every later call on it throws EngineClosed. */
    close() {
        engines.unregister(this._open);
        this._open.close();
    }

    get closed() {
        return this._open.handle === null;
    }

    /** Sets the manual clock (lp_engine_set_time): ms since the Unix epoch or a Date. */
    setTime(now) {
        this._call('lp_engine_set_time', ms(now, 'now'));
    }

    toString() {
        return `[leadpool.Engine ${this._uri} ${this.closed ? 'closed' : 'open'}]`;
    }

    // ---- what the concept modules call ---------------------------------------------------------

    /** The C handle; EngineClosed once closed (the binding answers for the C ABI, which cannot). */
    get _h() {
        const handle = this._open.handle;
        if (handle === null) throw new EngineClosed('engine is closed: Engine.close() ran; open a new Engine');
        return handle;
    }

    /** name(&out, engine, ...args): the decoded JSON of out. */
    _json(name, ...args) {
        return this._lib.callJson(name, this._h, ...args);
    }

    /** name(engine, ...args), a function that returns only a status. */
    _call(name, ...args) {
        this._lib.call(name, this._h, ...args);
    }

    /** name(&out, engine, ...args) for an int or int64_t out. */
    _scalar(name, ...args) {
        return this._lib.callScalar(name, this._h, ...args);
    }
}

if (typeof Symbol.dispose === 'symbol') {
    // `using engine = new Engine(...)` where the language has it.
    Engine.prototype[Symbol.dispose] = Engine.prototype.close;
}

for (const part of ['organisation', 'leads', 'ingestion', 'pyramid', 'owner_reports', 'referrals', 'pool_mechanics',
    'feed', 'personal_data', 'scoring']) {
    const { methods } = require(`./${part}`);
    Object.defineProperties(Engine.prototype, Object.getOwnPropertyDescriptors(methods));
}

module.exports = { Engine };
