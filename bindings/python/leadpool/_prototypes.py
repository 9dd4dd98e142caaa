# Generated from capi/leadpool_abi.json by scripts/generate-abi.py: edit the table, not this file,
# and run it (ctest's abi_generated fails while this file is stale).
"""The ctypes prototype (restype, argtypes) of every function of the C ABI, and the C types they use.

``char** out`` is declared as a pointer to a raw address (``ctypes.c_void_p``), not ``c_char_p``: the
caller reads the text and frees it with ``lp_free`` (:meth:`leadpool._native.Library.call_json`).
"""

from __future__ import annotations

import ctypes
from typing import Any, Dict, Tuple

__all__ = ["ABI_VERSION", "EngineHandle", "IterHandle", "ChangeCallback", "ProgressCallback", "PROTOTYPES"]

#: The ABI version of ``capi/leadpool.h`` these prototypes describe (``LP_ABI_VERSION``).
ABI_VERSION = 1


class LpEngine(ctypes.Structure):
    """``struct lp_engine``: opaque."""


class LpLeadIter(ctypes.Structure):
    """``struct lp_lead_iter``: opaque."""


EngineHandle = ctypes.POINTER(LpEngine)
IterHandle = ctypes.POINTER(LpLeadIter)
#: ``lp_change_callback``: (const char* changes_json, void* user_data).
ChangeCallback = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_void_p)
#: ``lp_progress_callback``: (const char* progress_json, void* user_data).
ProgressCallback = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_void_p)

