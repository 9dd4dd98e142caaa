// The leads part of Engine: capture, reads, lists and their iterator, updates, history.
'use strict';

const { encodeText: text, encodeJson: json } = require('./native');
const { identity, toIdentities, captureInput, ms, fields, fieldsOrNull } = require('./values');

/** Frees a C iterator once: by close(), at the end of the walk, or when the LeadIterator is garbage. */
function closeIterator(state) {
    const handle = state.handle;
    state.handle = null;
    if (handle !== null) state.lib.functions.lp_lead_iter_close(handle);
}

const iterators = new FinalizationRegistry(closeIterator);

/**
 * Every lead matching a filter, one by one, fetched a page at a time (lp_lead_iter_*): returned by
 * Engine.iterLeads, an iterator for `for...of`. Each page is read afresh, so a lead changed
 * meanwhile shows as it is now. The C iterator is freed when the walk ends, on close() (or
 * `break` out of a for...of), or when the iterator is garbage. Once its engine is closed, fetching
 * the next page throws EngineClosed (a walk already at its end stays at its end). It keeps its
 * engine from being garbage while it lives.
 */
class LeadIterator {
    constructor(engine, lib, handle) {
        Object.defineProperties(this, {
            _engine: { value: engine }, // keeps the engine from being garbage while iterating
            _lib: { value: lib },
            _state: { value: { lib, handle } },
            _page: { value: [], writable: true },
            _pos: { value: 0, writable: true },
        });
        iterators.register(this, this._state, this._state);
    }

    /** Whether the C iterator was freed (walked to the end, or closed early). */
    get closed() {
        return this._state.handle === null;
    }

    [Symbol.iterator]() {
        return this;
    }

    next() {
        while (this._pos >= this._page.length) {
            if (this.closed) return { done: true, value: undefined };
            // Refused with EngineClosed once the engine closed under the iterator.
            const page = this._lib.callJson('lp_lead_iter_next', this._state.handle);
            if (page === null) return this.return();
            this._page = page;
            this._pos = 0;
        }
        return { done: false, value: this._page[this._pos++] };
    }

    /** Called by for...of on `break`: frees the C iterator. */
    return() {
        this.close();
        return { done: true, value: undefined };
    }

    /** Frees the C iterator; the walk ends here. Idempotent. */
    close() {
        iterators.unregister(this._state);
        closeIterator(this._state);
        this._page = [];
        this._pos = 0;
    }
}

if (typeof Symbol.dispose === 'symbol') LeadIterator.prototype[Symbol.dispose] = LeadIterator.prototype.close;

/** The LeadFilter of lp_lead_list and lp_lead_iter_open (times as numbers or Dates), or null for none. */
function leadFilter(filter) {
    const wanted = fieldsOrNull({
        ...filter,
        created_from: ms(filter.created_from, 'created_from'),
        created_to: ms(filter.created_to, 'created_to'),
        active_from: ms(filter.active_from, 'active_from'),
        active_to: ms(filter.active_to, 'active_to'),
    });
    return wanted && json(wanted);
}

const methods = {
    /**
     * Captures a lead into the master pool, or updates the lead an identity names; returns
     * {lead, created, absorbed, conflicts, dropped}. identities: identity objects or
     * [kind, value, scope?] arrays; options {attributes?, attribution?, tags?, region?}.
     */
    capture(actor, identities, channel, options = {}) {
        const input = fields({ identities: toIdentities(identities), channel, ...options });
        return this._json('lp_lead_capture', text(actor, 'actor'), json(input));
    },

    /** Captures many inputs ({identities, channel, ...}), all or nothing; one result per input. */
    captureBatch(actor, inputs) {
        return this._json('lp_lead_capture_batch', text(actor, 'actor'), json(Array.from(inputs, captureInput)));
    },

    /** The lead `id`. NotFound when there is none, or one the actor may not read (the same message). */
    lead(actor, id) {
        return this._json('lp_lead_get', text(actor, 'actor'), id);
    },

    /**
     * The lead holding an identity, or null when there is none the actor may read (a lead outside
     * the actor's scope: null, or PermissionDenied, as the policy's duplicate disclosure says).
     */
    findLead(actor, kind, value, scope = null) {
        return this._json('lp_lead_find', text(actor, 'actor'), json(identity(kind, value, scope)));
    },

    /**
     * One page of the leads the actor may read: {leads, next_after, next_cursor}. Options: the
     * LeadFilter fields (tier, pool, owner, channel, tag, created_from, created_to, active_from,
     * active_to, referred_by, campaign, attributes, text, identity; times as numbers or Dates) and
     * the page (limit: 1..1000; sort: id, created, updated, last_activity or score — the points
     * of score_model, leaving out leads not scored there —, descending; after: the previous
     * page's next_after in id order, or cursor: its next_cursor in any order).
     */
    leads(actor, { after, limit, sort, descending, score_model, cursor, ...filter } = {}) {
        const page = fieldsOrNull({ after, limit, sort, descending, score_model, cursor });
        return this._json('lp_lead_list', text(actor, 'actor'), leadFilter(filter), page && json(page));
    },

    /**
     * Every lead the actor may read that matches the filter (as leads), one by one, fetched
     * page_size (1..1000, default 100) at a time. Opens the C iterator now, so a bad filter throws here.
     */
    iterLeads(actor, { page_size = 100, ...filter } = {}) {
        const out = [null];
        this._lib.check(
            this._lib.functions.lp_lead_iter_open(out, this._h, text(actor, 'actor'), leadFilter(filter), page_size),
        );
        return new LeadIterator(this, this._lib, out[0]);
    },

    /**
     * Merges attributes into the lead and adds / removes tags; returns the lead. update: the
     * LeadUpdate {attributes?, add_tags?, remove_tags?, expected_version?} (a stale version: Conflict).
     */
    updateLead(actor, leadId, update) {
        return this._json('lp_lead_update', text(actor, 'actor'), leadId, json(update));
    },

    /** The lead's history rows, oldest first. */
    history(actor, leadId) {
        return this._json('lp_lead_history', text(actor, 'actor'), leadId);
    },
};

module.exports = { methods, LeadIterator };
