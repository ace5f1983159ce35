"""The after-sales follow-up plugin's contributions; heavy imports stay inside the hooks."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from core import hookimpl

if TYPE_CHECKING:
    import click

    from core.app import CrDesk


@hookimpl
def register_task_schedules(app: CrDesk) -> Iterable[Any]:
    from plugins.service_followup.schedules import schedules

    return schedules(app)


@hookimpl
def register_assignment_strategies(app: CrDesk) -> Iterable[Any]:
    from plugins.service_followup.segments import SegmentFirst

    return [SegmentFirst()]


@hookimpl
def register_forms(app: CrDesk) -> Iterable[Any]:
    from plugins.service_followup.forms import FORMS

    return FORMS


@hookimpl
def register_reports(app: CrDesk) -> Iterable[Any]:
    from plugins.service_followup.reports import REPORTS

    return REPORTS


@hookimpl
def register_settings(app: CrDesk) -> Iterable[Any]:
    from plugins.service_followup.settings import SETTINGS

    return SETTINGS


@hookimpl
def register_rules(app: CrDesk) -> Iterable[Any]:
    from core.duties import Rule

    return [
        Rule("service_followup.segment_order", "按客户细分（重点关怀→贵宾→新车主→忠诚→流失预警→一般）排列回访顺序，细分显示在回访任务上",
             ("SV-INFO",), "plugins/service_followup/segments.py; thresholds in `crdesk settings`",
             ("service-fu segments", "service-fu queue")),
        Rule("service_followup.no_call_on_opt_out", "客户拒绝电话联系的，不生成入库回访任务",
             ("SV-D4", "SV-CALL"), "plugins/service_followup/schedules.py", ("customers consent",)),
    ]


@hookimpl
def register_permissions(app: CrDesk) -> Iterable[Any]:
    """The specialist imports yesterday's intakes (入库明细) and completes the intake customers' records (SV-D3)."""
    from core.access import grants

    return (grants("service_fu", ("service_visit", "customer"), ("read", "create", "change"),
                   prefix="service_followup", duties=("SV-D3", "SV-D4"))
            # The not-returned lists are call lists for 售后部: the manager and the CR specialist print them in
            # full (`reports render service_followup.first_maintenance --reveal`, audited).
            + [g for role in ("manager", "cr")
               for g in grants(role, ("service_followup.not_returned",), ("read", "reveal"),
                               prefix="service_followup", duties=("SV-INFO",))])


@hookimpl
def register_commands(cli: click.Group, app: CrDesk) -> None:
    from plugins.service_followup.cli import register

    register(cli, app)
