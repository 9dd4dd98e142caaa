// leadpool for Node.js: the embeddable lead-pool engine, over its stable C ABI (koffi).
//
//     const { Engine } = require('leadpool');
//     const engine = new Engine('sqlite:leads.db');
//     engine.initialize({ id: 'boss', name: 'Wang', roles: ['director'] }, 'factory_led');
//     ...
//     engine.close();
//
// Results are the decoded JSON of the C ABI (docs/json.md); failures throw a LeadpoolError
// subclass, one per status code. The C library libleadpool_c is found through LEADPOOL_LIBRARY,
// a copy next to this package, or the system loader (lib/native.js), and is loaded on first use.
'use strict';

const native = require('./lib/native');
const errors = require('./lib/errors');
const { Engine } = require('./lib/engine');
const { LeadIterator } = require('./lib/leads');
const { defaultPolicies } = require('./lib/organisation');
const { normalizeIdentity } = require('./lib/ingestion');
const { transitionRequest, reportRow, breakdownRows, timesPartRow, timesRows, movesRows, cohortRows } = require('./lib/pyramid');
const { collisionRows, holdingRows, shareRows } = require('./lib/owner_reports');
const { identity, toDate } = require('./lib/values');

const { ABI_VERSION, ENV_VAR } = native;
const { LeadpoolError, InvalidArgument, NotFound, PermissionDenied, IllegalTransition, Conflict, Storage } = errors;
const { LimitExceeded, Busy, Internal, EngineClosed, Suppressed, LibraryError, AbiVersionMismatch } = errors;
const { errorForStatus } = errors;

/** The version of the C library loaded, "MAJOR.MINOR.PATCH" (lp_version). */
function libraryVersion() {
    return native.library().version();
}

/** The ABI version of the C library loaded (lp_abi_version); always ABI_VERSION, since another is refused. */
function abiVersion() {
    return native.library().abiVersion();
}

/** The path (or, when the system loader found it, the name) of the C library loaded. */
function libraryPath() {
    return native.library().path;
}

/** The C library's stable name of a status code (lp_status_name): "ok", "not_found", ... */
function statusName(status) {
    return native.library().statusName(status);
}

/** The C functions themselves, as koffi declared them from capi/leadpool_abi.json (NativeFunctions). */
function nativeFunctions() {
    return native.library().functions;
}

module.exports = {
    ABI_VERSION,
    ENV_VAR,
    Engine,
    LeadIterator,
    defaultPolicies,
    normalizeIdentity,
    transitionRequest,
    reportRow,
    breakdownRows,
    timesPartRow,
    timesRows,
    movesRows,
    cohortRows,
    collisionRows,
    holdingRows,
    shareRows,
    identity,
    toDate,
    libraryVersion,
    abiVersion,
    libraryPath,
    statusName,
    nativeFunctions,
    LeadpoolError,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    IllegalTransition,
    Conflict,
    Storage,
    LimitExceeded,
    Busy,
    Internal,
    EngineClosed,
    Suppressed,
    LibraryError,
    AbiVersionMismatch,
    errorForStatus,
};
