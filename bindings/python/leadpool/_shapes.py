"""The JSON shapes of docs/json.md as Python types: what :class:`leadpool.Engine` returns.

Results are still the decoded JSON — plain ``dict`` and ``list`` values — so these are
``TypedDict``\\ s for type checkers and readers, not classes to construct. The names are those of
docs/json.md (and of ``capi/leadpool_abi.json``); the enumerations the shapes use (tiers,
stages, actions, identity kinds, outcomes, statuses, ...) are ``Literal`` types. Times are
integers, milliseconds since the Unix epoch: :func:`leadpool.to_datetime` makes them ``datetime``\\ s.
"""

from __future__ import annotations

from typing import Any, Dict, List, Literal, Optional, TypedDict, Union

__all__ = [
    # enumerations
    "Tier", "IdentityKind", "Stage", "Action", "TransitionAction", "OrgEventKind", "ChangeSubject",
    "IngestOutcome", "ConflictRule", "ConflictState", "ConflictResolution", "StatusName", "Scrub", "RuleOp", "Strategy", "RecycleTo",
    "ActivityKind", "OpportunityStatus", "NumberType", "TouchModel",
    # shapes
    "Identity", "NormalizedIdentity", "Attribution", "Lead", "LeadPage", "CaptureResult", "IngestResult",
    "MergeRecord", "MergePage", "IdentityConflict", "ConflictPage", "LeadEvent", "AttributeValue", "KindRules", "IdentityRules",
    "RekeyReport", "Place", "HistoryEntry", "ErasureReport", "PersonalData", "User", "Pool", "OrgEvent",
    "StageInfo", "TierCount", "Conversion", "FunnelReport", "BreakdownKey", "BreakdownValue",
    "FunnelBreakdownRow", "FunnelBreakdown", "MoveKey", "TierMovesRow", "TierMoves",
    "CohortPeriod", "CohortReached", "Cohort", "CaptureCohorts", "TierTimesKey", "DurationStats",
    "TierTime", "Revenue", "TierTimesPart", "TierTimesRow", "TierTimes", "CollisionKind", "Collision", "CollisionPage",
    "OwnerHolding", "OwnerHoldings", "ShareInterval", "SharePoint", "PublicShare", "Condition", "RoutingRule",
    "RoutingTable",
    "RouteResult", "PoolSettings", "Assignment", "AssignResult", "Activity", "RecycledLead", "DueLead",
    "StrandedLead", "MaintenanceReport", "WorkflowStep", "Workflow", "OpportunityOwner", "Collaborator",
    "Opportunity", "OpportunityCursor", "OpportunityPage", "Change", "ChangePage", "Consumer", "FeedSettings", "ReferralNode", "ReferralLink",
    "ReferralTree", "Touch", "CampaignCounts", "CampaignGeneration", "ReferrerCounts", "CampaignMetrics",
    "ScoringEvent", "ScoringReferrals",
    "ScoringRule", "ScoringModel", "ScoringRules", "RulePoints", "LeadScore", "RescoreReport",
    # inputs
    "LeadSortKey", "LeadCursor", "TextSearch", "IdentityMatch", "ConditionInput",
]

# ---- enumerations ---------------------------------------------------------------------------

