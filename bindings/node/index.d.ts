// Type declarations of the leadpool Node.js package.
//
// The shapes are those of docs/json.md, with the same names and snake_case fields: what the Engine
// returns is the decoded JSON the C ABI wrote, and the objects it takes are the JSON it reads.
// Times are numbers (milliseconds since the Unix epoch); where a method takes a time it takes a
// Date too. The NativeFunctions interface at the end is generated from capi/leadpool_abi.json by
// scripts/generate-abi.py; the rest is written by hand.

// ---- names ------------------------------------------------------------------------------------

export type Tier = 'master' | 'sub' | 'opportunity' | 'order' | 'lost' | 'invalid';
export type IdentityKind = 'phone' | 'email' | 'wechat_unionid' | 'wechat_openid' | 'device_id' | 'external_id';
export type Stage = 'factory_led' | 'sales_led' | 'marketing_led' | 'all_staff';
/** The moves of the pyramid (a TransitionRequest's action). */
export type TransitionAction =
    | 'distribute' | 'transfer' | 'return_to_master' | 'qualify' | 'win' | 'lose' | 'reactivate' | 'invalidate'
    | 'restore';
/** Every action a policy grants, and 'rekey' and 'score' (history rows' actions only). */
export type Action =
    | TransitionAction | 'read' | 'capture' | 'update' | 'report' | 'manage_pools' | 'manage_users' | 'manage_org'
    | 'merge' | 'unmerge' | 'erase_personal_data' | 'export_personal_data' | 'route' | 'assign' | 'claim' | 'release'
    | 'follow_up' | 'advance' | 'collaborate' | 'recycle' | 'manage_workflows' | 'read_feed' | 'rekey'
    | 'manage_scoring' | 'score' | 'resolve_conflict';
export type OrgEventKind =
    | 'initialized' | 'stage_changed' | 'policy_changed' | 'user_added' | 'user_updated' | 'pool_created'
    | 'pool_updated' | 'pool_moved' | 'identity_rules_changed' | 'routing_changed' | 'pool_settings_changed'
    | 'workflow_defined' | 'feed_settings_changed' | 'consumer_added' | 'workflow_updated' | 'workflow_retired'
    | 'personal_data_erased' | 'personal_data_exported' | 'identities_rekeyed' | 'scoring_changed'
    | 'scores_rescored';
export type ChangeSubject = 'lead' | 'opportunity' | 'identity_conflict' | 'organisation';
export type IngestOutcome = 'created' | 'updated' | 'merged' | 'duplicate' | 'rejected';
export type ConflictRule = 'max_per_lead' | 'max_joins' | 'max_merge_size' | 'out_of_scope';
/** Where a conflict's review stands. */
export type ConflictState = 'open' | 'resolved' | 'dismissed';
export type ConflictResolution = 'merge' | 'dismiss';
/** lp_status_name of a failure. */
export type StatusName =
    | 'invalid_argument' | 'not_found' | 'permission_denied' | 'illegal_transition' | 'conflict' | 'storage'
    | 'limit_exceeded' | 'busy' | 'internal' | 'engine_closed' | 'suppressed';
export type Scrub = 'complete' | 'held_back' | 'left_to_host';
export type RuleOp = 'equals' | 'in' | 'prefix' | 'range' | 'exists';
export type Strategy = 'round_robin' | 'least_loaded' | 'weighted';
export type RecycleTo = 'pool' | 'master';
export type ActivityKind = 'call' | 'message' | 'visit' | 'meeting' | 'note';
export type OpportunityStatus = 'open' | 'won' | 'lost' | 'reactivated' | 'released';
export type NumberType =
    | 'mobile' | 'fixed_line' | 'fixed_line_or_mobile' | 'toll_free' | 'premium_rate' | 'shared_cost' | 'voip'
    | 'personal_number' | 'pager' | 'uan' | 'voicemail' | 'unknown';

/** A time as the methods take it: milliseconds since the Unix epoch, or a Date. */
export type Time = number | Date;
/** Any JSON object (attributes, details, payloads). */
export type JsonObject = { [field: string]: unknown };

// ---- what the engine writes ---------------------------------------------------------------------

export interface Identity {
    kind: IdentityKind;
    value: string;
    /** wechat_openid and external_id only. */
    scope?: string;
}
export interface NormalizedIdentity extends Identity {
    number_type?: NumberType;
    blocked: boolean;
}
export interface Attribution {
    source: string;
    medium: string;
    campaign: string;
}
export interface Lead {
    id: number;
    identities: Identity[];
    attributes: JsonObject;
    channel: string;
    channels: string[];
    attribution: Attribution;
    last_attribution: Attribution;
    tags: string[];
    tier: Tier;
    pool: number;
    owner: string | null;
    reached: Tier[];
    created_at: number;
    updated_at: number;
    last_activity_at: number;
    last_seen_at: number;
    referred_by: number | null;
    version: number;
}
export interface LeadPage {
    leads: Lead[];
    next_after: number | null;
    next_cursor: LeadCursor | null;
}
export interface CaptureResult {
    lead: Lead;
    created: boolean;
    absorbed: number[];
    conflicts: number[];
    dropped: string[];
}
export interface IngestResult {
    outcome: IngestOutcome;
    lead: number | null;
    absorbed: number[];
    error: StatusName | null;
    reason: string;
    dropped: string[];
    conflicts: number[];
}
export interface MergeRecord {
    id: number;
    survivor: number;
    absorbed: number;
    actor: string;
    at: number;
    reason: string;
    collision: boolean;
    absorbed_owner: string | null;
    identities: Identity[];
    unmerged_at: number | null;
    unmerged_by: string | null;
    absorbed_referrer: number | null;
}
export interface IdentityConflict {
    id: number;
    rule: ConflictRule;
    at: number;
    actor: string;
    channel: string;
    record_id: string | null;
    lead: number;
    others: number[];
    identities: Identity[];
    message: string;
    state: ConflictState;
    resolved_by: string | null;
    resolved_at: number | null;
    resolution_reason: string | null;
    resolution_merges: number[];
}
export interface MergePage {
    merges: MergeRecord[];
    next_after: number | null;
}
export interface ConflictPage {
    conflicts: IdentityConflict[];
    next_after: number | null;
}
export interface LeadEvent {
    seq: number;
    lead: number;
    type: string;
    at: number;
    channel: string;
    payload: unknown;
}
export interface AttributeValue {
    field: string;
    value: unknown;
    channel: string | null;
    actor: string;
    occurred_at: number;
    lead: number;
    history_seq: number;
}
export interface KindRules {
    priority: number;
    max_per_lead: number;
    max_joins: number;
    blocked: string[];
}
export interface IdentityRules {
    default_region: string;
    max_merge_size: number;
    switchboard_priority: number;
    keep_unidentified: boolean;
    kinds: Record<IdentityKind, KindRules>;
}
export interface RekeyReport {
    needed: boolean;
    leads: number;
    rekeyed: number;
    dropped: number;
    unreadable: number;
    merged: number;
    conflicts: number;
    merge_ids: number[];
    conflict_ids: number[];
}
/** Where a lead is: before / after of a change, from / to of a history row. */
export interface Place {
    tier: Tier;
    pool: number;
    owner: string | null;
}
export interface HistoryEntry {
    seq: number;
    lead: number;
    action: Action;
    actor: string;
    at: number;
    from: Place;
    to: Place;
    reason: string;
    detail: JsonObject;
}
export interface ErasureReport {
    lead: number;
    leads: number[];
    identities: number;
    suppressed: number;
    history: number;
    events: number;
    merges: number;
    conflicts: number;
    deliveries: number;
    changes: number;
    referrals: number;
    scrub: Scrub;
}
export interface PersonalData {
    lead: Lead;
    leads: Lead[];
    identities: Identity[];
    attributes: AttributeValue[];
    events: LeadEvent[];
    follow_ups: Activity[];
    history: HistoryEntry[];
    merges: MergeRecord[];
    opportunities: Opportunity[];
    conflicts: IdentityConflict[];
}
export interface User {
    id: string;
    name: string;
    department: string;
    roles: string[];
    active: boolean;
}
export interface Pool {
    id: number;
    name: string;
    parent: number | null;
    managers: string[];
    members: string[];
}
export interface OrgEvent {
    seq: number;
    kind: OrgEventKind;
    actor: string;
    at: number;
    detail: JsonObject;
}
/** docs/json.md's Stage (lp_stage_get). */
export interface StageInfo {
    initialized: boolean;
    stage: Stage | null;
}
/** A stage's policy: {roles: {role: [grant, ...]}, ...} (README "Stages and roles"). */
export type Policy = JsonObject;
export type Policies = Record<Stage, Policy>;
export interface TierCount {
    tier: Tier;
    at: number;
    reached: number;
}
export interface Conversion {
    from: Tier;
    to: Tier;
    rate: number;
}
export interface FunnelReport {
    leads: number;
    tiers: TierCount[];
    conversions: Conversion[];
    main_line_conversion: number;
}
export type TouchModel = 'first' | 'last';
export type BreakdownKey =
    | 'pool' | 'owner' | 'channel' | 'campaign' | 'score_band' | 'product_type' | 'capture_month' | 'capture_week';
