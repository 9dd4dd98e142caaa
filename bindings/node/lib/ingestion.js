// The ingestion part of Engine: channel records in, one lead per person out; merges, unmerges and
// the identity rules that keep them in check.
'use strict';

const { library, encodeText: text, encodeJson: json } = require('./native');
const { identity, captureInput, fields } = require('./values');

// The page of a merge or conflict list, and the filter: the rest of the options.
function pageAndFilter({ after, limit, newest_first, ...filter }) {
    return [json(fields(filter)), json(fields({ after, limit, newest_first }))];
}

const methods = {
    /**
     * Ingests channel records: one lead per person, whatever channels they came from. records: an
     * array of channel records ({channel, record_id?, occurred_at?, identities, attributes?,
     * events?, attribution?, tags?, referrer?}; identities as objects or [kind, value, scope?]),
     * or a string sent as it is (a JSON array or JSON Lines). Options {all_or_nothing?,
     * drop_unusable_identities?}. Returns one {outcome, lead, absorbed, error, reason, dropped,
     * conflicts} per record, in order.
     */
    ingest(actor, records, options = {}) {
        const input = typeof records === 'string' ? text(records, 'records') : json(Array.from(records, captureInput));
        return this._json('lp_lead_ingest', text(actor, 'actor'), input, json(fields(options)));
    },

    /** Merges two leads by hand (merge on both); returns the merge record. */
    mergeLeads(actor, first, second, reason = '') {
        return this._json('lp_lead_merge', text(actor, 'actor'), first, second, text(reason, 'reason'));
    },

    /** Undoes merge `mergeId`; returns the restored lead. */
    unmerge(actor, mergeId, reason = '') {
        return this._json('lp_lead_unmerge', text(actor, 'actor'), mergeId, text(reason, 'reason'));
    },

    /** The merge records both of whose leads the actor may read, by id; options: the MergeFilter. */
    merges(actor, filter = {}) {
        return this._json('lp_merge_list', text(actor, 'actor'), json(fields(filter)));
    },

    /** The identity conflicts every lead of which the actor may read. */
    identityConflicts(actor) {
        return this._json('lp_identity_conflict_list', text(actor, 'actor'));
    },

    /**
     * One page of the merge records both of whose leads the actor may read. options: the filter
     * {lead?, collisions_only?, include_unmerged?, actor?, at_from?, at_to?, reason?} and the page
     * {after? (the previous page's next_after), limit? (1..1000), newest_first?}. Returns
     * {merges, next_after: number | null}.
     */
    mergePage(actor, options = {}) {
        return this._json('lp_merge_page', text(actor, 'actor'), ...pageAndFilter(options));
    },

    /**
     * One page of the identity conflicts every lead of which the actor may read: the review queue.
     * options: the filter {lead?, rule?, channel?, at_from?, at_to?, state? ('open' by default,
     * 'resolved', 'dismissed' or 'all')} and the page as for mergePage. Returns {conflicts,
     * next_after: number | null}.
     */
    identityConflictPage(actor, options = {}) {
        return this._json('lp_identity_conflict_page', text(actor, 'actor'), ...pageAndFilter(options));
    },

    /**
     * Resolves an open identity conflict (resolve_conflict on its lead): 'merge' merges its lead
     * with the others it named as mergeLeads does; 'dismiss' keeps them apart and needs a reason.
     * Returns the conflict as it is now.
     */
    resolveIdentityConflict(actor, conflictId, resolution, reason = '') {
        return this._json('lp_identity_conflict_resolve', text(actor, 'actor'), conflictId,
            text(resolution, 'resolution'), text(reason, 'reason'));
    },

    /** The behaviour events of the lead and of the leads merged into it, by time. */
    events(actor, leadId) {
        return this._json('lp_lead_events', text(actor, 'actor'), leadId);
    },

    /** Every value set on the attribute `field` (null: every field) of the lead and the leads merged into it. */
    attributeHistory(actor, leadId, field = null) {
        return this._json('lp_lead_attribute_history', text(actor, 'actor'), leadId, text(field, 'field'));
    },

    // ---- identity rules ----------------------------------------------------------------------

    /** The identity rules in force. */
    identityRules() {
        return this._json('lp_identity_rules_get');
    },

    /**
     * Replaces the identity rules (manage_org; fields left out take their defaults) and re-keys the
     * stored identities when the new rules read them otherwise (lp_identity_rules_replace).
     * Returns what the re-key did: {needed, leads, rekeyed, dropped, unreadable, merged,
     * conflicts, merge_ids, conflict_ids}.
     */
    setIdentityRules(actor, rules) {
        return this._json('lp_identity_rules_replace', text(actor, 'actor'), json(rules));
    },
};

/**
 * An identity as the engine stores it, without an engine (lp_identity_normalize):
 * {kind, value, scope?, number_type?, blocked} under `rules` (null: the defaults).
 */
function normalizeIdentity(kind, value, scope = null, rules = null) {
    return library().callJson('lp_identity_normalize', json(identity(kind, value, scope)), rules === null ? null : json(rules));
}

module.exports = { methods, normalizeIdentity };
