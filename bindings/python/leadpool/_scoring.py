"""The lead-scoring part of :class:`leadpool.Engine`: the scoring rules, the rescore a change of
them runs, and a lead's scores with the points each rule gave."""

from __future__ import annotations

from typing import Any, List, Mapping, cast

from ._handles import _EngineCalls
from ._native import encode_json, encode_text
from ._shapes import LeadScore, RescoreReport, ScoringRules


class _Scoring(_EngineCalls):
    """The methods of :class:`leadpool.Engine` that score leads."""

    def scoring_rules(self) -> ScoringRules:
        """The scoring rules in force: ``{"models": [{"name", "rules": [...], "cap", "floor"}]}``
        (docs/json.md, ScoringRules); no models until some were set."""
        return cast(ScoringRules, self._json("lp_scoring_get", self._h))

    def set_scoring_rules(self, actor: str, rules: Mapping[str, Any]) -> RescoreReport:
        """Replaces the scoring rules (manage_scoring) and rescores every lead, in batches of 1000
        leads, each its own transaction. Returns what the rescore did: ``{"needed", "leads",
        "changed"}`` — the leads rescored and the scores whose points changed."""
        return cast(RescoreReport, self._json(
            "lp_scoring_set", self._h, encode_text(actor, "actor"), encode_json(rules)
        ))

    def scores(self, actor: str, lead_id: int) -> List[LeadScore]:
        """The lead's scores, one per model, by model: ``[{"lead", "model", "points", "rules":
        [{"rule", "points"}], "scored_at", "next_change"}]``."""
        return cast(
            List[LeadScore],
            self._json("lp_lead_scores", self._h, encode_text(actor, "actor"), lead_id),
        )
