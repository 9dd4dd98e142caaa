// The referral-campaign part of Engine: referral trees, a lead's campaign touches, and what a
// campaign brought.
'use strict';

const { encodeText: text, encodeJson: json } = require('./native');

const methods = {
    /**
     * The referral tree below a lead (whom it brought, whom those brought, to `depth` levels,
     * 1..32) and the chain of its referrers: {root, chain}, a node being {lead, tier, converted,
     * owner?, depth, size, converted_leads, levels, more, referrals}. A lead the actor may not read
     * is counted with lead and tier null (its owner under the duplicate disclosure "owner"); under
     * "none" it is left out with everything below it.
     */
    referrals(actor, leadId, depth = 3) {
        return this._json('lp_lead_referrals', text(actor, 'actor'), leadId, depth);
    },

    /** Every record of the lead (and the leads merged into it) that carried an attribution, oldest first. */
    touches(actor, leadId) {
        return this._json('lp_lead_touches', text(actor, 'actor'), leadId);
    },

    /**
     * What a campaign brought over the leads the actor may read (needs report), placing a lead
     * by its "first" (default) or "last" touch: {campaign, touch, totals, generations, referrers}
     * with the counts invited, captured, qualified, won, referred and viral_coefficient.
     */
    campaignMetrics(actor, campaign, options = {}) {
        return this._json('lp_campaign_metrics', text(actor, 'actor'), json({ campaign, ...options }));
    },
};

module.exports = { methods };
