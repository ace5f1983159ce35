"""店头库存: the DMS stock export (``crdesk import stock 库存.xlsx``, Chinese headers), one row per vehicle and
snapshot day; a re-import of the same day and VIN replaces its values, never duplicates them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.importer import cells
from core.importer.bulk import insert_returning_ids, update_by_id
from core.importer.spec import BatchOutcome, Column, ImportContext, ImportKind
from plugins.manager.models import ManagerStock

VALUES = ("model", "color", "arrived_on")
COLUMNS = (
    Column("day", ("盘点日期", "库存日期", "统计日期"), cells.parse_date),
    Column("vin", ("车架号", "VIN", "底盘号"), cells.parse_text),
    Column("model", ("车型", "车型名称"), cells.parse_text),
    Column("color", ("颜色", "车身颜色"), cells.parse_text, required=False, default=""),
    Column("arrived_on", ("入库日期", "到店日期"), cells.parse_date),
)


def _write(ctx: ImportContext, rows: list[dict[str, Any]]) -> BatchOutcome:
    s, out, store_id = ctx.session, BatchOutcome(), ctx.store.id
    days = sorted({r["day"] for r in rows})
    existing = {(w.day, w.vin): w for w in s.scalars(
        select(ManagerStock).where(ManagerStock.store_id == store_id, ManagerStock.day.in_(days)))}
    new, changes = [], []
    for r in rows:
        values = {k: r[k] for k in VALUES}
        known = existing.get((r["day"], r["vin"]))
        if known is None:
            new.append({"store_id": store_id, "day": r["day"], "vin": r["vin"], **values})
        elif all(getattr(known, k) == v for k, v in values.items()):
            out.unchanged += 1
        else:
            changes.append({"id": known.id, **values})
            out.ids.append(known.id)
    if new:
        out.ids += insert_returning_ids(s, ManagerStock, new, ("day", "vin"), scope={"store_id": store_id}).values()
        out.created = len(new)
    if changes:
        update_by_id(s, ManagerStock, changes)
        out.updated = len(changes)
    return out


IMPORT_KIND = ImportKind(
    key="manager.stock",
    name="stock",
    title_zh="店头库存(DMS库存导出)",
    entity="manager.stock",
    columns=COLUMNS,
    natural_key=("day", "vin"),
    write=_write,
    duties=("MGR-M4",),
    doc="The DMS stock export: 盘点日期, 车架号, 车型, 颜色, 入库日期 (one row per vehicle in stock).",
)