/** A group's value of a key: a pool id, band or period start (ms), a name, or null for none. */
export type BreakdownValue = number | string | null;
export interface FunnelBreakdownRequest {
    keys: BreakdownKey[];
    /** The model score_band reads: required with it, refused without it. */
    score_model?: string | null;
    /** Points per score band, at least 1 (default 10). */
    band_width?: number | null;
}
export interface FunnelBreakdownRow {
    group: Partial<Record<BreakdownKey, BreakdownValue>>;
    report: FunnelReport;
}
export interface FunnelBreakdown {
    keys: BreakdownKey[];
    rows: FunnelBreakdownRow[];
    total: FunnelReport;
}
export type MoveKey = 'pool' | 'owner' | 'month';
export type CohortPeriod = 'week' | 'month';
export interface CohortReached {
    sub: number;
    opportunity: number;
    order: number;
}
export interface Cohort {
    start: number;
    leads: number;
    /** reached[k]: first moves into each tier by the end of the period k periods after the cohort's. */
    reached: CohortReached[];
}
export interface CaptureCohorts {
    period: CohortPeriod;
    periods_after: number;
    cohorts: Cohort[];
}
export interface TierMovesRow {
    group: BreakdownValue;
    into: Record<Tier, number>;
}
export interface TierMoves {
    from: number;
    to: number;
    by: MoveKey | null;
    rows: TierMovesRow[];
    into: Record<Tier, number>;
}
/** What a time-in-tier report groups by: the lead's own keys of BreakdownKey. */
export type TierTimesKey = 'pool' | 'owner' | 'channel' | 'campaign' | 'capture_month' | 'capture_week';
export interface TierTimesRequest {
    /** Finished stays ended, first orders reached and orders won in [from, to); unset: no bound. */
    from?: Time | null;
    to?: Time | null;
    /** The moment open stays are taken at; unset: the engine clock's now. */
    at?: Time | null;
    by?: TierTimesKey | null;
}
/** Durations in ms: median and p90 by nearest rank, the mean rounded down; all 0 when count is 0. */
export interface DurationStats {
    count: number;
    median_ms: number;
    p90_ms: number;
    mean_ms: number;
}
export interface TierTime {
    finished: DurationStats;
    open: DurationStats;
}
export interface Revenue {
    orders: number;
    sum: number;
    mean: number;
}
export type StayTier = 'master' | 'sub' | 'opportunity' | 'order';
export interface TierTimesPart {
    tiers: Record<StayTier, TierTime>;
    to_order: DurationStats;
    revenue: Revenue;
}
export interface TierTimesRow {
    group: BreakdownValue;
    times: TierTimesPart;
}
export interface TierTimes {
    from: number | null;
    to: number | null;
    at: number;
    by: TierTimesKey | null;
    rows: TierTimesRow[];
    total: TierTimesPart;
}
export type CollisionKind = 'follow_up' | 'ownership' | 'both';
export interface Collision {
    lead: number;
    users: string[];
    first: number;
    last: number;
    kind: CollisionKind;
    /** The period's merges into the lead whose absorbed lead had another owner. */
    merges: number[];
}
export interface CollisionPage {
    collisions: Collision[];
    next_after: number | null;
}
export interface OwnerHolding {
    owner: string;
    held: number;
    held_by_tier: Record<Tier, number>;
    idle: number;
    claims: number;
    releases: number;
    recycles: number;
    taken_away: number;
    churned: number;
}
export interface OwnerHoldings {
    now: number;
    idle_days: number;
    idle_before: number;
    from: number;
    to: number;
    owners: OwnerHolding[];
}
export type ShareInterval = 'day' | 'week' | 'month';
export interface SharePoint {
    start: number;
    at: number;
    leads: number;
    unowned: number;
    share: number;
}
export interface PublicShare {
    pool: number;
    subtree: boolean;
    interval: ShareInterval;
    points: SharePoint[];
}
/** A FunnelReport flattened: leads, at_<tier>, reached_<tier>, <from>_to_<to> rates, main_line_conversion. */
export type ReportRow = Record<string, number>;
export interface ReferralLink {
    lead: number | null;
    tier: Tier | null;
    owner?: string;
}
export interface ReferralNode extends ReferralLink {
    converted: boolean;
    depth: number;
    size: number;
    converted_leads: number;
    levels: number;
    more: boolean;
    referrals: ReferralNode[];
}
export interface ReferralTree {
    root: ReferralNode;
    chain: ReferralLink[];
}
export interface Touch {
    attribution: Attribution;
    channel: string;
    at: number;
    lead: number;
}
export interface CampaignCounts {
    invited: number;
    captured: number;
    qualified: number;
    won: number;
    referred: number;
    viral_coefficient: number;
}
export interface CampaignGeneration extends CampaignCounts {
    generation: number;
}
export interface ReferrerCounts extends CampaignCounts {
    referrer: number;
    generation: number;
}
export interface CampaignMetrics {
    campaign: string;
    touch: TouchModel;
    totals: CampaignCounts;
    generations: CampaignGeneration[];
    referrers: ReferrerCounts[];
}
export interface Condition {
    field: string;
    op: RuleOp;
    values: string[];
    min: number | null;
    max: number | null;
}
export interface RoutingRule {
    name: string;
    pool: number;
    when: Condition[];
}
export interface RoutingTable {
    rules: RoutingRule[];
    default_pool: number | null;
}
export interface RouteResult {
    lead: number;
    pool: number | null;
    rule: string | null;
}
export interface PoolSettings {
    strategy: Strategy;
    max_held: number | null;
    capacity: Record<string, number>;
    claim_cooldown_ms: number;
    held_idle_ms: number | null;
    opportunity_idle_ms: number | null;
    recycle_to: RecycleTo;
    warning_ms: number;
    /** A scoring model: assign hands out the highest-scored unowned leads first; null: by id. */
    assign_by_score: string | null;
}
export interface AssignResult {
    assigned: { lead: number; owner: string }[];
    unassigned: number[];
}
export interface Activity {
    lead: number;
    kind: ActivityKind;
    actor: string;
    at: number;
    recorded_at: number;
    outcome: string;
    note: string;
}
export interface MaintenanceReport {
    at: number;
    recycled: {
        lead: number;
        pool: number;
        from_owner: string;
        tier: Tier;
        to: RecycleTo;
        idle_since: number;
        idle: boolean;
    }[];
    due_soon: { lead: number; pool: number; owner: string; tier: Tier; due_at: number }[];
    stranded: { lead: number; pool: number }[];
    pruned_changes: number;
    rekey: RekeyReport | null;
    rescore: RescoreReport | null;
    rescored: number;
}
/** A condition of a scoring rule: on the lead's data, or ("payload.<path>") on an event's payload. */
export interface ScoringConditionInput {
    field: string;
    op: RuleOp;
    values?: string[];
    min?: number | null;
    max?: number | null;
}
export interface ScoringRuleInput {
    name: string;
    points: number;
    when?: ScoringConditionInput[];
    event?: { type: string; payload?: ScoringConditionInput[]; at_least?: number; within_days?: number | null } | null;
    referrals?: { at_least?: number; reached?: Tier | null } | null;
    decay_days?: number | null;
}
export interface ScoringRulesInput {
    models?: { name: string; rules?: ScoringRuleInput[]; cap?: number | null; floor?: number | null }[];
}
export interface ScoringRules {
    models: {
        name: string;
        rules: {
            name: string;
            points: number;
            when: Required<ScoringConditionInput>[];
            event: { type: string; payload: Required<ScoringConditionInput>[]; at_least: number; within_days: number | null } | null;
            referrals: { at_least: number; reached: Tier | null } | null;
            decay_days: number | null;
        }[];
        cap: number | null;
        floor: number | null;
    }[];
}
export interface LeadScore {
    lead: number;
    model: string;
    points: number;
    rules: { rule: string; points: number }[];
    scored_at: number;
    next_change: number | null;
}
export interface RescoreReport {
    needed: boolean;
    leads: number;
    changed: number;
}
export interface Workflow {
    name: string;
    steps: { name: string; collaborators: string[] }[];
    product_types: string[];
    retired: boolean;
}
export interface Opportunity {
    lead: number;
    number: number;
    product_type: string;
    workflow: string;
    step: string;
    amount: number;
    owner: { user: string | null; team: number | null };
    collaborators: { user: string; step: string; joined_at: number }[];
    status: OpportunityStatus;
    opened_at: number;
    closed_at: number;
    order_amount: number;
    lost_reason: string;
}
/** The pipeline view's filter: every field set must match. */
export interface OpportunityFilter {
    workflow?: string | null;
    step?: string | null;
    status?: OpportunityStatus | null;
    /** The lead's owner. */
    owner?: string | null;
    /** The lead's pool and every pool below it. */
    pool?: number | null;
    amount_min?: number | null;
    amount_max?: number | null;
}
export interface OpportunityCursor {
    lead: number;
    number: number;
}
export interface OpportunityPageRequest {
    limit?: number;
    after?: OpportunityCursor | null;
}
export interface OpportunityPage {
    opportunities: Opportunity[];
    next_cursor: OpportunityCursor | null;
}
/** One change; an organisation change has no before, after or version. */
export interface Change {
    seq: number;
    at: number;
    actor: string;
    subject: ChangeSubject;
    kind: string;
    lead: number | null;
    object: string | number | null;
    before?: Place;
    after?: Place;
    version?: number;
    reason: string;
    detail: JsonObject;
}
export interface ChangePage {
    changes: Change[];
    next: number;
    last: number;
    pruned: boolean;
}
export interface Consumer {
    name: string;
    owner: string;
    position: number;
    created_at: number;
    acked_at: number;
}
export interface FeedSettings {
    retention_ms: number;
}

// ---- what the engine reads ---------------------------------------------------------------------

/** An identity as the methods take it: an identity object, or [kind, value] / [kind, value, scope]. */
export type IdentityLike = Identity | [IdentityKind, string] | [IdentityKind, string, string];
/** lp_engine_open's options. */
export interface OpenOptions {
    synchronous?: 'full' | 'normal' | 'off';
    busy_timeout_ms?: number;
    /** A clock that stands still at this time until Engine.setTime. */
    manual_clock_ms?: Time;
}
export interface UserInput {
    id: string;
    name: string;
    department?: string;
    roles?: string[];
    active?: boolean;
}
export interface PoolOptions {
    parent?: number | null;
    managers?: string[];
    members?: string[];
}
export interface CaptureOptions {
    attributes?: JsonObject;
    attribution?: Partial<Attribution>;
    tags?: string[];
    /** ISO 3166 region placing phone numbers written without a country code. */
    region?: string;
}
export interface LeadInput extends CaptureOptions {
    identities: IdentityLike[];
    channel: string;
}
export interface BehaviourEvent {
    type: string;
    at?: number;
    payload?: JsonObject;
}
export interface ChannelRecord extends CaptureOptions {
    channel: string;
    record_id?: string;
    occurred_at?: number | null;
    identities: IdentityLike[];
    events?: BehaviourEvent[];
    referrer?: IdentityLike | null;
}
export interface IngestOptions {
    all_or_nothing?: boolean;
    drop_unusable_identities?: boolean;
}
export interface MergeFilter {
    lead?: number | null;
    collisions_only?: boolean;
    include_unmerged?: boolean;
    actor?: string | null;
    at_from?: number | null;
    at_to?: number | null;
    reason?: string | null;
}
export interface ConflictFilter {
    lead?: number | null;
    rule?: ConflictRule | null;
    channel?: string | null;
    at_from?: number | null;
    at_to?: number | null;
    /** Default 'open'. */
    state?: ConflictState | 'all';
}
export interface RecordPageRequest {
    after?: number | null;
    limit?: number;
    newest_first?: boolean;
}
export interface IdentityRulesInput {
    default_region?: string;
    max_merge_size?: number;
    switchboard_priority?: number;
    keep_unidentified?: boolean;
    kinds?: Partial<Record<IdentityKind, Partial<KindRules>>>;
}
export interface TextSearch {
    query: string;
    fields: string[];
}
export interface IdentityMatch {
    kind: IdentityKind;
    prefix?: string;
    domain?: string;
}
export interface LeadFilter {
    tier?: Tier | null;
    pool?: number | null;
    owner?: string | null;
    channel?: string | null;
    tag?: string | null;
    created_from?: Time | null;
    created_to?: Time | null;
    active_from?: Time | null;
    active_to?: Time | null;
    referred_by?: number | null;
    campaign?: string | null;
    attributes?: ConditionInput[];
    text?: TextSearch | null;
    identity?: IdentityMatch | null;
    /** A score range of a model, both bounds inclusive. */
    score?: ScoreRange | null;
}
export interface ScoreRange {
    model: string;
    min?: number | null;
    max?: number | null;
}
export type LeadSortKey = 'id' | 'created' | 'updated' | 'last_activity' | 'score';
export interface LeadCursor {
    key: number;
    id: number;
}
export interface PageRequest {
    after?: number;
    limit?: number;
    sort?: LeadSortKey;
    descending?: boolean;
    /** The scoring model a sort by score reads; only with sort: 'score'. */
    score_model?: string;
    cursor?: LeadCursor | null;
}
export interface LeadUpdate {
    attributes?: JsonObject;
    add_tags?: string[];
    remove_tags?: string[];
    expected_version?: number;
}
export interface TransitionOptions {
    expected_version?: number;
    over_cap_reason?: string;
}
export interface TransitionFields extends TransitionOptions {
    to_pool?: number | null;
    to_owner?: string | null;
    reason?: string | null;
}
export interface TransitionRequest extends TransitionFields {
    lead: number;
    action: TransitionAction;
}
export interface FunnelFilter {
    pool?: number | null;
    owner?: string | null;
    channel?: string | null;
    captured_from?: Time | null;
    captured_to?: Time | null;
    campaign?: string | null;
    touch?: TouchModel;
    /** A score band of a model, both bounds inclusive. */
    score?: ScoreRange | null;
}
export interface ConditionInput {
    field: string;
    op: RuleOp;
    values?: string[];
    min?: number | null;
    max?: number | null;
}
export interface RoutingTableInput {
    rules?: { name: string; pool: number; when?: ConditionInput[] }[];
    default_pool?: number | null;
}
export type RouteRequest = { leads: number[] } | { all_unrouted: true };
export type PoolSettingsInput = Partial<PoolSettings>;
export interface FollowUpOptions {
    at?: Time | null;
    outcome?: string;
    note?: string;
}
export type WorkflowStepInput = string | { name: string; collaborators?: string[] };
export interface OpportunityOptions {
    amount?: number;
    owner?: { user: string } | { team: number };
}
export interface ChangeFilter {
    kinds?: string[];
    pool?: number | null;
    owner?: string | null;
    lead?: number | null;
}
export interface ChangeQuery {
    since?: number | null;
    consumer?: string | null;
    limit?: number;
    filter?: ChangeFilter;
}

// ---- the engine ---------------------------------------------------------------------------------

/**
 * An open lead pool (lp_engine). Every operation names its actor (a user id) and is checked
 * against the policy of the current stage; failures throw a LeadpoolError subclass and change
 * nothing. Close it with close(); an engine that is garbage closes itself.
 */
export class Engine {
    constructor(uri?: string, options?: OpenOptions);
    static memory(options?: OpenOptions): Engine;
    static sqlite(file: string, options?: OpenOptions): Engine;
    /** Closes the engine; idempotent. Every later call on it throws EngineClosed. */
    close(): void;
    readonly closed: boolean;
    setTime(now: Time): void;

