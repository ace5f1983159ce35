"""``crdesk calendar``: the official working-day calendar with this store's overrides."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from core.cli import get_app
from core.cli.output import emit_rows, json_option, success


def _store_id(session: object, code: str | None) -> int | None:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from core.errors import ValidationError
    from core.models import Store

    assert isinstance(session, Session)
    if code is None:
        return None
    store_id = session.scalar(select(Store.id).where(Store.code == code))
    if store_id is None:
        raise ValidationError(f"unknown store {code!r}")
    return store_id


@click.group()
def calendar() -> None:
    """Working days: the State Council's holiday notice plus store overrides."""


@calendar.command("set")
@click.argument("day", metavar="YYYY-MM-DD")
@click.argument("kind", type=click.Choice(["workday", "holiday", "official"]))
@click.option("--store", "store_code", metavar="CODE", help="Only this store (default: the whole group).")
@click.option("--note", default="", help="Why, e.g. 店庆 or the holiday notice number.")
@click.pass_context
def set_(ctx: click.Context, day: str, kind: str, store_code: str | None, note: str) -> None:
    """Make DAY a workday or a holiday (or `official` to drop the override)."""
    from sqlalchemy import delete

    from core import audit
    from core.cli.tasks_cmd import parse_day
    from core.models import CalendarOverride
    from core.workdays import WorkdayCalendar

    app = get_app(ctx)
    app.check_schema()
    the_day = parse_day(day)
    assert the_day is not None
    with app.session() as session:
        user = app.acting_user(session)
        if not user.has_role("admin", "manager"):
            from core.errors import PermissionDenied

            raise PermissionDenied("only an admin or the CR manager may change the working-day calendar")
        store_id = _store_id(session, store_code)
        from core import scope

        scope.check(session, user, store_id, f"the calendar of {'store ' + store_code if store_code else 'every store'}")
        before = WorkdayCalendar.load(session, store_id).is_workday(the_day)
        match = CalendarOverride.store_id.is_(None) if store_id is None else CalendarOverride.store_id == store_id
        session.execute(delete(CalendarOverride).where(match, CalendarOverride.day == the_day))
        if kind != "official":
            session.add(CalendarOverride(store_id=store_id, day=the_day, kind=kind, note=note,
                                         set_by=user.username))
        session.flush()
        after = WorkdayCalendar.load(session, store_id).is_workday(the_day)
        audit.record(session, actor=user.username, action=audit.CHANGE, entity="calendar_override",
                     entity_id=f"{store_code or '*'}:{the_day}", before={"workday": before},
                     after={"workday": after, "kind": kind, "note": note})
    scope = f"store {store_code}" if store_code else "all stores"
    success(f"{the_day} is now a {'workday' if after else 'holiday'} for {scope}")


@calendar.command()
@click.argument("month", metavar="YYYY-MM")
@click.option("--store", "store_code", metavar="CODE", help="With this store's overrides.")
@json_option
@click.pass_context
def show(ctx: click.Context, month: str, store_code: str | None, as_json: bool) -> None:
    """Every day of MONTH: workday or not, and whether the notice or an override says so."""
    from core.errors import ValidationError
    from core.workdays import PROVISIONAL, WorkdayCalendar, month_bounds

    try:
        year, mon = (int(p) for p in month.split("-"))
        first, last = month_bounds(year, mon)
    except ValueError:
        raise ValidationError(f"invalid month {month!r}: use YYYY-MM") from None
    app = get_app(ctx)
    app.check_schema()
    with app.session(readonly=True) as session:
        cal = WorkdayCalendar.load(session, _store_id(session, store_code))
    names = "一二三四五六日"
    rows = []
    day = first
    while day <= last:
        work = cal.is_workday(day)
        source = cal.source_of(day)
        rows.append({"date": day, "weekday": f"周{names[day.weekday()]}", "workday": work,
                     "note": _note(day, work, source, cal), "source": source,
                     "provisional": source == PROVISIONAL})
        day += dt.timedelta(days=1)
    first_work = next((r["date"] for r in rows if r["workday"]), None)
    mark = "（临时：通知未载入）" if any(r["provisional"] for r in rows) else ""
    emit_rows(rows, [("date", "date"), ("weekday", "day"), ("workday", "workday"), ("note", "note")],
              as_json=as_json, title=f"{month} · first working day {first_work}{mark}")


@calendar.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_context
def import_(ctx: click.Context, file: Path) -> None:
    """Load the State Council's holiday notice for a year from FILE (CSV/XLSX: 日期, 类型, 备注)."""
    from core.calendar_notice import import_notice

    app = get_app(ctx)
    app.check_schema()
    with app.session() as session:
        counts = import_notice(session, app.acting_user(session), file)
    for year, kinds in counts.items():
        success(f"{year} 年放假通知已载入：放假 {kinds['holiday']} 天，调休上班 {kinds['workday']} 天")


def _note(day: dt.date, work: bool, source: str, cal: object) -> str:
    import chinese_calendar

    from core.holiday_rules import statutory_holidays
    from core.workdays import NOTICE, PROVISIONAL, WorkdayCalendar, is_year_known

    assert isinstance(cal, WorkdayCalendar)
    if source == "override":
        return "override: " + ("workday" if work else "holiday")
    if source == PROVISIONAL:
        name = statutory_holidays(day.year).get(day)
        return f"{name}（临时）" if name else "临时"
    if source == NOTICE:
        listed = cal.notice.get(day)
        if listed is None:
            return ""
        note = cal.notice_notes.get(day, "")
        return ("调休上班" if work else "放假") + (f" ({note})" if note else "")
    if source == "official" and is_year_known(day.year):
        _, name = chinese_calendar.get_holiday_detail(day)
        if work and day.weekday() >= 5:
            return f"调休上班 ({name})" if name else "调休上班"
        if not work and name:
            return str(name)
    return ""
