"""Source records that arrive after the scheduler passed their day still get their tasks.

The morning run (``crdesk tasks generate``) turns each delivery or visit into its event tasks on the day the
window opens. A record imported later that day — or days later, from a late DMS export — would be missed,
since the store's watermark has already passed its opening day. :func:`tasks_for_late_sources` creates those
tasks at import time, inside the import's transaction, with the same dedupe keys as the generator (so the
next run adds nothing twice) and marked late when their window has already closed.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models.tasks import TaskWatermark
from core.scheduler.assignment import strategies
from core.scheduler.generate import _SOURCE_COLUMNS, _jsonable, _Run
from core.scheduler.specs import EventSchedule
from core.workdays import cst_today

if TYPE_CHECKING:
    from core.app import CrDesk

#: How far after its window closed a late record still gets its task.
LATE_DAYS = 30
_CHUNK = 500


def tasks_for_late_sources(app: CrDesk, session: Session, *, source_kind: str, source_ids: Iterable[int],
                           actor: str | None = None) -> int:
    """Create the event tasks of ``source_ids`` whose opening day the scheduler has already passed.

    Returns the number of tasks created. Records whose window opens after the last generated day are left
    to the normal run; a store that was never generated is left to its first run.
    """
    ids = sorted(set(source_ids))
    schedules = [s for s in app.hooks.task_schedules(app)
                 if isinstance(s, EventSchedule) and s.source_kind == source_kind]
    if not ids or not schedules:
        return 0
    marks = dict(session.execute(select(TaskWatermark.store_id, TaskWatermark.last_day)).all())
    if not marks:  # nothing was generated yet: the first run covers every record
        return 0
    today = cst_today()
    run = _Run(app, session, today, actor)
    for schedule in schedules:
        first = today - dt.timedelta(days=schedule.due_after + LATE_DAYS + 40)
        query = schedule.source(session, first, today).subquery()
        for start in range(0, len(ids), _CHUNK):  # bounded IN lists: a large import stays within SQL limits
            _collect(run, schedule, marks, today, session.execute(
                select(query).where(query.c.source_id.in_(ids[start:start + _CHUNK]))).mappings())
    if not run.rows:
        return 0
    run.assign({s.key: s for s in schedules}, strategies(app))
    run.insert()
    return run.summary.created


def _collect(run: _Run, schedule: EventSchedule, marks: dict[int, dt.date], today: dt.date,
             rows: Iterable[Any]) -> None:
    """Add the task of each row whose opening day the scheduler has passed (and not too long ago)."""
    for row in rows:
        last, window = marks.get(row["store_id"]), run.windows.get(row["store_id"])
        if last is None or window is None:
            continue
        anchor = row["anchor_date"]
        opens_on, due_on = run._offsets(schedule, window.calendar, anchor)
        if opens_on > last or due_on < today - dt.timedelta(days=LATE_DAYS):
            continue
        detail = {k: _jsonable(v) for k, v in row.items() if k not in _SOURCE_COLUMNS}
        detail["anchor_date"] = anchor.isoformat()
        title = schedule.title_zh
        if schedule.label_field and row.get(schedule.label_field):
            title = f"{title} · {row[schedule.label_field]}"
        source_id = int(row["source_id"])
        run._add(schedule, window.store_id, f"{schedule.key}|{schedule.source_kind}:{source_id}",
                 opens_on, due_on, source=(schedule.source_kind, source_id), title=title, detail=detail)
        run.rows[(schedule.key, window.store_id)][-1]["late"] = due_on < today