Tier = Literal["master", "sub", "opportunity", "order", "lost", "invalid"]
#: Which touch places a lead in a campaign: its first or its last.
TouchModel = Literal["first", "last"]
IdentityKind = Literal["phone", "email", "wechat_unionid", "wechat_openid", "device_id", "external_id"]
Stage = Literal["factory_led", "sales_led", "marketing_led", "all_staff"]
#: The moves of the pyramid (``TransitionRequest.action``).
TransitionAction = Literal[
    "distribute", "transfer", "return_to_master", "qualify", "win", "lose", "reactivate", "invalidate", "restore"
]
#: Every action a policy grants, and ``rekey`` and ``score`` (history rows' actions only).
Action = Literal[
    "read", "capture", "update", "distribute", "transfer", "return_to_master", "qualify", "win", "lose",
    "reactivate", "invalidate", "restore", "report", "manage_pools", "manage_users", "manage_org", "merge",
    "unmerge", "erase_personal_data", "export_personal_data", "route", "assign", "claim", "release",
    "follow_up", "advance", "collaborate", "recycle", "manage_workflows", "read_feed", "rekey",
    "manage_scoring", "score", "resolve_conflict",
]
OrgEventKind = Literal[
    "initialized", "stage_changed", "policy_changed", "user_added", "user_updated", "pool_created",
    "pool_updated", "pool_moved", "identity_rules_changed", "routing_changed", "pool_settings_changed",
    "workflow_defined", "feed_settings_changed", "consumer_added", "workflow_updated", "workflow_retired",
    "personal_data_erased", "personal_data_exported", "identities_rekeyed", "scoring_changed",
    "scores_rescored",
]
ChangeSubject = Literal["lead", "opportunity", "identity_conflict", "organisation"]
IngestOutcome = Literal["created", "updated", "merged", "duplicate", "rejected"]
ConflictRule = Literal["max_per_lead", "max_joins", "max_merge_size", "out_of_scope"]
#: Where a conflict's review stands; a ConflictFilter also takes ``"all"``.
ConflictState = Literal["open", "resolved", "dismissed"]
ConflictResolution = Literal["merge", "dismiss"]
#: ``lp_status_name`` of a failure, as an IngestResult's ``error`` and ``leadpool.Error.name`` say it.
StatusName = Literal[
    "invalid_argument", "not_found", "permission_denied", "illegal_transition", "conflict", "storage",
    "limit_exceeded", "busy", "internal", "engine_closed", "suppressed",
]
Scrub = Literal["complete", "held_back", "left_to_host"]
RuleOp = Literal["equals", "in", "prefix", "range", "exists"]
Strategy = Literal["round_robin", "least_loaded", "weighted"]
RecycleTo = Literal["pool", "master"]
ActivityKind = Literal["call", "message", "visit", "meeting", "note"]
OpportunityStatus = Literal["open", "won", "lost", "reactivated", "released"]
NumberType = Literal[
    "mobile", "fixed_line", "fixed_line_or_mobile", "toll_free", "premium_rate", "shared_cost", "voip",
    "personal_number", "pager", "uan", "voicemail", "unknown",
]

# ---- identities and leads ---------------------------------------------------------------------


class _IdentityFields(TypedDict):
    kind: IdentityKind
    value: str


class Identity(_IdentityFields, total=False):
    """``{"kind", "value", "scope"?}``: ``scope`` only for ``wechat_openid`` and ``external_id``."""

    scope: str


class _NormalizedFields(_IdentityFields):
    blocked: bool


class NormalizedIdentity(_NormalizedFields, total=False):
    """An identity as the engine stores it (``normalize_identity``), and whether the rules block
    it; ``number_type`` for phones."""

    scope: str
    number_type: NumberType


class Attribution(TypedDict):
    source: str
    medium: str
    campaign: str


class Lead(TypedDict):
    id: int
    identities: List[Identity]
    attributes: Dict[str, Any]
    channel: str
    channels: List[str]
    attribution: Attribution
    last_attribution: Attribution
    tags: List[str]
    tier: Tier
    pool: int
    owner: Optional[str]
    reached: List[Tier]
    created_at: int
    updated_at: int
    last_activity_at: int
    last_seen_at: int
    referred_by: Optional[int]
    version: int


#: What a page of leads is sorted by (``sort`` of :meth:`leadpool.Engine.leads`).
LeadSortKey = Literal["id", "created", "updated", "last_activity", "score"]


class LeadCursor(TypedDict):
    """Where a sorted page continues: the sort value and id of the last lead of the page before."""

    key: int
    id: int


class LeadPage(TypedDict):
    leads: List[Lead]
    next_after: Optional[int]
    next_cursor: Optional[LeadCursor]


class TextSearch(TypedDict):
    """``query`` is a substring of one of the string ``fields`` (attribute paths), ASCII case folded."""

    query: str
    fields: List[str]


class _IdentityMatchKind(TypedDict):
    kind: IdentityKind


class IdentityMatch(_IdentityMatchKind, total=False):
    """An identity of ``kind`` whose normalised value starts with ``prefix``, or an e-mail whose
    domain is ``domain``: one of them."""

    prefix: str
    domain: str


class CaptureResult(TypedDict):
    lead: Lead
    created: bool
    absorbed: List[int]
    conflicts: List[int]
    dropped: List[str]


class IngestResult(TypedDict):
    outcome: IngestOutcome
    lead: Optional[int]
    absorbed: List[int]
    error: Optional[StatusName]
    reason: str
    dropped: List[str]
    conflicts: List[int]


