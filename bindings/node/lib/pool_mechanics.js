// The public-pool part of Engine: routing, pool settings, assignment, claims, follow-ups, recycling
// and opportunity workflows.
'use strict';

const { encodeText: text, encodeJson: json } = require('./native');
const { ms, fields, fieldsOrNull } = require('./values');

/** A workflow definition as lp_workflow_define and lp_workflow_update read it; steps as names or {name, collaborators}. */
function workflow(name, steps, productTypes) {
    const stepObjects = Array.from(steps, (step) => (typeof step === 'string' ? { name: step } : step));
    return { name, steps: stepObjects, product_types: Array.from(productTypes) };
}

const methods = {
    // ---- routing -----------------------------------------------------------------------------

    /** The routing table {rules: [{name, pool, when}], default_pool}. */
    routing(actor) {
        return this._json('lp_routing_get', text(actor, 'actor'));
    },

    /**
     * Replaces the routing table (manage_pools reaching the master pool) with `table` ({rules?,
     * default_pool?}, as routing() returns it); returns it. Rules are tried in order; the first
     * whose conditions all hold sends the lead to its pool.
     */
    setRouting(actor, table) {
        return this._json('lp_routing_set', text(actor, 'actor'), json(table));
    },

    /**
     * Routes master leads by the table, all or nothing: request {leads: [id, ...]} or
     * {all_unrouted: true}. Returns one {lead, pool, rule} per lead (pool null: it stayed).
     */
    route(actor, request) {
        return this._json('lp_lead_route', text(actor, 'actor'), json(request));
    },

    // ---- pool settings, assignment, claims ---------------------------------------------------

    /** A sub pool's settings: strategy, caps, cool-down, recycling limits, warning window. */
    poolSettings(actor, poolId) {
        return this._json('lp_pool_settings_get', text(actor, 'actor'), poolId);
    },

    /**
     * Replaces a sub pool's settings (manage_pools at that pool); fields left out take their
     * defaults. settings: the PoolSettings {strategy?, max_held?, capacity?, claim_cooldown_ms?,
     * held_idle_ms?, opportunity_idle_ms?, recycle_to?, warning_ms?}. Returns the settings.
     */
    setPoolSettings(actor, poolId, settings) {
        return this._json('lp_pool_settings_set', text(actor, 'actor'), poolId, json(settings));
    },

    /**
     * Assigns unowned leads of a sub pool (or those named) by the pool's strategy, all or nothing:
     * {assigned: [{lead, owner}], unassigned: [id, ...]}. options {reassign?}.
     */
    assign(actor, poolId, leadIds = null, options = {}) {
        const request = fields({ pool: poolId, leads: leadIds && Array.from(leadIds), ...options });
        return this._json('lp_pool_assign', text(actor, 'actor'), json(request));
    },

    /** The actor takes an unowned lead of a pool they belong to; returns the lead. */
    claim(actor, leadId) {
        return this._json('lp_lead_claim', text(actor, 'actor'), leadId);
    },

    /** Lets go of a held lead: unowned at tier sub of its pool. Returns the lead. */
    release(actor, leadId, reason = null) {
        return this._json('lp_lead_release', text(actor, 'actor'), leadId, text(reason, 'reason'));
    },

    // ---- follow-ups and recycling ------------------------------------------------------------

    /**
     * Records a call, message, visit, meeting or note on a lead and resets its idle clock; options
     * {at?: number | Date, outcome?, note?}. Returns the activity.
     */
    followUp(actor, leadId, kind, options = {}) {
        const data = fields({ kind, ...options, at: ms(options.at, 'at') });
        return this._json('lp_lead_follow_up', text(actor, 'actor'), leadId, json(data));
    },

    /** The follow-ups recorded on a lead, oldest first. */
    activities(actor, leadId) {
        return this._json('lp_lead_activities', text(actor, 'actor'), leadId);
    },

    /** The maintenance run at the engine's time: {at, recycled, due_soon, stranded, pruned_changes, rekey}. */
    maintain(actor) {
        return this._json('lp_pool_maintain', text(actor, 'actor'));
    },

    // ---- opportunity workflows ---------------------------------------------------------------

    /** Every workflow, retired ones too. */
    workflows(actor) {
        return this._json('lp_workflow_list', text(actor, 'actor'));
    },

    /** Defines a workflow once (manage_workflows); steps: names or {name, collaborators}. Returns it. */
    defineWorkflow(actor, name, steps, productTypes = []) {
        return this._json('lp_workflow_define', text(actor, 'actor'), json(workflow(name, steps, productTypes)));
    },

    /** Replaces the definition of the workflow `name` (manage_workflows). Returns it. */
    updateWorkflow(actor, name, steps, productTypes = []) {
        return this._json('lp_workflow_update', text(actor, 'actor'), json(workflow(name, steps, productTypes)));
    },

    /** Retires a workflow (manage_workflows): it opens no more opportunities. Returns it. */
    retireWorkflow(actor, name) {
        return this._json('lp_workflow_retire', text(actor, 'actor'), text(name, 'name'));
    },

    /**
     * Qualifies a lead and opens its opportunity; options {amount?, owner?: {user} | {team}} (the
     * main owner, else the actor). Returns the opportunity.
     */
    openOpportunity(actor, leadId, productType, options = {}) {
        const request = fields({ lead: leadId, product_type: productType, ...options });
        return this._json('lp_opportunity_open', text(actor, 'actor'), json(request));
    },

    /** Moves the lead's open opportunity to another step; returns the opportunity. */
    advanceOpportunity(actor, leadId, step) {
        return this._json('lp_opportunity_advance', text(actor, 'actor'), leadId, text(step, 'step'));
    },

    /** Adds a collaborator at the current step; returns the opportunity. */
    addCollaborator(actor, leadId, userId) {
        return this._json('lp_opportunity_add_collaborator', text(actor, 'actor'), leadId, text(userId, 'userId'));
    },

    /** Wins the lead and records the order (orderAmount, default the opportunity's amount). */
    winOpportunity(actor, leadId, orderAmount = null) {
        const request = fieldsOrNull({ order_amount: orderAmount });
        return this._json('lp_opportunity_win', text(actor, 'actor'), leadId, request && json(request));
    },

    /** A lead's opportunities, by number. */
    opportunities(actor, leadId) {
        return this._json('lp_opportunity_list', text(actor, 'actor'), leadId);
    },

    /**
     * The pipeline view: one page of the opportunities of the leads the actor may read, by lead
     * then number. options: the filter {workflow?, step?, status?, owner? (the lead's), pool? (and
     * its subtree), amount_min?, amount_max?} and the page {limit? (1..1000), after? (the previous
     * page's next_cursor)}. Returns {opportunities, next_cursor: {lead, number} | null}.
     */
    pipeline(actor, { limit, after, ...filter } = {}) {
        const filterJson = fieldsOrNull(filter);
        const page = fieldsOrNull({ limit, after });
        return this._json('lp_opportunity_pipeline', text(actor, 'actor'), filterJson && json(filterJson), page && json(page));
    },
};

module.exports = { methods };
