"""``crdesk agenda``: today's duties in order of deadline, grouped by due time, for a person or a role."""
from __future__ import annotations

import datetime as dt
from typing import Any

import click

from core.cli import get_app
from core.cli.output import emit_record, emit_rows, json_option

AGENDA_COLUMNS = [("id", "#"), ("due", "due"), ("title", "duty 职责"), ("duties", "duty ID"),
                  ("for", "for"), ("status", "status")]


@click.command()
@click.option("--role", metavar="ROLE", help="The agenda of a role (in your store) instead of a person.")
@click.option("--user", "username", metavar="USER", help="The agenda of this user (default: you, --as).")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The day (default today, China time).")
@click.option("--week", is_flag=True, help="The rest of the week (to Sunday) instead of one day.")
@json_option
@click.pass_context
def agenda(ctx: click.Context, role: str | None, username: str | None, day: str | None, week: bool,
           as_json: bool) -> None:
    """Your duties in order of deadline: calls, reports and approvals waiting for you."""
    from core.cli.tasks_cmd import find_user, parse_day
    from core.errors import ValidationError
    from core.scheduler.agenda import (OVERSEEING_ROLES, TaskLabels, agenda_tasks, department_overdue, task_row)
    from core.scheduler.generate import as_of
    from core.workdays import WorkdayCalendar, cst_today

    if role and username:
        raise ValidationError("use --role or --user, not both")
    app = get_app(ctx)
    app.check_schema()
    the_day = parse_day(day) or cst_today()
    moment = as_of(the_day)
    with app.session(readonly=True) as session:
        me = app.acting_user(session)
        if role:
            found = agenda_tasks(session, day=the_day, week=week, role=role, store_id=me.store_id)
            subject, person = f"role {role}", None
        else:
            person = find_user(session, username) if username else me
            if person is not me:
                from core import scope

                scope.check_person(session, me, person, "the user")
            found = agenda_tasks(session, day=the_day, week=week, user=person)
            subject = person.username
        overseen = []
        if person is not None and person.has_role(*OVERSEEING_ROLES):
            mine = {t.id for t in found}
            overseen = [t for t in department_overdue(session, store_id=person.store_id, moment=moment)
                        if t.id not in mine]
        calendar = WorkdayCalendar.load(session, me.store_id)
        shown = [the_day + dt.timedelta(days=i) for i in range(7 - the_day.weekday() if week else 1)]
        provisional = any(calendar.is_provisional(d) for d in shown)
        for d in shown:
            calendar.is_workday(d)  # a provisional day makes the command's one warning line
        labels = TaskLabels.load(session, [*found, *overseen])
        rows = [_agenda_row(task_row(t, labels, moment), the_day) for t in found]
        dept = [_agenda_row(task_row(t, labels, moment), the_day) for t in overseen]
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["group"], []).append(row)
    span = f"week of {the_day}" if week else str(the_day)
    if provisional:
        span += "（临时日历）"
    if as_json:
        emit_record({"subject": subject, "day": the_day, "week": week, "provisional_calendar": provisional,
                     "groups": [{"due": g, "tasks": items} for g, items in groups.items()],
                     "department_overdue": dept}, as_json=True)
        return
    if not rows:
        click.echo(f"agenda of {subject}, {span}: nothing due")
    for group, items in groups.items():
        emit_rows(items, AGENDA_COLUMNS, as_json=False, title=f"{subject} · {span} · {group}")
    if dept:
        emit_rows(dept, AGENDA_COLUMNS, as_json=False, title="overdue across the department 部门逾期任务")


def _agenda_row(row: dict[str, Any], day: Any) -> dict[str, Any]:
    from core.scheduler.agenda import due_group

    row["group"] = due_group(row, day)
    row["due"] = row["due_at"].strftime("%m-%d %H:%M")
    row["for"] = row["assignee"] or (row["role_zh"] or row["role"] or "")
    if row["escalated_to"]:
        row["for"] += f" → {row['escalated_to']}"
    return row
