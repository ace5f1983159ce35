"""The sales follow-up plugin's contributions; heavy imports stay inside the hooks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from core import hookimpl

if TYPE_CHECKING:
    import click

    from core.app import CrDesk


@hookimpl
def register_models() -> Iterable[type]:
    from plugins.sales_followup.models import SalesMember

    return [SalesMember]


@hookimpl
def register_task_schedules(app: CrDesk) -> Iterable[Any]:
    from plugins.sales_followup.schedules import SCHEDULES

    return SCHEDULES


@hookimpl
def register_forms(app: CrDesk) -> Iterable[Any]:
    from plugins.sales_followup.forms import FORMS

    return FORMS


@hookimpl
def register_reports(app: CrDesk) -> Iterable[Any]:
    from plugins.sales_followup.reports import REPORTS

    return REPORTS


@hookimpl
def register_import_kinds(app: CrDesk) -> Iterable[Any]:
    from plugins.sales_followup.members import IMPORT_KIND

    return [IMPORT_KIND]


@hookimpl
def register_settings(app: CrDesk) -> Iterable[Any]:
    from core.settings import SettingSpec

    return [
        SettingSpec(
            "sales_followup.member_login_target", "decimal", 0.3, "车主会员登录率目标（0.3 即 30%）", ("SF-MEM",)
        ),
        SettingSpec("sales_followup.satisfaction_target", "decimal", 0.9,
                    "《销售满意度回访报表》满意率目标（0.9 即 90%），可按店设置", ("SF-RPT", "SF-M3")),
        SettingSpec("sales_followup.contact_target", "decimal", 0.95,
                    "《销售满意度回访报表》回访成功率目标（0.95 即 95%），可按店设置", ("SF-RPT", "SF-D4")),
    ]


@hookimpl
def register_rules(app: CrDesk) -> Iterable[Any]:
    from core.duties import Rule

    return [
        Rule(
            "sales_followup.sms_via_approval",
            "短信发送须经短信申请审批（APR-SMS），退订客户不发送",
            ("SF-M2",),
            "core SMS outbox: `crdesk sms queue --approval ID`",
            ("sms queue", "approvals submit"),
        ),
        Rule(
            "sales_followup.no_call_on_opt_out",
            "客户拒绝电话联系的，不生成交车回访任务，已有任务不得拨打",
            ("SF-D4", "SF-D5"),
            "plugins/sales_followup/schedules.py; plugins/followup/calls.py",
            ("customers consent",),
        ),
    ]


@hookimpl
def register_permissions(app: CrDesk) -> Iterable[Any]:
    from core.access import grants

    return (
        grants("sales_fu", ("sales_followup.member",), ("read", "create", "change"), prefix="sales_followup")
        + grants("manager", ("sales_followup.member",), ("read", "create", "change"), prefix="sales_followup")
        + grants("marketing", ("sales_followup.member",), ("read",), prefix="sales_followup")
    )


@hookimpl
def register_commands(cli: click.Group, app: CrDesk) -> None:
    from plugins.sales_followup.cli import register

    register(cli, app)
