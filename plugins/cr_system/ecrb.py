"""The sales and service advisors' e-CRB tracking tables (CR-D4, CR-W3): dated snapshots and their diff.

The e-CRB export (CSV or XLSX) is read whole and checked before anything is
stored: wrong columns or a bad row give one line naming the file, row and
field. A snapshot is one day's table; re-importing the same day replaces it in
one transaction. The diff against the previous snapshot shows what was added,
what disappeared and whose tracking state changed.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.db.base import utcnow
from core.errors import ValidationError
from core.workdays import cst_today
from plugins.cr_system.models import EcrbSnapshot

KINDS = {"sales": "销售顾问e-CRB跟踪表", "service": "维修顾问e-CRB跟踪表"}
#: column key → accepted headers of the e-CRB export.
COLUMNS = {
    "advisor": ("顾问", "销售顾问", "服务顾问", "维修顾问"),
    "customer": ("客户姓名", "客户名称", "车主姓名"),
    "item": ("跟踪事项", "跟踪内容", "事项"),
    "state": ("跟踪状态", "状态"),
    "next_on": ("下次跟踪日期", "下次跟踪"),
}
REQUIRED = ("advisor", "customer", "item", "state")
LABELS = {"advisor": "顾问", "customer": "客户姓名", "item": "跟踪事项", "state": "跟踪状态", "next_on": "下次跟踪日期"}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _table(path: Path) -> list[list[Any]]:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            return [list(r) for r in wb.active.iter_rows(values_only=True)]
        finally:
            wb.close()
    if path.suffix.lower() != ".csv":
        raise ValidationError(f"{path.name}: the e-CRB export must be .csv or .xlsx")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            with path.open(encoding=encoding, newline="") as fh:
                return list(csv.reader(fh))
        except UnicodeDecodeError:
            continue
    raise ValidationError(f"{path.name}: neither UTF-8 nor GB18030 text")


def read_export(name: str) -> list[dict[str, str]]:
    """The export's rows as dicts of :data:`COLUMNS` keys; one clear line on wrong columns or a bad row."""
    path = Path(name)
    table = _table(path)
    if not table:
        raise ValidationError(f"{path.name}: the file is empty")
    header = [_cell(h) for h in table[0]]
    where: dict[str, int] = {}
    for key, names in COLUMNS.items():
        found = next((i for i, h in enumerate(header) if h in names), None)
        if found is not None:
            where[key] = found
    missing = [LABELS[k] for k in REQUIRED if k not in where]
    if missing:
        raise ValidationError(f"{path.name}: not an e-CRB tracking table — missing column(s) {', '.join(missing)} "
                              f"(found {', '.join(h for h in header if h) or 'none'})")
    rows = []
    for line, raw in enumerate(table[1:], start=2):
        values = [_cell(c) for c in raw]
        if not any(values):
            continue
        row = {k: values[i] if i < len(values) else "" for k, i in where.items()}
        for key in REQUIRED:
            if not row[key]:
                raise ValidationError(f"{path.name}, row {line}, {LABELS[key]}: empty")
        if row.get("next_on"):
            try:
                dt.date.fromisoformat(row["next_on"].replace("/", "-"))
            except ValueError:
                raise ValidationError(f"{path.name}, row {line}, 下次跟踪日期: {row['next_on']!r} is not a date") from None
        rows.append(row)
    return rows


def import_snapshot(session: Session, *, store_id: int, kind: str, name: str, taken_on: dt.date,
                    actor: str) -> EcrbSnapshot:
    if kind not in KINDS:
        raise ValidationError(f"--kind {kind!r}: use sales (销售顾问) or service (维修顾问)")
    if taken_on > cst_today():
        raise ValidationError(f"--date {taken_on.isoformat()} is in the future")
    rows = read_export(name)
    snap = session.scalar(select(EcrbSnapshot).where(EcrbSnapshot.store_id == store_id, EcrbSnapshot.kind == kind,
                                                     EcrbSnapshot.taken_on == taken_on))
    if snap is None:
        snap = EcrbSnapshot(store_id=store_id, kind=kind, taken_on=taken_on, source_file=Path(name).name[:255],
                            rows=rows, imported_by=actor, imported_at=utcnow())
        session.add(snap)
    else:
        snap.rows, snap.source_file, snap.imported_by, snap.imported_at = rows, Path(name).name[:255], actor, utcnow()
    session.flush()
    audit.record(session, actor=actor, action="import", entity="cr_system.ecrb_snapshot", entity_id=snap.id,
                 after={"kind": kind, "taken_on": taken_on.isoformat(), "rows": len(rows)})
    return snap


def snapshot_pair(session: Session, store_id: int, kind: str,
                  day: dt.date) -> tuple[EcrbSnapshot | None, EcrbSnapshot | None]:
    """The latest snapshot on or before ``day`` and the one before it."""
    snaps = list(session.scalars(select(EcrbSnapshot).where(
        EcrbSnapshot.store_id == store_id, EcrbSnapshot.kind == kind, EcrbSnapshot.taken_on <= day)
        .order_by(EcrbSnapshot.taken_on.desc()).limit(2)))
    return (snaps[0] if snaps else None, snaps[1] if len(snaps) > 1 else None)


def _key(row: dict[str, str]) -> tuple[str, str, str]:
    return (row["advisor"], row["customer"], row["item"])


def diff(current: list[dict[str, str]], previous: list[dict[str, str]]) -> list[dict[str, str]]:
    """新增 / 已完成或移除 / 状态变化 lines, advisor by advisor."""
    before = {_key(r): r for r in previous}
    after = {_key(r): r for r in current}
    out = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is None:
            change, was, now = "新增", "", new["state"]
        elif new is None:
            change, was, now = "移除", old["state"], ""
        elif old["state"] != new["state"]:
            change, was, now = "状态变化", old["state"], new["state"]
        else:
            continue
        out.append({"advisor": key[0], "customer": key[1], "item": key[2], "change": change, "was": was,
                    "now": now})
    return out
