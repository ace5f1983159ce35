"""The manager's commands: ``meetings record``, ``budgets set`` and ``manager inbox``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from core.cli.output import emit_record, emit_rows, json_option, success

if TYPE_CHECKING:
    from core.app import CrDesk


def register(cli: click.Group, app: CrDesk) -> None:
    @cli.group()
    def meetings() -> None:
        """Meeting minutes (晨会、公司例会、部门例会) whose action items become tasks."""

    @meetings.command("record")
    @click.option("--data", "data_file", required=True, type=click.Path(dir_okay=False), metavar="FILE",
                  help="The minutes as YAML or JSON (form manager.meeting).")
    @json_option
    def record(data_file: str, as_json: bool) -> None:
        """Record a meeting's minutes; each action item becomes a task for its owner, due on its deadline."""
        from core.forms.answers_file import load_answers
        from core.people import working_store
        from plugins.manager import meetings as svc

        app.check_schema()
        data = load_answers(data_file)
        with app.session() as session:
            user = app.acting_user(session)
            meeting, task_ids = svc.record(app, session, user, data, store_id=working_store(session, user).id)
            out = {"meeting": meeting.id, "kind": meeting.kind, "held_on": meeting.held_on.isoformat(),
                   "tasks": task_ids}
        if as_json:
            emit_record(out, as_json=True)
        else:
            success(f"会议纪要 #{out['meeting']} 已记录,{len(task_ids)} 个行动项已成为负责人的任务")

    @cli.group()
    def budgets() -> None:
        """Department budgets (年度/季度/月度部门费用预算) per category."""

    @budgets.command("set")
    @click.option("--period", required=True, help="2026 (年度), 2026-Q4 (季度) or 2026-11 (月度)")
    @click.option("--category", required=True, help="预算类别, e.g. 广告费")
    @click.option("--amount", required=True, help="预算金额(元), e.g. 50000.00")
    def set_(period: str, category: str, amount: str) -> None:
        """Set the budget of one category for a year, quarter or month that has not ended."""
        from core.people import working_store
        from plugins.manager.budgets import set_budget

        app.check_schema()
        with app.session() as session:
            user = app.acting_user(session)
            set_budget(app, session, user, store_id=working_store(session, user).id, period=period,
                       category=category, amount=amount)
        success(f"{period} {category} 预算已设为 {amount} 元")

    @cli.group("manager")
    def manager() -> None:
        """The customer relations manager's desk (客户经理)."""

    @manager.command("inbox")
    @json_option
    def inbox(as_json: bool) -> None:
        """Every request waiting for you across all chains, oldest first, with amount and remaining budget."""
        from plugins.manager.inbox import inbox as svc

        app.check_schema()
        with app.session() as session:
            rows = svc(app, session, app.acting_user(session))
        emit_rows(rows, [("request", "单号"), ("title", "事由"), ("chain", "审批流程"), ("author", "申请人"),
                         ("submitted_at", "提交时间"), ("amount", "金额(元)"), ("category", "预算类别"),
                         ("remaining", "批后剩余预算(元)")], as_json=as_json, title="待我审批", empty="没有待审批的申请")
