// The pyramid part of Engine: the legal moves between tiers, the permission check, and the funnel
// they add up to.
'use strict';

const { encodeText: text, encodeJson: json } = require('./native');
const { ms, fields, fieldsOrNull } = require('./values');

/**
 * A transition request {lead, action, to_pool?, to_owner?, reason?, expected_version?,
 * over_cap_reason?}, for Engine.transitionBatch.
 */
function transitionRequest(leadId, action, options = {}) {
    return fields({ lead: leadId, action, ...options });
}

/** A FunnelFilter as JSON text, times as milliseconds; null when no field is set. */
function funnelFilter(filter) {
    const wanted = fieldsOrNull({
        ...filter,
        captured_from: ms(filter.captured_from, 'captured_from'),
        captured_to: ms(filter.captured_to, 'captured_to'),
    });
    return wanted && json(wanted);
}

const methods = {
    /**
     * Moves one lead in the pyramid; returns the lead after the move. action: distribute,
     * transfer, return_to_master, qualify, win, lose, reactivate, invalidate or restore; options:
     * the rest of the TransitionRequest {to_pool?, to_owner?, reason?, expected_version?,
     * over_cap_reason?}. A move the pyramid does not list throws IllegalTransition; one that hands
     * to_owner a lead at their cap throws LimitExceeded, unless a manager passes over_cap_reason.
     */
    transition(actor, leadId, action, options = {}) {
        return this._json('lp_lead_transition', text(actor, 'actor'), json(transitionRequest(leadId, action, options)));
    },

    /** Applies transition requests in order, all or nothing; returns the lead after each. */
    transitionBatch(actor, requests) {
        return this._json('lp_lead_transition_batch', text(actor, 'actor'), json(Array.from(requests)));
    },

    /** master -> sub pool `toPool`, optionally to an owner. */
    distribute(actor, leadId, toPool, toOwner = null, options = {}) {
        return this.transition(actor, leadId, 'distribute', { ...options, to_pool: toPool, to_owner: toOwner });
    },

    /** sub -> another sub pool and/or another owner. */
    transfer(actor, leadId, toPool = null, toOwner = null, options = {}) {
        return this.transition(actor, leadId, 'transfer', { ...options, to_pool: toPool, to_owner: toOwner });
    },

    /** sub -> master pool (the owner is cleared). */
    returnToMaster(actor, leadId, reason = null, options = {}) {
        return this.transition(actor, leadId, 'return_to_master', { ...options, reason });
    },

    /** sub -> opportunity (owner: toOwner, else the current owner, else the actor). */
    qualify(actor, leadId, toOwner = null, options = {}) {
        return this.transition(actor, leadId, 'qualify', { ...options, to_owner: toOwner });
    },

    /** opportunity -> order. */
    win(actor, leadId, options = {}) {
        return this.transition(actor, leadId, 'win', options);
    },

    /** opportunity -> lost, with a reason. */
    lose(actor, leadId, reason, options = {}) {
        return this.transition(actor, leadId, 'lose', { ...options, reason });
    },

    /** lost -> sub pool `toPool`, or the master pool when toPool is null. */
    reactivate(actor, leadId, toPool = null, toOwner = null, options = {}) {
        return this.transition(actor, leadId, 'reactivate', { ...options, to_pool: toPool, to_owner: toOwner });
    },

    /** any tier but invalid -> invalid, with a reason. */
    invalidate(actor, leadId, reason, options = {}) {
        return this.transition(actor, leadId, 'invalidate', { ...options, reason });
    },

    /** invalid -> master pool (the owner is cleared). */
    restore(actor, leadId, options = {}) {
        return this.transition(actor, leadId, 'restore', options);
    },

    /** Whether the actor may perform `action` on the lead now (organisation actions ignore the lead). */
    can(actor, action, leadId = 0) {
        return this._scalar('lp_lead_can', text(actor, 'actor'), text(action, 'action'), leadId) !== 0;
    },

    // ---- reports -----------------------------------------------------------------------------

    /**
     * The funnel over the leads the actor may read (needs report): {leads, tiers, conversions,
     * main_line_conversion}. filter: the FunnelFilter {pool?, owner?, channel?, captured_from?,
     * captured_to?, campaign?, touch?} (times as numbers or Dates; touch "first" or "last").
     */
    funnel(actor, filter = {}) {
        return this._json('lp_funnel_report', text(actor, 'actor'), funnelFilter(filter));
    },

    /**
     * The funnel over the same leads as funnel(), broken down by one or two keys in one read
     * (needs report): {keys, rows: [{group: {key: value}, report}], total}. breakdown: a key, an
     * array of one or two keys, or the FunnelBreakdownRequest {keys, score_model?, band_width?}.
     */
    funnelBreakdown(actor, breakdown, filter = {}) {
        const request = typeof breakdown === 'string' || Array.isArray(breakdown)
            ? { keys: [].concat(breakdown) }
            : breakdown;
        return this._json('lp_funnel_breakdown', text(actor, 'actor'), funnelFilter(filter), json(fields(request)));
    },

    /**
     * The period report (needs report): how many of the leads funnel() would count moved into
     * each tier during [from, to) (numbers or Dates), from their history, whole or by 'pool',
     * 'owner' or 'month' (options.by): {from, to, by, rows: [{group, into}], into}.
     */
    tierMoves(actor, from, to, options = {}, filter = {}) {
        const request = fields({ from: ms(from, 'from'), to: ms(to, 'to'), by: options.by });
        return this._json('lp_tier_moves', text(actor, 'actor'), funnelFilter(filter), json(request));
    },

    /**
     * The capture cohort table (needs report): the leads funnel() would count by the 'week' or
     * 'month' (default) of their capture, each followed through the next periods_after (default 3)
     * periods: {period, periods_after, cohorts: [{start, leads, reached: [{sub, opportunity, order}]}]}.
     */
    captureCohorts(actor, options = {}, filter = {}) {
        const request = fieldsOrNull({ period: options.period, periods_after: options.periods_after });
        return this._json('lp_capture_cohorts', text(actor, 'actor'), funnelFilter(filter), request && json(request));
    },

    /**
     * Time in tier, velocity and revenue (needs report) over the leads funnel() would count: per
     * tier the stays that ended in [from, to) (each unbounded when unset) and those open at `at`
     * (default the engine clock's now), capture to first order, the won orders; whole or by the
     * lead's 'pool', 'owner', 'channel', 'campaign', 'capture_month' or 'capture_week' (options.by):
     * {from, to, at, by, rows: [{group, times}], total}, times {tiers, to_order, revenue}.
     */
    tierTimes(actor, options = {}, filter = {}) {
        const request = fieldsOrNull({
            from: ms(options.from, 'from'),
            to: ms(options.to, 'to'),
            at: ms(options.at, 'at'),
            by: options.by,
        });
        return this._json('lp_tier_times', text(actor, 'actor'), funnelFilter(filter), request && json(request));
    },
};

