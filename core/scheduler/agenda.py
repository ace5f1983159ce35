"""Whose task is it: the agenda of a person or a role, and what the manager sees overdue.

A task is on a user's agenda when it is assigned to them, when it is assigned
to a role they hold in their store and to nobody in particular, when it was
escalated to them, or when it belongs to a colleague who is away and named
them as delegate.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session

from core.models.people import Role, User
from core.models.tasks import Task
from core.workdays import CST, cst_datetime

#: Roles that see every overdue task of their store's department on their agenda.
OVERSEEING_ROLES = ("manager",)


def visible_to(session: Session, user: User, day: dt.date) -> ColumnElement[bool]:
    """The WHERE clause selecting the tasks ``user`` is responsible for on ``day``."""
    clauses: list[ColumnElement[bool]] = [Task.assignee_id == user.id, Task.escalated_to_id == user.id]
    people = [user]
    absent = session.scalars(select(User).where(User.delegate_id == user.id, User.away_until.is_not(None),
                                                User.away_until >= day, User.active.is_(True))).all()
    clauses.extend(Task.assignee_id == other.id for other in absent)
    people.extend(absent)
    for person in people:
        if person.store_id is not None and person.role_codes:
            clauses.append(and_(Task.assignee_id.is_(None), Task.store_id == person.store_id,
                                Task.role_code.in_(sorted(person.role_codes))))
    return or_(*clauses) if clauses else false()


def window(day: dt.date, *, week: bool) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the agenda: the day, or the rest of its Monday–Sunday week."""
    end_day = day + dt.timedelta(days=(6 - day.weekday()) if week else 0)
    return cst_datetime(day), cst_datetime(end_day + dt.timedelta(days=1))


def agenda_tasks(session: Session, *, day: dt.date, week: bool = False, user: User | None = None,
                 role: str | None = None, store_id: int | None = None) -> list[Task]:
    """Open tasks that have opened by the end of the window (overdue ones included), soonest due first."""
    _start, end = window(day, week=week)
    stmt = select(Task).where(Task.status == "open", Task.opens_at < end)
    if user is not None:
        stmt = stmt.where(visible_to(session, user, day))
    if role is not None:
        stmt = stmt.where(Task.role_code == role)
        if store_id is not None:
            stmt = stmt.where(Task.store_id == store_id)
    return list(session.scalars(stmt.order_by(Task.due_at, Task.id)))


def department_overdue(session: Session, *, store_id: int | None, moment: dt.datetime) -> list[Task]:
    """Every open task past due in the store: what the CR manager chases."""
    stmt = select(Task).where(Task.status == "open", Task.due_at < moment)
    if store_id is not None:
        stmt = stmt.where(Task.store_id == store_id)
    return list(session.scalars(stmt.order_by(Task.due_at, Task.id)))


@dataclass
class TaskLabels:
    """Names for ids, loaded once per listing (no query per task)."""

    users: dict[int, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, tasks: Sequence[Task]) -> TaskLabels:
        ids = {i for t in tasks for i in (t.assignee_id, t.escalated_to_id) if i is not None}
        users = dict(session.execute(select(User.id, User.username).where(User.id.in_(ids))).all()) \
            if ids else {}
        roles = dict(session.execute(select(Role.code, Role.name_zh)).all())
        return cls(users, roles)


def task_row(task: Task, labels: TaskLabels, moment: dt.datetime) -> dict[str, Any]:
    """A task as people and scripts read it: times in China Standard Time, status with overdue derived."""
    return {
        "id": task.id, "title": task.title, "duties": list(task.duties or ()), "status": task.display_status(moment),
        "opens_at": task.opens_at.astimezone(CST), "due_at": task.due_at.astimezone(CST),
        "role": task.role_code, "role_zh": labels.roles.get(task.role_code or "", ""),
        "assignee": labels.users.get(task.assignee_id) if task.assignee_id else None,
        "escalated_to": labels.users.get(task.escalated_to_id) if task.escalated_to_id else None,
        "store_id": task.store_id, "key": task.key, "period": task.period,
        "source": f"{task.source_kind}#{task.source_id}" if task.source_kind else None,
        "link": f"{task.link_kind}:{task.link_id if task.link_id is not None else task.link_ref}"
        if task.link_kind else None,
        "late": task.late,
    }


def due_group(row: dict[str, Any], day: dt.date) -> str:
    """The heading a task is listed under: overdue, or its due time (the date too when not ``day``)."""
    if row["status"] == "overdue":
        return "overdue 已逾期"
    due: dt.datetime = row["due_at"]
    return f"{due:%H:%M}" if due.date() == day else f"{due:%Y-%m-%d %H:%M}"
