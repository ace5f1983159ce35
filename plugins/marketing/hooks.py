"""The marketing plugin's contributions; heavy imports stay inside the hooks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from core import hookimpl

if TYPE_CHECKING:
    import click
    from sqlalchemy.orm import Session

    from core.app import CrDesk


@hookimpl
def register_models() -> Iterable[type]:
    from plugins.marketing.models import MODELS

    return MODELS


@hookimpl
def register_task_schedules(app: CrDesk) -> Iterable[Any]:
    from plugins.marketing.schedules import SCHEDULES

    return SCHEDULES


@hookimpl
def register_forms(app: CrDesk) -> Iterable[Any]:
    from plugins.marketing.forms import FORMS

    return FORMS


@hookimpl
def register_approval_chains(app: CrDesk) -> Iterable[Any]:
    from plugins.marketing.chains import CHAINS

    return CHAINS


@hookimpl
def register_reports(app: CrDesk) -> Iterable[Any]:
    from plugins.marketing.reports import REPORTS

    return REPORTS


@hookimpl
def register_import_kinds(app: CrDesk) -> Iterable[Any]:
    from plugins.marketing.walkins import IMPORT_KIND

    return [IMPORT_KIND]


@hookimpl
def register_rules(app: CrDesk) -> Iterable[Any]:
    from core.duties import Rule

    return [
        Rule("marketing.activity_gate", "活动方案经部门经理、副总经理、总经理批准(APR-ACTIVITY)前,第8阶段及以后不能开始;"
             "阶段不能跳过", ("MKT-ACT",), "`crdesk activities advance` refuses"),
        Rule("marketing.claim_checklist", "厂家广宣报销资料(合同原件拍照、发票、发布证明/现场图片)齐全前不能确认报销,"
             "文件按sha256存档", ("MKT-ARCH",), "`crdesk activities evidence ready` refuses"),
        Rule("marketing.spend_via_core_chains", "市场专员的合同、盖章、付款、借支、报销走公司通用审批链;活动实际支出只计"
             "已批准的付款、报销冲账申请", ("MKT-FIN",), "core.contract · core.stamp · core.pay · core.loan · "
             "core.reimb", chains=("core.contract", "core.stamp", "core.pay", "core.loan", "core.reimb")),
        Rule("marketing.partner_history", "合作资源(媒体、广告公司、银行、俱乐部、楼盘、企事业)登记联系人,每次合作记入"
             "使用记录", ("MKT-RES",), "`crdesk partners`"),
        Rule("marketing.supplier_comparison", "广宣品制作方至少两家按材料等级、实际效果、价格比较,说明选择理由;"
             "高空作业须附安全协议总经理方可批准", ("MKT-STORE",), "forms marketing.display / marketing.signage"),
    ]


@hookimpl
def register_permissions(app: CrDesk) -> Iterable[Any]:
    from core.access import grants

    entities = ("marketing.activity", "marketing.partner")
    return (
        grants("marketing", entities, ("read", "create", "change"), prefix="marketing")
        + grants("manager", entities, ("read", "create", "change"), prefix="marketing")
        + grants("deputy_gm", entities, ("read",), prefix="marketing")
        + grants("gm", entities, ("read",), prefix="marketing")
        + grants("marketing", ("marketing.walkin",), ("read", "create", "change"), prefix="marketing")
        + grants("sales_desk", ("marketing.walkin",), ("read", "create", "change"), prefix="marketing")
        + grants("manager", ("marketing.walkin",), ("read",), prefix="marketing")
        + [g for role in ("marketing", "manager", "deputy_gm", "gm", "finance_manager", "sales_desk")
           for g in grants(role, ("marketing.signed_sheet",), ("read",), prefix="marketing")]
    )


@hookimpl
def on_approval_decided(app: CrDesk, session: Session, request: Any, decision: Any) -> None:
    """A signed ad plan or price table is printed and archived; the recipients' tasks point at the PDF."""
    from plugins.marketing.archive import ARCHIVED_CHAINS, archive_signed_sheet

    if request.chain_key in ARCHIVED_CHAINS and request.status == "approved" and decision.action == "approve":
        archive_signed_sheet(app, session, request)


@hookimpl
def register_commands(cli: click.Group, app: CrDesk) -> None:
    from plugins.marketing.cli import register

    register(cli, app)
