// JavaScript values as the JSON objects the C ABI reads: identities given as arrays become identity
// objects, times given as Dates become milliseconds, and fields left undefined (or null where the
// engine has a default) are left out so that the engine applies its own default.
'use strict';

const { InvalidArgument } = require('./errors');

/** An identity object: {kind, value, scope?}. */
function identity(kind, value, scope = null) {
    const out = { kind, value };
    if (scope !== null && scope !== undefined) out.scope = scope;
    return out;
}

/** An identity given as [kind, value, scope?] becomes an identity object; anything else is passed on. */
function toIdentity(value) {
    return Array.isArray(value) && (value.length === 2 || value.length === 3) ? identity(...value) : value;
}

function toIdentities(values) {
    return Array.isArray(values) ? values.map(toIdentity) : values; // not a list: the engine says what is wrong
}

/** A capture input or channel record, with its identities (and a record's referrer) given as arrays turned into objects. */
function captureInput(value) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const out = { ...value };
    if ('identities' in out) out.identities = toIdentities(out.identities);
    if ('referrer' in out) out.referrer = toIdentity(out.referrer);
    return out;
}

/**
 * A time as the engine takes it: a number (ms since the Unix epoch) as it is, a Date as its
 * milliseconds; null and undefined stay. An invalid Date names no instant: InvalidArgument.
 */
function ms(value, what = 'time') {
    if (!(value instanceof Date)) return value;
    const time = value.getTime();
    if (Number.isNaN(time)) throw new InvalidArgument(`${what}: an invalid Date`);
    return time;
}

/** A time of the engine (ms since the Unix epoch, e.g. a lead's created_at) as a Date. */
function toDate(milliseconds) {
    return new Date(milliseconds);
}

/** A JSON object of the fields that are neither undefined nor null. */
function fields(object) {
    const out = {};
    for (const [name, value] of Object.entries(object)) {
        if (value !== undefined && value !== null) out[name] = value;
    }
    return out;
}

/** The fields of an options object, or null when none is set (the C function's NULL: every default). */
function fieldsOrNull(object) {
    const out = fields(object);
    return Object.keys(out).length > 0 ? out : null;
}

module.exports = { identity, toIdentity, toIdentities, captureInput, ms, toDate, fields, fieldsOrNull };
