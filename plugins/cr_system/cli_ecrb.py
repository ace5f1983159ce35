"""``crdesk cr ecrb`` and ``crdesk cr mail``: advisors' e-CRB tracking tables, their diff, the e-mail outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from core.cli.output import emit_rows, json_option, success, warn

if TYPE_CHECKING:
    from core.app import CrDesk

DATE = click.DateTime(["%Y-%m-%d"])
KIND = click.Choice(["sales", "service"])


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    """Aware CST time: tables print it local, ``--json`` as ISO 8601 with +08:00."""
    from core.workdays import CST

    return moment.astimezone(CST) if moment else None


def _today() -> dt.date:
    from core.workdays import cst_today

    return cst_today()


def register_ecrb(cr: click.Group, app: CrDesk, store_of: Callable[..., Any]) -> None:
    @cr.group()
    def ecrb() -> None:
        """销售、维修顾问e-CRB跟踪表: dated snapshots, their diff, e-mailed to 副总经理 and 总经理."""

    @ecrb.command("import")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--kind", type=KIND, required=True)
    @click.option("--date", "day", type=DATE, help="Snapshot date (default today)")
    @click.option("--store", "store_code", metavar="CODE")
    def import_(path: str, kind: str, day: dt.datetime | None, store_code: str | None) -> None:
        """Import the e-CRB export as the day's snapshot and show what changed since the previous one."""
        from plugins.cr_system.ecrb import diff, snapshot_pair
        from plugins.cr_system.service import import_ecrb

        app.check_schema()
        taken = day.date() if day else _today()
        with app.session() as session:
            store_id = store_of(session, app, store_code).id
            snap = import_ecrb(app, session, store_id=store_id, kind=kind, name=path, taken_on=taken)
            current, previous = snapshot_pair(session, store_id, kind, taken)
            changes = diff(current.rows, previous.rows if previous else [])
            count = len(snap.rows)
        success(f"e-CRB {kind} snapshot {taken.isoformat()}: {count} rows, {len(changes)} changes")

    @ecrb.command("diff")
    @click.option("--kind", type=KIND, required=True)
    @click.option("--date", "day", type=DATE, help="Snapshot date (default today)")
    @click.option("--store", "store_code", metavar="CODE")
    @json_option
    def diff_(kind: str, day: dt.datetime | None, store_code: str | None, as_json: bool) -> None:
        """The changes of the snapshot against the previous one."""
        from plugins.cr_system.ecrb import diff, snapshot_pair
        from plugins.cr_system.service import read_ecrb

        app.check_schema()
        with app.session() as session:
            read_ecrb(app, session)
            current, previous = snapshot_pair(session, store_of(session, app, store_code).id, kind,
                                              day.date() if day else _today())
            rows = diff(current.rows, previous.rows if previous else []) if current else []
        emit_rows(rows, [("advisor", "顾问"), ("customer", "客户"), ("item", "事项"), ("change", "变化"),
                         ("was", "原状态"), ("now", "现状态")], as_json=as_json, title="e-CRB跟踪表变化",
                  empty="no changes")

    @ecrb.command("mail")
    @click.option("--date", "day", type=DATE, help="Report date (default today)")
    @click.option("--store", "store_code", metavar="CODE")
    def mail(day: dt.datetime | None, store_code: str | None) -> None:
        """Render the tracking tables (PDF, XLSX), queue them to 副总经理 and 总经理, and send."""
        from plugins.cr_system.service import queue_ecrb_mail

        app.check_schema()
        with app.session() as session:
            store = store_of(session, app, store_code)
            queued = queue_ecrb_mail(app, session, store=store, day=day.date() if day else _today())
            mail_id, store_id = queued.id, store.id
        _send(store_id, f"mail {mail_id} queued")

    def _send(store_id: int, prefix: str) -> None:
        from core.errors import ValidationError
        from plugins.cr_system.service import send_mail

        sent, errors = send_mail(app, store_id)
        for line in errors:
            warn(line)
        if errors:
            raise ValidationError(f"{prefix}; {sent} sent, {len(errors)} failed and kept in the outbox: "
                                  "`crdesk cr mail send` retries")
        success(f"{prefix}; {sent} sent")

    @cr.group("mail")
    def mail_group() -> None:
        """The e-mail outbox: failed messages are retried, none is sent twice."""

    @mail_group.command("send")
    @click.option("--store", "store_code", metavar="CODE")
    def send(store_code: str | None) -> None:
        """Send (or retry) every queued or failed message."""
        app.check_schema()
        with app.session() as session:
            store_id = store_of(session, app, store_code).id
        _send(store_id, "outbox")

    @mail_group.command("list")
    @click.option("--store", "store_code", metavar="CODE")
    @json_option
    def list_(store_code: str | None, as_json: bool) -> None:
        """The outbox with each message's state and attempts."""
        from sqlalchemy import select

        from plugins.cr_system.models import MailMessage
        from plugins.cr_system.service import read_ecrb

        app.check_schema()
        with app.session() as session:
            read_ecrb(app, session)
            store = store_of(session, app, store_code)
            rows = [{"id": m.id, "subject": m.subject, "to": m.recipients, "status": m.status,
                     "attempts": m.attempts, "queued_at": _local(m.queued_at), "sent_at": _local(m.sent_at),
                     "error": m.last_error}
                    for m in session.scalars(select(MailMessage).where(MailMessage.store_id == store.id)
                                             .order_by(MailMessage.id))]
        emit_rows(rows, [("id", "编号"), ("subject", "主题"), ("status", "状态"), ("attempts", "次数"),
                         ("sent_at", "发送时间"), ("error", "错误")], as_json=as_json, title="邮件发件箱",
                  empty="no mail")
