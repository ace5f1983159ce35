"""``crdesk tasks``: generate the day's tasks from the plugins' schedules, list, show, complete, explain."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from core.cli import get_app
from core.cli.output import emit_record, emit_rows, json_option, success, warn

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.models import User

TASK_COLUMNS = [("id", "#"), ("due_at", "due"), ("title", "task"), ("duties", "duty"), ("role_zh", "role"),
                ("assignee", "assignee"), ("status", "status"), ("late", "late")]
STATUSES = ("open", "overdue", "done", "cancelled")


def parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        from core.errors import ValidationError

        raise ValidationError(f"invalid date {value!r}: use YYYY-MM-DD") from None


@click.group()
def tasks() -> None:
    """Tasks made from the plugins' duty schedules (and approval steps)."""


@tasks.command()
@click.option("--date", "day", metavar="YYYY-MM-DD", help="Generate as of this day (default today, China time).")
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors (cron mails only what needs a look).")
@json_option
@click.pass_context
def generate(ctx: click.Context, day: str | None, quiet: bool, as_json: bool) -> None:
    """Create the day's tasks for every enabled plugin; safe to run again or from two machines at once."""
    from core.errors import ValidationError
    from core.scheduler.generate import generate as run
    from core.scheduler.generate import sane_range

    app = get_app(ctx)
    app.check_schema()
    the_day = parse_day(day)
    if the_day is not None:
        with app.session() as session:
            first, last = sane_range(session)
        if not first <= the_day <= last:
            raise ValidationError(f"--date {the_day}: 只能生成 {first} 至 {last} 之间的任务"
                                  f"（早于门店最早数据一个月或晚于今天一年的日期被拒绝）")
    summary = run(app, the_day, actor=app.acting_username)
    for message in summary.warnings:
        warn(message)
    data = summary.as_dict()
    if as_json:
        emit_record(data, as_json=True)
        return
    if quiet:
        return
    success(f"{summary.created} task(s) created for {summary.day} ({summary.late} late), "
            f"{summary.escalated} escalated")
    emit_rows([{"schedule": k, "created": n} for k, n in data["by_schedule"].items()],
              [("schedule", "schedule"), ("created", "created")], as_json=False, empty="no new tasks")


@tasks.command("list")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="Tasks open on this day (default: all).")
@click.option("--role", metavar="ROLE", help="Only tasks of this role.")
@click.option("--user", "username", metavar="USER", help="Only tasks on this user's agenda.")
@click.option("--status", "statuses", metavar="S[,S]", help="open, overdue, done, cancelled (comma-separated).")
@click.option("--limit", default=500, show_default=True, help="At most this many tasks.")
@json_option
@click.pass_context
def list_(ctx: click.Context, day: str | None, role: str | None, username: str | None, statuses: str | None,
          limit: int, as_json: bool) -> None:
    """List tasks, soonest due first."""
    from sqlalchemy import and_, or_, select

    from core.errors import ValidationError
    from core.models.tasks import Task
    from core.scheduler.agenda import TaskLabels, task_row, visible_to
    from core.scheduler.generate import as_of
    from core.workdays import cst_datetime, cst_today

    app = get_app(ctx)
    app.check_schema()
    wanted = [s.strip() for s in statuses.split(",") if s.strip()] if statuses else []
    bad = [s for s in wanted if s not in STATUSES]
    if bad:
        raise ValidationError(f"unknown status {bad[0]!r}; use {', '.join(STATUSES)}")
    the_day = parse_day(day)
    moment = as_of(the_day or cst_today())
    with app.session() as session:
        from core import scope

        me = app.acting_user(session)
        stmt = scope.filter(select(Task), Task, session, me)
        if the_day is not None:
            start, end = cst_datetime(the_day), cst_datetime(the_day + dt.timedelta(days=1))
            stmt = stmt.where(Task.opens_at < end, or_(Task.due_at >= start, Task.status == "open"))
        if role:
            stmt = stmt.where(Task.role_code == role)
        if username:
            user = find_user(session, username)
            scope.check_person(session, me, user, "the user")
            stmt = stmt.where(visible_to(session, user, the_day or cst_today()))
        if wanted:
            clauses = []
            stored = [s for s in wanted if s in ("done", "cancelled")]
            if stored:
                clauses.append(Task.status.in_(stored))
            if "open" in wanted:
                clauses.append(and_(Task.status == "open", Task.due_at >= moment))
            if "overdue" in wanted:
                clauses.append(and_(Task.status == "open", Task.due_at < moment))
            stmt = stmt.where(or_(*clauses))
        found = list(session.scalars(stmt.order_by(Task.due_at, Task.id).limit(limit)))
        labels = TaskLabels.load(session, found)
        rows = [task_row(t, labels, moment) for t in found]
    emit_rows(rows, TASK_COLUMNS, as_json=as_json, title="tasks", empty="no tasks")


def find_user(session: Session, username: str) -> User:
    """The staff user called ``username``, or a one-line error."""
    from sqlalchemy import select

    from core.errors import ValidationError
    from core.models import User

    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise ValidationError(f"unknown user {username!r}: see `crdesk users list`")
    return user


@tasks.command()
@click.argument("task_id", type=int)
@json_option
@click.pass_context
def show(ctx: click.Context, task_id: int, as_json: bool) -> None:
    """One task with its times, people, source and link."""
    from core.scheduler.actions import get_task
    from core.scheduler.agenda import TaskLabels, task_row
    from core.scheduler.generate import as_of
    from core.workdays import cst_today

    app = get_app(ctx)
    app.check_schema()
    with app.session() as session:
        task = get_task(session, task_id, app.acting_user(session))
        row = task_row(task, TaskLabels.load(session, [task]), as_of(cst_today()))
        row["detail"] = task.detail
        row["closed_at"] = task.closed_at
        row["closed_by"] = task.closed_by
    emit_record(row, as_json=as_json)


@tasks.command()
@click.argument("task_id", type=int)
@click.pass_context
def done(ctx: click.Context, task_id: int) -> None:
    """Mark a task done (refused while a proof the plugin requires is missing)."""
    from core.scheduler.actions import complete

    app = get_app(ctx)
    app.check_schema()
    with app.session() as session:
        task = complete(app, session, task_id, app.acting_user(session))
        title = task.title
    success(f"task {task_id} done: {title}")


@tasks.command()
@click.argument("task_id", type=int)
@json_option
@click.pass_context
def explain(ctx: click.Context, task_id: int, as_json: bool) -> None:
    """Which plugin, schedule, duty ID and source record made a task."""
    from core.scheduler.actions import explain as why
    from core.scheduler.actions import get_task

    app = get_app(ctx)
    app.check_schema()
    with app.session() as session:
        record = why(app, session, get_task(session, task_id, app.acting_user(session)))
    emit_record(record, as_json=as_json)
