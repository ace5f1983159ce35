"""The follow-up specialists' daily commands: ``crdesk calls`` here; complaints, ads and ceremony in ``cli_*``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from core.cli.output import emit_record, emit_rows, json_option, success, warn
from plugins.followup.cli_common import _answers, _store

if TYPE_CHECKING:
    from core.app import CrDesk


def register(cli: click.Group, app: CrDesk) -> None:
    from plugins.followup.outcomes import OUTCOMES

    def begin() -> tuple[Any, Any]:
        app.check_schema()
        return app.session()

    # -- calls ----------------------------------------------------------------
    @cli.group()
    def calls() -> None:
        """Follow-up calls: log outcomes, the invalid-number list and its verification."""

    from plugins.followup.cli_contacts import register_contacts

    register_contacts(calls, app)

    @calls.command("log")
    @click.argument("task_id", type=int)
    @click.option(
        "--outcome",
        required=True,
        type=click.Choice(list(OUTCOMES)),
        help="reached 接通 · no_answer 无人接听 · busy 占线 · powered_off 关机 · forwarded 呼叫转移 · "
        "unreachable 无法接通 · wrong_number 号码错误 · refused 拒访",
    )
    @click.option("--note", default="", help="备注：客户意见、核实/更正的资料")
    @click.option(
        "--survey",
        type=click.Path(dir_okay=False, path_type=Path),
        help="The questionnaire's answers (JSON or YAML) for a reached call.",
    )
    @click.option("--complaint", help="Open a complaint case with this description.")
    @json_option
    def log(task_id: int, outcome: str, note: str, survey: Path | None, complaint: str | None, as_json: bool) -> None:
        """Log one call on a call task and apply the callback rule.

        A reached call without --survey asks the task's questionnaire question by question (in Chinese).
        """
        from core import access
        from plugins.followup.calls import log_call

        answers = _answers(survey)
        if outcome == "reached" and answers is None:
            answers = _ask_survey(task_id)
        with begin() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.call", "create")
            result = log_call(
                app,
                session,
                task_id=task_id,
                outcome=outcome,
                user=user,
                note=note,
                survey=answers,
                complaint=complaint,
            )
            row = {
                "call": result.call.id,
                "task": task_id,
                "outcome": outcome,
                "task_status": result.task_status,
                "survey": result.submission_id,
                "complaint": result.complaint_id,
                "followup_case": result.followup_case_id,
                "corrected": result.corrected,
                "invalid_number": result.invalid.id if result.invalid else None,
            }
        if as_json:
            emit_record(row, as_json=True)
            return
        status_zh = {"open": "未完成", "done": "已完成", "cancelled": "已暂停（无效号码）"}
        success(f"已记录回访 #{row['call']}：{OUTCOMES[outcome]}；任务 {task_id} {status_zh.get(row['task_status'], '')}")
        if row["invalid_number"]:
            warn(f"该号码已列为无效号码（记录 {row['invalid_number']}），将列入本周清单交接收部门核实")
        if row["complaint"]:
            click.echo(f"已开立投诉 #{row['complaint']}")
        if row["followup_case"]:
            click.echo(f"已开立售后跟进个案 #{row['followup_case']}（返修/理赔，由售后部处理）")
        if row["corrected"]:
            click.echo("问卷中更正的资料已更新到客户档案")

    def _ask_survey(task_id: int) -> dict[str, Any] | None:
        """The questionnaire of a reached call, asked interactively (the prompts of `crdesk forms fill`)."""
        from core.forms import find_form
        from core.forms.prompts import prompt_answers
        from core.scheduler.actions import get_task
        from plugins.followup.calls import survey_form_key

        with begin() as session:  # read only; closed before the questions, so no lock is held while asking
            key = survey_form_key(app, get_task(session, task_id))
        if key is None:
            return None
        return prompt_answers(find_form(app, key))

    @calls.command("list")
    @click.option("--task", "task_id", type=int)
    @click.option("--customer", "customer_id", type=int)
    @click.option("--limit", type=int, default=50, show_default=True)
    @json_option
    def list_calls(task_id: int | None, customer_id: int | None, limit: int, as_json: bool) -> None:
        """Logged calls, newest first (numbers masked)."""
        from sqlalchemy import select

        from core import access
        from core.phones import mask_phone
        from plugins.followup.models import FollowupCall

        with begin() as session:
            from core import scope

            reader = app.acting_user(session)
            access.require(app, session, reader, "followup.call", "read")
            stmt = select(FollowupCall).order_by(FollowupCall.called_at.desc(), FollowupCall.id.desc()).limit(limit)
            stmt = scope.filter(stmt, FollowupCall, session, reader)
            if task_id is not None:
                stmt = stmt.where(FollowupCall.task_id == task_id)
            if customer_id is not None:
                stmt = stmt.where(FollowupCall.customer_id == customer_id)
            rows = [
                {
                    "id": c.id,
                    "task": c.task_id,
                    "customer": c.customer_id,
                    "phone": mask_phone(c.phone),
                    "outcome": c.outcome,
                    "outcome_zh": OUTCOMES[c.outcome],
                    "called_at": c.called_at,
                    "agent": c.agent,
                    "note": access.text_for(app, reader, c.note),
                    "survey": c.submission_id,
                }
                for c in session.scalars(stmt)
            ]
        emit_rows(
            rows,
            [
                ("id", "#"),
                ("called_at", "时间"),
                ("customer", "客户"),
                ("phone", "号码"),
                ("outcome_zh", "结果"),
                ("agent", "回访人"),
                ("note", "备注"),
            ],
            as_json=as_json,
            title="回访记录",
            empty="no calls logged",
        )

    @calls.command("invalid")
    @click.option("--week", help="ISO week such as 2026-W45 (default: this week).")
    @click.option("--send", is_flag=True, help="Hand the week's open numbers to the receiving departments.")
    @click.option("--store", "store_code", metavar="CODE")
    @json_option
    def invalid(week: str | None, send: bool, store_code: str | None, as_json: bool) -> None:
        """The week's invalid numbers (masked) and where each one stands; --send lists them to the departments."""
        from sqlalchemy import select

        from core import access
        from core.models import Customer
        from core.people import DEPARTMENTS
        from core.phones import mask_phone
        from core.reports.periods import containing, period_for
        from core.workdays import cst_today
        from plugins.followup.invalid_numbers import for_week, send_list
        from plugins.followup.reports import STATUS_ZH

        week = (period_for("week", week) if week else containing("week", cst_today())).code
        with begin() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.invalid_number", "create" if send else "read")
            store = _store(session, user, store_code)
            if send:
                sent = send_list(app, session, store_id=store.id, week=week, actor=user.username)
            items = for_week(session, store.id, week)
            names = {
                c.id: c.name
                for c in session.execute(
                    select(Customer.id, Customer.name).where(Customer.id.in_([i.customer_id for i in items]))
                )
            }
            rows = [
                {
                    "id": i.id,
                    "customer_id": i.customer_id,
                    "name": names.get(i.customer_id, ""),
                    "phone": mask_phone(i.phone),
                    "failures": i.failures,
                    "reason": OUTCOMES.get(i.reason, i.reason),
                    "receiving_dept": i.receiving_dept,
                    "dept_zh": DEPARTMENTS.get(i.receiving_dept, ""),
                    "status": i.status,
                    "status_zh": STATUS_ZH.get(i.status, i.status),
                    "due_back": i.due_back_at,
                }
                for i in items
            ]
        emit_rows(
            rows,
            [
                ("id", "记录号"),
                ("customer_id", "客户编号"),
                ("name", "客户"),
                ("phone", "号码"),
                ("reason", "原因"),
                ("failures", "次数"),
                ("dept_zh", "核实部门"),
                ("status_zh", "状态"),
                ("due_back", "返回期限"),
            ],
            as_json=as_json,
            title=f"无效号码 {week}",
            empty=f"no invalid numbers in {week}",
        )
        if send and not as_json:
            success(
                f"{sent.numbers} number(s) sent for verification; each is a task on the receiving department's agenda"
            )

    @calls.command("verify")
    @click.argument("customer_id", type=int)
    @click.option("--phone", required=True, help="The verified number returned by the receiving department.")
    def verify(customer_id: int, phone: str) -> None:
        """Record a verified number: the customer's phone is corrected and the follow-up reopens."""
        from core import access
        from plugins.followup.invalid_numbers import verify as do_verify

        with begin() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.invalid_number", "change")
            done = do_verify(app, session, customer_id=customer_id, phone=phone, actor=user.username)
        late = "" if done.on_time else " (returned late)"
        success(f"customer {customer_id}: number verified{late}; follow-up reopened as task {done.reopened_task_id}")


    from plugins.followup import cli_ads, cli_complaints

    cli_complaints.register(cli, app)
    cli_ads.register(cli, app)