    // organisation
    initialize(firstUser: UserInput, stage: Stage): void;
    stageInfo(): StageInfo;
    readonly stage: Stage | null;
    readonly initialized: boolean;
    setStage(actor: string, stage: Stage): void;
    policy(stage: Stage): Policy;
    defaultPolicies(): Policies;
    setPolicy(actor: string, stage: Stage, policy: Policy): void;
    resetPolicy(actor: string, stage: Stage): void;
    orgHistory(actor: string): OrgEvent[];
    addUser(actor: string, user: UserInput): void;
    updateUser(actor: string, user: UserInput): void;
    user(actor: string, id: string): User;
    users(actor: string): User[];
    createPool(actor: string, name: string, options?: PoolOptions): Pool;
    updatePool(actor: string, poolId: number, name: string, options?: PoolOptions): Pool;
    movePool(actor: string, poolId: number, newParent?: number | null): Pool;
    pool(actor: string, poolId: number): Pool;
    pools(actor: string): Pool[];

    // leads
    capture(actor: string, identities: IdentityLike[], channel: string, options?: CaptureOptions): CaptureResult;
    captureBatch(actor: string, inputs: Iterable<LeadInput>): CaptureResult[];
    lead(actor: string, id: number): Lead;
    findLead(actor: string, kind: IdentityKind, value: string, scope?: string | null): Lead | null;
    leads(actor: string, options?: LeadFilter & PageRequest): LeadPage;
    iterLeads(actor: string, options?: LeadFilter & { page_size?: number }): LeadIterator;
    updateLead(actor: string, leadId: number, update: LeadUpdate): Lead;
    history(actor: string, leadId: number): HistoryEntry[];

    // ingestion, merges and identity rules
    ingest(actor: string, records: Iterable<ChannelRecord> | string, options?: IngestOptions): IngestResult[];
    mergeLeads(actor: string, first: number, second: number, reason?: string): MergeRecord;
    unmerge(actor: string, mergeId: number, reason?: string): Lead;
    merges(actor: string, filter?: MergeFilter): MergeRecord[];
    identityConflicts(actor: string): IdentityConflict[];
    mergePage(actor: string, options?: MergeFilter & RecordPageRequest): MergePage;
    identityConflictPage(actor: string, options?: ConflictFilter & RecordPageRequest): ConflictPage;
    resolveIdentityConflict(actor: string, conflictId: number, resolution: ConflictResolution,
                            reason?: string): IdentityConflict;
    events(actor: string, leadId: number): LeadEvent[];
    attributeHistory(actor: string, leadId: number, field?: string | null): AttributeValue[];
    identityRules(): IdentityRules;
    setIdentityRules(actor: string, rules: IdentityRulesInput): RekeyReport;

    // transitions and the funnel
    transition(actor: string, leadId: number, action: TransitionAction, options?: TransitionFields): Lead;
    transitionBatch(actor: string, requests: Iterable<TransitionRequest>): Lead[];
    distribute(actor: string, leadId: number, toPool: number, toOwner?: string | null, options?: TransitionOptions): Lead;
    transfer(
        actor: string, leadId: number, toPool?: number | null, toOwner?: string | null, options?: TransitionOptions,
    ): Lead;
    returnToMaster(actor: string, leadId: number, reason?: string | null, options?: TransitionOptions): Lead;
    qualify(actor: string, leadId: number, toOwner?: string | null, options?: TransitionOptions): Lead;
    win(actor: string, leadId: number, options?: TransitionOptions): Lead;
    lose(actor: string, leadId: number, reason: string, options?: TransitionOptions): Lead;
    reactivate(
        actor: string, leadId: number, toPool?: number | null, toOwner?: string | null, options?: TransitionOptions,
    ): Lead;
    invalidate(actor: string, leadId: number, reason: string, options?: TransitionOptions): Lead;
    restore(actor: string, leadId: number, options?: TransitionOptions): Lead;
    can(actor: string, action: Action, leadId?: number): boolean;
    funnel(actor: string, filter?: FunnelFilter): FunnelReport;
    funnelBreakdown(
        actor: string,
        breakdown: BreakdownKey | BreakdownKey[] | FunnelBreakdownRequest,
        filter?: FunnelFilter,
    ): FunnelBreakdown;
    tierMoves(actor: string, from: Time, to: Time, options?: { by?: MoveKey | null }, filter?: FunnelFilter): TierMoves;
    captureCohorts(
        actor: string,
        options?: { period?: CohortPeriod; periods_after?: number },
        filter?: FunnelFilter,
    ): CaptureCohorts;
    tierTimes(actor: string, options?: TierTimesRequest, filter?: FunnelFilter): TierTimes;
    collisions(actor: string, from: Time, to: Time, windowMs: number, page?: { after?: number | null; limit?: number }): CollisionPage;
    ownerHoldings(actor: string, from: Time, to: Time, options?: { idle_days?: number }): OwnerHoldings;
    publicShare(
        actor: string, pool: number, from: Time, to: Time, options?: { interval?: ShareInterval; subtree?: boolean },
    ): PublicShare;

    // referral campaigns
    referrals(actor: string, leadId: number, depth?: number): ReferralTree;
    touches(actor: string, leadId: number): Touch[];
    campaignMetrics(actor: string, campaign: string, options?: { touch?: TouchModel }): CampaignMetrics;

    // public-pool mechanics
    routing(actor: string): RoutingTable;
    setRouting(actor: string, table: RoutingTableInput): RoutingTable;
    route(actor: string, request: RouteRequest): RouteResult[];
    poolSettings(actor: string, poolId: number): PoolSettings;
    setPoolSettings(actor: string, poolId: number, settings: PoolSettingsInput): PoolSettings;
    assign(actor: string, poolId: number, leadIds?: Iterable<number> | null, options?: { reassign?: boolean }): AssignResult;
    claim(actor: string, leadId: number): Lead;
    release(actor: string, leadId: number, reason?: string | null): Lead;
    followUp(actor: string, leadId: number, kind: ActivityKind, options?: FollowUpOptions): Activity;
    activities(actor: string, leadId: number): Activity[];
    maintain(actor: string): MaintenanceReport;
    scoringRules(): ScoringRules;
    setScoringRules(actor: string, rules: ScoringRulesInput, progress?: ((soFar: RescoreReport) => void) | null): RescoreReport;
    scores(actor: string, leadId: number): LeadScore[];
    workflows(actor: string): Workflow[];
    defineWorkflow(actor: string, name: string, steps: Iterable<WorkflowStepInput>, productTypes?: Iterable<string>): Workflow;
    updateWorkflow(actor: string, name: string, steps: Iterable<WorkflowStepInput>, productTypes?: Iterable<string>): Workflow;
    retireWorkflow(actor: string, name: string): Workflow;
    openOpportunity(actor: string, leadId: number, productType: string, options?: OpportunityOptions): Opportunity;
    advanceOpportunity(actor: string, leadId: number, step: string): Opportunity;
    addCollaborator(actor: string, leadId: number, userId: string): Opportunity;
    winOpportunity(actor: string, leadId: number, orderAmount?: number | null): Opportunity;
    opportunities(actor: string, leadId: number): Opportunity[];
    pipeline(actor: string, options?: OpportunityFilter & OpportunityPageRequest): OpportunityPage;

    // the change feed
    changes(actor: string, query?: ChangeQuery): ChangePage;
    addConsumer(actor: string, name: string, position?: number): Consumer;
    ack(actor: string, consumer: string, seq: number): Consumer;
    consumer(actor: string, name: string): Consumer;
    consumers(actor: string): Consumer[];
    feedSettings(): FeedSettings;
    setFeedSettings(actor: string, settings: FeedSettings): FeedSettings;
    /**
     * Calls callback(changes) after each commit of this engine, synchronously, before the
     * operation returns. What the callback throws goes to onError (default: rethrown on the next
     * tick); the operation, which committed, returns as usual.
     */
    subscribe(
        actor: string,
        callback: (changes: Change[]) => void,
        filter?: ChangeFilter,
        options?: { onError?: (error: unknown) => void },
    ): number;
    unsubscribe(subscription: number): boolean;
    /** Blocks (the event loop too) until a change after `after` is committed, or timeoutMs pass. */
    waitForChanges(after: number, timeoutMs: number): boolean;

    // personal data
    erase(actor: string, leadId: number, reason: string, options?: { suppress?: boolean }): ErasureReport;
    personalData(actor: string, identity: IdentityLike): PersonalData;
}

/** Every lead matching a filter, a page at a time (Engine.iterLeads); frees itself at the end. */
export class LeadIterator implements IterableIterator<Lead> {
    private constructor();
    readonly closed: boolean;
    [Symbol.iterator](): LeadIterator;
    next(): IteratorResult<Lead, undefined>;
    return(): IteratorResult<Lead, undefined>;
    close(): void;
}

// ---- module functions ---------------------------------------------------------------------------

/** The ABI version of capi/leadpool.h this package speaks (LP_ABI_VERSION). */
export const ABI_VERSION: number;
/** "LEADPOOL_LIBRARY": the environment variable naming the C library file to load. */
export const ENV_VAR: string;
export function libraryVersion(): string;
export function abiVersion(): number;
export function libraryPath(): string;
export function statusName(status: number): string;
export function defaultPolicies(): Policies;
export function normalizeIdentity(
    kind: IdentityKind, value: string, scope?: string | null, rules?: IdentityRulesInput | null,
): NormalizedIdentity;
export function reportRow(report: FunnelReport): ReportRow;
/** A breakdown as flat objects, one per group: its key values, then reportRow of its report. */
export function breakdownRows(breakdown: FunnelBreakdown): Array<Record<string, BreakdownValue>>;
/** A time-in-tier part as one flat object: <tier>_finished_<stat>, <tier>_open_<stat>, to_order_<stat>, orders, revenue, mean_order. */
export function timesPartRow(part: TierTimesPart): Record<string, number>;
/** A time-in-tier report as flat objects: one per group (under the key's name) with a key, else the totals. */
export function timesRows(times: TierTimes): Array<Record<string, BreakdownValue>>;
/** A period report's rows as flat objects: the group under the key's name, then into_<tier>. */
export function movesRows(moves: TierMoves): Array<Record<string, BreakdownValue>>;
/** A cohort table as flat objects, one per cohort and period after it. */
export function cohortRows(table: CaptureCohorts): Array<Record<string, number>>;
/** A collision page as flat objects, one per lead: users and merges joined by ", ". */
export function collisionRows(page: CollisionPage): Array<Record<string, string | number>>;
/** A hoarding report as flat objects, one per owner: owner, held, held_<tier>, then the counts. */
export function holdingRows(holdings: OwnerHoldings): Array<Record<string, string | number>>;
/** A public share as flat objects, one per interval. */
export function shareRows(share: PublicShare): Array<Record<string, number>>;
export function transitionRequest(leadId: number, action: TransitionAction, options?: TransitionFields): TransitionRequest;
export function identity(kind: IdentityKind, value: string, scope?: string | null): Identity;
/** A time of the engine (ms since the Unix epoch) as a Date. */
export function toDate(ms: number): Date;
/** The C functions themselves, as koffi declared them from capi/leadpool_abi.json. */
export function nativeFunctions(): NativeFunctions;

// ---- errors -------------------------------------------------------------------------------------

