"""What a plugin declares in ``register_task_schedules``: when a duty becomes a task, and for whom.

Three kinds, all plain data:

* :class:`CalendarSchedule` — a cadence (daily, weekly, by the 10th …), one task per period and store;
* :class:`EventSchedule` — one task per source record (a delivery), open on N+a and due on N+b;
* :class:`CohortSchedule` — one task per period over the records of months N-x..N-y.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.scheduler.cadences import Cadence

if TYPE_CHECKING:
    from sqlalchemy import Select
    from sqlalchemy.orm import Session

    from core.models.tasks import Task

#: ``source(session, first_anchor_day, last_anchor_day)`` returns an indexed SELECT with the labelled
#: columns ``source_id``, ``anchor_date``, ``store_id`` and any extra fields the task should carry.
SourceQuery = Callable[["Session", dt.date, dt.date], "Select[Any]"]


@dataclass(frozen=True)
class Proof:
    """Evidence ``crdesk tasks done`` requires: ``check(session, task)`` must hold, else ``message`` is shown."""

    check: Callable[[Session, Task], bool]
    message: str
    #: What the proof needs, so ``crdesk duties`` can tell whether the duty is reachable: the report it
    #: looks for and the CLI commands (``"sales-fu deliveries"``) that produce the evidence.
    report_key: str | None = None
    commands: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class TaskSchedule:
    """Fields every schedule kind shares.

    ``assign`` names the strategy choosing a person within ``role``: ``"role"``
    (the whole role sees it), ``"round_robin"``, ``"least_open"``,
    ``"field:<column>"`` (a user id the source returns, such as the sales
    advisor's follow-up partner) or a key a plugin registered with
    ``register_assignment_strategies``.
    """

    key: str
    title_zh: str
    role: str
    duties: tuple[str, ...] = ()
    due_time: dt.time = dt.time(17, 30)
    assign: str = "role"
    #: How long a task may be overdue before it goes to the role's department head.
    escalate_after: dt.timedelta = dt.timedelta(days=1)
    proof: Proof | None = None
    #: What completes it, e.g. ("report", "manager.monthly_summary") or ("form", "sales_fu.callback").
    completes_with: tuple[str, str] | None = None
    description: str = ""

    @property
    def kind(self) -> str:
        return "schedule"

    def describe(self) -> str:
        return self.kind


@dataclass(frozen=True, kw_only=True)
class CalendarSchedule(TaskSchedule):
    cadence: Cadence

    @property
    def kind(self) -> str:
        return "calendar"

    def describe(self) -> str:
        return f"{self.cadence.describe()} {self.due_time:%H:%M}前"


@dataclass(frozen=True, kw_only=True)
class EventSchedule(TaskSchedule):
    """A task per source record, open ``opens_after`` and due ``due_after`` days after its anchor (N).

    Days are calendar days, as the manual counts; ``workdays=True`` counts
    working days of the official calendar instead.
    """

    source_kind: str
    source: SourceQuery
    opens_after: int = 3
    due_after: int = 5
    workdays: bool = False
    #: An extra column of the source shown after the title (the customer's name).
    label_field: str | None = None

    @property
    def kind(self) -> str:
        return "event"

    def describe(self) -> str:
        unit = "个工作日" if self.workdays else "天"
        return f"{self.source_kind} N+{self.opens_after}…N+{self.due_after}{unit}"

    def __post_init__(self) -> None:
        if self.due_after < self.opens_after:
            raise ValueError(f"{self.key}: due_after must not be before opens_after")


@dataclass(frozen=True, kw_only=True)
class CohortSchedule(TaskSchedule):
    """Each period of ``cadence``, one task per store over the records anchored in months N-x..N-y.

    ``month_offsets=(3, 5)`` is the manual's "deliveries of months N-3..N-5".
    """

    cadence: Cadence
    source_kind: str
    source: SourceQuery
    month_offsets: tuple[int, int] = (3, 5)

    @property
    def kind(self) -> str:
        return "cohort"

    def describe(self) -> str:
        near, far = sorted(self.month_offsets)
        return f"{self.cadence.describe()} {self.source_kind} N-{far}…N-{near}月"
