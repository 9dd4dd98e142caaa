// The owner reports of Engine: collisions (撞单), holdings (囤积) and the public share of a pool
// over time, with flat rows for tables.
'use strict';

const { encodeText: text, encodeJson: json } = require('./native');
const { ms, fields, fieldsOrNull } = require('./values');

const methods = {
    /**
     * The collision report (needs report): a page, by lead id, of the leads the actor may read that
     * two or more users worked within windowMs of each other during [from, to) — a follow-up they
     * recorded, or taking the lead — with the period's collision merges into them:
     * {collisions: [{lead, users, first, last, kind, merges}], next_after}. page: {after?, limit?}.
     */
    collisions(actor, from, to, windowMs, page = {}) {
        const request = { window: windowMs, from: ms(from, 'from'), to: ms(to, 'to') };
        const wanted = fieldsOrNull({ after: page.after, limit: page.limit });
        return this._json('lp_collisions', text(actor, 'actor'), json(request), wanted && json(wanted));
    },

    /**
     * The hoarding report (needs report): per owner, over the leads the actor may read, the leads
     * held now, those idle for options.idle_days (default 7) at the engine clock's now, and the
     * claims, releases, recycles, takeaways and churn of [from, to).
     */
    ownerHoldings(actor, from, to, options = {}) {
        const request = fields({ idle_days: options.idle_days, from: ms(from, 'from'), to: ms(to, 'to') });
        return this._json('lp_owner_holdings', text(actor, 'actor'), json(request));
    },

    /**
     * The public share over time (needs report): for a pool (options.subtree: with every pool below
     * it), at the end of each 'day', 'week' (default, from Monday) or 'month' (UTC) of [from, to),
     * the leads the actor may read that were in it and how many nobody held.
     */
    publicShare(actor, pool, from, to, options = {}) {
        const request = fields({
            pool, subtree: options.subtree, from: ms(from, 'from'), to: ms(to, 'to'), interval: options.interval,
        });
        return this._json('lp_public_share', text(actor, 'actor'), json(request));
    },
};

/** A collision page as flat objects, one per lead: users and merges joined by ", ". */
function collisionRows(page) {
    return page.collisions.map((row) => ({
        lead: row.lead, users: row.users.join(', '), user_count: row.users.length,
        first: row.first, last: row.last, kind: row.kind, merges: row.merges.join(', '),
    }));
}

/** A hoarding report as flat objects, one per owner: owner, held, held_<tier>, then the counts. */
function holdingRows(holdings) {
    return holdings.owners.map((line) => {
        const row = { owner: line.owner, held: line.held };
        for (const [tier, n] of Object.entries(line.held_by_tier)) row[`held_${tier}`] = n;
        for (const key of ['idle', 'claims', 'releases', 'recycles', 'taken_away', 'churned']) row[key] = line[key];
        return row;
    });
}

/** A public share as flat objects, one per interval: start, at, leads, unowned, share. */
function shareRows(share) {
    return share.points.map((point) => ({ ...point }));
}

module.exports = { methods, collisionRows, holdingRows, shareRows };