/** A failure reported by the engine: one subclass per status code. Decide on the class, not the message. */
export class LeadpoolError extends Error {
    constructor(message: string, status?: number);
    /** The lp_status code. */
    readonly status: number;
    /** lp_status_name of the status ("permission_denied"); "unknown" for a code this package does not know. */
    readonly statusName: StatusName | 'unknown';
    /** The status as capi/leadpool.h names it ("LP_PERMISSION_DENIED"). */
    readonly code: string;
}
/** 1: malformed input — bad JSON, wrong types, a null or missing value. */
export class InvalidArgument extends LeadpoolError {}
/** 2: an id that names no lead, pool or user, or a lead the actor may neither read nor act on. */
export class NotFound extends LeadpoolError {}
/** 3: the actor is unknown or inactive, or their role may not do this. */
export class PermissionDenied extends LeadpoolError {}
/** 4: a move the pyramid does not list. */
export class IllegalTransition extends LeadpoolError {}
/** 5: a stale expected_version, a duplicate name, a merge refused or undone. */
export class Conflict extends LeadpoolError {}
/** 6: the store failed: I/O, a corrupt, foreign or newer file. */
export class Storage extends LeadpoolError {}
/** 7: input over a documented size limit. */
export class LimitExceeded extends LeadpoolError {}
/** 8: the store stayed locked by another writer: retry later. */
export class Busy extends LeadpoolError {}
/** 9: a bug or resource failure inside leadpool. */
export class Internal extends LeadpoolError {}
/** 10: the engine was closed: a call on a closed Engine, or the next page of an iterator over it. */
export class EngineClosed extends LeadpoolError {}
/** 11: an identity of a person erased at their request, who asked not to be kept. */
export class Suppressed extends LeadpoolError {}
/** The C library could not be found or loaded, or is not a leadpool library. */
export class LibraryError extends Error {}
/** The C library loaded speaks another ABI version than this package. */
export class AbiVersionMismatch extends LibraryError {
    readonly expected: number;
    readonly found: number;
    readonly path: string;
}
/** The error of a failed status (not thrown). */
export function errorForStatus(status: number, message?: string): LeadpoolError;

// ---- the C functions ----------------------------------------------------------------------------

/** lp_status: 0 is LP_OK; see the error classes for the others. */
export type Status = number;
/** An lp_engine*: opaque, from lp_engine_open. */
export interface EngineHandle {
    readonly __lp: 'lp_engine';
}
/** An lp_lead_iter*: opaque, from lp_lead_iter_open. */
export interface IterHandle {
    readonly __lp: 'lp_lead_iter';
}
/** A char* the library returned: read it with koffi.decode(p, 'char', -1), then lp_free(p). */
export interface TextPointer {
    readonly __lp: 'char*';
}
/** An lp_change_callback registered with koffi.register. */
export interface CallbackPointer {
    readonly __lp: 'lp_change_callback';
}

// ==== generated from capi/leadpool_abi.json by scripts/generate-abi.py: edit the table, not this part ====

/**
 * The C functions as koffi calls them (`nativeFunctions()`), one for each function of
 * capi/leadpool.h, with its documentation. Outputs are boxes koffi fills: pass `[null]` (or
 * `[0]`), read `[0]`; a JSON text comes back as a pointer to read and free with lp_free.
 */
