"""A dealer group with two stores (GZ01 广州, FS01 佛山) in one database, a user per store per role, each store
with its own customers, tasks, calls, a complaint and a rendered report: the setting of the store-scope tests.

Users are ``g_<role>`` (GZ01) and ``f_<role>`` (FS01). FS01's personal data (``FS_SECRETS``) must never
appear in anything a GZ01 user runs.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import Result
from sqlalchemy import inspect, select, text

from core.vin import with_check_digit
from core.workdays import cst_today

#: role, department; one user of each per store (the first of a department heads it).
ROLES = [
    ("manager", "cr"), ("marketing", "cr"), ("cr", "cr"), ("sales_fu", "cr"), ("service_fu", "cr"),
    ("sales_manager", "sales"), ("sales_clerk", "sales"),
    ("service_manager", "service"), ("desk_supervisor", "service"), ("service_desk", "service"),
    ("finance_manager", "finance"), ("accountant", "finance"), ("admin_clerk", "admin"),
    ("gm", "gm_office"), ("deputy_gm", "gm_office"),
]
HEADS = {"cr": "manager", "sales": "sales_manager", "service": "service_manager", "finance": "finance_manager",
         "admin": "admin_clerk", "gm_office": "gm"}
STORES = {"g": ("GZ01", "广汽丰田天河店", "广州", "粤A", "1380000"), "f": ("FS01", "广汽丰田佛山店", "佛山", "粤E", "1390000")}
BUYERS = [("甲", "凯美瑞"), ("乙", "雷凌"), ("丙", "汉兰达")]
#: What only FS01 holds: its customers' names, plates, phones (full, national and masked), notes, complaint text.
FS_SECRETS = ["佛山客户甲", "佛山客户乙", "佛山客户丙", "粤E70000", "粤E70001", "粤E70002",
              "13900007700", "139****7700", "139****7701", "139****7702", "佛山回访备注", "佛山投诉内容"]


@dataclass
class Dealer:
    cli: Callable[..., Result]
    folder: Path
    db_url: str
    today: dt.date = field(default_factory=cst_today)
    ids: dict[str, Any] = field(default_factory=dict)

    def json(self, *args: str, user: str = "admin") -> Any:
        return json.loads(self.cli(*args, "--json", user=user).output)

    def write(self, name: str, content: str) -> Path:
        path = self.folder / name
        path.write_text(content, encoding="utf-8")
        return path


def _deliveries(dealer: Dealer, prefix: str) -> Path:
    code, _name, city, plate, phone = STORES[prefix]
    lines = ["客户姓名,手机号码,车架号,车牌号,车型,交车日期,销售顾问"]
    serial = 0 if prefix == "g" else 500
    for i, (suffix, model) in enumerate(BUYERS):
        vin = with_check_digit(f"LVGBE40K0KG{serial + i:06d}")
        tail = (11 if prefix == "g" else 77) * 100 + i
        day = dealer.today - dt.timedelta(days=10 + i)
        lines.append(f"{city}客户{suffix},{phone}{tail:04d},{vin},{plate}{70000 + i},{model},{day},顾问{suffix}")
    return dealer.write(f"{code}交车明细.csv", "\n".join(lines) + "\n")


def open_dealer(run_cli: Callable[..., Result], folder: Path, db_url: str) -> Dealer:
    dealer = Dealer(run_cli, folder, db_url)
    run_cli("init", "--plugins", "followup,sales_followup,service_followup")
    for prefix, (code, name, city, _plate, _phone) in STORES.items():
        run_cli("stores", "add", code, name, "--city", city, "--sms-signature", f"【{name}】")
        for role, dept in ROLES:
            run_cli("users", "add", f"{prefix}_{role}", "--role", role, "--dept", dept, "--store", code,
                    "--name", f"{city}{role}")
        for dept, role in HEADS.items():
            run_cli("users", "set-head", dept, f"{prefix}_{role}", "--store", code)
        run_cli("import", "deliveries", str(_deliveries(dealer, prefix)), "--store", code)
    for back in range(12, -1, -1):
        run_cli("tasks", "generate", "--date", (dealer.today - dt.timedelta(days=back)).isoformat())
    _fs01_activity(dealer)
    return dealer


def _fs01_activity(dealer: Dealer) -> None:
    """FS01's staff at work: a logged call with a note, a complaint, a rendered report."""
    cli = dealer.cli
    tasks = dealer.json("tasks", "list", "--status", "open,overdue")
    store_ids = {r["code"]: r for r in dealer.json("stores", "list")}
    assert set(store_ids) == {"GZ01", "FS01"}
    fs_calls = [t for t in tasks if t["key"] == "sales_followup.callback" and "佛山" in t["title"]]
    gz_calls = [t for t in tasks if t["key"] == "sales_followup.callback" and "广州" in t["title"]]
    assert fs_calls and gz_calls, "the deliveries made call tasks in both stores"
    dealer.ids["fs_task"] = str(fs_calls[0]["id"])
    dealer.ids["fs_call_task"] = str(fs_calls[1]["id"])
    dealer.ids["gz_task"] = str(gz_calls[0]["id"])
    cli("calls", "log", dealer.ids["fs_task"], "--outcome", "busy", "--note", "佛山回访备注", user="f_sales_fu")
    customer = dealer.json("customers", "search", "佛山客户甲", user="f_manager")[0]
    dealer.ids["fs_customer"] = str(customer["id"])
    case = dealer.json("complaints", "open", "--customer", str(customer["id"]), "--origin", "sales",
                       "--category", "服务态度", "--text", "佛山投诉内容", user="f_sales_fu")
    dealer.ids["fs_complaint"] = str(case["id"])
    out = cli("reports", "render", "sales_followup.weekly_callbacks", "--format", "csv",
              "-o", str(dealer.folder / "fs.csv"), user="f_sales_fu").output
    dealer.ids["fs_report"] = out.rsplit("#", 1)[1].strip()


def store_rows(db_url: str, code: str = "FS01") -> dict[str, list[str]]:
    """Every row that belongs to store ``code`` (tables with a ``store_id``, its customers' rows, staff, departments)."""
    from sqlalchemy import create_engine

    from core.db.base import Base

    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            store_id = conn.execute(text("SELECT id FROM store WHERE code = :c"), {"c": code}).scalar_one()
            names = set(inspect(conn).get_table_names())
            out: dict[str, list[str]] = {}
            for table in Base.metadata.sorted_tables:
                if table.name not in names:
                    continue
                if "store_id" in table.c:
                    stmt = select(table).where(table.c.store_id == store_id)
                elif table.name == "store":
                    stmt = select(table).where(table.c.id == store_id)
                elif "customer_id" in table.c:  # a customer's own rows without a store (consent)
                    stmt = select(table).where(table.c.customer_id.in_(
                        text("SELECT id FROM customer WHERE store_id = :s").bindparams(s=store_id)))
                else:
                    continue
                out[table.name] = sorted(repr(tuple(r)) for r in conn.execute(stmt))
            return out
    finally:
        engine.dispose()
