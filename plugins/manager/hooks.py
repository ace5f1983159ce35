"""The manager plugin's contributions; heavy imports stay inside the hooks."""

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
    from plugins.manager.models import MODELS

    return MODELS


@hookimpl
def register_task_schedules(app: CrDesk) -> Iterable[Any]:
    from plugins.manager.schedules import SCHEDULES

    return SCHEDULES


@hookimpl
def register_forms(app: CrDesk) -> Iterable[Any]:
    from plugins.manager.forms import FORMS

    return FORMS


@hookimpl
def register_approval_chains(app: CrDesk) -> Iterable[Any]:
    from plugins.manager.chains import CHAINS

    return CHAINS


@hookimpl
def register_reports(app: CrDesk) -> Iterable[Any]:
    from plugins.manager.reports import REPORTS

    return REPORTS


@hookimpl
def register_import_kinds(app: CrDesk) -> Iterable[Any]:
    from plugins.manager.stock import IMPORT_KIND

    return [IMPORT_KIND]


@hookimpl
def register_rules(app: CrDesk) -> Iterable[Any]:
    from core.duties import Rule

    return [
        Rule("manager.action_items", "会议行动项成为负责人的任务,带期限;同一天同类会议只记录一次",
             ("MGR-D1", "MGR-W1", "MGR-W2"), "`crdesk meetings record`", commands=("meetings record",)),
        Rule("manager.budget_remaining", "部门付款、借支、报销申请按事由开头的预算类别计入预算;待审批清单显示批后剩余预算;"
             "已结束的期间不能制定预算", ("MGR-FUND",), "`crdesk budgets set` · `crdesk manager inbox`",
             chains=("core.pay", "core.loan", "core.reimb"), commands=("budgets set", "manager inbox")),
        Rule("manager.team_records", "培训(出席与考核)、员工月度考核、奖惩均以表单记录",
             ("MGR-TEAM",), "forms manager.training / manager.evaluation / manager.reward",
             commands=("forms fill",)),
        Rule("manager.contact_log", "与厂家、兄弟单位、经销店、合作伙伴、传媒的联络记录",
             ("MGR-PR",), "form manager.contact", commands=("forms fill",)),
    ]


@hookimpl
def register_permissions(app: CrDesk) -> Iterable[Any]:
    from core.access import grants

    return (
        grants("manager", ("manager.meeting", "manager.budget", "manager.stock"), ("read", "create", "change"),
               prefix="manager")
        + grants("manager", ("manager.inbox",), ("read",), prefix="manager")
        + grants("deputy_gm", ("manager.inbox", "manager.budget"), ("read",), prefix="manager")
        + grants("gm", ("manager.inbox", "manager.budget"), ("read",), prefix="manager")
    )


@hookimpl
def on_approval_decided(app: CrDesk, session: Session, request: Any, decision: Any) -> None:
    """An approved customer-service plan's items become tasks for their owners; an overspending pay / loan /
    reimbursement request needs the GM's override reason."""
    from plugins.manager.budgets import SPENDING_CHAINS, check_gm_override

    step = getattr(decision, "step", None)
    if (request.chain_key in SPENDING_CHAINS and decision.action == "approve" and step is not None
            and step.step_id == "gm"):
        check_gm_override(app, session, request, decision.comment or "", decision_actor(session, decision))
    if request.chain_key == "manager.plan" and request.status == "approved" and decision.action == "approve":
        from plugins.manager.meetings import open_plan_items

        open_plan_items(session, request, decision_actor(session, decision))


def decision_actor(session: Session, decision: Any) -> str:
    from core.models import User

    user = session.get(User, decision.actor_id)
    return user.username if user else "system"


@hookimpl
def register_settings(app: CrDesk) -> Iterable[Any]:
    from core.settings import SettingSpec

    return [SettingSpec("manager.overspend", "text", "block", "超预算的付款、借支、报销申请在总经理一步:block 须写明"
                        "超预算理由才能批准,warn 仅记录", duties=("MGR-FUND",), choices=("block", "warn"))]


@hookimpl
def on_report_rendered(app: CrDesk, session: Session, spec: Any, entry: Any) -> None:
    """The weekly analysis is delivered to the deputy GM and GM as a task pointing at the archived file."""
    if spec.key == "manager.weekly_analysis":
        from plugins.manager.meetings import deliver_weekly_analysis

        deliver_weekly_analysis(session, entry)


@hookimpl
def register_commands(cli: click.Group, app: CrDesk) -> None:
    from plugins.manager.cli import register

    register(cli, app)
