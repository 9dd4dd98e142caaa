"""The organisation part of :class:`leadpool.Engine`: its stage and policies, users and pools."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, cast

from . import _native
from ._handles import _EngineCalls
from ._shapes import OrgEvent, Pool, Stage, StageInfo, User
from ._native import encode_json, encode_text
from ._values import _fields


class _Organisation(_EngineCalls):
    """The methods of :class:`leadpool.Engine` that run the organisation."""

    # ---- organisation ------------------------------------------------------------------------

    def initialize(self, first_user: Mapping[str, Any], stage: str) -> None:
        """Sets up an empty lead pool: the first user and the starting stage.

        ``first_user`` is a user object, e.g. ``{"id": "boss", "name": "Wang", "roles":
        ["director"]}``; ``stage`` one of ``"factory_led"``, ``"sales_led"``,
        ``"marketing_led"``, ``"all_staff"``. :class:`leadpool.Conflict` if done before.
        """
        self._call("lp_org_initialize", self._h, encode_json(first_user), encode_text(stage, "stage"))

    def stage_info(self) -> StageInfo:
        """``{"initialized": bool, "stage": str | None}`` (``lp_stage_get``)."""
        return cast(StageInfo, self._json("lp_stage_get", self._h))

    @property
    def stage(self) -> Optional[Stage]:
        """The company's current stage name, or ``None`` before :meth:`initialize`."""
        return self.stage_info()["stage"]

    @property
    def initialized(self) -> bool:
        """Whether :meth:`initialize` ran on this store."""
        return bool(self.stage_info()["initialized"])

    def set_stage(self, actor: str, stage: str) -> None:
        """Moves the company to another stage (manage_org); data stays, the change is recorded."""
        self._call("lp_stage_set", self._h, encode_text(actor, "actor"), encode_text(stage, "stage"))

    def policy(self, stage: str) -> Dict[str, Any]:
        """The policy in force for ``stage``: ``{"roles": {role: [grant, ...]}}``."""
        return cast(Dict[str, Any], self._json("lp_policy_get", self._h, encode_text(stage, "stage")))

    def default_policies(self) -> Dict[str, Any]:
        """The four default policies, ``{"factory_led": {...}, ...}`` (see :func:`default_policies`)."""
        return default_policies()

    def set_policy(self, actor: str, stage: str, policy: Mapping[str, Any]) -> None:
        """Loads the host's own policy for ``stage`` (manage_org)."""
        self._call(
            "lp_policy_set",
            self._h,
            encode_text(actor, "actor"),
            encode_text(stage, "stage"),
            encode_json(policy),
        )

    def reset_policy(self, actor: str, stage: str) -> None:
        """Returns ``stage`` to its default policy (manage_org)."""
        self._call("lp_policy_reset", self._h, encode_text(actor, "actor"), encode_text(stage, "stage"))

    def org_history(self, actor: str) -> List[OrgEvent]:
        """The organisation log, oldest first: ``[{"seq", "kind", "actor", "at", "detail"}]``."""
        return cast(List[OrgEvent], self._json("lp_org_history", self._h, encode_text(actor, "actor")))

    # ---- users -------------------------------------------------------------------------------

    @staticmethod
    def _user(id: Any, name: Any, department: Any, roles: Any, active: Any) -> Dict[str, Any]:
        return _fields(id=id, name=name, department=department, roles=roles, active=active)

    def add_user(
        self,
        actor: str,
        *,
        id: str,
        name: str,
        department: Optional[str] = None,
        roles: Optional[Sequence[str]] = None,
        active: Optional[bool] = None,
    ) -> None:
        """Adds a user (manage_users). :class:`leadpool.Conflict` when the id is taken."""
        user = self._user(id, name, department, roles, active)
        self._call("lp_user_add", self._h, encode_text(actor, "actor"), encode_json(user))

    def update_user(
        self,
        actor: str,
        *,
        id: str,
        name: str,
        department: Optional[str] = None,
        roles: Optional[Sequence[str]] = None,
        active: Optional[bool] = None,
    ) -> None:
        """Replaces the user ``id`` (manage_users): fields left out take their defaults."""
        user = self._user(id, name, department, roles, active)
        self._call("lp_user_update", self._h, encode_text(actor, "actor"), encode_json(user))

    def user(self, actor: str, id: str) -> User:
        """The user object ``{"id", "name", "department", "roles", "active"}``."""
        return cast(
            User,
            self._json("lp_user_get", self._h, encode_text(actor, "actor"), encode_text(id, "id")),
        )

    def users(self, actor: str) -> List[User]:
        """Every user, by id."""
        return cast(List[User], self._json("lp_user_list", self._h, encode_text(actor, "actor")))

    # ---- pools -------------------------------------------------------------------------------

    def create_pool(
        self,
        actor: str,
        name: str,
        parent: Optional[int] = None,
        managers: Iterable[str] = (),
        members: Iterable[str] = (),
    ) -> Pool:
        """Creates a sub pool (manage_pools) and returns it: ``{"id", "name", "parent",
        "managers", "members"}``. ``parent=None`` makes a top-level sub pool."""
        spec = _fields(name=name, parent=parent, managers=managers, members=members)
        return cast(
            Pool,
            self._json("lp_pool_create", self._h, encode_text(actor, "actor"), encode_json(spec)),
        )

    def update_pool(
        self,
        actor: str,
        pool_id: int,
        name: str,
        parent: Optional[int] = None,
        managers: Iterable[str] = (),
        members: Iterable[str] = (),
    ) -> Pool:
        """Replaces a pool's name, parent, managers and members (manage_pools); returns it."""
        spec = _fields(name=name, parent=parent, managers=managers, members=members)
        return cast(Pool, self._json(
            "lp_pool_update", self._h, encode_text(actor, "actor"), pool_id, encode_json(spec)
        ))

    def move_pool(self, actor: str, pool_id: int, new_parent: Optional[int] = None) -> Pool:
        """Moves a pool below ``new_parent`` (``None``: to the top level); returns it."""
        return cast(Pool, self._json(
            "lp_pool_move",
            self._h,
            encode_text(actor, "actor"),
            pool_id,
            0 if new_parent is None else new_parent,
        ))

    def pool(self, actor: str, pool_id: int) -> Pool:
        """The pool object."""
        return cast(Pool, self._json("lp_pool_get", self._h, encode_text(actor, "actor"), pool_id))

    def pools(self, actor: str) -> List[Pool]:
        """Every pool, by id, the master pool (id 1) first."""
        return cast(List[Pool], self._json("lp_pool_list", self._h, encode_text(actor, "actor")))


def default_policies() -> Dict[str, Any]:
    """The four default stage policies shipped with the library, ``{"factory_led": {...}, ...}``."""
    lib = _native.library()
    return cast(Dict[str, Any], lib.call_json(lib.lp_policy_defaults))
