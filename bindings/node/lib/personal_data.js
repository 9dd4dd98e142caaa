// The personal-data part of Engine: erasure and subject access (GDPR, China's PIPL).
'use strict';

const { encodeText: text, encodeJson: json } = require('./native');
const { toIdentity } = require('./values');

const methods = {
    /**
     * Erases the person lead `leadId` names, and every lead merged into it (erase_personal_data):
     * every identity is taken off and every value they gave becomes "[erased]"; the lead keeps its
     * id, place, tags, history rows and opportunities. reason is required; options {suppress?}:
     * with suppress, a later capture or record carrying an erased identity throws Suppressed.
     * Returns {lead, leads, identities, suppressed, history, events, merges, conflicts,
     * deliveries, changes, referrals, scrub}. Conflict when nothing is left to erase.
     */
    erase(actor, leadId, reason, options = {}) {
        const request = { reason, suppress: false, ...options };
        return this._json('lp_lead_erase', text(actor, 'actor'), leadId, json(request));
    },

    /**
     * Subject access: everything held of the person `identity` names — an identity object or a
     * [kind, value, scope?] array (export_personal_data). The read is recorded in the organisation
     * history, without the identity. NotFound when no lead the actor may read holds it.
     */
    personalData(actor, identity) {
        return this._json('lp_personal_data', text(actor, 'actor'), json(toIdentity(identity)));
    },
};

module.exports = { methods };