/**
 * A FunnelReport as one flat object: leads, at_<tier> and reached_<tier> for every tier,
 * <from>_to_<to> for each conversion rate, and main_line_conversion.
 */
function reportRow(report) {
    const row = { leads: report.leads };
    for (const count of report.tiers) {
        row[`at_${count.tier}`] = count.at;
        row[`reached_${count.tier}`] = count.reached;
    }
    for (const conversion of report.conversions) row[`${conversion.from}_to_${conversion.to}`] = conversion.rate;
    row.main_line_conversion = report.main_line_conversion;
    return row;
}

/** A breakdown as flat objects, one per group: its key values, then reportRow of its report. */
function breakdownRows(breakdown) {
    return breakdown.rows.map((row) => ({ ...row.group, ...reportRow(row.report) }));
}

/** Four columns of duration statistics under a prefix: <prefix>_count, _median_ms, _p90_ms, _mean_ms. */
function statsColumns(prefix, stats) {
    return Object.fromEntries(Object.entries(stats).map(([name, value]) => [`${prefix}_${name}`, value]));
}

/**
 * A time-in-tier part as one flat object: <tier>_finished_<stat> and <tier>_open_<stat> for each
 * tier, to_order_<stat>, then orders, revenue (the sum) and mean_order.
 */
function timesPartRow(part) {
    const row = {};
    for (const [tier, time] of Object.entries(part.tiers)) {
        Object.assign(row, statsColumns(`${tier}_finished`, time.finished), statsColumns(`${tier}_open`, time.open));
    }
    Object.assign(row, statsColumns('to_order', part.to_order));
    return { ...row, orders: part.revenue.orders, revenue: part.revenue.sum, mean_order: part.revenue.mean };
}

/** A time-in-tier report as flat objects: one per group (under the key's name) with a key, else the totals. */
function timesRows(times) {
    if (times.by === null) return [timesPartRow(times.total)];
    return times.rows.map((row) => ({ [times.by]: row.group, ...timesPartRow(row.times) }));
}

/**
 * A period report's rows as flat objects: the group under the key's name (pool, owner or month, in
 * milliseconds), then into_<tier> for every tier. Without a key, one row of the period's totals.
 */
function movesRows(moves) {
    const into = (counts) => Object.fromEntries(Object.entries(counts).map(([tier, n]) => [`into_${tier}`, n]));
    if (moves.by === null) return [into(moves.into)];
    return moves.rows.map((row) => ({ [moves.by]: row.group, ...into(row.into) }));
}

/**
 * A cohort table as flat objects, one per cohort and period after it: start (ms), leads,
 * periods_after (k), then sub, opportunity and order reached by the end of that period.
 */
function cohortRows(table) {
    return table.cohorts.flatMap((cohort) => cohort.reached.map((reached, k) => ({
        start: cohort.start, leads: cohort.leads, periods_after: k, ...reached,
    })));
}

module.exports = { methods, transitionRequest, reportRow, breakdownRows, timesPartRow, timesRows, movesRows, cohortRows };
