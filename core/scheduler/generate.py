"""Turning every enabled plugin's schedules into the day's tasks.

``generate(app, day)`` is what ``crdesk tasks generate`` runs each morning.
It is idempotent: every task has a ``dedupe_key`` (schedule, store, period
or source record) under a unique constraint and is inserted with ON CONFLICT
DO NOTHING, so a second run, or a run on another machine at the same time,
creates nothing twice. Per store it remembers the last day generated and
catches up the days in between, marking tasks created after their opening
day as late. Its cost follows the number of tasks due: sources are queried
by an indexed range of anchor dates, and inserts are one batched statement.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import false, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core import access, audit
from core.db.base import utcnow
from core.errors import PluginError
from core.models.people import Department, Store, User, UserRole
from core.models.tasks import Task, TaskWatermark
from core.scheduler.assignment import AssignmentContext, AssignmentStrategy, resolve, strategies
from core.scheduler.inserts import insert_tasks_ignoring_duplicates
from core.scheduler.specs import CalendarSchedule, CohortSchedule, EventSchedule, TaskSchedule
from core.workdays import WorkdayCalendar, add_months, cst_date, cst_datetime, cst_today, month_bounds

if TYPE_CHECKING:
    from core.app import CrDesk

#: A generator that has not run for longer than this catches up only this many days (and says so).
MAX_CATCH_UP_DAYS = 31
#: ``tasks generate --date`` accepts days up to this far ahead of today.
MAX_DAYS_AHEAD = 366
_SOURCE_COLUMNS = ("source_id", "anchor_date", "store_id")


@dataclass
class GenerationSummary:
    day: dt.date
    created: int = 0
    late: int = 0
    escalated: int = 0
    by_schedule: dict[str, int] = field(default_factory=dict)
    #: Per store code, the first and last day covered.
    covered: dict[str, tuple[dt.date, dt.date]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"day": self.day, "created": self.created, "late": self.late, "escalated": self.escalated,
                "by_schedule": dict(sorted(self.by_schedule.items())),
                "covered": {k: [a, b] for k, (a, b) in sorted(self.covered.items())}, "warnings": self.warnings}


@dataclass
class _StoreWindow:
    store_id: int
    first: dt.date
    first_run: bool
    calendar: WorkdayCalendar

    def days(self, last: dt.date) -> list[dt.date]:
        return [self.first + dt.timedelta(days=i) for i in range((last - self.first).days + 1)]


def as_of(day: dt.date) -> dt.datetime:
    """The moment "now" means for ``day``: the clock today, else the start of that day in Guangzhou."""
    return utcnow() if day == cst_today() else cst_datetime(day)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


class _Run:
    """One generation: the stores' windows, the candidates per role, and the rows to insert."""

    def __init__(self, app: CrDesk, session: Session, day: dt.date, actor: str | None) -> None:
        self.app = app
        self.session = session
        self.day = day
        self.actor = actor
        self.now = utcnow()
        self.summary = GenerationSummary(day)
        self.rows: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
        self.windows = self._windows()
        self.candidates = self._candidates()

    # -- set-up -----------------------------------------------------------
    def _windows(self) -> dict[int, _StoreWindow]:
        stores = self.session.execute(select(Store.id, Store.code).order_by(Store.id)).all()
        marks = dict(self.session.execute(select(TaskWatermark.store_id, TaskWatermark.last_day)).all())
        windows: dict[int, _StoreWindow] = {}
        for store_id, code in stores:
            last = marks.get(store_id)
            first = self.day
            if last is not None and last < self.day:
                first = last + dt.timedelta(days=1)
                floor = self.day - dt.timedelta(days=MAX_CATCH_UP_DAYS)
                if first < floor:
                    self.summary.warnings.append(
                        f"store {code}: tasks were last generated for {last}; catching up only the last "
                        f"{MAX_CATCH_UP_DAYS} days (from {floor})")
                    first = floor
            windows[store_id] = _StoreWindow(store_id, first, last is None,
                                             WorkdayCalendar.load(self.session, store_id))
            self.summary.covered[code] = (first, self.day)
        return windows

    def _candidates(self) -> dict[tuple[str, int], tuple[int, ...]]:
        """Active users present on the day, per (role, store): one query for the whole run."""
        stmt = (select(UserRole.role_code, User.store_id, User.id).join(User, User.id == UserRole.user_id)
                .where(User.active.is_(True), User.store_id.is_not(None))
                .where((User.away_until.is_(None)) | (User.away_until < self.day)).order_by(User.id))
        out: dict[tuple[str, int], list[int]] = defaultdict(list)
        for role, store_id, user_id in self.session.execute(stmt):
            out[(role, store_id)].append(user_id)
        return {k: tuple(v) for k, v in out.items()}

    # -- rows -------------------------------------------------------------
    def _add(self, schedule: TaskSchedule, store_id: int, dedupe: str, opens_on: dt.date, due_on: dt.date, *,
             period: str | None = None, source: tuple[str, int] | None = None, title: str | None = None,
             detail: dict[str, Any] | None = None) -> None:
        due_at = cst_datetime(due_on, schedule.due_time)
        link_kind, link_ref = schedule.completes_with or (None, None)
        self.rows[(schedule.key, store_id)].append({
            "key": schedule.key, "dedupe_key": dedupe[:255], "title": (title or schedule.title_zh)[:200],
            "duties": list(schedule.duties), "store_id": store_id, "role_code": schedule.role,
            "assignee_id": None, "period": period, "source_kind": source[0] if source else None,
            "source_id": source[1] if source else None, "link_kind": link_kind, "link_id": None,
            "link_ref": link_ref, "detail": detail, "opens_at": cst_datetime(opens_on), "due_at": due_at,
            "escalate_at": due_at + schedule.escalate_after, "status": "open", "late": opens_on < self.day,
            "created_at": self.now, "created_by": self.actor,
        })

    def calendar(self, schedule: CalendarSchedule) -> None:
        for window in self.windows.values():
            seen: set[str] = set()
            for day in window.days(self.day):
                for occ in schedule.cadence.active_on(day, window.calendar):
                    if occ.period in seen:
                        continue
                    seen.add(occ.period)
                    self._add(schedule, window.store_id, f"{schedule.key}|{window.store_id}|{occ.period}",
                              occ.opens_on, occ.due_on, period=occ.period)

    def event(self, schedule: EventSchedule) -> None:
        bounds = [self._anchor_bounds(schedule, w) for w in self.windows.values()]
        bounds = [b for b in bounds if b[0] <= b[1]]
        if not bounds:
            return
        lo, hi = min(b[0] for b in bounds), max(b[1] for b in bounds)
        offsets: dict[tuple[int, dt.date], tuple[dt.date, dt.date]] = {}
        result = self.session.execute(schedule.source(self.session, lo, hi)).mappings()
        for row in result:
            window = self.windows.get(row["store_id"])
            if window is None:
                continue
            anchor = row["anchor_date"]
            key = (window.store_id, anchor)
            span = offsets.get(key)
            if span is None:
                span = offsets[key] = self._offsets(schedule, window.calendar, anchor)
            opens_on, due_on = span
            if opens_on > self.day:
                continue
            if (due_on < self.day) if window.first_run else (opens_on < window.first):
                continue
            detail = {k: _jsonable(v) for k, v in row.items() if k not in _SOURCE_COLUMNS}
            detail["anchor_date"] = anchor.isoformat()
            title = schedule.title_zh
            if schedule.label_field and row.get(schedule.label_field):
                title = f"{title} · {row[schedule.label_field]}"
            source_id = int(row["source_id"])
            self._add(schedule, window.store_id, f"{schedule.key}|{schedule.source_kind}:{source_id}",
                      opens_on, due_on, source=(schedule.source_kind, source_id), title=title, detail=detail)

    @staticmethod
    def _offsets(schedule: EventSchedule, calendar: WorkdayCalendar, anchor: dt.date) -> tuple[dt.date, dt.date]:
        if schedule.workdays:
            return (calendar.add_workdays(anchor, schedule.opens_after),
                    calendar.add_workdays(anchor, schedule.due_after))
        return anchor + dt.timedelta(days=schedule.opens_after), anchor + dt.timedelta(days=schedule.due_after)

    def _anchor_bounds(self, schedule: EventSchedule, window: _StoreWindow) -> tuple[dt.date, dt.date]:
        """The anchor dates N whose window this run must cover in ``window``'s store."""
        a, b = schedule.opens_after, schedule.due_after
        if not schedule.workdays:
            hi = self.day - dt.timedelta(days=a)
            lo = self.day - dt.timedelta(days=b) if window.first_run else window.first - dt.timedelta(days=a)
            return lo, hi
        cal = window.calendar
        hi = self.day - dt.timedelta(days=a)
        while cal.add_workdays(hi, a) > self.day:
            hi -= dt.timedelta(days=1)
        offset, target = (b, self.day) if window.first_run else (a, window.first)
        lo = target - dt.timedelta(days=offset + 40)
        while cal.add_workdays(lo, offset) < target:
            lo += dt.timedelta(days=1)
        return lo, hi

    def cohort(self, schedule: CohortSchedule) -> None:
        near, far = sorted(schedule.month_offsets)
        wanted: dict[tuple[dt.date, dt.date], list[tuple[int, Any]]] = defaultdict(list)
        for window in self.windows.values():
            seen: set[str] = set()
            for day in window.days(self.day):
                for occ in schedule.cadence.active_on(day, window.calendar):
                    if occ.period in seen:
                        continue
                    seen.add(occ.period)
                    y, m = occ.opens_on.year, occ.opens_on.month
                    lo = month_bounds(*add_months(y, m, -far))[0]
                    hi = month_bounds(*add_months(y, m, -near))[1]
                    wanted[(lo, hi)].append((window.store_id, occ))
        for (lo, hi), targets in wanted.items():
            sub = schedule.source(self.session, lo, hi).subquery()
            counts = dict(self.session.execute(
                select(sub.c.store_id, func.count()).group_by(sub.c.store_id)).all())
            for store_id, occ in targets:
                n = counts.get(store_id, 0)
                if not n:
                    continue
                months = f"{lo:%Y-%m}～{hi:%Y-%m}" if lo.month != hi.month or lo.year != hi.year else f"{lo:%Y-%m}"
                self._add(schedule, store_id, f"{schedule.key}|{store_id}|{occ.period}", occ.opens_on, occ.due_on,
                          period=occ.period, title=f"{schedule.title_zh}（{months}）",
                          detail={"from_month": f"{lo:%Y-%m}", "to_month": f"{hi:%Y-%m}", "records": n,
                                  "source_kind": schedule.source_kind})

    # -- assignment, insert, escalation ------------------------------------
    def assign(self, schedules: dict[str, TaskSchedule], available: dict[str, AssignmentStrategy]) -> None:
        for (key, store_id), rows in self.rows.items():
            schedule = schedules[key]
            strategy = resolve(schedule.assign, available)
            ctx = AssignmentContext(self.session, self.day, schedule, store_id,
                                    self.candidates.get((schedule.role, store_id), ()))
            strategy.assign(ctx, rows)

    def insert(self) -> None:
        groups: dict[tuple[str, bool], list[dict[str, Any]]] = defaultdict(list)
        for batch in self.rows.values():
            for row in batch:
                groups[(row["key"], row["late"])].append(row)
        # One executemany per (schedule, late): its row count says how many this run created.
        for (key, late), rows in groups.items():
            n = insert_tasks_ignoring_duplicates(self.session, rows)
            if not n:
                continue
            self.summary.by_schedule[key] = self.summary.by_schedule.get(key, 0) + n
            self.summary.created += n
            self.summary.late += n if late else 0

    def escalate(self) -> None:
        moment = as_of(self.day)
        tasks = list(self.session.scalars(select(Task).where(Task.status == "open", Task.escalate_at <= moment,
                                                             Task.escalated_at.is_(None))))
        if not tasks:
            return
        heads = _department_heads(self.session, tasks)
        records = []
        for task in tasks:
            head = heads.get(task.id)
            if head is None:
                continue
            task.escalated_to_id = head
            task.escalated_at = moment
            self.summary.escalated += 1
            records.append(audit.AuditRecord(self.actor, "escalate", "task", task.id,
                                             after={"escalated_to_id": head, "due_at": task.due_at}))
        audit.record_many(self.session, records)
        unassigned = sum(1 for t in tasks if t.id not in heads)
        if unassigned:
            self.summary.warnings.append(f"{unassigned} overdue task(s) have no department head to escalate to: "
                                         "set the department's head")

    def save_watermarks(self) -> None:
        """Remember the day generated up to, unless it lies ahead of today.

        A run for a future day (planning, ``tasks generate --date`` next week)
        must not move the marker: the next normal run would then skip the
        days in between and never create their tasks.
        """
        if not self.windows or self.day > cst_today():
            return
        dialect = self.session.get_bind().dialect.name
        module = postgresql if dialect == "postgresql" else sqlite
        table = TaskWatermark.__table__
        stmt = module.insert(table)
        stmt = stmt.on_conflict_do_update(index_elements=["store_id"],
                                          set_={"last_day": stmt.excluded.last_day, "updated_at": self.now},
                                          where=table.c.last_day < stmt.excluded.last_day)
        self.session.execute(stmt, [{"store_id": sid, "last_day": self.day, "updated_at": self.now}
                                    for sid in self.windows])


