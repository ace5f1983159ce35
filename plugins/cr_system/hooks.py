"""The cr_system plugin's contributions; heavy imports stay inside the hooks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from core import hookimpl

if TYPE_CHECKING:
    import click
    from sqlalchemy.orm import Session

    from core.app import CrDesk


@hookimpl
def register_models() -> Iterable[type]:
    from plugins.cr_system.models import KanbanEntry, Letter, LetterBatch, LetterPart, ListHandover

    return [LetterBatch, Letter, LetterPart, KanbanEntry, ListHandover]


@hookimpl
def register_task_schedules(app: CrDesk) -> Iterable[Any]:
    from plugins.cr_system.schedules import SCHEDULES

    return SCHEDULES


@hookimpl
def register_forms(app: CrDesk) -> Iterable[Any]:
    from plugins.cr_system.forms import FORMS

    return FORMS


@hookimpl
def register_approval_chains(app: CrDesk) -> Iterable[Any]:
    from plugins.cr_system.chains import CHAINS

    return CHAINS


@hookimpl
def register_reports(app: CrDesk) -> Iterable[Any]:
    from plugins.cr_system.reports import REPORTS

    return REPORTS


@hookimpl
def register_settings(app: CrDesk) -> Iterable[Any]:
    from core.settings import SettingSpec
    from plugins.cr_system.kanban import FIGURE_LABELS, TARGET_SETTINGS

    return [
        SettingSpec("cr_system.member_registration_target", "decimal", 0.3, "车主网站注册率目标（0.3 即 30%）",
                    ("CR-D6",)),
        *[SettingSpec(TARGET_SETTINGS[f], "int", 0, f"看板月目标：{label}", ("CR-D5",))
          for f, label in FIGURE_LABELS.items()],
    ]


@hookimpl
def register_rules(app: CrDesk) -> Iterable[Any]:
    from core.duties import Rule

    return [
        Rule("cr_system.kanban_deadline", "9:30未上报看板数据：给上报人开任务并通知客户经理", ("CR-D5", "MGR-D2"),
             "`crdesk tasks generate` after 9:30 of a working day"),
        Rule("cr_system.list_signoff", "未入库名单逾期未签收：转客户经理", ("CR-M1", "CR-M2"),
             "`crdesk tasks generate` once the sign-off time has passed"),
        Rule("cr_system.activity_sms", "向管理内客户发送公司活动短信须经短信申请审批（APR-SMS），退订客户不发送",
             ("CR-SYS", "CR-M5"), "core SMS outbox: `crdesk sms queue --approval ID`"),
        Rule("cr_system.mail_optout", "拒收信函的客户不打印感谢信，在信函登记簿中列出", ("CR-D2",),
             "`crdesk cr letters prepare`"),
    ]


@hookimpl
def register_permissions(app: CrDesk) -> Iterable[Any]:
    from core.access import grants

    p = "cr_system"
    return (
        grants("cr", ("cr_system.letters", "cr_system.lists", "cr_system.kanban"), ("read", "create", "change"),
               prefix=p)
        + grants("manager", ("cr_system.letters", "cr_system.lists", "cr_system.kanban"), ("read",), prefix=p)
        + grants("admin_clerk", ("cr_system.letters",), ("read", "change"), prefix=p)
        + grants("sales_clerk", ("cr_system.kanban_sales",), ("create",), prefix=p)
        + grants("service_desk", ("cr_system.kanban_service",), ("create",), prefix=p)
        + grants("cr", ("cr_system.kanban_sales", "cr_system.kanban_service"), ("create",), prefix=p)
        + grants("service_manager", ("cr_system.lists",), ("read", "change"), prefix=p)
        + grants("service_desk", ("cr_system.lists",), ("read", "change"), prefix=p)
    )


@hookimpl
def on_tasks_generated(app: CrDesk, session: Session, day: dt.date, moment: dt.datetime) -> None:
    from plugins.cr_system.kanban import check_inputs
    from plugins.cr_system.lists import escalate_unsigned

    check_inputs(app, session, day, moment)
    escalate_unsigned(app, session, moment)


@hookimpl
def register_commands(cli: click.Group, app: CrDesk) -> None:
    from plugins.cr_system.cli import register

    register(cli, app)
