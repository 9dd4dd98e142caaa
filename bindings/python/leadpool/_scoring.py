"""The lead-scoring part of :class:`leadpool.Engine`: the scoring rules, the rescore a change of
them runs, and a lead's scores with the points each rule gave."""

from __future__ import annotations

import json
from typing import Any, Callable, List, Mapping, Optional, cast

from ._handles import _EngineCalls
from ._native import ProgressCallback, encode_json, encode_text
from ._shapes import LeadScore, RescoreReport, ScoringRules


class _Scoring(_EngineCalls):
    """The methods of :class:`leadpool.Engine` that score leads."""

    def scoring_rules(self) -> ScoringRules:
        """The scoring rules in force: ``{"models": [{"name", "rules": [...], "cap", "floor"}]}``
        (docs/json.md, ScoringRules); no models until some were set."""
        return cast(ScoringRules, self._json("lp_scoring_get", self._h))

    def set_scoring_rules(
        self,
        actor: str,
        rules: Mapping[str, Any],
        progress: Optional[Callable[[RescoreReport], None]] = None,
    ) -> RescoreReport:
        """Replaces the scoring rules (manage_scoring) and rescores every lead, in batches of 1000
        leads, each its own transaction. Returns what the rescore did: ``{"needed", "leads",
        "changed"}`` — the leads rescored and the scores whose points changed.

        ``progress``, when given, is called with the same counts so far after each committed
        batch, before this returns; it must not call the engine. An exception it raises is
        printed by ctypes and dropped (the rescore goes on)."""
        if progress is None:
            return cast(RescoreReport, self._json(
                "lp_scoring_set", self._h, encode_text(actor, "actor"), encode_json(rules)
            ))
        if not callable(progress):
            raise TypeError("progress must be callable")
        report_progress = progress

        def deliver(report_json: bytes, _user_data: Any) -> None:
            report_progress(cast(RescoreReport, json.loads(report_json.decode("utf-8"))))

        c_callback = ProgressCallback(deliver)  # alive until the call returns
        return cast(RescoreReport, self._json(
            "lp_scoring_set_progress", self._h, encode_text(actor, "actor"), encode_json(rules), c_callback, None
        ))

    def scores(self, actor: str, lead_id: int) -> List[LeadScore]:
        """The lead's scores, one per model, by model: ``[{"lead", "model", "points", "rules":
        [{"rule", "points"}], "scored_at", "next_change"}]``."""
        return cast(
            List[LeadScore],
            self._json("lp_lead_scores", self._h, encode_text(actor, "actor"), lead_id),
        )
