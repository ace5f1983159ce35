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
    from plugins.cr_system.models import (EcrbSnapshot, KanbanEntry, Letter, LetterBatch, LetterPart, ListHandover,
                                          MailAttachment, MailMessage)

    return [LetterBatch, Letter, LetterPart, KanbanEntry, ListHandover, EcrbSnapshot, MailMessage, MailAttachment]


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
        SettingSpec("cr_system.ecrb_mail_to", "list", [], "e-CRB跟踪表日报收件人（副总经理、总经理邮箱）", ("CR-D4",)),
        SettingSpec("cr_system.smtp_host", "text", "", "发信服务器（SMTP）", ("CR-D4",)),
        SettingSpec("cr_system.smtp_port", "int", 587, "发信端口（STARTTLS 587，SSL 465）", ("CR-D4",)),
        SettingSpec("cr_system.smtp_security", "text", "starttls", "加密方式：starttls 或 ssl", ("CR-D4",),
                    choices=("starttls", "ssl")),
        SettingSpec("cr_system.smtp_user", "text", "", "发信账号（密码只从环境变量 CRDESK_SMTP_PASSWORD 读取）",
                    ("CR-D4",)),
        SettingSpec("cr_system.smtp_from", "text", "", "发件人地址", ("CR-D4",)),
        SettingSpec("cr_system.smtp_ca_file", "text", "", "自建CA证书文件（可选）", ("CR-D4",)),
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
        grants("cr", ("cr_system.letters", "cr_system.lists", "cr_system.kanban", "cr_system.ecrb"),
               ("read", "create", "change"),
               prefix=p)
        + grants("manager", ("cr_system.letters", "cr_system.lists", "cr_system.kanban", "cr_system.ecrb"),
                 ("read",), prefix=p)
        + grants("admin_clerk", ("cr_system.letters",), ("read",), prefix=p)
        + grants("admin_clerk", ("cr_system.letters_receipt",), ("change",), prefix=p)
        + grants("cr", ("cr_system.school",), ("read", "create"), prefix=p)
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