def _department_heads(session: Session, tasks: Sequence[Task]) -> dict[int, int]:
    """Task id -> the head of the department of its assignee, or of its role's members in its store."""
    assignees = {t.assignee_id for t in tasks if t.assignee_id is not None}
    by_user: dict[int, int] = {}
    if assignees:
        stmt = (select(User.id, Department.head_id).join(Department, Department.id == User.department_id)
                .where(User.id.in_(assignees), Department.head_id.is_not(None)))
        by_user = dict(session.execute(stmt).all())
    roles = {(t.role_code, t.store_id) for t in tasks if t.assignee_id is None or t.assignee_id not in by_user}
    by_role: dict[tuple[str | None, int | None], int] = {}
    if roles:
        stmt2 = (select(UserRole.role_code, User.store_id, Department.head_id)
                 .join(User, User.id == UserRole.user_id).join(Department, Department.id == User.department_id)
                 .where(UserRole.role_code.in_({r for r, _ in roles if r}), Department.head_id.is_not(None))
                 .order_by(User.id))
        for role, store_id, head in session.execute(stmt2):
            by_role.setdefault((role, store_id), head)
    out: dict[int, int] = {}
    for t in tasks:
        head = by_user.get(t.assignee_id) if t.assignee_id is not None else None
        head = head or by_role.get((t.role_code, t.store_id))
        if head is not None:
            out[t.id] = head
    return out


