// The lead-scoring part of Engine: the scoring rules, the rescore a change of them runs, and a
// lead's scores with the points each rule gave.
'use strict';

const koffi = require('koffi');

const { rethrowLater } = require('./errors');
const { encodeText: text, encodeJson: json } = require('./native');

const methods = {
    /** The scoring rules in force, {models: [{name, rules, cap, floor}]}; no models until some were set. */
    scoringRules() {
        return this._json('lp_scoring_get');
    },

    /**
     * Replaces the scoring rules (manage_scoring) and rescores every lead, in batches of 1000
     * leads, each its own transaction. Returns what the rescore did: {needed, leads, changed} —
     * the leads rescored and the scores whose points changed. progress, when given, is called
     * with the same counts so far after each committed batch, before this returns; it must not
     * call the engine. What it throws does not stop the rescore: it is rethrown on the next tick.
     */
    setScoringRules(actor, rules, progress = null) {
        if (progress === null || progress === undefined) {
            return this._json('lp_scoring_set', text(actor, 'actor'), json(rules));
        }
        if (typeof progress !== 'function') throw new TypeError('progress must be a function');
        const deliver = (reportJson) => {
            // Nothing may escape into koffi: it would surface from the rescore's call.
            try {
                progress(JSON.parse(reportJson));
            } catch (error) {
                rethrowLater(error);
            }
        };
        const registered = koffi.register(deliver, koffi.pointer('lp_progress_callback'));
        try {
            return this._json('lp_scoring_set_progress', text(actor, 'actor'), json(rules), registered, null);
        } finally {
            koffi.unregister(registered);
        }
    },

    /** The lead's scores, one per model, by model: [{lead, model, points, rules: [{rule, points}], scored_at, next_change}]. */
    scores(actor, leadId) {
        return this._json('lp_lead_scores', text(actor, 'actor'), leadId);
    },
};

module.exports = { methods };
