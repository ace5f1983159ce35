"""Loading the State Council's holiday notice for a year ``chinesecalendar`` does not know yet.

The notice is published each November or December; until the package is
upgraded an admin types it into a small CSV or XLSX file (one row per day:
date, holiday/workday, note) and runs ``crdesk calendar import FILE``. The
file replaces any notice already loaded for the same years, in one
transaction; a bad row changes nothing and is reported with its row number.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, extract, select
from sqlalchemy.orm import Session

from core import audit
from core.errors import PermissionDenied, ValidationError
from core.importer.readers import open_table
from core.models.tasks import CalendarNotice
from core.workdays import HOLIDAY, WORKDAY, is_year_known

if TYPE_CHECKING:
    from core.models import User

HEADERS = {"date": ("date", "日期"), "kind": ("kind", "type", "类型", "安排"), "note": ("note", "备注", "说明")}
KINDS = {"holiday": HOLIDAY, "休": HOLIDAY, "放假": HOLIDAY, "休息": HOLIDAY, "假": HOLIDAY,
         "workday": WORKDAY, "班": WORKDAY, "上班": WORKDAY, "补班": WORKDAY, "调休上班": WORKDAY}
NOTE_LENGTH = 200


@dataclass(frozen=True)
class NoticeDay:
    day: dt.date
    kind: str
    note: str


def _column(path: Path, headers: list[str], key: str) -> int | None:
    names = [str(h).strip().lower() for h in headers]
    for alias in HEADERS[key]:
        if alias in names:
            return names.index(alias)
    if key == "note":
        return None
    raise ValidationError(f"{path.name}: 第 1 行缺少“{HEADERS[key][1]}”列（需要列：日期, 类型, 备注）；未载入任何内容")


def _day(path: Path, row: int, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip().replace("/", "-")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{path.name}: 第 {row} 行 日期: {text!r} 不是 YYYY-MM-DD 日期；未载入任何内容") from None


def read_notice(path: Path) -> list[NoticeDay]:
    """The notice's days; a bad row raises one ``ValidationError`` naming file, row and field."""
    table = open_table(path)
    date_col, kind_col = _column(path, table.headers, "date"), _column(path, table.headers, "kind")
    note_col = _column(path, table.headers, "note")
    days: dict[dt.date, NoticeDay] = {}
    for row, values in table.rows:
        if not any(str(v or "").strip() for v in values):
            continue
        cell = values[date_col] if date_col < len(values) else None
        day = _day(path, row, cell)
        raw = str(values[kind_col] if kind_col < len(values) else "").strip()
        kind = KINDS.get(raw.lower())
        if kind is None:
            raise ValidationError(f"{path.name}: 第 {row} 行 类型: {raw!r} 应为 holiday/休 或 workday/班；未载入任何内容")
        note = str(values[note_col] or "").strip() if note_col is not None and note_col < len(values) else ""
        if len(note) > NOTE_LENGTH:
            raise ValidationError(f"{path.name}: 第 {row} 行 备注: 超过 {NOTE_LENGTH} 个字；未载入任何内容")
        if is_year_known(day.year):
            raise ValidationError(f"{path.name}: 第 {row} 行 日期: {day.year} 年的通知已随 chinesecalendar 提供，"
                                  "无需载入；未载入任何内容")
        if day in days:
            raise ValidationError(f"{path.name}: 第 {row} 行 日期: {day} 重复；未载入任何内容")
        days[day] = NoticeDay(day, kind, note)
    if not days:
        raise ValidationError(f"{path.name}: 没有任何日期；未载入任何内容")
    return sorted(days.values(), key=lambda d: d.day)


def import_notice(session: Session, user: User, path: Path) -> dict[int, dict[str, int]]:
    """Replace the loaded notice of the file's years (admin only); returns per year the holiday/workday counts."""
    if not user.has_role("admin"):
        raise PermissionDenied("只有管理员可以载入国务院放假通知")
    days = read_notice(path)
    years = sorted({d.day.year for d in days})
    before = {y: session.scalar(select(CalendarNotice.id).where(extract("year", CalendarNotice.day) == y).limit(1))
              is not None for y in years}
    session.execute(delete(CalendarNotice).where(extract("year", CalendarNotice.day).in_(years)))
    session.add_all(CalendarNotice(day=d.day, kind=d.kind, note=d.note, imported_by=user.username) for d in days)
    counts = {y: {HOLIDAY: sum(1 for d in days if d.day.year == y and d.kind == HOLIDAY),
                  WORKDAY: sum(1 for d in days if d.day.year == y and d.kind == WORKDAY)} for y in years}
    session.flush()
    audit.record(session, actor=user.username, action=audit.CHANGE, entity="calendar_notice",
                 entity_id=",".join(str(y) for y in years), before={"loaded": before},
                 after={"file": path.name, "days": counts})
    return counts
