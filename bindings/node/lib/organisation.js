// The organisation part of Engine: its stage and policies, users and pools.
'use strict';

const { library, encodeText: text, encodeJson: json } = require('./native');
const { fields } = require('./values');

const methods = {
    /**
     * Sets up an empty lead pool: the first user ({id, name, department?, roles?, active?}) and the
     * starting stage ("factory_led", "sales_led", "marketing_led", "all_staff"). Conflict if done before.
     */
    initialize(firstUser, stage) {
        this._call('lp_org_initialize', json(firstUser), text(stage, 'stage'));
    },

    /** {initialized, stage} (lp_stage_get). */
    stageInfo() {
        return this._json('lp_stage_get');
    },

    /** The company's current stage name, or null before initialize. */
    get stage() {
        return this.stageInfo().stage;
    },

    /** Whether initialize ran on this store. */
    get initialized() {
        return this.stageInfo().initialized;
    },

    /** Moves the company to another stage (manage_org); data stays, the change is recorded. */
    setStage(actor, stage) {
        this._call('lp_stage_set', text(actor, 'actor'), text(stage, 'stage'));
    },

    /** The policy in force for `stage`: {roles: {role: [grant, ...]}, ...}. */
    policy(stage) {
        return this._json('lp_policy_get', text(stage, 'stage'));
    },

    /** The four default policies, {factory_led: {...}, ...}. */
    defaultPolicies() {
        return defaultPolicies();
    },

    /** Loads the host's own policy for `stage` (manage_org). */
    setPolicy(actor, stage, policy) {
        this._call('lp_policy_set', text(actor, 'actor'), text(stage, 'stage'), json(policy));
    },

    /** Returns `stage` to its default policy (manage_org). */
    resetPolicy(actor, stage) {
        this._call('lp_policy_reset', text(actor, 'actor'), text(stage, 'stage'));
    },

    /** The organisation log, oldest first: [{seq, kind, actor, at, detail}]. */
    orgHistory(actor) {
        return this._json('lp_org_history', text(actor, 'actor'));
    },

    // ---- users -------------------------------------------------------------------------------

    /** Adds a user {id, name, department?, roles?, active?} (manage_users). Conflict when the id is taken. */
    addUser(actor, user) {
        this._call('lp_user_add', text(actor, 'actor'), json(user));
    },

    /** Replaces the user of user.id (manage_users): fields left out take their defaults. */
    updateUser(actor, user) {
        this._call('lp_user_update', text(actor, 'actor'), json(user));
    },

    /** The user {id, name, department, roles, active}. */
    user(actor, id) {
        return this._json('lp_user_get', text(actor, 'actor'), text(id, 'id'));
    },

    /** Every user, by id. */
    users(actor) {
        return this._json('lp_user_list', text(actor, 'actor'));
    },

    // ---- pools -------------------------------------------------------------------------------

    /** Creates a sub pool (manage_pools) and returns it; options {parent?, managers?, members?}. */
    createPool(actor, name, options = {}) {
        const spec = fields({ name, ...options });
        return this._json('lp_pool_create', text(actor, 'actor'), json(spec));
    },

    /** Replaces a pool's name, parent, managers and members (manage_pools); returns it. */
    updatePool(actor, poolId, name, options = {}) {
        const spec = fields({ name, ...options });
        return this._json('lp_pool_update', text(actor, 'actor'), poolId, json(spec));
    },

    /** Moves a pool below `newParent` (null: to the top level); returns it. */
    movePool(actor, poolId, newParent = null) {
        return this._json('lp_pool_move', text(actor, 'actor'), poolId, newParent === null ? 0 : newParent);
    },

    /** The pool {id, name, parent, managers, members}. */
    pool(actor, poolId) {
        return this._json('lp_pool_get', text(actor, 'actor'), poolId);
    },

    /** Every pool, by id, the master pool (id 1) first. */
    pools(actor) {
        return this._json('lp_pool_list', text(actor, 'actor'));
    },
};

/** The four default stage policies shipped with the library, {factory_led: {...}, ...}. */
function defaultPolicies() {
    return library().callJson('lp_policy_defaults');
}

module.exports = { methods, defaultPolicies };