class MergeRecord(TypedDict):
    id: int
    survivor: int
    absorbed: int
    actor: str
    at: int
    reason: str
    collision: bool
    absorbed_owner: Optional[str]
    identities: List[Identity]
    unmerged_at: Optional[int]
    unmerged_by: Optional[str]
    absorbed_referrer: Optional[int]


class IdentityConflict(TypedDict):
    id: int
    rule: ConflictRule
    at: int
    actor: str
    channel: str
    record_id: Optional[str]
    lead: int
    others: List[int]
    identities: List[Identity]
    message: str
    state: ConflictState
    resolved_by: Optional[str]
    resolved_at: Optional[int]
    resolution_reason: Optional[str]
    resolution_merges: List[int]


class MergePage(TypedDict):
    merges: List[MergeRecord]
    next_after: Optional[int]


class ConflictPage(TypedDict):
    conflicts: List[IdentityConflict]
    next_after: Optional[int]


class LeadEvent(TypedDict):
    seq: int
    lead: int
    type: str
    at: int
    channel: str
    payload: Any


class AttributeValue(TypedDict):
    field: str
    value: Any
    channel: Optional[str]
    actor: str
    occurred_at: int
    lead: int
    history_seq: int


class KindRules(TypedDict):
    priority: int
    max_per_lead: int
    max_joins: int
    blocked: List[str]


class IdentityRules(TypedDict):
    default_region: str
    max_merge_size: int
    switchboard_priority: int
    keep_unidentified: bool
    kinds: Dict[IdentityKind, KindRules]


class RekeyReport(TypedDict):
    needed: bool
    leads: int
    rekeyed: int
    dropped: int
    unreadable: int
    merged: int
    conflicts: int
    merge_ids: List[int]
    conflict_ids: List[int]


class Place(TypedDict):
    """Where a lead is: ``before`` / ``after`` of a change, ``from`` / ``to`` of a history row."""

    tier: Tier
    pool: int
    owner: Optional[str]


#: A lead's history row (``from`` is a keyword, hence the functional form).
HistoryEntry = TypedDict(
    "HistoryEntry",
    {
        "seq": int,
        "lead": int,
        "action": Action,
        "actor": str,
        "at": int,
        "from": Place,
        "to": Place,
        "reason": str,
        "detail": Dict[str, Any],
    },
)

# ---- personal data ----------------------------------------------------------------------------


class ErasureReport(TypedDict):
    lead: int
    leads: List[int]
    identities: int
    suppressed: int
    history: int
    events: int
    merges: int
    conflicts: int
    deliveries: int
    changes: int
    referrals: int
    scrub: Scrub


# ---- organisation -----------------------------------------------------------------------------


class User(TypedDict):
    id: str
    name: str
    department: str
    roles: List[str]
    active: bool


class Pool(TypedDict):
    id: int
    name: str
    parent: Optional[int]
    managers: List[str]
    members: List[str]


class OrgEvent(TypedDict):
    seq: int
    kind: OrgEventKind
    actor: str
    at: int
    detail: Dict[str, Any]


class StageInfo(TypedDict):
    """docs/json.md's Stage: ``lp_stage_get``."""

    initialized: bool
    stage: Optional[Stage]


# ---- the funnel -------------------------------------------------------------------------------


class TierCount(TypedDict):
    tier: Tier
    at: int
    reached: int


Conversion = TypedDict("Conversion", {"from": Tier, "to": Tier, "rate": float})


class FunnelReport(TypedDict):
    leads: int
    tiers: List[TierCount]
    conversions: List[Conversion]
    main_line_conversion: float


BreakdownKey = Literal[
    "pool", "owner", "channel", "campaign", "score_band", "product_type", "capture_month", "capture_week"
]
# A group's value of a key: a pool id, band or period start (ms), a name, or None for none.
BreakdownValue = Union[int, str, None]


class FunnelBreakdownRow(TypedDict):
    group: Dict[str, BreakdownValue]
    report: FunnelReport


class FunnelBreakdown(TypedDict):
    keys: List[BreakdownKey]
    rows: List[FunnelBreakdownRow]
    total: FunnelReport


MoveKey = Literal["pool", "owner", "month"]


class TierMovesRow(TypedDict):
    group: BreakdownValue
    into: Dict[Tier, int]


CohortPeriod = Literal["week", "month"]


class CohortReached(TypedDict):
    sub: int
    opportunity: int
    order: int


class Cohort(TypedDict):
    start: int
    leads: int
    reached: List[CohortReached]


