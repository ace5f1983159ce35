"""A store staffed for the marketing plugin (and core's chains), on a fresh database, for the marketing tests."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from core import people
from core.app import CrDesk
from core.workdays import CST
from tests.approvals_support import staffed_app

#: The tests' "now": a Friday in the store's November.
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=CST)

#: extra staff the marketing duties need besides tests.approvals_support.STAFF
EXTRA = [("desk", "陈美琪", ["sales_desk"], "sales")]


def marketing_app(make_app: Callable[..., CrDesk], *, plugins: tuple[str, ...] = ("marketing",)) -> CrDesk:
    app = staffed_app(make_app, plugins=plugins)
    with app.session() as s:
        store = people.store_by_code(s, "gz1")
        for username, name, roles, dept in EXTRA:
            people.add_user(s, username=username, full_name=name, roles=roles, dept=dept, store=store)
    return app


def write_yaml(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def jpeg(path: Path, text: str = "photo") -> Path:
    path.write_bytes(b"\xff\xd8\xff\xe0" + text.encode())
    return path


def pdf_file(path: Path, text: str = "doc") -> Path:
    path.write_bytes(b"%PDF-1.4 " + text.encode())
    return path


AD_PLAN = {
    "subject": "2026年12月广告计划", "month": "2026-12",
    "placements": [
        {"medium": "广州日报", "ad_format": "半版彩色", "starts_on": "2026-12-05", "ends_on": "2026-12-05",
         "cost": "26000.00", "expected_effect": "年终促销集客200批"},
        {"medium": "汽车之家", "ad_format": "城市频道焦点图", "starts_on": "2026-12-01", "ends_on": "2026-12-31",
         "cost": "18000.50", "expected_effect": "线索300条"},
    ],
}


def price_table(day: str, camry: str, accord: str) -> dict[str, Any]:
    return {
        "subject": f"{day} 价格跟踪表", "surveyed_on": day,
        "prices": [
            {"brand_kind": "same", "brand": "广汽丰田", "model": "凯美瑞", "trim": "2.0G 豪华版", "msrp": "199800.00",
             "price": camry, "promotion": "置换补贴5000元"},
            {"brand_kind": "rival", "brand": "广汽本田", "model": "雅阁", "trim": "260TURBO 精英版",
             "msrp": "195800.00", "price": accord, "promotion": "首付两成"},
        ],
        "promotions": "竞品加大置换补贴,本品以金融政策应对",
        "countermeasures": "周末增加试驾专场",
    }
