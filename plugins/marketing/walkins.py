"""MKT-D1: the front desk's daily walk-in / call-in figures and sales tracking, per model, imported from the
DMS export (``crdesk import walkins 来店来电统计.xlsx``, Chinese headers) or entered with the form
``marketing.walkins``. A re-import of the same day and model replaces its figures, never duplicates them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.importer import cells
from core.importer.bulk import insert_returning_ids, update_by_id
from core.importer.spec import BatchOutcome, Column, ImportContext, ImportKind
from core.models import Store
from plugins.marketing import records
from plugins.marketing.models import MarketingWalkin

COUNTS = ("walk_ins", "calls", "test_drives", "orders", "deliveries")
COLUMNS = (
    Column("day", ("日期", "统计日期", "登记日期"), cells.parse_date),
    Column("model", ("车型", "意向车型"), cells.parse_text),
    Column("walk_ins", ("来店批次", "来店", "来店数"), cells.parse_int),
    Column("calls", ("来电批次", "来电", "来电数"), cells.parse_int),
    Column("test_drives", ("试驾", "试乘试驾"), cells.parse_int, required=False, default=0),
    Column("orders", ("订车", "订单", "订车数"), cells.parse_int),
    Column("deliveries", ("交车", "交车数"), cells.parse_int),
)


def _write(ctx: ImportContext, rows: list[dict[str, Any]]) -> BatchOutcome:
    s, out, store_id = ctx.session, BatchOutcome(), ctx.store.id
    days = sorted({r["day"] for r in rows})
    existing = {(w.day, w.model): w for w in s.scalars(
        select(MarketingWalkin).where(MarketingWalkin.store_id == store_id, MarketingWalkin.day.in_(days)))}
    new, changes = [], []
    for r in rows:
        values = {k: r[k] for k in COUNTS}
        known = existing.get((r["day"], r["model"]))
        if known is None:
            new.append({"store_id": store_id, "day": r["day"], "model": r["model"], **values})
        elif all(getattr(known, k) == v for k, v in values.items()):
            out.unchanged += 1
        else:
            changes.append({"id": known.id, **values})
            out.ids.append(known.id)
    if new:
        out.ids += insert_returning_ids(s, MarketingWalkin, new, ("day", "model"), scope={"store_id": store_id}).values()
        out.created = len(new)
    if changes:
        update_by_id(s, MarketingWalkin, changes)
        out.updated = len(changes)
    return out


IMPORT_KIND = ImportKind(
    key="marketing.walkins",
    name="walkins",
    title_zh="来店来电数据及销售跟踪(前台日报)",
    entity="marketing.walkin",
    columns=COLUMNS,
    natural_key=("day", "model"),
    write=_write,
    duties=("MKT-D1",),
    doc="The front desk's daily export: 日期, 车型, 来店批次, 来电批次, 试驾, 订车, 交车 (one row per day and model).",
)


def by_model(session: Session, store: Store | None, first: dt.date, last: dt.date) -> dict[str, Counter[str]]:
    """Per model, the summed figures of [first, last] from imports and from the form."""
    out: dict[str, Counter[str]] = {}
    stmt = select(MarketingWalkin).where(MarketingWalkin.day.between(first, last))
    if store is not None:
        stmt = stmt.where(MarketingWalkin.store_id == store.id)
    for w in session.scalars(stmt):
        c = out.setdefault(w.model, Counter())
        for k in COUNTS:
            c[k] += getattr(w, k)
    for day in records.submissions(session, "marketing.walkins", store):
        if first <= day["day"] <= last:
            for row in day["models"]:
                c = out.setdefault(row["model"], Counter())
                for k in COUNTS:
                    c[k] += int(row.get(k) or 0)
    return out