class CaptureCohorts(TypedDict):
    period: CohortPeriod
    periods_after: int
    cohorts: List[Cohort]


TierMoves = TypedDict("TierMoves", {
    "from": int, "to": int, "by": Optional[MoveKey], "rows": List[TierMovesRow], "into": Dict[Tier, int],
})

# What a time-in-tier report groups by: the lead's own keys of BreakdownKey.
TierTimesKey = Literal["pool", "owner", "channel", "campaign", "capture_month", "capture_week"]


class DurationStats(TypedDict):
    count: int
    median_ms: int
    p90_ms: int
    mean_ms: int


class TierTime(TypedDict):
    finished: DurationStats
    open: DurationStats


class Revenue(TypedDict):
    orders: int
    sum: int
    mean: int


class TierTimesPart(TypedDict):
    tiers: Dict[Tier, TierTime]
    to_order: DurationStats
    revenue: Revenue


class TierTimesRow(TypedDict):
    group: BreakdownValue
    times: TierTimesPart


TierTimes = TypedDict("TierTimes", {
    "from": Optional[int], "to": Optional[int], "at": int, "by": Optional[TierTimesKey],
    "rows": List[TierTimesRow], "total": TierTimesPart,
})


CollisionKind = Literal["follow_up", "ownership", "both"]


class Collision(TypedDict):
    lead: int
    users: List[str]
    first: int
    last: int
    kind: CollisionKind
    merges: List[int]


class CollisionPage(TypedDict):
    collisions: List[Collision]
    next_after: Optional[int]


class OwnerHolding(TypedDict):
    owner: str
    held: int
    held_by_tier: Dict[Tier, int]
    idle: int
    claims: int
    releases: int
    recycles: int
    taken_away: int
    churned: int


OwnerHoldings = TypedDict("OwnerHoldings", {
    "now": int, "idle_days": int, "idle_before": int, "from": int, "to": int, "owners": List[OwnerHolding],
})

ShareInterval = Literal["day", "week", "month"]


class SharePoint(TypedDict):
    start: int
    at: int
    leads: int
    unowned: int
    share: float


class PublicShare(TypedDict):
    pool: int
    subtree: bool
    interval: ShareInterval
    points: List[SharePoint]


# ---- referral campaigns ------------------------------------------------------------------------

class _ReferralLinkFields(TypedDict):
    lead: Optional[int]
    tier: Optional[Tier]


class ReferralLink(_ReferralLinkFields, total=False):
    """A referrer in a chain; ``lead`` and ``tier`` are ``None`` for a lead the actor may not read,
    ``owner`` is there only under the duplicate disclosure ``"owner"``."""

    owner: str


class _ReferralNodeFields(_ReferralLinkFields):
    converted: bool
    depth: int
    size: int
    converted_leads: int
    levels: int
    more: bool
    referrals: List["ReferralNode"]


class ReferralNode(_ReferralNodeFields, total=False):
    """A lead of a referral tree and whom it brought."""

    owner: str


class ReferralTree(TypedDict):
    root: ReferralNode
    chain: List[ReferralLink]


class Touch(TypedDict):
    attribution: Attribution
    channel: str
    at: int
    lead: int


class CampaignCounts(TypedDict):
    invited: int
    captured: int
    qualified: int
    won: int
    referred: int
    viral_coefficient: float


class CampaignGeneration(CampaignCounts):
    generation: int


class ReferrerCounts(CampaignCounts):
    referrer: int
    generation: int


class CampaignMetrics(TypedDict):
    campaign: str
    touch: TouchModel
    totals: CampaignCounts
    generations: List[CampaignGeneration]
    referrers: List[ReferrerCounts]


# ---- public-pool mechanics ----------------------------------------------------------------------


class Condition(TypedDict):
    field: str
    op: RuleOp
    values: List[str]
    min: Optional[float]
    max: Optional[float]


class _ConditionField(TypedDict):
    field: str
    op: RuleOp


class ConditionInput(_ConditionField, total=False):
    """A routing condition as written: ``values`` for equals, in and prefix; ``min``/``max`` for range."""

    values: List[str]
    min: Optional[float]
    max: Optional[float]


class RoutingRule(TypedDict):
    name: str
    pool: int
    when: List[Condition]


class RoutingTable(TypedDict):
    rules: List[RoutingRule]
    default_pool: Optional[int]


class RouteResult(TypedDict):
    lead: int
    pool: Optional[int]
    rule: Optional[str]


