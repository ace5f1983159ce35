"""Completing a task and explaining where it came from."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.duties import catalogue
from core.errors import NotFound, PermissionDenied, ValidationError
from core.models.people import User
from core.models.tasks import Task
from core.scheduler.adhoc import close_task
from core.scheduler.agenda import visible_to
from core.scheduler.specs import TaskSchedule
from core.workdays import CST, cst_today

if TYPE_CHECKING:
    from core.app import CrDesk

#: Roles that may close anyone's task in their store.
SUPERVISING_ROLES = ("admin", "manager")


def get_task(session: Session, task_id: int, user: User | None = None) -> Task:
    """Task ``task_id``; with ``user``, refused unless its store is in the user's scope."""
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound(f"no task {task_id}: see `crdesk tasks list`")
    if user is not None:
        from core import scope

        scope.check_record(session, user, task, f"task {task_id}")
    return task


def schedules_by_key(app: CrDesk) -> dict[str, TaskSchedule]:
    return {s.key: s for s in app.hooks.task_schedules(app)}


def may_act(session: Session, user: User, task: Task) -> bool:
    """The assignee, a holder of its role in the store, a delegate, the escalation target, or a supervisor."""
    from core import scope

    if not scope.may_see(session, user, task.store_id):
        return False
    if user.has_role("admin") or (user.has_role(*SUPERVISING_ROLES) and user.store_id == task.store_id):
        return True
    hit = session.scalar(select(Task.id).where(Task.id == task.id, visible_to(session, user, cst_today())))
    return hit is not None


def complete(app: CrDesk, session: Session, task_id: int, user: User) -> Task:
    """Mark a task done; refused while a declared proof is missing. Fires ``on_task_completed``."""
    task = get_task(session, task_id, user)
    if task.status != "open":
        raise ValidationError(f"task {task.id} is already {task.status}")
    if not may_act(session, user, task):
        raise PermissionDenied(f"task {task.id} is not on {user.username}'s agenda")
    schedule = schedules_by_key(app).get(task.key)
    if schedule is not None and schedule.proof is not None and not schedule.proof.check(session, task):
        raise ValidationError(f"task {task.id} cannot be marked done yet: {schedule.proof.message}")
    close_task(session, task, status="done", actor=user.username)
    session.flush()
    app.hooks.task_completed(app, session, task)
    return task


def explain(app: CrDesk, session: Session, task: Task) -> dict[str, Any]:
    """Which plugin, schedule, duty IDs and source record made the task, and why it is where it is."""
    schedule = schedules_by_key(app).get(task.key)
    duties = {d.duty_id: d.description for d in catalogue()}
    plugin = task.key.split(".", 1)[0]
    origin = ("ad hoc (opened by code, e.g. an approval step)" if task.dedupe_key.startswith("adhoc|")
              else f"{schedule.kind} schedule" if schedule is not None
              else "a schedule no enabled plugin declares any more")
    assignee = session.get(User, task.assignee_id) if task.assignee_id else None
    return {
        "task": task.id, "title": task.title, "plugin": plugin, "schedule": task.key, "origin": origin,
        "schedule_rule": schedule.describe() if schedule is not None else None,
        "assignment": (schedule.assign if schedule is not None else None),
        "duties": [f"{d} {duties.get(d, '(not in the catalogue)')}" for d in task.duties or ()],
        "period": task.period,
        "source": f"{task.source_kind} #{task.source_id}" if task.source_kind else None,
        "anchor_date": (task.detail or {}).get("anchor_date"),
        "role": task.role_code, "assignee": assignee.username if assignee else None,
        "opens_at": task.opens_at.astimezone(CST), "due_at": task.due_at.astimezone(CST),
        "created_at": task.created_at.astimezone(CST), "created_late": task.late,
        "idempotency_key": task.dedupe_key, "status": task.display_status(),
        "link": f"{task.link_kind}:{task.link_id if task.link_id is not None else task.link_ref}"
        if task.link_kind else None,
        "proof_required": schedule.proof.message if schedule is not None and schedule.proof else None,
    }
