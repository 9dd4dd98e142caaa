// The lead-scoring part of Engine: the scoring rules, the rescore a change of them runs, and a
// lead's scores with the points each rule gave.
'use strict';

const { encodeText: text, encodeJson: json } = require('./native');

const methods = {
    /** The scoring rules in force, {models: [{name, rules, cap, floor}]}; no models until some were set. */
    scoringRules() {
        return this._json('lp_scoring_get');
    },

    /**
     * Replaces the scoring rules (manage_scoring) and rescores every lead, in batches of 1000
     * leads, each its own transaction. Returns what the rescore did: {needed, leads, changed} —
     * the leads rescored and the scores whose points changed.
     */
    setScoringRules(actor, rules) {
        return this._json('lp_scoring_set', text(actor, 'actor'), json(rules));
    },

    /** The lead's scores, one per model, by model: [{lead, model, points, rules: [{rule, points}], scored_at, next_change}]. */
    scores(actor, leadId) {
        return this._json('lp_lead_scores', text(actor, 'actor'), leadId);
    },
};

module.exports = { methods };
