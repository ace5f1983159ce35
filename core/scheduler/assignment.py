"""Choosing the person within a role who gets each new task.

A strategy sees one batch — the new tasks of one schedule in one store — and
the role's members who are present that day (``crdesk users away`` removes
the rest), and sets ``assignee_id`` on each row. It runs a fixed number of
queries per batch, never one per task.
"""
from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from core.errors import PluginError
from core.models.tasks import Task

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.app import CrDesk
    from core.scheduler.specs import TaskSchedule


@dataclass(frozen=True)
class AssignmentContext:
    session: Session
    day: dt.date
    schedule: TaskSchedule
    store_id: int
    #: Ids of the active users holding the schedule's role in the store and not away, ascending.
    candidates: tuple[int, ...]


class AssignmentStrategy:
    """Base class; plugins subclass it and return instances from ``register_assignment_strategies``."""

    key: str = ""
    duties: tuple[str, ...] = ()

    def assign(self, ctx: AssignmentContext, rows: Sequence[dict[str, Any]]) -> None:
        """Set ``row["assignee_id"]`` for each row (leave ``None`` for the whole role)."""
        for row in rows:
            row["assignee_id"] = None


class RoleWide(AssignmentStrategy):
    """Nobody in particular: the task is on the agenda of everyone holding the role."""

    key = "core.role"


class LeastOpen(AssignmentStrategy):
    """Each task to whoever has the fewest open tasks, counting those handed out in this batch."""

    key = "core.least_open"

    def assign(self, ctx: AssignmentContext, rows: Sequence[dict[str, Any]]) -> None:
        if not ctx.candidates:
            return super().assign(ctx, rows)
        counts = dict.fromkeys(ctx.candidates, 0)
        stmt = (select(Task.assignee_id, func.count()).where(Task.assignee_id.in_(ctx.candidates),
                                                             Task.status == "open").group_by(Task.assignee_id))
        for user_id, n in ctx.session.execute(stmt):
            counts[user_id] = n
        heap = [(n, uid) for uid, n in counts.items()]
        heapq.heapify(heap)
        for row in rows:
            n, uid = heapq.heappop(heap)
            row["assignee_id"] = uid
            heapq.heappush(heap, (n + 1, uid))


class RoundRobin(AssignmentStrategy):
    """In turn, continuing after whoever got this schedule's last task in the store."""

    key = "core.round_robin"

    def assign(self, ctx: AssignmentContext, rows: Sequence[dict[str, Any]]) -> None:
        if not ctx.candidates:
            return super().assign(ctx, rows)
        last = ctx.session.scalar(
            select(Task.assignee_id).where(Task.key == ctx.schedule.key, Task.store_id == ctx.store_id,
                                           Task.assignee_id.is_not(None)).order_by(Task.id.desc()).limit(1))
        people = ctx.candidates
        # The next id after the last assignee's, even if they have since left the role or are away.
        start = 0 if last is None else next((i for i, uid in enumerate(people) if uid > last), 0)
        for i, row in enumerate(rows):
            row["assignee_id"] = people[(start + i) % len(people)]


@dataclass(frozen=True)
class ByField(AssignmentStrategy):
    """The user id a source column names (the advisor's follow-up partner); least open tasks otherwise."""

    field: str

    @property
    def key(self) -> str:  # type: ignore[override]
        return f"field:{self.field}"

    def assign(self, ctx: AssignmentContext, rows: Sequence[dict[str, Any]]) -> None:
        present = set(ctx.candidates)
        unmatched: list[dict[str, Any]] = []
        for row in rows:
            uid = (row.get("detail") or {}).get(self.field)
            if uid in present:
                row["assignee_id"] = uid
            else:
                unmatched.append(row)
        if unmatched:
            LeastOpen().assign(ctx, unmatched)


BUILTIN: dict[str, AssignmentStrategy] = {"role": RoleWide(), "least_open": LeastOpen(),
                                          "round_robin": RoundRobin()}


def strategies(app: CrDesk) -> dict[str, AssignmentStrategy]:
    """Built-in strategies by short name plus every plugin's by key."""
    found = dict(BUILTIN)
    for strategy in app.hooks.assignment_strategies(app):
        found[strategy.key] = strategy
    return found


def resolve(name: str, available: dict[str, AssignmentStrategy]) -> AssignmentStrategy:
    if name.startswith("field:") and len(name) > len("field:"):
        return ByField(name.split(":", 1)[1])
    try:
        return available[name]
    except KeyError:
        known = ", ".join(sorted([*available, "field:<column>"]))
        raise PluginError(f"unknown assignment strategy {name!r}; known: {known}") from None
