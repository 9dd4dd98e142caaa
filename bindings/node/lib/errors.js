// The errors of leadpool: the one place that maps the C ABI's status codes to JavaScript.
//
// Every failure the engine reports carries an lp_status code and a message naming the field or
// rule at fault; errorForStatus turns a status into the matching error, one subclass of
// LeadpoolError per code. Decide on the class (or `status`, `code`), never on the message: the
// message is for people.
'use strict';

/** A failure reported by the leadpool engine. */
class LeadpoolError extends Error {
    /**
     * @param {string} message the engine's message
     * @param {number} [status] the lp_status code (default: the class's own)
     */
    constructor(message, status) {
        super(message);
        const own = new.target.status;
        /** The C ABI status code (lp_status), e.g. 3 for permission denied. */
        this.status = status === undefined ? (own === undefined ? -1 : own) : status;
        /** The stable status name, as lp_status_name spells it ("permission_denied"). */
        this.statusName = new.target.statusName || 'unknown';
        /** The status as the C header names it ("LP_PERMISSION_DENIED"), in Node's error-code style. */
        this.code = `LP_${this.statusName.toUpperCase()}`;
    }

    get name() {
        return this.constructor.name;
    }
}

// [class name, status code, status name]: capi/leadpool.h's lp_status (index.d.ts says what each means)
const STATUSES = [
    ['InvalidArgument', 1, 'invalid_argument'],
    ['NotFound', 2, 'not_found'],
    ['PermissionDenied', 3, 'permission_denied'],
    ['IllegalTransition', 4, 'illegal_transition'],
    ['Conflict', 5, 'conflict'],
    ['Storage', 6, 'storage'],
    ['LimitExceeded', 7, 'limit_exceeded'],
    ['Busy', 8, 'busy'],
    ['Internal', 9, 'internal'],
    ['EngineClosed', 10, 'engine_closed'],
    ['Suppressed', 11, 'suppressed'],
];

const byStatus = new Map();
const classes = {};
for (const [name, status, statusName] of STATUSES) {
    // A named class per status, so that stack traces and `instanceof` say which.
    const cls = { [name]: class extends LeadpoolError {} }[name];
    cls.status = status;
    cls.statusName = statusName;
    byStatus.set(status, cls);
    classes[name] = cls;
}

/**
 * The error for a failed status (not thrown). A status this package does not know (a newer
 * library may add codes) maps to LeadpoolError itself, keeping the number in `status`.
 */
function errorForStatus(status, message) {
    const cls = byStatus.get(status) || LeadpoolError;
    return new cls(message || `leadpool failed with status ${status} (${cls.statusName || 'unknown'})`, status);
}

/** The C library could not be found or loaded, or is not a leadpool library. */
class LibraryError extends Error {
    get name() {
        return this.constructor.name;
    }
}

/** The C library loaded speaks another ABI version than this package. */
class AbiVersionMismatch extends LibraryError {
    constructor(expected, found, path) {
        super(
            `leadpool: the C library ${path} has ABI version ${found}, but this leadpool Node.js package ` +
                `speaks ABI version ${expected}; install a matching libleadpool_c or point LEADPOOL_LIBRARY at one`,
        );
        this.expected = expected;
        this.found = found;
        this.path = path;
    }
}

/**
 * Rethrows an error a callback threw outside the engine call it was called from (on the next
 * tick: an 'uncaughtException'), since nothing may escape into koffi.
 */
function rethrowLater(error) {
    process.nextTick(() => {
        throw error;
    });
}

module.exports = { LeadpoolError, ...classes, LibraryError, AbiVersionMismatch, errorForStatus, rethrowLater, STATUSES };
