"""A store staffed for every approval chain, on a fresh database, for the forms and approvals tests."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from core import people
from core.app import CrDesk
from core.plugin_catalog import PluginCatalog
from core.setup import initialise

#: username, full name, roles, department; heads are set in :func:`staffed_app`.
STAFF = [
    ("li", "李晓燕", ["sales_fu"], "cr"),
    ("mkt", "马可", ["marketing"], "cr"),
    ("sun", "孙丽", ["cr"], "cr"),
    ("wang", "王建国", ["manager"], "cr"),
    ("zhao", "赵副总", ["deputy_gm"], "gm_office"),
    ("qian", "钱总", ["gm"], "gm_office"),
    ("kuai", "蒯会计", ["accountant"], "finance"),
    ("cai", "蔡经理", ["finance_manager"], "finance"),
    ("xiao", "肖经理", ["sales_manager"], "sales"),
    ("seller", "谢顾问", ["sales_clerk"], "sales"),
    ("fu", "傅经理", ["service_manager"], "service"),
    ("wen", "温文员", ["admin_clerk"], "admin"),
    ("tai", "邰主管", ["desk_supervisor"], "sales"),
]
HEADS = {"cr": "wang", "gm_office": "qian", "finance": "cai", "sales": "xiao", "service": "fu", "admin": "wen"}

SMS_DATA: dict[str, Any] = {
    "subject": "国庆车主关爱活动邀约", "requesting_department": "sales", "purpose": "邀请车主参加国庆免费检测",
    "audience": "buyers", "audience_filter": "2025年交车客户", "message": "国庆期间到店免费检测,欢迎预约。",
    "send_date": "2026-12-01", "count": 320, "cost": "48.00",
}

#: Answers for core's general chains (APR-APPLY … APR-REIMB), by chain id.
GENERAL_DATA: dict[str, dict[str, Any]] = {
    "apply": {"subject": "十二月车主活动物料", "category": "printing", "content": "易拉宝4个、宣传单页2000张",
              "amount": "3200.00"},
    "contract": {"subject": "报纸广告发布合同", "contract_no": "GZTH-2026-118", "counterparty": "广州日报社",
                 "amount": "26000.00"},
    "stamp": {"subject": "报纸广告发布合同", "contract_no": "GZTH-2026-118", "counterparty": "广州日报社",
              "originals": 2},
    "pay": {"subject": "报纸广告款", "payee": "广州日报社", "contract_no": "GZTH-2026-118", "amount": "8800.00"},
    "loan": {"subject": "车展现场备用金", "amount": "5000.00", "settle_by": "2026-12-31"},
    "reimb": {"subject": "车展物料费", "payee": "马可", "amount": "1234.50", "invoices": 3},
}
#: Files each general chain needs before one of its steps can pass.
GENERAL_FILES: dict[str, tuple[str, ...]] = {"contract": ("contract_draft",), "pay": ("invoice_photo", "contract_copy"),
                                             "reimb": ("invoice_photo",)}


def catalog() -> PluginCatalog:
    return PluginCatalog.discover(use_entry_points=False, local_packages=["tests.fixture_plugins.approvals"])


def staffed_app(make_app: Callable[..., CrDesk], *, plugins: tuple[str, ...] = ("dealer_chains",)) -> CrDesk:
    app = make_app(catalog=catalog(), acting_user="admin")
    initialise(app, list(plugins))
    app.reload_plugins()
    with app.session() as s:
        store = people.add_store(s, code="gz1", name="广汽丰田广州天河店", address="广州市天河区", phone="020-88886666")
        for username, name, roles, dept in STAFF:
            people.add_user(s, username=username, full_name=name, roles=roles, dept=dept, store=store)
        for dept, head in HEADS.items():
            people.set_head(s, store=store, dept=dept, username=head)
    return app


def user(session: Any, username: str) -> Any:
    return people.user_by_name(session, username)


@pytest.fixture(autouse=True)
def attachments_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep stored attachments in the test's folder on every backend (PostgreSQL would use ~/.crdesk)."""
    root = tmp_path / "attachments"
    monkeypatch.setenv("CRDESK_ATTACHMENTS", str(root))
    return root
