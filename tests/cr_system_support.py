"""A store for the CR specialist's tests, built through the CLI as its staff would; time pinned to a Friday."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import Result

from core.vin import with_check_digit
from core.workdays import CST

#: Friday 2026-11-27, 10:00 CST: "yesterday" is Thursday 2026-11-26.
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=CST)
YESTERDAY = dt.date(2026, 11, 26)
STAFF = [  # username, role, dept, name
    ("cr1", "cr", "cr", "黄小燕"),
    ("mgr", "manager", "cr", "陈经理"),
    ("gm", "gm", "gm_office", "钱总"),
    ("dgm", "deputy_gm", "gm_office", "孙副总"),
    ("smgr", "service_manager", "service", "李国华"),
    ("adm", "admin_clerk", "admin", "周文员"),
    ("clerk", "sales_clerk", "sales", "吴雅琳"),
    ("desk", "service_desk", "service", "张前台"),
    ("acct", "accountant", "finance", "何会计"),
    ("fin", "finance_manager", "finance", "郑财务"),
]
HEADS = [("cr", "mgr"), ("service", "smgr"), ("gm_office", "gm")]
# name, phone, address (blank = none), delivered on
BUYERS = [
    ("张伟", "13800138001", "广东省广州市天河区天河路1号 510620", YESTERDAY),
    ("李娜", "13800138002", "广东省广州市越秀区中山五路2号 510030", YESTERDAY),
    ("王芳", "13800138003", "", YESTERDAY),
    ("刘洋", "13800138004", "广东省广州市海珠区新港中路4号 510300", YESTERDAY),
    ("陈静", "13800138005", "广东省广州市白云区机场路5号 510405", YESTERDAY),
    # delivered in August (N-3 for November) and May (N-6)
    ("赵磊", "13800138006", "广东省广州市番禺区市桥6号", dt.date(2026, 8, 12)),
    ("孙丽", "13800138007", "广东省广州市番禺区市桥7号", dt.date(2026, 8, 20)),
    ("周杰", "13800138008", "广东省广州市黄埔区大沙地8号", dt.date(2026, 5, 9)),
]
#: 赵磊 came back for his 5K; 孙丽 and 周杰 did not. 李娜 came for service yesterday too.
VISITS = [("RO0001", 5, "首保", dt.date(2026, 11, 10)), ("RO0002", 1, "二保", YESTERDAY)]


def vin(i: int) -> str:
    return with_check_digit(f"LVGBE40K0KG{i:06d}")


@dataclass
class Store:
    cli: Callable[..., Result]
    folder: Path

    def json(self, *args: str, user: str = "admin") -> Any:
        return json.loads(self.cli(*args, "--json", user=user).output)

    def write(self, name: str, text: str) -> Path:
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        return path

    def customer_id(self, name: str) -> int:
        return next(c["id"] for c in self.json("customers", "search", name) if c["name"] == name)


def open_store(run_cli: Callable[..., Result], folder: Path, plugins: str = "cr_system") -> Store:
    store = Store(run_cli, folder)
    run_cli("init", "--plugins", plugins)
    run_cli("stores", "add", "gz01", "广汽丰田天河店", "--sms-signature", "广汽丰田天河店")
    for username, role, dept, name in STAFF:
        run_cli("users", "add", username, "--role", role, "--dept", dept, "--name", name)
    for dept, username in HEADS:
        run_cli("users", "set-head", dept, username)
    lines = ["客户姓名,手机号码,车架号,车牌号,车型,交车日期,销售顾问,地址"]
    for i, (name, phone, address, day) in enumerate(BUYERS):
        lines.append(f"{name},{phone},{vin(i)},粤A8{i:04d},凯美瑞,{day.isoformat()},王强,{address}")
    run_cli("import", "deliveries", str(store.write("交车明细.csv", "\n".join(lines) + "\n")))
    visits = ["工单号,车架号,车牌号,客户姓名,联系电话,进厂日期,里程,维修类型,服务顾问,金额"]
    for ro, i, kind, day in VISITS:
        name, phone = BUYERS[i][0], BUYERS[i][1]
        visits.append(f"{ro},{vin(i)},粤A8{i:04d},{name},{phone},{day.isoformat()},5000,{kind},陈明,300")
    run_cli("import", "service-visits", str(store.write("入库明细.csv", "\n".join(visits) + "\n")))
    return store
