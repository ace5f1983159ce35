"""The staff lifecycle: a leaver's work moves to a colleague, a role change or store transfer, store details.

Every function checks the acting user's right (``user``/``store`` change) and
store scope itself, so the CLI and the web front call the same checked code,
and writes one audit entry in the caller's transaction.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core import audit, scope
from core.access import require
from core.errors import ValidationError
from core.models import ApprovalRequest, ApprovalStep, Department, Role, Store, Task, User, UserRole
from core.people import department, user_by_name

if TYPE_CHECKING:
    from core.app import CrDesk


@dataclass
class Handover:
    """What :func:`deactivate` moved: open tasks, approval steps, department headships, delegations."""

    reassigned: list[int] = field(default_factory=list)
    returned: list[int] = field(default_factory=list)
    steps: int = 0
    heads: list[str] = field(default_factory=list)
    delegations: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"reassigned_tasks": self.reassigned, "returned_tasks": self.returned, "approval_steps": self.steps,
                "heads_cleared": self.heads, "delegations_cleared": self.delegations}


def _target(app: CrDesk, session: Session, actor: User, username: str) -> User:
    require(app, session, actor, "user", "change")
    user = user_by_name(session, username)
    scope.check_person(session, actor, user, "the user")
    return user


def deactivate(app: CrDesk, session: Session, actor: User, username: str, *,
               reassign_to: str | None = None) -> Handover:
    """Deactivate a leaver: their open tasks go to ``reassign_to`` or back to their role's queue; nothing is lost.

    A task without a role queue needs ``reassign_to``. The leaver can no longer
    act (``--as`` refuses inactive users) and is never chosen again.
    """
    user = _target(app, session, actor, username)
    if user.id == actor.id:
        raise ValidationError("you cannot deactivate yourself: ask another administrator")
    if not user.active:
        raise ValidationError(f"user {username!r} is already deactivated")
    successor = user_by_name(session, reassign_to) if reassign_to else None
    if successor is not None:
        scope.check_person(session, actor, successor, "the successor")
        if not successor.active or successor.id == user.id:
            raise ValidationError(f"--reassign-to {reassign_to!r}: choose an active colleague other than the leaver")
        if successor.store_id != user.store_id:
            raise ValidationError(f"--reassign-to {reassign_to!r} works in another store than {username!r}")
    mine = list(session.scalars(select(Task).where(Task.status == "open", Task.assignee_id == user.id)
                                .order_by(Task.id)))
    stranded = [t.id for t in mine if successor is None and not t.role_code]
    if stranded:
        raise ValidationError(f"task {stranded[0]} of {username!r} has no role queue to return to: "
                              "pass --reassign-to USER")
    out = Handover()
    for task in mine:
        task.assignee_id = successor.id if successor else None
        (out.reassigned if successor else out.returned).append(task.id)
    session.execute(update(Task).where(Task.status == "open", Task.escalated_to_id == user.id)
                    .values(escalated_to_id=successor.id if successor else None))
    steps = session.execute(
        update(ApprovalStep).where(ApprovalStep.status == "pending", ApprovalStep.assignee_id == user.id,
                                   ApprovalStep.request_id.in_(select(ApprovalRequest.id)
                                                               .where(ApprovalRequest.status == "pending")))
        .values(assignee_id=successor.id if successor else None))
    out.steps = int(getattr(steps, "rowcount", 0) or 0)
    for dept in session.scalars(select(Department).where(Department.head_id == user.id)):
        dept.head_id = successor.id if successor else None
        out.heads.append(dept.code)
    delegations = session.execute(update(User).where(User.delegate_id == user.id).values(delegate_id=None))
    out.delegations = int(getattr(delegations, "rowcount", 0) or 0)
    user.active, user.away_until, user.delegate_id = False, None, None
    session.flush()
    app.hooks.user_deactivated(app, session, user, successor)
    audit.record(session, actor=actor.username, action=DEACTIVATE, entity="user", entity_id=user.id,
                 before={"active": True}, after={"active": False, "successor": reassign_to, **out.as_dict()})
    return out


#: Audit action of :func:`deactivate`.
DEACTIVATE = "deactivate"


def set_user(app: CrDesk, session: Session, actor: User, username: str, *, roles: Sequence[str] = (),
             dept: str | None = None, store: str | None = None, full_name: str | None = None,
             grant_stores: Sequence[str] | None = None) -> User:
    """Change a user's roles, department, store (a transfer), name, or the stores a group role spans.

    A transfer returns the user's open tasks of the old store to its role queues
    and clears headships and delegations there: the work stays with the store.
    """
    user = _target(app, session, actor, username)
    before = _profile(session, user)
    if roles:
        known = set(session.scalars(select(Role.code)))
        unknown = [r for r in roles if r not in known]
        if unknown:
            raise ValidationError(f"unknown role {unknown[0]!r}; roles are {', '.join(sorted(known))}")
        user.roles.clear()
        session.flush()
        user.roles.extend(UserRole(role_code=r) for r in dict.fromkeys(roles))
    new_store = scope.store(session, actor, store) if store is not None else None
    if new_store is not None and new_store.id != user.store_id:
        _leave_store(session, user)
        user.store_id = new_store.id
        dept = dept or (before["dept"] if before["dept"] else None)
        if dept is None:
            raise ValidationError("a store transfer needs --dept DEPT")
    if dept is not None:
        target_store = session.get(Store, user.store_id) if user.store_id is not None else None
        if target_store is None:
            raise ValidationError(f"user {username!r} has no store: pass --store CODE")
        user.department_id = department(session, target_store, dept).id
    if full_name is not None:
        user.full_name = full_name
    if grant_stores is not None:
        for code in grant_stores:
            scope.store(session, actor, code)
        scope.set_granted(session, user, grant_stores)
    session.flush()
    session.refresh(user)
    after = _profile(session, user)
    old, new = audit.changes(before, after)
    if new:
        audit.record(session, actor=actor.username, action=audit.CHANGE, entity="user", entity_id=user.id,
                     before=old, after=new)
    return user


def _profile(session: Session, user: User) -> dict[str, Any]:
    dept = session.get(Department, user.department_id) if user.department_id else None
    store = session.get(Store, user.store_id) if user.store_id else None
    return {"roles": sorted(user.role_codes), "store": store.code if store else None,
            "dept": dept.code if dept else None, "full_name": user.full_name,
            "grant_stores": scope.granted(session, user)}


def _leave_store(session: Session, user: User) -> None:
    session.execute(update(Task).where(Task.status == "open", Task.assignee_id == user.id,
                                       Task.store_id == user.store_id).values(assignee_id=None))
    session.execute(update(Department).where(Department.head_id == user.id).values(head_id=None))
    session.execute(update(User).where(User.delegate_id == user.id).values(delegate_id=None))
    user.delegate_id, user.away_until = None, None


#: Fields ``crdesk stores set`` may change, with the option that names each.
STORE_FIELDS = ("name", "city", "address", "phone", "sms_signature", "letterhead")


def set_store(app: CrDesk, session: Session, actor: User, code: str, **values: str | None) -> Store:
    """Change a store's details (address, phone, SMS signature, letterhead, city); only stores in scope."""
    require(app, session, actor, "store", "change")
    store = scope.store(session, actor, code)
    unknown = [k for k in values if k not in STORE_FIELDS]
    if unknown:
        raise ValidationError(f"unknown store field {unknown[0]!r}; fields are {', '.join(STORE_FIELDS)}")
    wanted = {k: v.strip() for k, v in values.items() if v is not None}
    if "name" in wanted and not wanted["name"]:
        raise ValidationError("a store needs a name")
    before = {k: getattr(store, k) for k in wanted}
    for key, value in wanted.items():
        setattr(store, key, value)
    session.flush()
    old, new = audit.changes(before, wanted)
    if new:
        audit.record(session, actor=actor.username, action=audit.CHANGE, entity="store", entity_id=store.id,
                     before=old, after=new)
    return store
