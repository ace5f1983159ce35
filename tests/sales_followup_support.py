"""A small store driven through the CLI as its staff would: the setting for the sales follow-up tests."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import Result

from core.vin import with_check_digit
from core.workdays import cst_today

STAFF = [  # username, roles, dept, name
    ("sf1", ["sales_fu"], "cr", "刘敏"),
    ("mgr", ["manager"], "cr", "陈经理"),
    ("cr1", ["cr"], "cr", "黄小燕"),
    ("clerk1", ["sales_clerk"], "sales", "周洁"),
    ("smgr", ["sales_manager"], "sales", "赵销售经理"),
    ("dgm", ["deputy_gm"], "gm_office", "孙副总"),
    ("gm", ["gm"], "gm_office", "钱总"),
]
HEADS = [("cr", "mgr"), ("sales", "smgr"), ("gm_office", "gm")]
# name, phone, model, days before today, advisor
BUYERS = [
    ("张伟", "13800138001", "凯美瑞", 12, "王强"),
    ("李娜", "13800138002", "雷凌", 12, "王强"),
    ("王芳", "13800138003", "汉兰达", 11, "陈明"),
    ("刘洋", "13800138004", "威兰达", 10, "陈明"),
    ("陈静", "13800138005", "赛那", 9, "王强"),
    ("杨帆", "13800138006", "锋兰达", 8, "陈明"),
    ("赵磊", "13800138007", "凯美瑞", 25, "王强"),
]


@dataclass
class Store:
    cli: Callable[..., Result]
    folder: Path
    today: dt.date = field(default_factory=cst_today)

    def day(self, days_before: int) -> dt.date:
        return self.today - dt.timedelta(days=days_before)

    def json(self, *args: str, user: str = "admin") -> Any:
        return json.loads(self.cli(*args, "--json", user=user).output)

    def write(self, name: str, text: str) -> Path:
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        return path


def open_store(run_cli: Callable[..., Result], folder: Path) -> Store:
    store = Store(run_cli, folder)
    run_cli("init", "--plugins", "sales_followup")
    run_cli("stores", "add", "gz01", "广汽丰田天河店", "--sms-signature", "广汽丰田天河店")
    for username, roles, dept, name in STAFF:
        run_cli("users", "add", username, *[a for r in roles for a in ("--role", r)], "--dept", dept, "--name", name)
    for dept, username in HEADS:
        run_cli("users", "set-head", dept, username)
    lines = ["客户姓名,手机号码,车架号,车牌号,车型,交车日期,销售顾问"]
    for i, (name, phone, model, before, advisor) in enumerate(BUYERS):
        vin = with_check_digit(f"LVGBE40K0KG{i:06d}")
        lines.append(f"{name},{phone},{vin},粤A8{i:04d},{model},{store.day(before).isoformat()},{advisor}")
    run_cli("import", "deliveries", str(store.write("交车明细.csv", "\n".join(lines) + "\n")))
    return store
