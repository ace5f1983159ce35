"""The daily kanban (CR-D5, MGR-D2's check): the two 9:30 inputs, who is late, and the figures.

By 9:30 of each working day 销售信息员 reports yesterday's orders and
deliveries, 售后前台 yesterday's 5K and 10K intakes. ``check_inputs`` (run by
``crdesk tasks generate``) opens a task for the owner of each missing input and
tells the CR manager; the figures (day, month to date, month target per store)
feed 《客户部日常业务管理看板》.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import audit
from core.db.base import utcnow
from core.errors import ValidationError
from core.workdays import CST, cst_datetime, cst_today
from plugins.cr_system.models import KANBAN_ROLES, KANBAN_SOURCES, KanbanEntry

if TYPE_CHECKING:
    from core.app import CrDesk

DEADLINE = dt.time(9, 30)
MISSING_TASK = "cr_system.kanban_missing"
MANAGER_TASK = "cr_system.kanban_missing_manager"
FIELDS = {"sales": ("orders", "deliveries"), "service": ("intakes_5k", "intakes_10k")}
FIGURE_LABELS = {"orders": "订车台数", "deliveries": "交车台数", "intakes_5k": "5K入库台数", "intakes_10k": "10K入库台数"}
TARGET_SETTINGS = {f: f"cr_system.target_{f}" for f in FIGURE_LABELS}


def deadline_for(session: Session, store_id: int, day: dt.date) -> dt.datetime:
    """9:30 of the working day after ``day``: when ``day``'s figures are due."""
    from core.workdays import WorkdayCalendar

    return cst_datetime(WorkdayCalendar.load(session, store_id).next_workday(day), DEADLINE)


def enter(session: Session, *, store_id: int, source: str, day: dt.date, values: dict[str, int], actor: str,
          now: dt.datetime | None = None) -> KanbanEntry:
    """Record (or correct) one day's input; a future day, a negative count or the wrong figures are refused."""
    if source not in KANBAN_SOURCES:
        raise ValidationError(f"kanban input {source!r} must be sales (订车/交车) or service (5K/10K入库)")
    if day >= cst_today():
        raise ValidationError(f"--date {day.isoformat()}: the kanban takes a past day's figures, not today's or "
                              "a future day's")
    for name, value in values.items():
        if name not in FIELDS[source]:
            raise ValidationError(f"{FIGURE_LABELS.get(name, name)} is not part of the {source} input")
        if value < 0:
            raise ValidationError(f"{FIGURE_LABELS[name]} {value}: a count cannot be negative")
    moment = now or utcnow()
    row = session.scalar(select(KanbanEntry).where(KanbanEntry.store_id == store_id, KanbanEntry.day == day,
                                                   KanbanEntry.source == source))
    before = None
    if row is None:
        row = KanbanEntry(store_id=store_id, day=day, source=source, entered_by=actor, entered_at=moment,
                          late=moment > deadline_for(session, store_id, day), orders=0, deliveries=0, intakes_5k=0, intakes_10k=0)
        session.add(row)
    else:
        before = {f: getattr(row, f) for f in FIELDS[source]}
        row.entered_by = actor
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()
    from core.scheduler.adhoc import close_tasks_for

    close_tasks_for(session, link_kind="cr_system.kanban", link_id=_link_id(store_id, day, source), actor=actor)
    audit.record(session, actor=actor, action=audit.CREATE if before is None else audit.UPDATE,
                 entity="cr_system.kanban_entry", entity_id=row.id, before=before,
                 after={"day": day.isoformat(), "source": source, **values})
    return row


def _link_id(store_id: int, day: dt.date, source: str) -> int:
    """One number per (store, day, input) so the missing-input task of that input can be found and closed."""
    return (store_id * 100_000 + day.toordinal() % 100_000) * 10 + (1 if source == "sales" else 2)


@dataclass(frozen=True)
class InputState:
    day: dt.date
    source: str
    label: str
    arrived: bool
    entered_by: str
    entered_at: dt.datetime | None
    late: bool


def status(session: Session, store_id: int, day: dt.date) -> list[InputState]:
    rows = {r.source: r for r in session.scalars(select(KanbanEntry).where(KanbanEntry.store_id == store_id,
                                                                            KanbanEntry.day == day))}
    return [InputState(day, s, label, s in rows, rows[s].entered_by if s in rows else "",
                       rows[s].entered_at if s in rows else None, rows[s].late if s in rows else False)
            for s, label in KANBAN_SOURCES.items()]


def check_inputs(app: CrDesk, session: Session, day: dt.date, moment: dt.datetime) -> int:
    """After 9:30 of working day ``day``: a task for each missing input of the previous day, and the manager told."""
    from core.models import Store
    from core.scheduler.adhoc import open_task
    from core.workdays import WorkdayCalendar

    if moment < cst_datetime(day, DEADLINE):
        return 0
    opened = 0
    for store in session.scalars(select(Store)):
        calendar = WorkdayCalendar.load(session, store.id)
        if not calendar.is_workday(day):
            continue
        figures_day = day - dt.timedelta(days=1)
        missing = [s for s in status(session, store.id, figures_day) if not s.arrived]
        for state in missing:
            open_task(session, key=MISSING_TASK, title=f"9:30前未上报{figures_day.isoformat()}看板数据：{state.label}",
                      store_id=store.id, role_code=KANBAN_ROLES[state.source], link_kind="cr_system.kanban",
                      link_id=_link_id(store.id, figures_day, state.source), duties=("CR-D5",),
                      due_at=cst_datetime(day, dt.time(12, 0)), actor="system")
            opened += 1
        if missing:
            open_task(session, key=MANAGER_TASK,
                      title=f"看板数据未按时上报（{figures_day.isoformat()}）：" + "、".join(s.label for s in missing),
                      store_id=store.id, role_code="manager", link_kind="cr_system.kanban_day",
                      link_id=store.id * 1_000_000 + figures_day.toordinal() % 1_000_000, duties=("CR-D5", "MGR-D2"),
                      due_at=cst_datetime(day, dt.time(17, 30)), actor="system")
    return opened


def month_figures(app: CrDesk, session: Session, store_id: int, day: dt.date) -> list[dict[str, Any]]:
    """Each figure for the day and the month to date, against the month's target (store setting)."""
    from core import settings

    sums = session.execute(select(*[func.coalesce(func.sum(getattr(KanbanEntry, f)), 0) for f in FIGURE_LABELS])
                           .where(KanbanEntry.store_id == store_id, KanbanEntry.day >= day.replace(day=1),
                                  KanbanEntry.day <= day)).one()
    today = session.execute(select(*[func.coalesce(func.sum(getattr(KanbanEntry, f)), 0) for f in FIGURE_LABELS])
                            .where(KanbanEntry.store_id == store_id, KanbanEntry.day == day)).one()
    out = []
    for i, (name, label) in enumerate(FIGURE_LABELS.items()):
        target = int(settings.get(app, session, TARGET_SETTINGS[name], store_id) or 0)
        mtd = int(sums[i])
        out.append({"figure": label, "day": int(today[i]), "month_to_date": mtd, "target": target,
                    "rate": (mtd / target) if target else None})
    return out


def entered_at_local(moment: dt.datetime | None) -> str:
    return moment.astimezone(CST).strftime("%Y-%m-%d %H:%M") if moment else ""
