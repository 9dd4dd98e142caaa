"""The public-pool part of :class:`leadpool.Engine`: routing, pool settings, assignment, claims,
follow-ups, recycling and opportunity workflows."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Union, cast

from ._handles import _EngineCalls
from ._time import Time, to_milliseconds
from ._shapes import (
    Activity,
    AssignResult,
    Lead,
    MaintenanceReport,
    Opportunity,
    OpportunityCursor,
    OpportunityPage,
    OpportunityStatus,
    PoolSettings,
    RouteResult,
    RoutingTable,
    Workflow,
)
from ._native import encode_json, encode_text
from ._values import _fields


def _workflow(
    name: str, steps: Iterable[Union[str, Mapping[str, Any]]], product_types: Iterable[str]
) -> Dict[str, Any]:
    """A workflow definition as lp_workflow_define and lp_workflow_update take it."""
    step_objects = [{"name": step} if isinstance(step, str) else dict(step) for step in steps]
    return _fields(name=name, steps=step_objects, product_types=product_types)


class _PoolMechanics(_EngineCalls):
    """The methods of :class:`leadpool.Engine` that work the public pool."""

    # ---- public-pool mechanics: routing ------------------------------------------------------

    def routing(self, actor: str) -> RoutingTable:
        """The routing table: ``{"rules": [{"name", "pool", "when": [...]}], "default_pool"}``."""
        return cast(RoutingTable, self._json("lp_routing_get", self._h, encode_text(actor, "actor")))

    def set_routing(
        self,
        actor: str,
        rules: Iterable[Mapping[str, Any]] = (),
        default_pool: Optional[int] = None,
    ) -> RoutingTable:
        """Replaces the routing table (manage_pools reaching the master pool); returns it.

        ``rules``: ``{"name", "pool", "when": [{"field", "op", "values"?, "min"?, "max"?}]}``,
        tried in order; the first whose conditions all hold sends the lead to its pool.
        """
        table = _fields(rules=[dict(r) if isinstance(r, Mapping) else r for r in rules], default_pool=default_pool)
        return cast(
            RoutingTable,
            self._json("lp_routing_set", self._h, encode_text(actor, "actor"), encode_json(table)),
        )

    def route(
        self, actor: str, lead_ids: Optional[Iterable[int]] = None, *, all_unrouted: bool = False
    ) -> List[RouteResult]:
        """Routes the leads named (or, with ``all_unrouted``, every master lead), all or nothing.

        Returns one ``{"lead", "pool", "rule"}`` per lead; ``pool`` is ``None`` when no rule
        matched and there is no default pool.
        """
        request = _fields(leads=lead_ids, all_unrouted=all_unrouted or None)
        return cast(
            List[RouteResult],
            self._json("lp_lead_route", self._h, encode_text(actor, "actor"), encode_json(request)),
        )

    # ---- public-pool mechanics: pool settings, assignment, claims ----------------------------

    def pool_settings(self, actor: str, pool_id: int) -> PoolSettings:
        """A sub pool's settings: strategy, caps, cool-down, recycling limits, warning window."""
        return cast(
            PoolSettings,
            self._json("lp_pool_settings_get", self._h, encode_text(actor, "actor"), pool_id),
        )

    def set_pool_settings(
        self,
        actor: str,
        pool_id: int,
        *,
        strategy: Optional[str] = None,
        max_held: Optional[int] = None,
        capacity: Optional[Mapping[str, int]] = None,
        claim_cooldown_ms: Optional[int] = None,
        held_idle_ms: Optional[int] = None,
        opportunity_idle_ms: Optional[int] = None,
        recycle_to: Optional[str] = None,
        warning_ms: Optional[int] = None,
        assign_by_score: Optional[str] = None,
    ) -> PoolSettings:
        """Replaces a sub pool's settings (manage_pools at that pool); fields left at ``None``
        take their defaults. ``strategy``: ``round_robin``, ``least_loaded`` or ``weighted``;
        ``recycle_to``: ``pool`` or ``master``; ``assign_by_score``: a scoring model whose
        highest-scored unowned leads ``assign`` hands out first. Returns the settings."""
        settings = _fields(
            strategy=strategy,
            max_held=max_held,
            capacity=dict(capacity) if capacity is not None else None,
            claim_cooldown_ms=claim_cooldown_ms,
            held_idle_ms=held_idle_ms,
            opportunity_idle_ms=opportunity_idle_ms,
            recycle_to=recycle_to,
            warning_ms=warning_ms,
            assign_by_score=assign_by_score,
        )
        return cast(PoolSettings, self._json(
            "lp_pool_settings_set", self._h, encode_text(actor, "actor"), pool_id, encode_json(settings)
        ))

    def assign(
        self, actor: str, pool_id: int, lead_ids: Optional[Iterable[int]] = None, *, reassign: bool = False
    ) -> AssignResult:
        """Assigns unowned leads of a sub pool (or those named) by the pool's strategy.

        Returns ``{"assigned": [{"lead", "owner"}], "unassigned": [id, ...]}``.
        """
        request = _fields(pool=pool_id, leads=lead_ids, reassign=reassign or None)
        return cast(
            AssignResult,
            self._json("lp_pool_assign", self._h, encode_text(actor, "actor"), encode_json(request)),
        )

    def claim(self, actor: str, lead_id: int) -> Lead:
        """The actor takes an unowned lead of a pool they belong to; returns the lead.

        :class:`leadpool.Conflict` when someone holds it (the loser of a race),
        :class:`leadpool.LimitExceeded` at the actor's cap, :class:`leadpool.PermissionDenied`
        outside the actor's pools or within the cool-down.
        """
        return cast(Lead, self._json("lp_lead_claim", self._h, encode_text(actor, "actor"), lead_id))

    def release(self, actor: str, lead_id: int, reason: Optional[str] = None) -> Lead:
        """Lets go of a held lead: unowned at tier ``sub`` of its pool, where members claim it (a
        released opportunity comes back to ``sub`` and its opportunity closes as ``released``).
        Returns the lead."""
        return cast(Lead, self._json(
            "lp_lead_release", self._h, encode_text(actor, "actor"), lead_id, encode_text(reason, "reason")
        ))

    # ---- public-pool mechanics: follow-ups and recycling -------------------------------------

    def follow_up(
        self,
        actor: str,
        lead_id: int,
        kind: str,
        *,
        at: Optional[Time] = None,
        outcome: Optional[str] = None,
        note: Optional[str] = None,
    ) -> Activity:
        """Records a ``call``, ``message``, ``visit``, ``meeting`` or ``note`` on a lead (``at``:
        when it happened, default now; up to 5 minutes ahead of the engine's clock is taken as
        now, later raises :class:`leadpool.InvalidArgument`) and resets its idle clock. Returns
        the activity."""
        data = _fields(kind=kind, at=to_milliseconds(at), outcome=outcome, note=note)
        return cast(Activity, self._json(
            "lp_lead_follow_up", self._h, encode_text(actor, "actor"), lead_id, encode_json(data)
        ))

    def activities(self, actor: str, lead_id: int) -> List[Activity]:
        """The follow-ups recorded on a lead, oldest first."""
        return cast(
            List[Activity],
            self._json("lp_lead_activities", self._h, encode_text(actor, "actor"), lead_id),
        )

    def maintain(self, actor: str) -> MaintenanceReport:
        """The maintenance run at the engine's time: ``{"at", "recycled": [...], "due_soon": [...],
        "stranded": [{"lead", "pool"}]}`` — a recycled lead's ``idle`` is ``False`` when nobody could
        work it (its owner is inactive); ``stranded``: recycled leads left in a pool with no active
        member or manager, for a manager to hand on."""
        return cast(MaintenanceReport, self._json("lp_pool_maintain", self._h, encode_text(actor, "actor")))

    # ---- public-pool mechanics: opportunity workflows ----------------------------------------

    def workflows(self, actor: str) -> List[Workflow]:
        """Every workflow, retired ones too:
        ``[{"name", "steps": [{"name", "collaborators"}], "product_types", "retired"}]``."""
        return cast(List[Workflow], self._json("lp_workflow_list", self._h, encode_text(actor, "actor")))

    def define_workflow(
        self,
        actor: str,
        name: str,
        steps: Iterable[Union[str, Mapping[str, Any]]],
        product_types: Iterable[str] = (),
    ) -> Workflow:
        """Defines a workflow once (manage_workflows). ``steps``: step names or
        ``{"name", "collaborators"}`` objects, in order. Returns the workflow."""
        workflow = _workflow(name, steps, product_types)
        return cast(
            Workflow,
            self._json("lp_workflow_define", self._h, encode_text(actor, "actor"), encode_json(workflow)),
        )

    def update_workflow(
        self,
        actor: str,
        name: str,
        steps: Iterable[Union[str, Mapping[str, Any]]],
        product_types: Iterable[str] = (),
    ) -> Workflow:
        """Replaces the definition of the workflow ``name`` (manage_workflows). Every step an
        open opportunity is at must stay (``Conflict`` naming their leads otherwise); a retired
        workflow is not updated. Returns the workflow."""
        workflow = _workflow(name, steps, product_types)
        return cast(
            Workflow,
            self._json("lp_workflow_update", self._h, encode_text(actor, "actor"), encode_json(workflow)),
        )

    def retire_workflow(self, actor: str, name: str) -> Workflow:
        """Retires a workflow (manage_workflows): it opens no more opportunities and its product
        types may be bound to another; its open opportunities run to their end. It stays listed
        with ``"retired": True``. Returns the workflow."""
        return cast(
            Workflow,
            self._json("lp_workflow_retire", self._h, encode_text(actor, "actor"), encode_text(name, "name")),
        )

    def open_opportunity(
        self,
        actor: str,
        lead_id: int,
        product_type: str,
        amount: Optional[int] = None,
        *,
        owner: Optional[str] = None,
        team: Optional[int] = None,
    ) -> Opportunity:
        """Qualifies a lead and opens its opportunity; the main owner is a user (``owner``) or
        a team (``team``, a sub pool), else the actor. Returns the opportunity."""
        main_owner = _fields(user=owner, team=team)
        request = _fields(lead=lead_id, product_type=product_type, amount=amount, owner=main_owner or None)
        return cast(
            Opportunity,
            self._json("lp_opportunity_open", self._h, encode_text(actor, "actor"), encode_json(request)),
        )

    def advance_opportunity(self, actor: str, lead_id: int, step: str) -> Opportunity:
        """Moves the lead's open opportunity to another step; returns the opportunity."""
        return cast(Opportunity, self._json(
            "lp_opportunity_advance", self._h, encode_text(actor, "actor"), lead_id, encode_text(step, "step")
        ))

    def add_collaborator(self, actor: str, lead_id: int, user_id: str) -> Opportunity:
        """Adds a collaborator at the current step; returns the opportunity."""
        return cast(Opportunity, self._json(
            "lp_opportunity_add_collaborator",
            self._h,
            encode_text(actor, "actor"),
            lead_id,
            encode_text(user_id, "user_id"),
        ))

    def win_opportunity(self, actor: str, lead_id: int, order_amount: Optional[int] = None) -> Opportunity:
        """Wins the lead and records the order (``order_amount``, default the opportunity's)."""
        request = _fields(order_amount=order_amount)
        return cast(Opportunity, self._json(
            "lp_opportunity_win",
            self._h,
            encode_text(actor, "actor"),
            lead_id,
            encode_json(request) if request else None,
        ))

    def opportunities(self, actor: str, lead_id: int) -> List[Opportunity]:
        """A lead's opportunities, by number."""
        return cast(
            List[Opportunity],
            self._json("lp_opportunity_list", self._h, encode_text(actor, "actor"), lead_id),
        )

    def pipeline(
        self,
        actor: str,
        *,
        workflow: Optional[str] = None,
        step: Optional[str] = None,
        status: Optional[OpportunityStatus] = None,
        owner: Optional[str] = None,
        pool: Optional[int] = None,
        amount_min: Optional[int] = None,
        amount_max: Optional[int] = None,
        limit: int = 100,
        after: Optional[OpportunityCursor] = None,
    ) -> OpportunityPage:
        """The pipeline view: one page of the opportunities of the leads the actor may read.

        Filters: ``workflow``, current ``step``, ``status``, the lead's ``owner`` and ``pool``
        (and its subtree), ``amount_min`` and ``amount_max`` (inclusive). By lead, then number.
        Returns ``{"opportunities": [...], "next_cursor": {"lead", "number"} | None}``; pass
        ``next_cursor`` back as ``after``. ``limit`` 1..1000.
        """
        filter_json = encode_json(_fields(
            workflow=workflow, step=step, status=status, owner=owner, pool=pool,
            amount_min=amount_min, amount_max=amount_max,
        ))
        page = encode_json(_fields(limit=limit, after=after))
        return cast(OpportunityPage, self._json(
            "lp_opportunity_pipeline", self._h, encode_text(actor, "actor"), filter_json, page
        ))
