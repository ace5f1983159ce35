"""The store scope: which stores' records a user may see and change, applied next to every permission check.

A dealer group keeps several stores in one database. Like Odoo's record rules
on ``company_id`` and Frappe's User Permissions, one rule decides for every
query and every write, instead of each command deciding for itself:

* ``admin`` spans every store;
* a group role (``group_manager``, ``group_admin``) spans the user's own store
  plus the stores granted to them (``user_store``, ``crdesk users set --grant-store``);
* everybody else sees and changes their own store only (a user without a store
  and without a group role: nothing bound to a store).

When the scope covers every store of the database (always so in a
single-store database) nothing is filtered. Refusals are
:class:`~core.errors.PermissionDenied` (CLI exit code 3) and name no record of
the other store beyond its code.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, false, func, select, true
from sqlalchemy.orm import Session

from core.errors import PermissionDenied, ValidationError
from core.models.people import Store, User, UserStore

#: Roles whose scope reaches the stores granted in ``user_store``.
GROUP_ROLES = ("group_manager", "group_admin")
#: Roles whose scope is every store.
ALL_STORE_ROLES = ("admin",)

S = TypeVar("S", bound=Select[Any])


def store_ids(session: Session, user: User) -> frozenset[int] | None:
    """The ids of the stores ``user`` may see; ``None`` when that is every store of the database."""
    if user.has_role(*ALL_STORE_ROLES):
        return None
    ids: set[int] = {user.store_id} if user.store_id is not None else set()
    if user.has_role(*GROUP_ROLES):
        ids.update(session.scalars(select(UserStore.store_id).where(UserStore.user_id == user.id)))
    total = session.scalar(select(func.count()).select_from(Store)) or 0
    if ids and len(ids) >= total:
        return None
    return frozenset(ids)


def clause(session: Session, user: User, column: Any) -> ColumnElement[bool]:
    """WHERE clause keeping rows whose store ``column`` is in ``user``'s scope (rows without a store: all-store users only)."""
    ids = store_ids(session, user)
    if ids is None:
        return true()
    if not ids:
        return false()
    return column.in_(sorted(ids))


def filter(stmt: S, model_or_column: Any, session: Session, user: User) -> S:  # noqa: A001 - the rule's name
    """``stmt`` restricted to ``user``'s stores; pass a model with ``store_id`` or the store column itself."""
    column = getattr(model_or_column, "store_id", model_or_column)
    return stmt.where(clause(session, user, column))


def may_see(session: Session, user: User, store_id: int | None) -> bool:
    ids = store_ids(session, user)
    if ids is None:
        return True
    return store_id is not None and store_id in ids


def _code(session: Session, store_id: int | None) -> str:
    if store_id is None:
        return "every store"
    return session.scalar(select(Store.code).where(Store.id == store_id)) or f"#{store_id}"


def _mine(session: Session, user: User) -> str:
    ids = store_ids(session, user)
    if not ids:
        return "none"
    return ", ".join(sorted(session.scalars(select(Store.code).where(Store.id.in_(sorted(ids))))))


def check(session: Session, user: User, store_id: int | None, what: str = "this record") -> None:
    """Refuse unless ``user`` may see and change records of store ``store_id``."""
    if may_see(session, user, store_id):
        return
    raise PermissionDenied(f"{what} belongs to store {_code(session, store_id)}, outside your stores "
                           f"({_mine(session, user)}): user {user.username!r} may not see or change it")


def check_record(session: Session, user: User, record: Any, what: str | None = None) -> None:
    """:func:`check` for a row with a ``store_id``."""
    label = what or f"{type(record).__name__.lower()} {getattr(record, 'id', '')}".strip()
    check(session, user, getattr(record, "store_id", None), label)


def check_person(session: Session, user: User, other: User, capacity: str = "this person") -> None:
    """Refuse naming ``other`` (delegate, head, approver, assignee) unless they work in ``user``'s scope."""
    if may_see(session, user, other.store_id):
        return
    raise PermissionDenied(f"{capacity} {other.username!r} works in store {_code(session, other.store_id)}, "
                           f"outside your stores ({_mine(session, user)})")


def store(session: Session, user: User, code: str | None) -> Store:
    """The store a command acts on: ``--store CODE`` within the scope, else the user's own, else the only one."""
    if code is not None:
        found = session.scalar(select(Store).where(Store.code == code))
        if found is None:
            codes = ", ".join(stores(session, user)) or "none"
            raise ValidationError(f"unknown store {code!r} for --store; your stores: {codes}")
        check(session, user, found.id, f"--store {code}")
        return found
    if user.store_id is not None:
        own = session.get(Store, user.store_id)
        if own is not None:
            return own
    visible = list(session.scalars(filter(select(Store).order_by(Store.code).limit(2), Store.id, session, user)))
    if not visible:
        raise ValidationError("there is no store in your scope: add one with `crdesk stores add CODE NAME`")
    if len(visible) > 1:
        raise ValidationError("you work across several stores: pass --store CODE")
    return visible[0]


def stores(session: Session, user: User) -> list[str]:
    """Codes of the stores in ``user``'s scope, sorted."""
    return list(session.scalars(filter(select(Store.code).order_by(Store.code), Store.id, session, user)))


def granted(session: Session, user: User) -> list[str]:
    """Codes of the stores granted to ``user`` beyond their own (``user_store``)."""
    return list(session.scalars(select(Store.code).join(UserStore, UserStore.store_id == Store.id)
                                .where(UserStore.user_id == user.id).order_by(Store.code)))


def set_granted(session: Session, user: User, codes: Iterable[str]) -> list[str]:
    """Replace the stores granted to ``user`` (meaningful with a group role); returns the codes."""
    wanted = list(dict.fromkeys(codes))
    found = dict(session.execute(select(Store.code, Store.id).where(Store.code.in_(wanted))).all())
    missing = [c for c in wanted if c not in found]
    if missing:
        raise ValidationError(f"unknown store {missing[0]!r}: see `crdesk stores list`")
    session.execute(UserStore.__table__.delete().where(UserStore.user_id == user.id))
    session.add_all(UserStore(user_id=user.id, store_id=found[c]) for c in wanted)
    session.flush()
    return sorted(wanted)


def group_grants() -> list[Any]:
    """What the group roles may do (on top of the roles they also hold), within the stores they span."""
    from core.access import grants

    records = ("customer", "vehicle", "delivery", "service_visit")
    out = grants("group_manager", records, ("read", "reveal"), prefix="core.group")
    out += grants("group_manager", ("audit", "user", "store", "sms"), ("read",), prefix="core.group")
    out += grants("group_admin", records, ("read",), prefix="core.group")
    out += grants("group_admin", ("user", "store"), ("read", "create", "change"), prefix="core.group")
    out += grants("group_admin", ("audit",), ("read",), prefix="core.group")
    return out