#: name -> (restype, argtypes), in the order of ``capi/leadpool.h``.
PROTOTYPES: Dict[str, Tuple[Any, Tuple[Any, ...]]] = {
    # library
    "lp_version": (ctypes.c_char_p, ()),
    "lp_abi_version": (ctypes.c_int, ()),
    "lp_last_error": (ctypes.c_char_p, ()),
    "lp_status_name": (ctypes.c_char_p, (ctypes.c_int,)),
    "lp_free": (None, (ctypes.c_void_p,)),
    # engine
    "lp_engine_open": (
        ctypes.c_int,
        (ctypes.POINTER(EngineHandle), ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_engine_close": (None, (EngineHandle,)),
    "lp_engine_set_time": (ctypes.c_int, (EngineHandle, ctypes.c_int64)),
    # organisation
    "lp_org_initialize": (ctypes.c_int, (EngineHandle, ctypes.c_char_p, ctypes.c_char_p)),
    "lp_stage_get": (ctypes.c_int, (ctypes.POINTER(ctypes.c_void_p), EngineHandle)),
    "lp_stage_set": (ctypes.c_int, (EngineHandle, ctypes.c_char_p, ctypes.c_char_p)),
    "lp_policy_get": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p),
    ),
    "lp_policy_defaults": (ctypes.c_int, (ctypes.POINTER(ctypes.c_void_p),)),
    "lp_policy_set": (
        ctypes.c_int,
        (EngineHandle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_policy_reset": (ctypes.c_int, (EngineHandle, ctypes.c_char_p, ctypes.c_char_p)),
    "lp_org_history": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p),
    ),
    # users
    "lp_user_add": (ctypes.c_int, (EngineHandle, ctypes.c_char_p, ctypes.c_char_p)),
    "lp_user_update": (ctypes.c_int, (EngineHandle, ctypes.c_char_p, ctypes.c_char_p)),
    "lp_user_get": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_user_list": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p),
    ),
    # pools
    "lp_pool_create": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_pool_update": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64, ctypes.c_char_p),
    ),
    "lp_pool_move": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64, ctypes.c_int64),
    ),
    "lp_pool_get": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64),
    ),
    "lp_pool_list": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p),
    ),
    # leads
    "lp_lead_capture": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_lead_capture_batch": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_lead_get": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64),
    ),
    "lp_lead_find": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_lead_list": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_lead_iter_open": (
        ctypes.c_int,
        (ctypes.POINTER(IterHandle), EngineHandle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int32),
    ),
    "lp_lead_iter_next": (ctypes.c_int, (ctypes.POINTER(ctypes.c_void_p), IterHandle)),
    "lp_lead_iter_close": (None, (IterHandle,)),
    "lp_lead_update": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64, ctypes.c_char_p),
    ),
    "lp_lead_history": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64),
    ),
    # ingestion and merges
    "lp_lead_ingest": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_lead_merge": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64, ctypes.c_int64, ctypes.c_char_p),
    ),
    "lp_lead_unmerge": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64, ctypes.c_char_p),
    ),
    "lp_merge_list": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_identity_conflict_list": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p),
    ),
    "lp_merge_page": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_identity_conflict_page": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_identity_conflict_resolve": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_lead_events": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64),
    ),
    "lp_lead_attribute_history": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64, ctypes.c_char_p),
    ),
    # personal data (GDPR, PIPL)
    "lp_lead_erase": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64, ctypes.c_char_p),
    ),
    "lp_personal_data": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    # identity rules
    "lp_identity_rules_get": (ctypes.c_int, (ctypes.POINTER(ctypes.c_void_p), EngineHandle)),
    "lp_identity_rules_set": (ctypes.c_int, (EngineHandle, ctypes.c_char_p, ctypes.c_char_p)),
    "lp_identity_rules_replace": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_identity_normalize": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p, ctypes.c_char_p),
    ),
    # lead scoring
    "lp_scoring_get": (ctypes.c_int, (ctypes.POINTER(ctypes.c_void_p), EngineHandle)),
    "lp_scoring_set": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_scoring_set_progress": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p, ProgressCallback, ctypes.c_void_p),
    ),
    "lp_lead_scores": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64),
    ),
    # transitions
    "lp_lead_transition": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_lead_transition_batch": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_lead_can": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_int), EngineHandle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int64),
    ),
    # reports
    "lp_funnel_report": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_funnel_breakdown": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_tier_moves": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_capture_cohorts": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_tier_times": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_collisions": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_owner_holdings": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_public_share": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    # referral campaigns
    "lp_lead_referrals": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64, ctypes.c_int),
    ),
    "lp_lead_touches": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64),
    ),
    "lp_campaign_metrics": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    # public-pool mechanics: routing
    "lp_routing_get": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p),
    ),
    "lp_routing_set": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_lead_route": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    # public-pool mechanics: pool settings, assignment, claims
    "lp_pool_settings_get": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64),
    ),
    "lp_pool_settings_set": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64, ctypes.c_char_p),
    ),
    "lp_pool_assign": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_lead_claim": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64),
    ),
    "lp_lead_release": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64, ctypes.c_char_p),
    ),
    # public-pool mechanics: follow-ups and recycling
    "lp_lead_follow_up": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64, ctypes.c_char_p),
    ),
    "lp_lead_activities": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64),
    ),
    "lp_pool_maintain": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p),
    ),
    # public-pool mechanics: opportunity workflows
    "lp_workflow_list": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p),
    ),
    "lp_workflow_define": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_workflow_update": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_workflow_retire": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_opportunity_open": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_opportunity_advance": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64, ctypes.c_char_p),
    ),
    "lp_opportunity_add_collaborator": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64, ctypes.c_char_p),
    ),
    "lp_opportunity_win": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64, ctypes.c_char_p),
    ),
    "lp_opportunity_list": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_int64),
    ),
    "lp_opportunity_pipeline": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p),
    ),
    # the change feed (docs/design.md 7)
    "lp_changes": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_consumer_add": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int64),
    ),
    "lp_consumer_ack": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int64),
    ),
    "lp_consumer_get": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_consumer_list": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p),
    ),
    "lp_feed_settings_get": (ctypes.c_int, (ctypes.POINTER(ctypes.c_void_p), EngineHandle)),
    "lp_feed_settings_set": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_void_p), EngineHandle, ctypes.c_char_p, ctypes.c_char_p),
    ),
    "lp_subscribe": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_int64), EngineHandle, ctypes.c_char_p, ctypes.c_char_p, ChangeCallback, ctypes.c_void_p),
    ),
    "lp_unsubscribe": (ctypes.c_int, (ctypes.POINTER(ctypes.c_int), EngineHandle, ctypes.c_int64)),
    "lp_wait_for_changes": (
        ctypes.c_int,
        (ctypes.POINTER(ctypes.c_int), EngineHandle, ctypes.c_int64, ctypes.c_int64),
    ),
}
