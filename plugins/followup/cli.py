"""``crdesk calls``, ``crdesk complaints``, ``crdesk ads`` and ``crdesk ceremony``: the specialists' daily commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from core.cli.output import emit_record, emit_rows, json_option, success, warn

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.app import CrDesk


def _store(session: Any, user: Any, code: str | None) -> Any:
    """``--store CODE``, else the acting user's store (core.people is imported only when a command runs)."""
    from core.people import working_store

    return working_store(session, user, code)


def _answers(path: Path | None) -> dict[str, Any] | None:
    from core.forms.answers_file import load_answers

    return load_answers(path) if path is not None else None


def register(cli: click.Group, app: CrDesk) -> None:
    from plugins.followup.outcomes import OUTCOMES, SATISFACTION, TIERS

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
            access.require(app, session, app.acting_user(session), "followup.call", "read")
            stmt = select(FollowupCall).order_by(FollowupCall.called_at.desc(), FollowupCall.id.desc()).limit(limit)
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
                    "note": c.note,
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

    # -- complaints -------------------------------------------------------------
    @cli.group()
    def complaints() -> None:
        """Complaint cases: open, assign, respond, close (销售/售后投诉)."""

    def _row(session: Session, case: Any) -> dict[str, Any]:
        from core.people import DEPARTMENTS
        from plugins.followup.complaints import handler_name
        from plugins.followup.outcomes import COMPLAINT_CHANNELS, COMPLAINT_ORIGINS, COMPLAINT_STATUS

        return {
            "id": case.id,
            "origin": case.origin,
            "origin_zh": COMPLAINT_ORIGINS[case.origin],
            "channel_zh": COMPLAINT_CHANNELS.get(case.channel, case.channel),
            "owner_dept_zh": DEPARTMENTS.get(case.owner_dept, case.owner_dept),
            "status_zh": COMPLAINT_STATUS.get(case.status, case.status),
            "satisfaction_zh": SATISFACTION.get(case.customer_satisfaction or "", ""),
            "customer": case.customer_id,
            "tier": case.tier,
            "tier_zh": TIERS[case.tier],
            "category": case.category,
            "description": case.description,
            "owner_dept": case.owner_dept,
            "handler": handler_name(session, case),
            "status": case.status,
            "opened_at": case.opened_at,
            "first_response_due": case.first_response_due,
            "first_responded_at": case.first_responded_at,
            "closure_due": case.closure_due,
            "closed_at": case.closed_at,
            "result": case.result,
            "customer_satisfaction": case.customer_satisfaction,
            "escalated_at": case.escalated_at,
        }

    @complaints.command("open")
    @click.option("--customer", "customer_id", type=int, required=True)
    @click.option("--origin", type=click.Choice(["sales", "service"]), required=True)
    @click.option(
        "--tier",
        type=click.Choice(list(TIERS)),
        default="general",
        show_default=True,
        help="important 重要 · important_reserve 重要预备 · general 一般",
    )
    @click.option("--category", required=True, help="投诉类别, e.g. 服务态度, 维修质量, 交车延误")
    @click.option("--text", "description", required=True, help="投诉内容")
    @click.option(
        "--channel",
        type=click.Choice(["callback", "walk_in", "phone_in", "oem_hotline", "online"]),
        default="phone_in",
        show_default=True,
    )
    @click.option("--dept", "owner_dept", help="Owning department code (default: sales or service by origin).")
    @click.option("--handler", help="Username of the person handling it.")
    @click.option("--store", "store_code", metavar="CODE")
    @json_option
    def open_(
        customer_id: int,
        origin: str,
        tier: str,
        category: str,
        description: str,
        channel: str,
        owner_dept: str | None,
        handler: str | None,
        store_code: str | None,
        as_json: bool,
    ) -> None:
        """Register a complaint; the first response is due in one working day."""
        from core import access
        from plugins.followup.complaints import open_complaint

        with begin() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.complaint", "create")
            case = open_complaint(
                app,
                session,
                store_id=_store(session, user, store_code).id,
                customer_id=customer_id,
                origin=origin,
                tier=tier,
                category=category,
                description=description,
                channel=channel,
                owner_dept=owner_dept,
                handler=handler,
                actor=user.username,
            )
            row = _row(session, case)
        if as_json:
            emit_record(row, as_json=True)
        else:
            success(f"complaint #{row['id']} opened; first response due {row['first_response_due']:%Y-%m-%d %H:%M} UTC")

    @complaints.command("list")
    @click.option("--status", type=click.Choice(["open", "responded", "closed"]))
    @click.option("--origin", type=click.Choice(["sales", "service"]))
    @json_option
    def list_complaints(status: str | None, origin: str | None, as_json: bool) -> None:
        """Complaint cases, newest first."""
        from sqlalchemy import select

        from core import access
        from plugins.followup.models import FollowupComplaint

        with begin() as session:
            access.require(app, session, app.acting_user(session), "followup.complaint", "read")
            stmt = select(FollowupComplaint).order_by(FollowupComplaint.opened_at.desc())
            if status:
                stmt = stmt.where(FollowupComplaint.status == status)
            if origin:
                stmt = stmt.where(FollowupComplaint.origin == origin)
            rows = [_row(session, c) for c in session.scalars(stmt)]
        emit_rows(
            rows,
            [
                ("id", "#"),
                ("origin_zh", "来源"),
                ("channel_zh", "渠道"),
                ("tier_zh", "级别"),
                ("category", "类别"),
                ("owner_dept_zh", "责任部门"),
                ("handler", "处理人"),
                ("status_zh", "状态"),
                ("closure_due", "结案期限"),
            ],
            as_json=as_json,
            title="投诉",
            empty="no complaints",
        )

    @complaints.command("show")
    @click.argument("complaint_id", type=int)
    @json_option
    def show(complaint_id: int, as_json: bool) -> None:
        """One complaint with its deadlines and result."""
        from core import access
        from plugins.followup.complaints import get

        with begin() as session:
            access.require(app, session, app.acting_user(session), "followup.complaint", "read")
            row = _row(session, get(session, complaint_id))
        emit_record(row, as_json=as_json, labels=None if as_json else [
            ("id", "编号"), ("origin_zh", "来源"), ("channel_zh", "渠道"), ("tier_zh", "级别"), ("category", "类别"),
            ("description", "投诉内容"), ("owner_dept_zh", "责任部门"), ("handler", "处理人"), ("status_zh", "状态"),
            ("opened_at", "受理时间"), ("first_response_due", "响应期限"), ("first_responded_at", "首次响应"),
            ("closure_due", "结案期限"), ("closed_at", "结案时间"), ("result", "处理结果"),
            ("satisfaction_zh", "客户满意度"), ("escalated_at", "督办时间")])

    @complaints.command("assign")
    @click.argument("complaint_id", type=int)
    @click.option("--to", "handler", required=True, help="Username of the handler.")
    @click.option("--dept", "owner_dept", help="Move it to this department.")
    def assign(complaint_id: int, handler: str, owner_dept: str | None) -> None:
        """Give a complaint to a handler (and optionally another department)."""
        from core import access
        from plugins.followup.complaints import assign as do_assign, get

        with begin() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.complaint", "change")
            do_assign(session, get(session, complaint_id), handler=handler, owner_dept=owner_dept, actor=user.username)
        success(f"complaint #{complaint_id} assigned to {handler}")

    @complaints.command("respond")
    @click.argument("complaint_id", type=int)
    @click.option("--note", required=True, help="What was said or done first.")
    def respond(complaint_id: int, note: str) -> None:
        """Record the first response."""
        from core import access
        from plugins.followup.complaints import get, respond as do_respond

        with begin() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.complaint", "change")
            do_respond(session, get(session, complaint_id), note=note, actor=user.username)
        success(f"complaint #{complaint_id}: first response recorded")

    @complaints.command("close")
    @click.argument("complaint_id", type=int)
    @click.option("--result", required=True, help="处理结果")
    @click.option(
        "--satisfaction",
        type=click.Choice(list(SATISFACTION)),
        help="The customer's satisfaction with the result, if already known; else a follow-up call is scheduled.",
    )
    def close(complaint_id: int, result: str, satisfaction: str | None) -> None:
        """Close a complaint with its result."""
        from core import access
        from plugins.followup.complaints import close as do_close, get

        with begin() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.complaint", "change")
            do_close(
                app, session, get(session, complaint_id), result=result, satisfaction=satisfaction, actor=user.username
            )
        success(f"complaint #{complaint_id} closed" + ("" if satisfaction else "; a follow-up call is scheduled"))

    @complaints.command("satisfaction")
    @click.argument("complaint_id", type=int)
    @click.argument("answer", type=click.Choice(list(SATISFACTION)))
    def satisfaction(complaint_id: int, answer: str) -> None:
        """Record the customer's satisfaction with the result (the follow-up call after closing)."""
        from core import access
        from plugins.followup.complaints import get, record_satisfaction

        with begin() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.complaint", "change")
            record_satisfaction(session, get(session, complaint_id), satisfaction=answer, actor=user.username)
        success(f"complaint #{complaint_id}: customer is {SATISFACTION[answer]}")

    # -- competitor ads ---------------------------------------------------------
    @cli.group()
    def ads() -> None:
        """The newspaper competitor-ad log (相关汽车品牌广告投放统计)."""

    @ads.command("log")
    @click.option("--date", "seen_on", type=click.DateTime(["%Y-%m-%d"]), help="Day of the paper (default today).")
    @click.option("--paper", required=True, help="广州日报, 南方都市报, 信息时报, 新快报 …")
    @click.option("--brand", required=True)
    @click.option("--model", default="")
    @click.option("--format", "ad_format", default="", help="版面, e.g. 整版, 半版, 通栏")
    @click.option("--page", default="")
    @click.option("--offer", default="", help="促销内容 / 价格")
    @click.option("--store", "store_code", metavar="CODE")
    def log_ad(
        seen_on: dt.datetime | None,
        paper: str,
        brand: str,
        model: str,
        ad_format: str,
        page: str,
        offer: str,
        store_code: str | None,
    ) -> None:
        """Log one competitor ad seen in a newspaper."""
        from core import access
        from core.workdays import cst_today
        from plugins.followup.ads import log_ad as do_log

        with begin() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.ad_entry", "create")
            entry = do_log(
                session,
                store_id=_store(session, user, store_code).id,
                seen_on=seen_on.date() if seen_on else cst_today(),
                newspaper=paper,
                brand=brand,
                model=model,
                ad_format=ad_format,
                page=page,
                offer=offer,
                actor=user.username,
            )
        success(f"ad #{entry.id} logged")

    @ads.command("list")
    @click.option("--week", help="ISO week such as 2026-W45 (default: this week).")
    @click.option("--store", "store_code", metavar="CODE")
    @json_option
    def list_ads(week: str | None, store_code: str | None, as_json: bool) -> None:
        """The ads logged in a week."""
        from core import access
        from core.reports.periods import containing, period_for
        from core.workdays import cst_today
        from plugins.followup.ads import ads_between

        period = period_for("week", week) if week else containing("week", cst_today())
        with begin() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.ad_entry", "read")
            rows = [
                {
                    "id": a.id,
                    "seen_on": a.seen_on,
                    "newspaper": a.newspaper,
                    "brand": a.brand,
                    "model": a.model,
                    "ad_format": a.ad_format,
                    "offer": a.offer,
                }
                for a in ads_between(session, _store(session, user, store_code).id, period.start, period.end)
            ]
        emit_rows(
            rows,
            [
                ("seen_on", "日期"),
                ("newspaper", "报纸"),
                ("brand", "品牌"),
                ("model", "车型"),
                ("ad_format", "版面"),
                ("offer", "促销内容"),
            ],
            as_json=as_json,
            title=f"竞品广告 {period.code}",
            empty=f"no ads logged in {period.code}",
        )

    # -- ceremony ---------------------------------------------------------------
    @cli.group()
    def ceremony() -> None:
        """Delivery ceremony and service visit: face-to-face survey and gift (面访与礼品)."""

    @ceremony.command("gift")
    @click.argument("source_kind", type=click.Choice(["delivery", "service_visit"]))
    @click.argument("source_id", type=int)
    @click.option("--gift", required=True, help="礼品")
    @click.option("--photo", is_flag=True, help="The framed ceremony photo was given too.")
    @click.option("--form", "form_key", help="The face-to-face questionnaire's form key.")
    @click.option("--survey", type=click.Path(dir_okay=False, path_type=Path), help="Its answers (JSON or YAML).")
    @click.option("--date", "given_on", type=click.DateTime(["%Y-%m-%d"]))
    def gift(
        source_kind: str,
        source_id: int,
        gift: str,
        photo: bool,
        form_key: str | None,
        survey: Path | None,
        given_on: dt.datetime | None,
    ) -> None:
        """Record the gift after a face-to-face survey (the survey only if the customer agreed)."""
        from core import access
        from core.workdays import cst_today
        from plugins.followup.gifts import record_gift

        with begin() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "followup.gift", "create")
            entry = record_gift(
                app,
                session,
                source_kind=source_kind,
                source_id=source_id,
                gift=gift,
                given_on=given_on.date() if given_on else cst_today(),
                user=user,
                photo_given=photo,
                form_key=form_key,
                survey=_answers(survey),
            )
        success(
            f"gift #{entry.id} recorded"
            + (f" with questionnaire #{entry.submission_id}" if entry.submission_id else "")
        )