class PoolSettings(TypedDict):
    strategy: Strategy
    max_held: Optional[int]
    capacity: Dict[str, int]
    claim_cooldown_ms: int
    held_idle_ms: Optional[int]
    opportunity_idle_ms: Optional[int]
    recycle_to: RecycleTo
    warning_ms: int
    assign_by_score: Optional[str]


class Assignment(TypedDict):
    lead: int
    owner: str


class AssignResult(TypedDict):
    assigned: List[Assignment]
    unassigned: List[int]


class Activity(TypedDict):
    lead: int
    kind: ActivityKind
    actor: str
    at: int
    recorded_at: int
    outcome: str
    note: str


class RecycledLead(TypedDict):
    lead: int
    pool: int
    from_owner: str
    tier: Tier
    to: RecycleTo
    idle_since: int
    idle: bool


class DueLead(TypedDict):
    lead: int
    pool: int
    owner: str
    tier: Tier
    due_at: int


class StrandedLead(TypedDict):
    lead: int
    pool: int


class MaintenanceReport(TypedDict):
    at: int
    recycled: List[RecycledLead]
    due_soon: List[DueLead]
    stranded: List[StrandedLead]
    pruned_changes: int
    rekey: Optional[RekeyReport]
    rescore: Optional[RescoreReport]
    rescored: int


class WorkflowStep(TypedDict):
    name: str
    collaborators: List[str]


class Workflow(TypedDict):
    name: str
    steps: List[WorkflowStep]
    product_types: List[str]
    retired: bool


class OpportunityOwner(TypedDict):
    user: Optional[str]
    team: Optional[int]


class Collaborator(TypedDict):
    user: str
    step: str
    joined_at: int


class Opportunity(TypedDict):
    lead: int
    number: int
    product_type: str
    workflow: str
    step: str
    amount: int
    owner: OpportunityOwner
    collaborators: List[Collaborator]
    status: OpportunityStatus
    opened_at: int
    closed_at: int
    order_amount: int
    lost_reason: str


class OpportunityCursor(TypedDict):
    """Where a pipeline page continues: right after this lead's opportunity ``number``."""

    lead: int
    number: int


class OpportunityPage(TypedDict):
    """A page of the pipeline view, by lead then number; ``next_cursor`` is None on the last."""

    opportunities: List[Opportunity]
    next_cursor: Optional[OpportunityCursor]


class PersonalData(TypedDict):
    lead: Lead
    leads: List[Lead]
    identities: List[Identity]
    attributes: List[AttributeValue]
    events: List[LeadEvent]
    follow_ups: List[Activity]
    history: List[HistoryEntry]
    merges: List[MergeRecord]
    opportunities: List[Opportunity]
    conflicts: List[IdentityConflict]


# ---- the change feed --------------------------------------------------------------------------


class _ChangeFields(TypedDict):
    seq: int
    at: int
    actor: str
    subject: ChangeSubject
    kind: str
    lead: Optional[int]
    object: Union[str, int, None]
    reason: str
    detail: Dict[str, Any]


class Change(_ChangeFields, total=False):
    """One change; an organisation change has no ``before``, ``after`` or ``version``."""

    before: Place
    after: Place
    version: int


class ChangePage(TypedDict):
    changes: List[Change]
    next: int
    last: int
    pruned: bool


class Consumer(TypedDict):
    name: str
    owner: str
    position: int
    created_at: int
    acked_at: int


class FeedSettings(TypedDict):
    retention_ms: int


# ---- lead scoring ---------------------------------------------------------------------------


class ScoringEvent(TypedDict):
    type: str
    payload: List[Condition]
    at_least: int
    within_days: Optional[int]


class ScoringReferrals(TypedDict):
    at_least: int
    reached: Optional[Tier]


class ScoringRule(TypedDict):
    name: str
    points: int
    when: List[Condition]
    event: Optional[ScoringEvent]
    referrals: Optional[ScoringReferrals]
    decay_days: Optional[int]


class ScoringModel(TypedDict):
    name: str
    rules: List[ScoringRule]
    cap: Optional[int]
    floor: Optional[int]


class ScoringRules(TypedDict):
    models: List[ScoringModel]


class RulePoints(TypedDict):
    rule: str
    points: int


class LeadScore(TypedDict):
    lead: int
    model: str
    points: int
    rules: List[RulePoints]
    scored_at: int
    next_change: Optional[int]


class RescoreReport(TypedDict):
    needed: bool
    leads: int
    changed: int
