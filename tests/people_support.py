"""Helpers for the people/records/importer tests: a store with staff, DMS files, table snapshots."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sqlalchemy import select

from core.people import add_store, add_user
from core.setup import initialise
from core.vin import with_check_digit

RECORD_TABLES = ("customer", "customer_consent", "vehicle", "vehicle_ownership", "delivery", "service_visit",
                 "audit_log")
DELIVERY_HEADER = ["客户姓名", "手机号码", "车架号", "车牌号", "车型", "交车日期", "销售顾问"]
VISIT_HEADER = ["工单号", "车架号", "车牌号", "客户姓名", "联系电话", "进厂日期", "里程", "维修类型", "服务顾问", "金额"]


def store_app(make_app: Any) -> Any:
    """An initialised database with store GZ01 and users li (cr), wang (manager, head of cr), zhao (service_fu)."""
    app = make_app(acting_user="li")
    initialise(app, plugins=[])
    with app.session() as s:
        store = add_store(s, code="GZ01", name="广汽丰田测试店", city="广州", actor="admin")
        add_user(s, username="li", roles=["cr"], dept="cr", store=store, full_name="李丽")
        add_user(s, username="wang", roles=["manager"], dept="cr", store=store, full_name="王芳")
        add_user(s, username="zhao", roles=["service_fu"], dept="cr", store=store, full_name="赵敏")
    return app


def vin(n: int) -> str:
    return with_check_digit(f"LVGBE40K0GG{n:06d}")


def delivery_rows(count: int, *, start: int = 0) -> list[list[str]]:
    return [[f"张{i}", f"1381234{i:04d}", vin(i), f"粤A{i:05d}", "凯美瑞", f"2026-10-{1 + i % 28:02d}", "王五"]
            for i in range(start, start + count)]


def write_csv(path: Path, header: list[str], rows: list[list[Any]], *, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def snapshot(app: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the record tables, to prove a failed import changed nothing."""
    from core.db.base import Base

    out: dict[str, list[tuple[Any, ...]]] = {}
    with app.db.engine.connect() as conn:
        for name in RECORD_TABLES:
            table = Base.metadata.tables[name]
            out[name] = sorted(tuple(map(str, r)) for r in conn.execute(select(table)))
    return out
