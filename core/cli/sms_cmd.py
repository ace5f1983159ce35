"""``crdesk sms``: queue an approved SMS campaign, send the outbox, see and settle messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from core.cli import get_app
from core.cli.output import emit_rows, json_option, success, warn

SKIP_ZH = {"opt_out": "已退订", "no_phone": "无号码"}
STATUS_ZH = {"queued": "待发送", "sending": "发送中", "sent": "已发送", "failed": "失败", "skipped": "未发送"}


@click.group()
def sms() -> None:
    """SMS to customers: only approved campaigns (APR-SMS), opt-outs honoured, never sent twice."""


def _range(text: str | None, option: str) -> tuple[dt.date, dt.date] | None:
    if text is None:
        return None
    from core.reports.periods import parse_period

    try:
        period = parse_period(text)
    except Exception as exc:  # noqa: BLE001 - the parser's own message is the useful part
        raise click.BadParameter(str(exc), param_hint=option) from None
    return period.start, period.end


def _audience(
    session: Any,
    store_id: int,
    ids: str | None,
    ids_file: Path | None,
    delivered: tuple[dt.date, dt.date] | None,
    visited: tuple[dt.date, dt.date] | None,
) -> list[int]:
    from sqlalchemy import select

    from core.errors import ValidationError
    from core.models import Delivery, ServiceVisit

    chosen: set[int] = set()
    try:
        if ids:
            chosen.update(int(part) for part in ids.split(",") if part.strip())
        if ids_file is not None:
            lines = ids_file.read_text(encoding="utf-8-sig").split()
            chosen.update(int(line) for line in lines if line.strip())
    except ValueError as exc:
        raise ValidationError(f"customer ids must be whole numbers: {exc}") from None
    if delivered:
        chosen.update(
            session.scalars(
                select(Delivery.customer_id).where(
                    Delivery.store_id == store_id, Delivery.delivered_on.between(*delivered)
                )
            )
        )
    if visited:
        chosen.update(
            session.scalars(
                select(ServiceVisit.customer_id).where(
                    ServiceVisit.store_id == store_id, ServiceVisit.intake_on.between(*visited)
                )
            )
        )
    if not chosen:
        raise ValidationError("no recipients: give --customers, --customers-file, --delivered or --visited")
    return sorted(chosen)


@sms.command("queue")
@click.option("--approval", "request_id", type=int, required=True, help="The approved SMS request (短信发送申请).")
@click.option("--customers", help="Customer ids, comma-separated.")
@click.option(
    "--customers-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A file of customer ids, one per line.",
)
@click.option("--delivered", metavar="PERIOD", help="Customers delivered in PERIOD (2026-10, 2026-Q3, D1..D2).")
@click.option("--visited", metavar="PERIOD", help="Customers with a service visit in PERIOD.")
@click.option(
    "--service-notice",
    is_flag=True,
    help="A service notice, not marketing: no signature or 回T退订 added (opt-outs still honoured).",
)
@json_option
@click.pass_context
def queue(
    ctx: click.Context,
    request_id: int,
    customers: str | None,
    customers_file: Path | None,
    delivered: str | None,
    visited: str | None,
    service_notice: bool,
    as_json: bool,
) -> None:
    """Queue the message of an approved SMS request for its recipients."""
    from core import access
    from core.approvals.engine import ACTION_TASK, LINK, Approvals
    from core.cli.output import emit_record
    from core.errors import ValidationError
    from core.models import Store
    from core.scheduler.adhoc import close_tasks_for
    from core.sms import queue as do_queue

    app = get_app(ctx)
    app.check_schema()
    with app.session() as session:
        user = app.acting_user(session)
        access.require(app, session, user, "sms", "create")
        engine = Approvals(app)
        req = engine.request(session, request_id)
        from core import scope

        scope.check_record(session, user, req, f"SMS request {request_id}")
        if req.chain_key != "core.sms_request":
            raise ValidationError(f"request {request_id} is a {req.chain_key} request, not an SMS request")
        if req.status != "approved":
            raise ValidationError(f"SMS request {request_id} is {req.status}: only an approved request may be sent")
        store = session.get(Store, req.store_id)
        if store is None:
            raise ValidationError(f"SMS request {request_id} belongs to no store")
        recipients = _audience(
            session, store.id, customers, customers_file, _range(delivered, "--delivered"), _range(visited, "--visited")
        )
        data = engine.data(session, req)
        result = do_queue(
            session,
            store=store,
            customer_ids=recipients,
            text=data["message"],
            marketing=not service_notice,
            ref_kind="approval",
            ref_id=req.id,
            actor=user.username,
        )
        close_tasks_for(session, link_kind=LINK, link_id=req.id, key=ACTION_TASK, actor=user.username)
        approved_count = int(data.get("count") or 0)
    row = {"approval": request_id, "queued": result.queued, "skipped": result.skipped, "approved_count": approved_count}
    if as_json:
        emit_record(row, as_json=True)
        return
    skipped = "、".join(f"{SKIP_ZH.get(k, k)} {v}" for k, v in result.skipped.items()) or "无"
    success(f"SMS request #{request_id}: {result.queued} message(s) queued; skipped: {skipped}")
    if approved_count and result.queued > approved_count:
        warn(f"{result.queued} messages exceed the {approved_count} the request was approved for")
    click.echo("run `crdesk sms send` to hand them to the gateway")


@sms.command("replies")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def replies(ctx: click.Context, file: Path) -> None:
    """Apply the customers' own replies (上行短信 CSV: 手机号码, 回复内容): 回T退订 opt-outs and 订阅 opt-ins."""
    from core.sms.replies import record_replies

    app = get_app(ctx)
    app.check_schema()
    with app.session() as session:
        result = record_replies(app, session, file, actor=app.acting_username)
    success(f"退订 {result.opted_out} 条, 恢复订阅 {result.opted_in} 条, 其他回复 {result.ignored} 条, "
            f"未知号码 {result.unknown_numbers} 条")