def _take_sqlite_write_lock(session: Session) -> None:
    """On SQLite, start as a writer so a concurrent run waits (busy_timeout) instead of failing later.

    A transaction that has read and then tries to write cannot wait for a
    writer that committed meanwhile; taking the write lock first avoids that.
    PostgreSQL needs nothing: the unique constraint arbitrates.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(TaskWatermark).where(false()).values(last_day=TaskWatermark.last_day))


def sane_range(session: Session) -> tuple[dt.date, dt.date]:
    """The days ``tasks generate --date`` accepts: from a catch-up window before the stores' first data
    (a store's creation, its first delivery or service visit) to a year after today."""
    from core.models import Delivery, ServiceVisit

    today = cst_today()
    created = session.scalar(select(func.min(Store.created_at)))
    firsts = [d for d in (session.scalar(select(func.min(Delivery.delivered_on))),
                          session.scalar(select(func.min(ServiceVisit.intake_on))),
                          cst_date(created) if created is not None else None) if d is not None]
    first = min(firsts, default=today)
    return first - dt.timedelta(days=MAX_CATCH_UP_DAYS), today + dt.timedelta(days=MAX_DAYS_AHEAD)


def generate(app: CrDesk, day: dt.date | None = None, *, actor: str | None = None) -> GenerationSummary:
    """Create the tasks of ``day`` (default today in Guangzhou) and of any missed days; escalate overdue ones.

    Admin or the ``system`` user of the cron line (``create`` on ``task_generation``) may run it.
    """
    with app.db.engine.connect() as conn:
        access.authorize(app, conn, "task_generation", "create")
    day = day or cst_today()
    schedules = {s.key: s for s in app.hooks.task_schedules(app)}
    available = strategies(app)
    for schedule in schedules.values():
        if not isinstance(schedule, (CalendarSchedule, EventSchedule, CohortSchedule)):
            raise PluginError(f"schedule {getattr(schedule, 'key', schedule)!r} is not a CalendarSchedule, "
                              "EventSchedule or CohortSchedule")
        resolve(schedule.assign, available)
    with app.session() as session:
        _take_sqlite_write_lock(session)
        run = _Run(app, session, day, actor)
        for schedule in schedules.values():
            if isinstance(schedule, CalendarSchedule):
                run.calendar(schedule)
            elif isinstance(schedule, EventSchedule):
                run.event(schedule)
            else:
                run.cohort(schedule)
        run.assign(schedules, available)
        run.insert()
        run.escalate()
        app.hooks.tasks_generated(app, session, day, as_of(day))
        run.save_watermarks()
        if run.summary.created or run.summary.escalated:
            audit.record(session, actor=actor, action="generate", entity="task_generation",
                         entity_id=day.isoformat(),
                         after={"created": run.summary.created, "late": run.summary.late,
                                "escalated": run.summary.escalated, "by_schedule": run.summary.by_schedule})
        return run.summary


def cancel_for_source(session: Session, *, source_kind: str, source_ids: Iterable[int],
                      actor: str | None = None) -> int:
    """Cancel the open tasks a source record made (a delivery deleted, a customer who opted out of calls)."""
    ids = sorted(set(source_ids))
    task_ids: list[int] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        task_ids.extend(session.scalars(select(Task.id).where(Task.source_kind == source_kind,
                                                              Task.source_id.in_(chunk), Task.status == "open")))
    if not task_ids:
        return 0
    now = utcnow()
    for i in range(0, len(task_ids), 500):
        session.execute(update(Task).where(Task.id.in_(task_ids[i:i + 500]))
                        .values(status="cancelled", closed_at=now, closed_by=actor)
                        .execution_options(synchronize_session=False))
    audit.record_many(session, [audit.AuditRecord(actor, audit.CHANGE, "task", tid, before={"status": "open"},
                                                  after={"status": "cancelled", "reason": f"{source_kind} removed"})
                                for tid in task_ids])
    return len(task_ids)
