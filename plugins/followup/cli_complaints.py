"""``crdesk complaints``: complaint cases from intake to the customer's satisfaction (SF-COMPL, SV-COMPL)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from core.cli.output import emit_record, emit_rows, json_option, local_time, success
from plugins.followup.cli_common import _store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.app import CrDesk


def register(cli: click.Group, app: CrDesk) -> None:
    from plugins.followup.outcomes import SATISFACTION, TIERS

    def begin() -> tuple[Any, Any]:
        app.check_schema()
        return app.session()

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
            success(f"已受理投诉 #{row['id']}，首次响应期限 {local_time(row['first_response_due'])}")

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
            from core import scope

            reader = app.acting_user(session)
            access.require(app, session, reader, "followup.complaint", "read")
            stmt = scope.filter(select(FollowupComplaint).order_by(FollowupComplaint.opened_at.desc()),
                                FollowupComplaint, session, reader)
            if status:
                stmt = stmt.where(FollowupComplaint.status == status)
            if origin:
                stmt = stmt.where(FollowupComplaint.origin == origin)
            rows = [access.free_text_masked(app, reader, _row(session, c), "description", "result")
                    for c in session.scalars(stmt)]
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
            reader = app.acting_user(session)
            access.require(app, session, reader, "followup.complaint", "read")
            row = access.free_text_masked(app, reader, _row(session, get(session, complaint_id, reader)),
                                          "description", "result")
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
            do_assign(session, get(session, complaint_id, user), handler=handler, owner_dept=owner_dept, actor=user.username)
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
            do_respond(session, get(session, complaint_id, user), note=note, actor=user.username)
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
                app, session, get(session, complaint_id, user), result=result, satisfaction=satisfaction, actor=user.username
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
            record_satisfaction(session, get(session, complaint_id, user), satisfaction=answer, actor=user.username)
        success(f"complaint #{complaint_id}: customer is {SATISFACTION[answer]}")