export interface NativeFunctions {
    // ---- library
    /**
     * The library version, "MAJOR.MINOR.PATCH". Static storage: do not free. Never NULL.
     */
    lp_version(): string;
    /**
     * The ABI version of the library loaded (compare with LP_ABI_VERSION).
     */
    lp_abi_version(): number;
    /**
     * The message of the last failure on this thread: every function that returns an lp_status
     * sets it on failure and empties it ("") on success. Owned by the library, valid until the next
     * leadpool call on this thread. Never NULL.
     */
    lp_last_error(): string;
    /**
     * The stable name of a status ("ok", "invalid_argument", ...). Static storage. Never NULL.
     * @param status a status code
     */
    lp_status_name(status: Status): string;
    /**
     * Frees a string the library returned. Accepts NULL.
     * @param p a pointer the library returned, may be null
     */
    lp_free(p: unknown | null): void;
    // ---- engine
    /**
     * Opens a lead pool.
     *   storage_uri   "memory:" (nothing survives the engine), "sqlite:PATH" (created if
     *                 missing), or, when leadpool is built with the PostgreSQL store, a libpq URI
     *                 "postgresql://user@host:port/dbname?..." (or "postgres://..."); its optional
     *                 "schema=NAME" parameter names the PostgreSQL schema holding the lead pool
     *                 (default "leadpool"; a-z, 0-9, _), created and migrated on open.
     *                 Other schemes: LP_INVALID_ARGUMENT, naming the schemes built in.
     *   options_json  NULL or a JSON object (unknown fields: LP_INVALID_ARGUMENT):
     *                   "synchronous": "full" (default) | "normal" | "off"     (sqlite only)
     *                   "busy_timeout_ms": integer >= 0 (default 5000)          (sqlite; postgresql:
     *                                      how long a writer waits for the writer lock)
     *                   "manual_clock_ms": integer — a clock that stands still at this time
     *                                      (ms since the Unix epoch) until lp_engine_set_time
     *                 "memory:" accepts and ignores the sqlite-only options.
     * *out receives the engine; close it with lp_engine_close.
     * JSON (docs/json.md): options_json OpenOptions or NULL.
     * Status: OK, INVALID_ARGUMENT, LIMIT_EXCEEDED (options nested too deep), STORAGE, BUSY,
     * INTERNAL.
     * @param out released with lp_engine_close
     * @param storage_uri a storage URI
     * @param options_json OpenOptions JSON text, may be null
     */
    lp_engine_open(out: [EngineHandle | null], storage_uri: string, options_json: string | null): Status;
    /**
     * Closes an engine and frees it. Accepts NULL. The pointer is invalid afterwards; iterators
     * opened on the engine answer LP_ENGINE_CLOSED and are still closed with lp_lead_iter_close.
     * An iterator call running on another thread at that moment finishes first.
     * @param engine an open engine, may be null
     */
    lp_engine_close(engine: EngineHandle | null): void;
    /**
     * Sets the time of an engine opened with "manual_clock_ms".
     * Status: OK, INVALID_ARGUMENT (NULL, or the engine runs on the system clock).
     * @param engine an open engine
     * @param now_ms ms since the Unix epoch
     */
    lp_engine_set_time(engine: EngineHandle, now_ms: number | bigint): Status;
    // ---- organisation
    /**
     * Sets up an empty lead pool: the first user (JSON user object) and the starting stage name
     * ("factory_led", "sales_led", "marketing_led", "all_staff").
     * JSON (docs/json.md): first_user_json User.
     * Status: OK, INVALID_ARGUMENT, CONFLICT (already initialised), STORAGE, BUSY, INTERNAL.
     * @param engine an open engine
     * @param first_user_json User JSON text
     * @param stage a stage name
     */
    lp_org_initialize(engine: EngineHandle, first_user_json: string, stage: string): Status;
    /**
     * *out: {"initialized": bool, "stage": "factory_led" | null}.
     * JSON (docs/json.md): *out Stage.
     * Status: OK, INVALID_ARGUMENT, STORAGE, BUSY, INTERNAL.
     * @param out Stage JSON text, released with lp_free
     * @param engine an open engine
     */
    lp_stage_get(out: [TextPointer | null], engine: EngineHandle): Status;
    /**
     * Moves the company to another stage (manage_org). Data stays; the change is recorded.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param engine an open engine
     * @param actor the acting user's id
     * @param stage a stage name
     */
    lp_stage_set(engine: EngineHandle, actor: string, stage: string): Status;
    /**
     * *out: the policy in force for `stage` (policy JSON, as in the README).
     * JSON (docs/json.md): *out Policy.
     * Status: OK, INVALID_ARGUMENT, STORAGE, BUSY, INTERNAL.
     * @param out Policy JSON text, released with lp_free
     * @param engine an open engine
     * @param stage a stage name
     */
    lp_policy_get(out: [TextPointer | null], engine: EngineHandle, stage: string): Status;
    /**
     * *out: the four default policies, {"factory_led": {...}, ...}.
     * JSON (docs/json.md): *out Policies.
     * Status: OK, INVALID_ARGUMENT.
     * @param out Policies JSON text, released with lp_free
     */
    lp_policy_defaults(out: [TextPointer | null]): Status;
    /**
     * Loads the host's own policy for `stage` (manage_org).
     * JSON (docs/json.md): policy_json Policy.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param engine an open engine
     * @param actor the acting user's id
     * @param stage a stage name
     * @param policy_json Policy JSON text
     */
    lp_policy_set(engine: EngineHandle, actor: string, stage: string, policy_json: string): Status;
    /**
     * Returns `stage` to the default policy (manage_org).
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param engine an open engine
     * @param actor the acting user's id
     * @param stage a stage name
     */
    lp_policy_reset(engine: EngineHandle, actor: string, stage: string): Status;
    /**
     * *out: the organisation log, oldest first: [{"seq", "kind", "actor", "at", "detail"}, ...]
     * (manage_org).
     * JSON (docs/json.md): *out OrgEvent[].
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out OrgEvent[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     */
    lp_org_history(out: [TextPointer | null], engine: EngineHandle, actor: string): Status;
    // ---- users
    /**
     * Adds a user (manage_users). user_json: {"id", "name", "department"?, "roles"?, "active"?}.
     * JSON (docs/json.md): user_json User.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, CONFLICT (id taken), STORAGE, BUSY,
     * INTERNAL.
     * @param engine an open engine
     * @param actor the acting user's id
     * @param user_json User JSON text
     */
    lp_user_add(engine: EngineHandle, actor: string, user_json: string): Status;
    /**
     * Replaces a user (manage_users).
     * JSON (docs/json.md): user_json User.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL.
     * @param engine an open engine
     * @param actor the acting user's id
     * @param user_json User JSON text
     */
    lp_user_update(engine: EngineHandle, actor: string, user_json: string): Status;
    /**
     * *out: the user object.
     * JSON (docs/json.md): *out User.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL.
     * @param out User JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param user_id a user id
     */
    lp_user_get(out: [TextPointer | null], engine: EngineHandle, actor: string, user_id: string): Status;
    /**
     * *out: every user, by id.
     * JSON (docs/json.md): *out User[].
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out User[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     */
    lp_user_list(out: [TextPointer | null], engine: EngineHandle, actor: string): Status;
    // ---- pools
    /**
     * Creates a sub pool (manage_pools). spec_json: {"name", "parent"?, "managers"?, "members"?}.
     * *out: the pool object.
     * JSON (docs/json.md): *out Pool; spec_json PoolSpec.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, CONFLICT (name taken), STORAGE,
     * BUSY, INTERNAL.
     * @param out Pool JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param spec_json PoolSpec JSON text
     */
    lp_pool_create(out: [TextPointer | null], engine: EngineHandle, actor: string, spec_json: string): Status;
    /**
     * Replaces a pool's name, parent, managers and members (manage_pools). *out: the pool.
     * JSON (docs/json.md): *out Pool; spec_json PoolSpec.
     * Status: as lp_pool_create.
     * @param out Pool JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param pool_id a pool id
     * @param spec_json PoolSpec JSON text
     */
    lp_pool_update(out: [TextPointer | null], engine: EngineHandle, actor: string, pool_id: number | bigint, spec_json: string): Status;
    /**
     * Moves a pool below `new_parent` (0: to the top level). *out: the pool.
     * JSON (docs/json.md): *out Pool.
     * Status: as lp_pool_create.
     * @param out Pool JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param pool_id a pool id
     * @param new_parent a pool id, 0 for the top level
     */
    lp_pool_move(out: [TextPointer | null], engine: EngineHandle, actor: string, pool_id: number | bigint, new_parent: number | bigint): Status;
    /**
     * *out: the pool object.
     * JSON (docs/json.md): *out Pool.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL.
     * @param out Pool JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param pool_id a pool id
     */
    lp_pool_get(out: [TextPointer | null], engine: EngineHandle, actor: string, pool_id: number | bigint): Status;
    /**
     * *out: every pool, by id, the master pool first.
     * JSON (docs/json.md): *out Pool[].
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out Pool[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     */
    lp_pool_list(out: [TextPointer | null], engine: EngineHandle, actor: string): Status;
    // ---- leads
    /**
     * Captures one lead into the master pool, or updates the lead its identities name; identities
     * naming several leads merge them into one (as lp_lead_ingest, but every identity must be
     * usable: an invalid or blocked one is INVALID_ARGUMENT).
     * input_json: {"identities": [{"kind", "value", "scope"?}], "channel", "attributes"?,
     * "attribution"?: {"source", "medium", "campaign"}, "tags"?}.
     * *out: {"lead": {...}, "created": bool}.
     * JSON (docs/json.md): *out CaptureResult; input_json LeadInput.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, CONFLICT, LIMIT_EXCEEDED, STORAGE, BUSY,
     * INTERNAL.
     * @param out CaptureResult JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param input_json LeadInput JSON text
     */
    lp_lead_capture(out: [TextPointer | null], engine: EngineHandle, actor: string, input_json: string): Status;
    /**
     * Captures a JSON array of inputs, all or nothing. *out: an array of {"lead", "created"}.
     * JSON (docs/json.md): *out CaptureResult[]; inputs_json LeadInput[].
     * Status: as lp_lead_capture.
     * @param out CaptureResult[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param inputs_json LeadInput[] JSON text
     */
    lp_lead_capture_batch(out: [TextPointer | null], engine: EngineHandle, actor: string, inputs_json: string): Status;
    /**
     * *out: the lead object.
     * JSON (docs/json.md): *out Lead.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED (unknown actor), NOT_FOUND (no such lead, or
     * one the actor may not read: the same message), STORAGE, BUSY, INTERNAL.
     * @param out Lead JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param lead_id a lead id
     */
    lp_lead_get(out: [TextPointer | null], engine: EngineHandle, actor: string, lead_id: number | bigint): Status;
    /**
     * *out: the lead holding the identity ({"kind", "value", "scope"?}), or null when there is
     * none the actor may read. A lead outside the actor's scope that holds it answers as the
     * policy's duplicate disclosure says: null ("none"), or PERMISSION_DENIED saying that it exists
     * ("exists") and who owns it ("owner").
     * JSON (docs/json.md): *out Lead | null; identity_json Identity.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out Lead | null JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param identity_json Identity JSON text
     */
    lp_lead_find(out: [TextPointer | null], engine: EngineHandle, actor: string, identity_json: string): Status;
    /**
     * One page of the leads the actor may read, in the page's order (by id unless it says).
     * filter_json: NULL or {"tier"?, "pool"?, "owner"?, "channel"?, "tag"?, "created_from"?,
     * "created_to"?, "active_from"?, "active_to"?, "referred_by"?, "campaign"?, "attributes"?,
     * "text"?, "identity"?, "score"?: {"model", "min"?, "max"?}}; page_json: NULL or {"after"?, "limit"? (1..1000, default 100), "sort"?,
     * "descending"?, "score_model"? (with "sort": "score"), "cursor"?}.
     * *out: {"leads": [...], "next_after": id | null, "next_cursor": {"key", "id"} | null}.
     * JSON (docs/json.md): *out LeadPage; filter_json LeadFilter or NULL; page_json PageRequest or
     * NULL.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND (pool), STORAGE, BUSY, INTERNAL.
     * @param out LeadPage JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param filter_json LeadFilter JSON text, may be null
     * @param page_json PageRequest JSON text, may be null
     */
    lp_lead_list(out: [TextPointer | null], engine: EngineHandle, actor: string, filter_json: string | null, page_json: string | null): Status;
    /**
     * Opens an iterator over every lead matching filter_json (as lp_lead_list), fetched
     * `page_size` (1..1000) at a time. Close it with lp_lead_iter_close.
     * JSON (docs/json.md): filter_json LeadFilter or NULL.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL.
     * @param out released with lp_lead_iter_close
     * @param engine an open engine
     * @param actor the acting user's id
     * @param filter_json LeadFilter JSON text, may be null
     * @param page_size leads per page, 1..1000
     */
    lp_lead_iter_open(out: [IterHandle | null], engine: EngineHandle, actor: string, filter_json: string | null, page_size: number): Status;
    /**
     * *out: the next page, a non-empty JSON array of leads; NULL (with LP_OK) once the iterator is
     * done. The first page is read by lp_lead_iter_open, each later one afresh, so leads changed
     * meanwhile show as they are now. A failed call leaves the iterator where it was.
     * JSON (docs/json.md): *out Lead[] or NULL.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL, ENGINE_CLOSED (its
     * engine was closed: every later call answers the same).
     * @param out Lead[] JSON text, released with lp_free, null with LP_OK
     * @param iter an open iterator
     */
    lp_lead_iter_next(out: [TextPointer | null], iter: IterHandle): Status;
    /**
     * Frees an iterator. Accepts NULL. Before or after its engine is closed.
     * @param iter an open iterator, may be null
     */
    lp_lead_iter_close(iter: IterHandle | null): void;
    /**
     * Merges attributes and adds / removes tags.
     * update_json: {"attributes"?, "add_tags"?, "remove_tags"?, "expected_version"?}.
     * *out: the lead.
     * JSON (docs/json.md): *out Lead; update_json LeadUpdate.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, CONFLICT (version),
     * LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL.
     * @param out Lead JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param lead_id a lead id
     * @param update_json LeadUpdate JSON text
     */
    lp_lead_update(out: [TextPointer | null], engine: EngineHandle, actor: string, lead_id: number | bigint, update_json: string): Status;
    /**
     * *out: the lead's history, oldest first.
     * JSON (docs/json.md): *out HistoryEntry[].
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL.
     * @param out HistoryEntry[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param lead_id a lead id
     */
    lp_lead_history(out: [TextPointer | null], engine: EngineHandle, actor: string, lead_id: number | bigint): Status;
    // ---- ingestion and merges
    /**
     * Ingests channel records in one transaction, each resolved against the ones before it: a new
     * lead, an update of the lead its identities name, or a merge of several such leads into one
     * (survivor: furthest along the funnel, then oldest). Needs capture, plus capture and read on
     * every lead a record names.
     *   records       a JSON array of channel records, or JSON Lines (one record per line, blank
     *                 lines skipped); at most 10000 records.
     *   options_json  NULL or {"all_or_nothing"?: bool (default false),
     *                 "drop_unusable_identities"?: bool (default true)}.
     * *out: an array of ingest results, one per record in input order: {"outcome": "created" |
     * "updated" | "merged" | "duplicate" | "rejected", "lead", "absorbed", "error", "reason",
     * "dropped", "conflicts"}. A record that cannot be read or is refused by the engine is
     * "rejected" alone, with its status name in "error", and the others are written; with
     * "all_or_nothing" the first such record fails the whole call with its status and nothing is
     * written.
     * JSON (docs/json.md): *out IngestResult[]; records ChannelRecord[] or JSON Lines; options_json
     * IngestOptions or NULL.
     * Status: OK, INVALID_ARGUMENT (NULL, malformed options or array), PERMISSION_DENIED,
     * LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL; with all_or_nothing, also the status of the record
     * refused.
     * @param out IngestResult[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param records ChannelRecord[] JSON text
     * @param options_json IngestOptions JSON text, may be null
     */
    lp_lead_ingest(out: [TextPointer | null], engine: EngineHandle, actor: string, records: string, options_json: string | null): Status;
    /**
     * Merges two leads by hand (merge on both). The survivor follows the survivor rule; the other
     * lead's id keeps resolving to it. reason: NULL or a text (default "").
     * *out: the merge record {"id", "survivor", "absorbed", "actor", "at", "reason", "collision",
     * "absorbed_owner", "identities", "unmerged_at", "unmerged_by", "absorbed_referrer"}.
     * JSON (docs/json.md): *out MergeRecord.
     * Status: OK, INVALID_ARGUMENT (NULL, one lead already), PERMISSION_DENIED, NOT_FOUND, CONFLICT
     * (an identity rule forbids it), LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL.
     * @param out MergeRecord JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param first a lead id
     * @param second a lead id
     * @param reason text, may be null
     */
    lp_lead_merge(out: [TextPointer | null], engine: EngineHandle, actor: string, first: number | bigint, second: number | bigint, reason: string | null): Status;
    /**
     * Undoes merge `merge_id` (unmerge on the lead that holds the absorbed one). reason: NULL or a
     * text. *out: the restored lead.
     * JSON (docs/json.md): *out Lead.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND (no such merge), CONFLICT (undone
     * before), LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL.
     * @param out Lead JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param merge_id a merge id
     * @param reason text, may be null
     */
    lp_lead_unmerge(out: [TextPointer | null], engine: EngineHandle, actor: string, merge_id: number | bigint, reason: string | null): Status;
    /**
     * *out: the merge records both of whose leads the actor may read now, by id. filter_json: NULL or {"lead"?: id | null, "collisions_only"?: bool (default
     * false), "include_unmerged"?: bool (default true), "actor"?, "at_from"?, "at_to"?, "reason"?} (a
     * MergeFilter). lp_merge_page reads the same a page at a time.
     * JSON (docs/json.md): *out MergeRecord[]; filter_json MergeFilter or NULL.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out MergeRecord[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param filter_json MergeFilter JSON text, may be null
     */
    lp_merge_list(out: [TextPointer | null], engine: EngineHandle, actor: string, filter_json: string | null): Status;
    /**
     * *out: the identity conflicts every lead of which the actor may read now:
     * [{"id", "rule", "at", "actor", "channel", "record_id", "lead", "others", "identities",
     * "message"}].
     * JSON (docs/json.md): *out IdentityConflict[].
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out IdentityConflict[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     */
    lp_identity_conflict_list(out: [TextPointer | null], engine: EngineHandle, actor: string): Status;
    /**
     * One page of the merge records both of whose leads the actor may read now. filter_json: NULL
     * or a MergeFilter ({"lead"?, "collisions_only"?, "include_unmerged"?, "actor"?, "at_from"?,
     * "at_to"?, "reason"?}); page_json: NULL or {"after"?: id | null, "limit"? (1..1000, default
     * 100), "newest_first"?: bool}. *out: {"merges": [...], "next_after": id | null}.
     * JSON (docs/json.md): *out MergePage; filter_json MergeFilter or NULL; page_json
     * RecordPageRequest or NULL.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL.
     * @param out MergePage JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param filter_json MergeFilter JSON text, may be null
     * @param page_json RecordPageRequest JSON text, may be null
     */
    lp_merge_page(out: [TextPointer | null], engine: EngineHandle, actor: string, filter_json: string | null, page_json: string | null): Status;
    /**
     * One page of the identity conflicts every lead of which the actor may read now (the open ones
     * unless the filter says otherwise). filter_json: NULL or a ConflictFilter ({"lead"?, "rule"?,
     * "channel"?, "at_from"?, "at_to"?, "state"?: "open" | "resolved" | "dismissed" | "all"});
     * page_json: NULL or a RecordPageRequest. *out: {"conflicts": [...], "next_after": id | null}.
     * JSON (docs/json.md): *out ConflictPage; filter_json ConflictFilter or NULL; page_json
     * RecordPageRequest or NULL.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL.
     * @param out ConflictPage JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param filter_json ConflictFilter JSON text, may be null
     * @param page_json RecordPageRequest JSON text, may be null
     */
    lp_identity_conflict_page(out: [TextPointer | null], engine: EngineHandle, actor: string, filter_json: string | null, page_json: string | null): Status;
    /**
     * Resolves an open identity conflict (resolve_conflict on its lead). resolution "merge" merges
     * its lead with the others it named as lp_lead_merge does (merge on each; a guard that still
     * refuses is CONFLICT and nothing changes); "dismiss" keeps them apart and needs a reason.
     * *out: the conflict as it is now, with its state, resolved_by, resolved_at, resolution_reason
     * and resolution_merges.
     * JSON (docs/json.md): *out IdentityConflict.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND (no such conflict), CONFLICT
     * (resolved before, or a guard refuses the merge), LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL.
     * @param out IdentityConflict JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param conflict_id an identity conflict id
     * @param resolution "merge" or "dismiss"
     * @param reason why; NULL or "" only for a merge, may be null
     */
    lp_identity_conflict_resolve(out: [TextPointer | null], engine: EngineHandle, actor: string, conflict_id: number | bigint, resolution: string, reason: string | null): Status;
    /**
     * *out: the behaviour events of the lead and of the leads merged into it, by time:
     * [{"seq", "lead", "type", "at", "channel", "payload"}].
     * JSON (docs/json.md): *out LeadEvent[].
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL.
     * @param out LeadEvent[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param lead_id a lead id
     */
    lp_lead_events(out: [TextPointer | null], engine: EngineHandle, actor: string, lead_id: number | bigint): Status;
    /**
     * *out: every value records and edits set on the top-level attribute `field` (NULL: every
     * field) of the lead and the leads merged into it, oldest first: [{"field", "value", "channel",
     * "actor", "occurred_at", "lead", "history_seq"}].
     * JSON (docs/json.md): *out AttributeValue[].
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL.
     * @param out AttributeValue[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param lead_id a lead id
     * @param field a top-level attribute name, may be null
     */
    lp_lead_attribute_history(out: [TextPointer | null], engine: EngineHandle, actor: string, lead_id: number | bigint, field: string | null): Status;
    // ---- personal data (GDPR, PIPL)
    /**
     * Erases the person lead `lead_id` names (an absorbed id: the lead holding it) and every lead
     * merged into it (erase_personal_data): every identity is taken off, and every value they gave
     * (attributes, event payloads, follow-up notes, history and change details, merge records,
     * identity conflicts, delivered record ids) becomes "[erased]"; the lead, its place, tags,
     * history rows and opportunities stay. request_json: {"reason": text (required), "suppress"?:
     * bool (default false: true refuses the person's identities from now on, LP_SUPPRESSED)}.
     * *out: {"lead", "leads", "identities", "suppressed", "history", "events", "merges",
     * "conflicts", "deliveries", "changes", "referrals", "scrub": "complete" | "held_back" |
     * "left_to_host"} ("held_back": a reader kept the SQLite WAL from being checkpointed).
     * JSON (docs/json.md): *out ErasureReport; request_json ErasureRequest.
     * Status: OK, INVALID_ARGUMENT (NULL, malformed request, empty reason), NOT_FOUND,
     * PERMISSION_DENIED, CONFLICT (nothing left to erase: erased before), LIMIT_EXCEEDED, STORAGE,
     * BUSY, INTERNAL.
     * @param out ErasureReport JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param lead_id a lead id
     * @param request_json ErasureRequest JSON text
     */
    lp_lead_erase(out: [TextPointer | null], engine: EngineHandle, actor: string, lead_id: number | bigint, request_json: string): Status;
    /**
     * Subject access: everything the lead pool holds of the person the identity ({"kind", "value",
     * "scope"?}, normalised as a capture's) names (export_personal_data). Recorded in the
     * organisation history without the identity. *out: {"lead", "leads", "identities",
     * "attributes", "events", "follow_ups", "history", "merges", "opportunities", "conflicts"}
     * (docs/json.md).
     * JSON (docs/json.md): *out PersonalData; identity_json Identity.
     * Status: OK, INVALID_ARGUMENT (NULL, malformed or invalid identity), NOT_FOUND (no lead the
     * actor may read holds it), PERMISSION_DENIED, LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL.
     * @param out PersonalData JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param identity_json Identity JSON text
     */
    lp_personal_data(out: [TextPointer | null], engine: EngineHandle, actor: string, identity_json: string): Status;
    // ---- identity rules
    /**
     * *out: the identity rules in force: {"default_region", "max_merge_size", "kinds":
     * {kind: {"max_per_lead", "max_joins", "blocked"}}}.
     * JSON (docs/json.md): *out IdentityRules.
     * Status: OK, INVALID_ARGUMENT, STORAGE, BUSY, INTERNAL.
     * @param out IdentityRules JSON text, released with lp_free
     * @param engine an open engine
     */
    lp_identity_rules_get(out: [TextPointer | null], engine: EngineHandle): Status;
    /**
     * Replaces the identity rules (manage_org); fields left out take their defaults. The change is
     * recorded in the organisation log. When the new rules read stored values otherwise (a new
     * "default_region", new blocked values), every stored identity is re-keyed before it returns, in
     * batches of 1000 leads, each its own transaction; leads that come to share a value are merged
     * (or raise an identity conflict). lp_identity_rules_replace does the same and reports it.
     * JSON (docs/json.md): rules_json IdentityRules.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL.
     * @param engine an open engine
     * @param actor the acting user's id
     * @param rules_json IdentityRules JSON text
     */
    lp_identity_rules_set(engine: EngineHandle, actor: string, rules_json: string): Status;
    /**
     * lp_identity_rules_set, with what the re-key did. *out: {"needed", "leads", "rekeyed",
     * "dropped", "unreadable", "merged", "conflicts", "merge_ids", "conflict_ids"} (docs/json.md).
     * JSON (docs/json.md): *out RekeyReport; rules_json IdentityRules.
     * Status: as lp_identity_rules_set.
     * @param out RekeyReport JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param rules_json IdentityRules JSON text
     */
    lp_identity_rules_replace(out: [TextPointer | null], engine: EngineHandle, actor: string, rules_json: string): Status;
    /**
     * Normalises an identity ({"kind", "value", "scope"?}) as the engine would under `rules_json`
     * (NULL: the default rules; its "default_region" places a phone written without a country
     * code), without an engine.
     * *out: {"kind", "value", "scope"?, "number_type"?, "blocked": bool} — "number_type" for a phone
     * ("mobile", "fixed_line", ...: docs/json.md), "blocked" when the rules never use it.
     * JSON (docs/json.md): *out NormalizedIdentity; identity_json Identity; rules_json
     * IdentityRules or NULL.
     * Status: OK, INVALID_ARGUMENT (NULL, malformed, or not a valid identity of its kind),
     * LIMIT_EXCEEDED, INTERNAL.
     * @param out NormalizedIdentity JSON text, released with lp_free
     * @param identity_json Identity JSON text
     * @param rules_json IdentityRules JSON text, may be null
     */
    lp_identity_normalize(out: [TextPointer | null], identity_json: string, rules_json: string | null): Status;
    // ---- lead scoring
    /**
     * *out: the scoring rules in force, {"models": [{"name", "rules": [{"name", "points", "when",
     * "event", "referrals", "decay_days"}], "cap", "floor"}]} (docs/json.md); no models until
     * some were set.
     * JSON (docs/json.md): *out ScoringRules.
     * Status: OK, INVALID_ARGUMENT, STORAGE, BUSY, INTERNAL.
     * @param out ScoringRules JSON text, released with lp_free
     * @param engine an open engine
     */
    lp_scoring_get(out: [TextPointer | null], engine: EngineHandle): Status;
    /**
     * Replaces the scoring rules (manage_scoring) and rescores every lead before it returns, in
     * batches of 1000 leads, each its own transaction (one a crash cut short, lp_pool_maintain
     * finishes). The change is recorded in the organisation log. *out: what the rescore did,
     * {"needed", "leads", "changed"}: the leads rescored and the scores that changed.
     * JSON (docs/json.md): *out RescoreReport; rules_json ScoringRules.
     * Status: OK, INVALID_ARGUMENT (malformed, or a rule that cannot hold: the message names model,
     * rule and field), PERMISSION_DENIED, LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL.
     * @param out RescoreReport JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param rules_json ScoringRules JSON text
     */
    lp_scoring_set(out: [TextPointer | null], engine: EngineHandle, actor: string, rules_json: string): Status;
    /**
     * lp_scoring_set, calling `callback` (with `user_data`) after each committed batch of the
     * rescore with the counts so far, {"needed", "leads", "changed"}, so a host can show
     * progress through a rescore of millions of leads. The callback must not call the engine.
     * JSON (docs/json.md): *out RescoreReport; rules_json ScoringRules.
     * Status: OK, INVALID_ARGUMENT (malformed, a rule that cannot hold, or callback NULL),
     * PERMISSION_DENIED, LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL.
     * @param out RescoreReport JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param rules_json ScoringRules JSON text
     * @param callback called after each batch
     * @param user_data passed back to the callback, may be null
     */
    lp_scoring_set_progress(out: [TextPointer | null], engine: EngineHandle, actor: string, rules_json: string, callback: CallbackPointer, user_data: unknown | null): Status;
    /**
     * *out: the lead's scores, one per model, by model: [{"lead", "model", "points", "rules":
     * [{"rule", "points"}], "scored_at", "next_change"}], "rules" the points each rule gave.
     * JSON (docs/json.md): *out LeadScore[].
     * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out LeadScore[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param lead_id a lead id
     */
    lp_lead_scores(out: [TextPointer | null], engine: EngineHandle, actor: string, lead_id: number | bigint): Status;
    // ---- transitions
    /**
     * Moves one lead. request_json: {"lead", "action", "to_pool"?, "to_owner"?, "reason"?,
     * "expected_version"?, "over_cap_reason"?} with action one of "distribute", "transfer",
     * "return_to_master", "qualify", "win", "lose", "reactivate", "invalidate", "restore". A move
     * that hands to_owner a sub-tier lead at their cap in the pool is LIMIT_EXCEEDED, unless a
     * manager of the pool passes it with over_cap_reason (PERMISSION_DENIED for anyone else).
     * *out: the lead.
     * JSON (docs/json.md): *out Lead; request_json TransitionRequest.
     * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, ILLEGAL_TRANSITION, CONFLICT,
     * LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL.
     * @param out Lead JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param request_json TransitionRequest JSON text
     */
    lp_lead_transition(out: [TextPointer | null], engine: EngineHandle, actor: string, request_json: string): Status;
    /**
     * Moves leads by a JSON array of requests, in order, all or nothing; a cap counts the leads the
     * batch's earlier requests handed over. *out: an array of leads.
     * JSON (docs/json.md): *out Lead[]; requests_json TransitionRequest[].
     * Status: as lp_lead_transition.
     * @param out Lead[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param requests_json TransitionRequest[] JSON text
     */
    lp_lead_transition_batch(out: [TextPointer | null], engine: EngineHandle, actor: string, requests_json: string): Status;
    /**
     * *out: 1 when the actor may perform `action` (an action name) on the lead now, else 0 (also for
     * an id that names no lead, as for a lead outside the actor's scope). For organisation actions
     * ("report", "manage_pools", ...) the lead id is ignored.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED (unknown actor), STORAGE, BUSY, INTERNAL.
     * @param out 1 or 0
     * @param engine an open engine
     * @param actor the acting user's id
     * @param action an action name
     * @param lead_id a lead id
     */
    lp_lead_can(out: [number], engine: EngineHandle, actor: string, action: string, lead_id: number | bigint): Status;
    // ---- reports
    /**
     * The funnel over the leads the actor may read.
     * filter_json: NULL or {"pool"?, "owner"?, "channel"?, "captured_from"?, "captured_to"?,
     * "campaign"?, "touch"?: "first" | "last", "score"?: {"model", "min"?, "max"?}}.
     * *out: {"leads", "tiers": [{"tier", "at", "reached"}], "conversions": [{"from", "to", "rate"}],
     * "main_line_conversion"}.
     * JSON (docs/json.md): *out FunnelReport; filter_json FunnelFilter or NULL.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL.
     * @param out FunnelReport JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param filter_json FunnelFilter JSON text, may be null
     */
    lp_funnel_report(out: [TextPointer | null], engine: EngineHandle, actor: string, filter_json: string | null): Status;
    /**
     * The funnel over the leads the actor may read, broken down by one or two keys in one read.
     * filter_json: NULL or a FunnelFilter, as for lp_funnel_report. breakdown_json: {"keys": one or two of
     * "pool", "owner", "channel", "campaign", "score_band", "product_type", "capture_month",
     * "capture_week"; "score_model"?: the model of score_band; "band_width"?: points per band, default 10}.
     * *out: {"keys", "rows": [{"group": {key: value | null}, "report": FunnelReport}], "total": FunnelReport}.
     * JSON (docs/json.md): *out FunnelBreakdown; filter_json FunnelFilter or NULL; breakdown_json
     * FunnelBreakdownRequest.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL.
     * @param out FunnelBreakdown JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param filter_json FunnelFilter JSON text, may be null
     * @param breakdown_json FunnelBreakdownRequest JSON text
     */
    lp_funnel_breakdown(out: [TextPointer | null], engine: EngineHandle, actor: string, filter_json: string | null, breakdown_json: string): Status;
    /**
     * The period report: how many of the leads the actor may read (filter_json: NULL or a FunnelFilter)
     * moved into each tier during [from, to), from their history: a capture moves a lead into master,
     * any other row into its new tier when the tier changes. moves_json: {"from", "to", "by"?: null,
     * "pool", "owner" or "month"}. *out: {"from", "to", "by", "rows": [{"group", "into": {tier: n}}],
     * "into": {tier: n}}.
     * JSON (docs/json.md): *out TierMoves; filter_json FunnelFilter or NULL; moves_json
     * TierMovesRequest.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL.
     * @param out TierMoves JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param filter_json FunnelFilter JSON text, may be null
     * @param moves_json TierMovesRequest JSON text
     */
    lp_tier_moves(out: [TextPointer | null], engine: EngineHandle, actor: string, filter_json: string | null, moves_json: string): Status;
    /**
     * The capture cohort table: the leads the actor may read (filter_json: NULL or a FunnelFilter) by the
     * week or month they were captured in, and how many of each cohort had first moved into sub,
     * opportunity and order by the end of that period and of each of the next periods_after, from their
     * history. cohorts_json: NULL or {"period"?: "week" | "month" (default), "periods_after"?: 0..24,
     * default 3}. *out: {"period", "periods_after", "cohorts": [{"start", "leads", "reached":
     * [{"sub", "opportunity", "order"}]}]}.
     * JSON (docs/json.md): *out CaptureCohorts; filter_json FunnelFilter or NULL; cohorts_json
     * CohortRequest or NULL.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL.
     * @param out CaptureCohorts JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param filter_json FunnelFilter JSON text, may be null
     * @param cohorts_json CohortRequest JSON text, may be null
     */
    lp_capture_cohorts(out: [TextPointer | null], engine: EngineHandle, actor: string, filter_json: string | null, cohorts_json: string | null): Status;
    /**
     * Time in tier, velocity and revenue over the leads the actor may read (filter_json: NULL or a
     * FunnelFilter), from their history and won opportunities: per tier the stays that ended in the period
     * (count, median, p90 and mean ms) and those open at `at`, capture to first order, and the won orders.
     * times_json: NULL or {"from"?, "to"?: ms or null (no bound), "at"?: ms or null (now), "by"?: "pool" |
     * "owner" | "channel" | "campaign" | "capture_month" | "capture_week" | null}. *out: TierTimes
     * (docs/json.md).
     * JSON (docs/json.md): *out TierTimes; filter_json FunnelFilter or NULL; times_json
     * TierTimesRequest or NULL.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL.
     * @param out TierTimes JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param filter_json FunnelFilter JSON text, may be null
     * @param times_json TierTimesRequest JSON text, may be null
     */
    lp_tier_times(out: [TextPointer | null], engine: EngineHandle, actor: string, filter_json: string | null, times_json: string | null): Status;
    /**
     * The collision report: a page, by lead id, of the leads the actor may read that two or more users
     * worked within `window` ms of each other during [from, to): follow-ups they recorded, or taking the
     * lead (a history row making them its owner), both in the period and at most `window` apart; the
     * history of the leads merged into each lead counts. collisions_json: {"window", "from", "to"};
     * page_json: NULL or {"after"?, "limit"?}. *out: {"collisions": [{"lead", "users", "first",
     * "last", "kind": "follow_up" | "ownership" | "both", "merges": [merge id]}], "next_after"}.
     * JSON (docs/json.md): *out CollisionPage; collisions_json CollisionRequest; page_json
     * CollisionPageRequest or NULL.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out CollisionPage JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param collisions_json CollisionRequest JSON text
     * @param page_json CollisionPageRequest JSON text, may be null
     */
    lp_collisions(out: [TextPointer | null], engine: EngineHandle, actor: string, collisions_json: string, page_json: string | null): Status;
    /**
     * The hoarding report: per owner, over the leads the actor may read, the leads held now by tier,
     * those idle (no follow-up or change of owner) for idle_days at the engine clock's now, and the
     * claims, releases, recycles, takeaways and claim-and-release churn of [from, to). holdings_json:
     * {"idle_days"?: 1..3650 (default 7), "from", "to"}. *out: {"now", "idle_days", "idle_before",
     * "from", "to", "owners": [{"owner", "held", "held_by_tier", "idle", "claims", "releases",
     * "recycles", "taken_away", "churned"}]}.
     * JSON (docs/json.md): *out OwnerHoldings; holdings_json HoldingsRequest.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out OwnerHoldings JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param holdings_json HoldingsRequest JSON text
     */
    lp_owner_holdings(out: [TextPointer | null], engine: EngineHandle, actor: string, holdings_json: string): Status;
    /**
     * The public share over time: for a pool (the pool itself, or with "subtree" every pool below it)
     * and [from, to) cut into UTC days, weeks (from Monday) or months, at the end of each interval the
     * leads the actor may read that were in it and how many nobody held, replayed from the history.
     * share_json: {"pool", "subtree"?: false, "from", "to", "interval"?: "day" | "week" (default) |
     * "month"}. *out: {"pool", "subtree", "interval", "points": [{"start", "at", "leads", "unowned",
     * "share"}]}.
     * JSON (docs/json.md): *out PublicShare; share_json PublicShareRequest.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, LIMIT_EXCEEDED, STORAGE, BUSY,
     * INTERNAL.
     * @param out PublicShare JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param share_json PublicShareRequest JSON text
     */
    lp_public_share(out: [TextPointer | null], engine: EngineHandle, actor: string, share_json: string): Status;
    // ---- referral campaigns
    /**
     * The referral tree below a lead the actor may read (whom it brought, whom those brought, to
     * `depth` levels, 1..32) and the chain of its referrers above it. Leads the actor may not read
     * are counted but shown without id or tier (with their owner under disclosure "owner"; under
     * "none" neither shown nor counted). *out: {"root": {"lead", "tier", "converted", "owner"?,
     * "depth", "size", "converted_leads", "levels", "more", "referrals": [nodes]},
     * "chain": [{"lead", "tier", "owner"?}]}.
     * JSON (docs/json.md): *out ReferralTree.
     * Status: OK, INVALID_ARGUMENT (also a depth outside 1..32), NOT_FOUND, PERMISSION_DENIED,
     * LIMIT_EXCEEDED (the tree reaches more than 10000 leads), STORAGE, BUSY, INTERNAL.
     * @param out ReferralTree JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param lead_id a lead id
     * @param depth how many levels below the lead, 1..32
     */
    lp_lead_referrals(out: [TextPointer | null], engine: EngineHandle, actor: string, lead_id: number | bigint, depth: number): Status;
    /**
     * *out: the campaign touches of a lead and the leads merged into it, oldest first: every record
     * that carried an attribution, [{"attribution": {"source", "medium", "campaign"}, "channel",
     * "at", "lead"}]. The first is the lead's first touch, the last its last.
     * JSON (docs/json.md): *out Touch[].
     * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out Touch[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param lead_id a lead id
     */
    lp_lead_touches(out: [TextPointer | null], engine: EngineHandle, actor: string, lead_id: number | bigint): Status;
    /**
     * What a campaign brought over the leads the actor may read (report), by first or last touch.
     * filter_json: {"campaign", "touch"?: "first" | "last"}. *out: {"campaign", "touch", "totals",
     * "generations": [{"generation", counts}], "referrers": [{"referrer", "generation", counts}]},
     * counts being "invited", "captured", "qualified", "won", "referred", "viral_coefficient".
     * JSON (docs/json.md): *out CampaignMetrics; filter_json CampaignFilter.
     * Status: OK, INVALID_ARGUMENT (also an empty campaign), PERMISSION_DENIED, LIMIT_EXCEEDED,
     * STORAGE, BUSY, INTERNAL.
     * @param out CampaignMetrics JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param filter_json CampaignFilter JSON text
     */
    lp_campaign_metrics(out: [TextPointer | null], engine: EngineHandle, actor: string, filter_json: string): Status;
    // ---- public-pool mechanics: routing
    /**
     * *out: the routing table, {"rules": [{"name", "pool", "when": [{"field", "op", "values", "min",
     * "max"}]}], "default_pool"}.
     * JSON (docs/json.md): *out RoutingTable.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out RoutingTable JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     */
    lp_routing_get(out: [TextPointer | null], engine: EngineHandle, actor: string): Status;
    /**
     * Replaces the routing table (manage_pools reaching the master pool). *out: the table.
     * JSON (docs/json.md): *out RoutingTable; table_json RoutingTable.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND (pool), LIMIT_EXCEEDED, STORAGE,
     * BUSY, INTERNAL.
     * @param out RoutingTable JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param table_json RoutingTable JSON text
     */
    lp_routing_set(out: [TextPointer | null], engine: EngineHandle, actor: string, table_json: string): Status;
    /**
     * Routes master leads by the table, all or nothing. request_json: {"leads": [id, ...]} or
     * {"all_unrouted": true}. *out: [{"lead", "pool": id | null, "rule": name | null}].
     * JSON (docs/json.md): *out RouteResult[]; request_json RouteRequest.
     * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, ILLEGAL_TRANSITION (a lead not in
     * the master pool), LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL.
     * @param out RouteResult[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param request_json RouteRequest JSON text
     */
    lp_lead_route(out: [TextPointer | null], engine: EngineHandle, actor: string, request_json: string): Status;
    // ---- public-pool mechanics: pool settings, assignment, claims
    /**
     * *out: the settings of a sub pool, {"strategy", "max_held", "capacity", "claim_cooldown_ms",
     * "held_idle_ms", "opportunity_idle_ms", "recycle_to", "warning_ms"}.
     * JSON (docs/json.md): *out PoolSettings.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL.
     * @param out PoolSettings JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param pool_id a pool id
     */
    lp_pool_settings_get(out: [TextPointer | null], engine: EngineHandle, actor: string, pool_id: number | bigint): Status;
    /**
     * Replaces a sub pool's settings (manage_pools at that pool). *out: the settings.
     * JSON (docs/json.md): *out PoolSettings; settings_json PoolSettings.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL.
     * @param out PoolSettings JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param pool_id a pool id
     * @param settings_json PoolSettings JSON text
     */
    lp_pool_settings_set(out: [TextPointer | null], engine: EngineHandle, actor: string, pool_id: number | bigint, settings_json: string): Status;
    /**
     * Assigns unowned leads of a sub pool to its members by the pool's strategy, all or nothing.
     * request_json: {"pool", "leads"?, "reassign"?}. *out: {"assigned": [{"lead", "owner"}],
     * "unassigned": [id, ...]}.
     * JSON (docs/json.md): *out AssignResult; request_json AssignRequest.
     * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, CONFLICT (a named lead is held
     * and reassign is not set), LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL.
     * @param out AssignResult JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param request_json AssignRequest JSON text
     */
    lp_pool_assign(out: [TextPointer | null], engine: EngineHandle, actor: string, request_json: string): Status;
    /**
     * The actor claims an unowned lead of a sub pool they belong to. *out: the lead.
     * JSON (docs/json.md): *out Lead.
     * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED (not in the pool, or within the
     * cool-down), ILLEGAL_TRANSITION (not at tier sub), CONFLICT (held already: the loser of a
     * race), LIMIT_EXCEEDED (the actor's cap in the pool), STORAGE, BUSY, INTERNAL.
     * @param out Lead JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param lead_id a lead id
     */
    lp_lead_claim(out: [TextPointer | null], engine: EngineHandle, actor: string, lead_id: number | bigint): Status;
    /**
     * Lets go of a held sub or opportunity lead: unowned at tier sub of its pool (an opportunity's
     * opportunity closes as "released"). reason: NULL or text. *out: the lead.
     * JSON (docs/json.md): *out Lead.
     * Status: OK, INVALID_ARGUMENT (not held), NOT_FOUND, PERMISSION_DENIED, ILLEGAL_TRANSITION,
     * LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL.
     * @param out Lead JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param lead_id a lead id
     * @param reason text, may be null
     */
    lp_lead_release(out: [TextPointer | null], engine: EngineHandle, actor: string, lead_id: number | bigint, reason: string | null): Status;
    // ---- public-pool mechanics: follow-ups and recycling
    /**
     * Records a follow-up on a lead and resets its idle clock. follow_up_json: {"kind": "call" |
     * "message" | "visit" | "meeting" | "note", "at"?, "outcome"?, "note"?}. *out: the activity,
     * {"lead", "kind", "actor", "at", "recorded_at", "outcome", "note"}.
     * JSON (docs/json.md): *out Activity; follow_up_json FollowUp.
     * Status: OK, INVALID_ARGUMENT (also "at" over 5 minutes after now; up to that it is taken as
     * now), NOT_FOUND, PERMISSION_DENIED, LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL.
     * @param out Activity JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param lead_id a lead id
     * @param follow_up_json FollowUp JSON text
     */
    lp_lead_follow_up(out: [TextPointer | null], engine: EngineHandle, actor: string, lead_id: number | bigint, follow_up_json: string): Status;
    /**
     * *out: the follow-ups recorded on a lead, oldest first.
     * JSON (docs/json.md): *out Activity[].
     * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out Activity[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param lead_id a lead id
     */
    lp_lead_activities(out: [TextPointer | null], engine: EngineHandle, actor: string, lead_id: number | bigint): Status;
    /**
     * The maintenance run at the engine's time (recycle): recycles held leads idle past their
     * pool's limits (an opportunity too comes back to tier sub, or to the master pool), and
     * whatever their idle time the leads of inactive owners (idle false), and lists those due
     * within the warning windows. *out: {"at", "recycled": [{"lead", "pool", "from_owner", "tier",
     * "to", "idle_since", "idle"}], "due_soon": [{"lead", "pool", "owner", "tier", "due_at"}],
     * "stranded": [{"lead", "pool"}], "pruned_changes", "rekey", "rescore", "rescored"} — stranded:
     * recycled leads whose pool has no active member or manager to pick them up; rekey: null, or the
     * report of a re-key of the identities (lp_identity_rules_replace) a crash cut short, which the
     * run finished first; rescore: the same for a rescore (lp_scoring_set); rescored: the leads
     * whose scores time changed (a window passed, a decay stepped), rescored.
     * JSON (docs/json.md): *out MaintenanceReport.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out MaintenanceReport JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     */
    lp_pool_maintain(out: [TextPointer | null], engine: EngineHandle, actor: string): Status;
    // ---- public-pool mechanics: opportunity workflows
    /**
     * *out: every workflow, [{"name", "steps": [{"name", "collaborators"}], "product_types",
     * "retired"}], retired ones included.
     * JSON (docs/json.md): *out Workflow[].
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out Workflow[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     */
    lp_workflow_list(out: [TextPointer | null], engine: EngineHandle, actor: string): Status;
    /**
     * Defines a workflow once (manage_workflows). *out: the workflow.
     * JSON (docs/json.md): *out Workflow; workflow_json Workflow.
     * Status: OK, INVALID_ARGUMENT, NOT_FOUND (a collaborator), PERMISSION_DENIED, CONFLICT (name
     * or product type taken), STORAGE, BUSY, INTERNAL.
     * @param out Workflow JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param workflow_json Workflow JSON text
     */
    lp_workflow_define(out: [TextPointer | null], engine: EngineHandle, actor: string, workflow_json: string): Status;
    /**
     * Replaces the definition of the workflow of that name (manage_workflows): its steps,
     * collaborators and product types. Every step an open opportunity is at must stay; opportunities
     * keep their step. *out: the workflow.
     * JSON (docs/json.md): *out Workflow; workflow_json Workflow.
     * Status: OK, INVALID_ARGUMENT, NOT_FOUND (no such workflow, or a collaborator),
     * PERMISSION_DENIED, CONFLICT (retired, a product type bound to another workflow, or a step
     * with open opportunities left out: the message names their leads), STORAGE, BUSY, INTERNAL.
     * @param out Workflow JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param workflow_json Workflow JSON text
     */
    lp_workflow_update(out: [TextPointer | null], engine: EngineHandle, actor: string, workflow_json: string): Status;
    /**
     * Retires a workflow (manage_workflows): it opens no more opportunities and its product types
     * may be bound to another; its open opportunities run to their end. It stays listed, "retired":
     * true. *out: the workflow.
     * JSON (docs/json.md): *out Workflow.
     * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, CONFLICT (retired already),
     * STORAGE, BUSY, INTERNAL.
     * @param out Workflow JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param name a name
     */
    lp_workflow_retire(out: [TextPointer | null], engine: EngineHandle, actor: string, name: string): Status;
    /**
     * Qualifies a lead and opens its opportunity. request_json: {"lead", "product_type", "amount"?,
     * "owner"?: {"user"} | {"team": pool id}}. *out: the opportunity, {"lead", "number",
     * "product_type", "workflow", "step", "amount", "owner": {"user", "team"}, "collaborators":
     * [{"user", "step", "joined_at"}], "status", "opened_at", "closed_at", "order_amount",
     * "lost_reason"}.
     * JSON (docs/json.md): *out Opportunity; request_json OpportunityRequest.
     * Status: OK, INVALID_ARGUMENT, NOT_FOUND (lead, team, or no workflow for the product type),
     * PERMISSION_DENIED, ILLEGAL_TRANSITION, STORAGE, BUSY, INTERNAL.
     * @param out Opportunity JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param request_json OpportunityRequest JSON text
     */
    lp_opportunity_open(out: [TextPointer | null], engine: EngineHandle, actor: string, request_json: string): Status;
    /**
     * Moves a lead's open opportunity to another step of its workflow. *out: the opportunity.
     * JSON (docs/json.md): *out Opportunity.
     * Status: OK, INVALID_ARGUMENT (no such step, or the current one), NOT_FOUND (no open
     * opportunity), PERMISSION_DENIED, ILLEGAL_TRANSITION, STORAGE, BUSY, INTERNAL.
     * @param out Opportunity JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param lead_id a lead id
     * @param step a workflow step name
     */
    lp_opportunity_advance(out: [TextPointer | null], engine: EngineHandle, actor: string, lead_id: number | bigint, step: string): Status;
    /**
     * Adds a collaborator, joining at the current step. *out: the opportunity.
     * JSON (docs/json.md): *out Opportunity.
     * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, ILLEGAL_TRANSITION, CONFLICT
     * (collaborates already), STORAGE, BUSY, INTERNAL.
     * @param out Opportunity JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param lead_id a lead id
     * @param user_id a user id
     */
    lp_opportunity_add_collaborator(out: [TextPointer | null], engine: EngineHandle, actor: string, lead_id: number | bigint, user_id: string): Status;
    /**
     * Wins the lead and records the order. request_json: NULL or {"order_amount"?} (default: the
     * opportunity's amount). *out: the opportunity.
     * JSON (docs/json.md): *out Opportunity; request_json WinRequest or NULL.
     * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, ILLEGAL_TRANSITION, STORAGE,
     * BUSY, INTERNAL.
     * @param out Opportunity JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param lead_id a lead id
     * @param request_json WinRequest JSON text, may be null
     */
    lp_opportunity_win(out: [TextPointer | null], engine: EngineHandle, actor: string, lead_id: number | bigint, request_json: string | null): Status;
    /**
     * *out: a lead's opportunities, by number.
     * JSON (docs/json.md): *out Opportunity[].
     * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out Opportunity[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param lead_id a lead id
     */
    lp_opportunity_list(out: [TextPointer | null], engine: EngineHandle, actor: string, lead_id: number | bigint): Status;
    /**
     * The pipeline view: one page of the opportunities of the leads the actor may read, by lead
     * then number. filter_json: NULL or {"workflow"?, "step"?, "status"?, "owner"?, "pool"?,
     * "amount_min"?, "amount_max"?}; page_json: NULL or {"limit"? (1..1000, default 100),
     * "after"?: {"lead", "number"}}. *out: {"opportunities": [...], "next_cursor": {"lead",
     * "number"} | null}.
     * JSON (docs/json.md): *out OpportunityPage; filter_json OpportunityFilter or NULL; page_json
     * OpportunityPageRequest or NULL.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND (pool), STORAGE, BUSY, INTERNAL.
     * @param out OpportunityPage JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param filter_json OpportunityFilter JSON text, may be null
     * @param page_json OpportunityPageRequest JSON text, may be null
     */
    lp_opportunity_pipeline(out: [TextPointer | null], engine: EngineHandle, actor: string, filter_json: string | null, page_json: string | null): Status;
    // ---- the change feed (docs/design.md 7)
    /**
     * A page of the changes after query.since (or the consumer's position) the actor may see.
     * query_json: NULL or {"since"?, "consumer"?, "limit"? (1..1000, default 100), "filter"?:
     * {"kinds"?: [...], "pool"?, "owner"?, "lead"?}}. *out: {"changes": [{"seq", "at", "actor",
     * "subject" (lead | opportunity | identity_conflict | organisation), "kind", "lead", "object",
     * "before"/"after": {"tier", "pool", "owner"}, "version", "reason", "detail"}], "next", "last",
     * "pruned"}: go on from "next" until it reaches "last".
     * JSON (docs/json.md): *out ChangePage; query_json ChangeQuery or NULL.
     * Status: OK, INVALID_ARGUMENT (since, kind), NOT_FOUND (consumer, pool), PERMISSION_DENIED,
     * LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL.
     * @param out ChangePage JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param query_json ChangeQuery JSON text, may be null
     */
    lp_changes(out: [TextPointer | null], engine: EngineHandle, actor: string, query_json: string | null): Status;
    /**
     * Adds a consumer at `position` (0: from the first change). *out: {"name", "owner", "position",
     * "created_at", "acked_at"}.
     * JSON (docs/json.md): *out Consumer.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, CONFLICT (name taken), LIMIT_EXCEEDED,
     * STORAGE, BUSY, INTERNAL.
     * @param out Consumer JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param name a name
     * @param position a change sequence number
     */
    lp_consumer_add(out: [TextPointer | null], engine: EngineHandle, actor: string, name: string, position: number | bigint): Status;
    /**
     * Stores that the consumer handled every change up to `seq` (never moves it back). *out: the
     * consumer.
     * JSON (docs/json.md): *out Consumer.
     * Status: OK, INVALID_ARGUMENT (seq negative or after the newest), NOT_FOUND (no such consumer
     * of the actor's), PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out Consumer JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param name a name
     * @param seq a change sequence number
     */
    lp_consumer_ack(out: [TextPointer | null], engine: EngineHandle, actor: string, name: string, seq: number | bigint): Status;
    /**
     * *out: the consumer.
     * JSON (docs/json.md): *out Consumer.
     * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out Consumer JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param name a name
     */
    lp_consumer_get(out: [TextPointer | null], engine: EngineHandle, actor: string, name: string): Status;
    /**
     * *out: the actor's consumers (every one with read_feed), by name.
     * JSON (docs/json.md): *out Consumer[].
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out Consumer[] JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     */
    lp_consumer_list(out: [TextPointer | null], engine: EngineHandle, actor: string): Status;
    /**
     * *out: {"retention_ms"} (0: changes are kept forever).
     * JSON (docs/json.md): *out FeedSettings.
     * Status: OK, INVALID_ARGUMENT, STORAGE, BUSY, INTERNAL.
     * @param out FeedSettings JSON text, released with lp_free
     * @param engine an open engine
     */
    lp_feed_settings_get(out: [TextPointer | null], engine: EngineHandle): Status;
    /**
     * manage_org. *out: the settings.
     * JSON (docs/json.md): *out FeedSettings; settings_json FeedSettings.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL.
     * @param out FeedSettings JSON text, released with lp_free
     * @param engine an open engine
     * @param actor the acting user's id
     * @param settings_json FeedSettings JSON text
     */
    lp_feed_settings_set(out: [TextPointer | null], engine: EngineHandle, actor: string, settings_json: string): Status;
    /**
     * Subscribes `callback` (with `user_data`) as the actor. filter_json: NULL or {"kinds"?,
     * "pool"?, "owner"?, "lead"?}. *out: the subscription's id.
     * JSON (docs/json.md): filter_json ChangeFilter or NULL.
     * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, INTERNAL.
     * @param out a subscription id
     * @param engine an open engine
     * @param actor the acting user's id
     * @param filter_json ChangeFilter JSON text, may be null
     * @param callback called after each commit
     * @param user_data passed back to the callback, may be null
     */
    lp_subscribe(out: [number | bigint], engine: EngineHandle, actor: string, filter_json: string | null, callback: CallbackPointer, user_data: unknown | null): Status;
    /**
     * *out: 1 when it was subscribed. Once it returns the callback is not called again, so
     * user_data may be freed. Closing the engine ends every subscription.
     * Status: OK, INVALID_ARGUMENT, INTERNAL.
     * @param out 1 or 0
     * @param engine an open engine
     * @param subscription a subscription id
     */
    lp_unsubscribe(out: [number], engine: EngineHandle, subscription: number | bigint): Status;
    /**
     * Waits until a change after `after` is committed by any process sharing the store, or
     * timeout_ms pass. *out: 1 when one was.
     * Status: OK, INVALID_ARGUMENT, STORAGE, INTERNAL.
     * @param out 1 or 0
     * @param engine an open engine
     * @param after a change sequence number
     * @param timeout_ms milliseconds
     */
    lp_wait_for_changes(out: [number], engine: EngineHandle, after: number | bigint, timeout_ms: number | bigint): Status;
}
// ==== end of the generated part ====
