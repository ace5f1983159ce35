"""The follow-up base's contributions; heavy imports stay inside the hooks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from core import hookimpl

if TYPE_CHECKING:
    import click

    from core.app import CrDesk

_RECEIVERS = ("sales_clerk", "sales_manager", "service_desk", "service_manager")


@hookimpl
def register_models() -> Iterable[type]:
    from plugins.followup import models

    return [
        models.FollowupCall,
        models.FollowupInvalidNumber,
        models.FollowupComplaint,
        models.FollowupAdEntry,
        models.FollowupGift,
    ]


@hookimpl
def register_commands(cli: click.Group, app: CrDesk) -> None:
    from plugins.followup.cli import register

    register(cli, app)


@hookimpl
def register_settings(app: CrDesk) -> Iterable[Any]:
    from plugins.followup.settings import SETTINGS

    return SETTINGS


@hookimpl
def register_reports(app: CrDesk) -> Iterable[Any]:
    from plugins.followup.proposals import PROPOSALS_REPORT
    from plugins.followup.reports import REPORTS

    return [*REPORTS, PROPOSALS_REPORT]


@hookimpl
def register_forms(app: CrDesk) -> Iterable[Any]:
    from plugins.followup.proposals import PROPOSAL

    return [PROPOSAL]


@hookimpl
def register_rules(app: CrDesk) -> Iterable[Any]:
    from core.duties import Rule

    return [
        Rule(
            "followup.invalid_number",
            "三次关机/呼叫转移/无法接通（或号码错误）即列为无效号码，回访任务暂停",
            ("SF-D5", "SV-D5"),
            "plugins/followup/calls.py; threshold and outcomes in `crdesk settings`",
            ("calls log", "calls show"),
        ),
        Rule(
            "followup.invalid_verification",
            "无效号码每周交接收部门，3天内返回核实号码，逾期升级，核实后重新回访",
            ("SF-D5", "SV-D5"),
            "plugins/followup/invalid_numbers.py",
            ("calls invalid", "calls verify"),
        ),
        Rule(
            "followup.complaint_deadlines",
            "投诉首次响应1个工作日内、按级别结案，逾期报客户经理督办，结案后回访",
            ("SF-COMPL", "SV-COMPL"),
            "plugins/followup/complaints.py",
            ("complaints open", "complaints respond", "complaints close"),
        ),
        Rule(
            "followup.contact_correction",
            "回访时先核对车主资料：地址、第二电话、车牌可更正（姓名、主电话除外），问卷“更正的资料”自动更新，前后值审计",
            ("SF-D3", "SF-D5", "SV-D3"),
            "plugins/followup/contact_data.py",
            ("calls correct", "calls show"),
        ),
    ]


@hookimpl
def register_permissions(app: CrDesk) -> Iterable[Any]:
    from core.access import grants

    out = grants(
        "sales_fu",
        ("followup.call", "followup.complaint", "followup.ad_entry", "followup.gift"),
        ("read", "create", "change"),
        prefix="followup",
    )
    out += grants(
        "service_fu",
        ("followup.call", "followup.complaint", "followup.ad_entry", "followup.gift"),
        ("read", "create", "change"),
        prefix="followup",
    )
    out += grants(
        "manager",
        ("followup.call", "followup.complaint", "followup.ad_entry", "followup.gift", "followup.invalid_number"),
        ("read", "create", "change"),
        prefix="followup",
    )
    out += grants(
        "cr", ("followup.call", "followup.complaint", "followup.gift"), ("read", "create", "change"), prefix="followup"
    )
    out += grants("marketing", ("followup.ad_entry",), ("read",), prefix="followup")
    out += [g for role in ("sales_fu", "service_fu", "manager", "cr")
            for g in grants(role, ("followup.contact",), ("read", "change"), prefix="followup.contact")]
    out += [
        g
        for role in ("sales_fu", "service_fu", "cr")
        for g in grants(role, ("followup.invalid_number",), ("read", "create", "change"), prefix="followup.caller")
    ]
    out += [
        g
        for role in _RECEIVERS
        for g in grants(role, ("followup.invalid_number",), ("read", "change"), prefix="followup.receiver")
    ]
    out += [
        g
        for role in ("sales_manager", "service_manager")
        for g in grants(role, ("followup.complaint",), ("read", "change"), prefix="followup.handler")
    ]
    return out


@hookimpl
def on_tasks_generated(app: CrDesk, session: Any, day: Any, moment: Any) -> None:
    """The daily run: complaints past a deadline go to the CR manager."""
    from plugins.followup.complaints import escalate_overdue

    escalate_overdue(session, moment=moment, actor=app.acting_username)


@hookimpl
def on_user_deactivated(app: CrDesk, session: Any, user: Any, successor: Any) -> None:
    """A leaver's open complaint cases go to the successor, or back to the owning department's head."""
    from sqlalchemy import update

    from plugins.followup.models import FollowupComplaint

    session.execute(update(FollowupComplaint)
                    .where(FollowupComplaint.handler_id == user.id, FollowupComplaint.status != "closed")
                    .values(handler_id=successor.id if successor else None))


#: Import kinds whose records the follow-up calls and ceremonies are about.
_LATE_KINDS = {"deliveries": "delivery", "service-visits": "service_visit"}


@hookimpl
def on_records_imported(app: CrDesk, session: Any, kind: str, record_ids: list[int]) -> None:
    """A delivery or visit imported after the morning run gets its call (and ceremony) task now, not never."""
    source_kind = _LATE_KINDS.get(kind)
    if source_kind is None or not record_ids:
        return
    from core.scheduler.late_sources import tasks_for_late_sources

    tasks_for_late_sources(app, session, source_kind=source_kind, source_ids=record_ids,
                           actor=app.acting_username)