@sms.command("send")
@click.option("--limit", type=int, help="Send at most this many.")
@click.pass_context
def send(ctx: click.Context, limit: int | None) -> None:
    """Send queued messages through the gateway (opt-outs checked again)."""
    from core import access
    from core.sms import send_pending

    app = get_app(ctx)
    app.check_schema()
    from core import scope

    with app.session() as session:
        me = app.acting_user(session)
        access.require(app, session, me, "sms", "create")
        ids = scope.store_ids(session, me)
    result = send_pending(app, limit=limit, store_ids=ids)
    success(f"sent {result.sent}, failed {result.failed}, skipped (opted out since queueing) {result.skipped}")


@sms.command("list")
@click.option("--status", type=click.Choice(list(STATUS_ZH)))
@click.option("--approval", "request_id", type=int)
@click.option("--limit", type=int, default=100, show_default=True)
@json_option
@click.pass_context
def list_(ctx: click.Context, status: str | None, request_id: int | None, limit: int, as_json: bool) -> None:
    """Messages in the outbox (numbers masked), newest first."""
    from sqlalchemy import select

    from core import access
    from core.models.sms import SmsMessage
    from core.phones import mask_phone

    app = get_app(ctx)
    app.check_schema()
    with app.session() as session:
        from core import scope

        me = app.acting_user(session)
        access.require(app, session, me, "sms", "read")
        stmt = scope.filter(select(SmsMessage).order_by(SmsMessage.id.desc()).limit(limit), SmsMessage, session, me)
        if status:
            stmt = stmt.where(SmsMessage.status == status)
        if request_id is not None:
            stmt = stmt.where(SmsMessage.ref_kind == "approval", SmsMessage.ref_id == request_id)
        rows = [
            {
                "id": m.id,
                "customer_id": m.customer_id,
                "phone": mask_phone(m.phone),
                "status": m.status,
                "status_zh": STATUS_ZH[m.status],
                "skip_reason": m.skip_reason,
                "reason_zh": SKIP_ZH.get(m.skip_reason or "", m.error or ""),
                "ref": f"{m.ref_kind}:{m.ref_id}",
                "queued_at": m.queued_at,
                "finished_at": m.finished_at,
                "body": m.body,
            }
            for m in session.scalars(stmt)
        ]
    emit_rows(
        rows,
        [
            ("id", "#"),
            ("customer_id", "客户"),
            ("phone", "号码"),
            ("status_zh", "状态"),
            ("reason_zh", "原因"),
            ("ref", "依据"),
            ("queued_at", "排队时间"),
        ],
        as_json=as_json,
        title="短信发件箱",
        empty="the outbox is empty",
    )


@sms.command("settle")
@click.argument("message_id", type=int)
@click.option("--sent/--failed", required=True, help="What the gateway's own report says happened.")
@click.option("--note", default="")
@click.pass_context
def settle(ctx: click.Context, message_id: int, sent: bool, note: str) -> None:
    """Resolve a message left 'sending' by a crash, after checking the gateway's report."""
    from core import access
    from core.sms import settle as do_settle

    app = get_app(ctx)
    app.check_schema()
    with app.session() as session:
        user = app.acting_user(session)
        access.require(app, session, user, "sms", "change")
        do_settle(session, message_id, sent=sent, actor=user.username, note=note)
    success(f"message {message_id} settled as {'sent' if sent else 'failed'}")
