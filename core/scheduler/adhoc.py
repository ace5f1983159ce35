"""Tasks that no schedule generates: an approval step waiting for someone, an action after approval.

The approvals engine (and any plugin) opens one with :func:`open_task` when a
record needs a person's action and closes it with :func:`close_tasks_for`
when the record moves on. While open, the task sits on the agenda of its
assignee, or of everyone holding its role in its store, like any other task.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.db.base import utcnow
from core.errors import ValidationError
from core.models.tasks import Task
from core.scheduler.inserts import insert_task_if_absent

#: How long an ad hoc task may be overdue before it goes to the department head.
DEFAULT_GRACE = dt.timedelta(days=1)
_PREFIX = "adhoc|"
CLOSED_STATUSES = ("done", "cancelled")


def _open_key(key: str, link_kind: str | None, link_id: int | None, role_code: str | None,
              assignee_id: int | None) -> str:
    return f"{_PREFIX}{key}|{link_kind or ''}|{'' if link_id is None else link_id}|{role_code or ''}|" \
           f"{'' if assignee_id is None else assignee_id}"


def task_snapshot(task: Task) -> dict[str, object]:
    """The fields an audit entry of a task carries."""
    return {"key": task.key, "title": task.title, "status": task.status, "store_id": task.store_id,
            "role_code": task.role_code, "assignee_id": task.assignee_id, "link_kind": task.link_kind,
            "link_id": task.link_id, "due_at": task.due_at}


def open_task(session: Session, *, key: str, title: str, store_id: int | None, due_at: dt.datetime,
              role_code: str | None = None, assignee_id: int | None = None,
              link_kind: str | None = None, link_id: int | None = None,
              duties: tuple[str, ...] = (), opens_at: dt.datetime | None = None,
              actor: str | None = None) -> Task:
    """A task that no schedule generates (an approval step, an action after approval); idempotent on
    (key, link_kind, link_id, role_code, assignee_id) — calling again returns the existing open task."""
    if "." not in key:
        raise ValidationError(f"task key {key!r} must be '<plugin>.<id>'")
    if due_at.tzinfo is None:
        raise ValidationError(f"due_at {due_at!r} must be an aware datetime")
    dedupe = _open_key(key, link_kind, link_id, role_code, assignee_id)
    existing = session.scalar(select(Task).where(Task.dedupe_key == dedupe))
    if existing is not None:
        return existing
    now = utcnow()
    opens = opens_at or now
    new_id = insert_task_if_absent(session, {
        "key": key, "dedupe_key": dedupe, "title": title, "duties": list(duties), "store_id": store_id,
        "role_code": role_code, "assignee_id": assignee_id, "period": None, "source_kind": None,
        "source_id": None, "link_kind": link_kind, "link_id": link_id, "link_ref": None, "detail": None,
        "opens_at": opens, "due_at": due_at, "escalate_at": due_at + DEFAULT_GRACE, "status": "open",
        "late": False, "created_at": now, "created_by": actor,
    })
    task = session.scalars(select(Task).where(Task.dedupe_key == dedupe)).one()
    if new_id is not None:
        audit.record(session, actor=actor, action=audit.CREATE, entity="task", entity_id=task.id,
                     after=task_snapshot(task))
    return task


def close_task(session: Session, task: Task, *, status: str, actor: str | None) -> None:
    """Mark one open task done or cancelled, audited; an ad hoc task's key is freed for a later one."""
    if status not in CLOSED_STATUSES:
        raise ValidationError(f"cannot close a task as {status!r}; use done or cancelled")
    before = {"status": task.status}
    task.status = status
    task.closed_at = utcnow()
    task.closed_by = actor
    if task.dedupe_key.startswith(_PREFIX):
        # Only one *open* ad hoc task per key; a closed one steps aside so the
        # same step can be opened again (a request sent back and resubmitted).
        task.dedupe_key = f"{task.dedupe_key}|closed:{task.id}"[:255]
    audit.record(session, actor=actor, action=audit.CHANGE, entity="task", entity_id=task.id,
                 before=before, after={"status": status})


def close_tasks_for(session: Session, *, link_kind: str, link_id: int, status: str = "done",
                    actor: str | None = None, key: str | None = None) -> int:
    """Close (done/cancelled) the open tasks linked to a record; returns how many."""
    stmt = select(Task).where(Task.link_kind == link_kind, Task.link_id == link_id, Task.status == "open")
    if key is not None:
        stmt = stmt.where(Task.key == key)
    tasks = list(session.scalars(stmt.order_by(Task.id)))
    for task in tasks:
        close_task(session, task, status=status, actor=actor)
    session.flush()
    return len(tasks)
