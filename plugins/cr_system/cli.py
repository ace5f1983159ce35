"""``crdesk cr``: the CR specialist's commands — letters, kanban, not-returned lists."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from core.cli.output import emit_rows, json_option, success

if TYPE_CHECKING:
    from core.app import CrDesk

DATE = click.DateTime(["%Y-%m-%d"])


def _store(session: Any, app: Any, code: str | None) -> Any:
    from core.people import working_store

    return working_store(session, app.acting_user(session), code)


def _cst(moment: dt.datetime | None) -> dt.datetime | None:
    """Aware CST time: tables print it local, ``--json`` as ISO 8601 with +08:00."""
    from core.workdays import CST

    return moment.astimezone(CST) if moment else None


def _yesterday() -> dt.date:
    from core.workdays import cst_today

    return cst_today() - dt.timedelta(days=1)


def register(cli: click.Group, app: CrDesk) -> None:
    @cli.group()
    def cr() -> None:
        """CR专员: thank-you letters, the 9:30 kanban, not-returned lists."""

    from plugins.cr_system.cli_ecrb import register_ecrb
    from plugins.cr_system.cli_kanban import register_kanban
    from plugins.cr_system.cli_letters import register_letters

    register_letters(cr, app, _store, _yesterday)
    register_kanban(cr, app, _store, _yesterday)
    register_ecrb(cr, app, _store)

    @cr.group()
    def school() -> None:
        """汽车养护学堂: sessions with an approved SMS campaign, sign-ups and attendance."""

    @school.command("record")
    @click.option("--data", "data_file", required=True, type=click.Path(exists=True, dir_okay=False),
                  help="Answers of 《汽车养护学堂》 as YAML or JSON")
    def school_record(data_file: str) -> None:
        """Record a session: date, topic, the approved 短信发送申请, sign-ups and who attended."""
        from core.forms.answers_file import load_answers
        from plugins.cr_system.school import record

        app.check_schema()
        with app.session() as session:
            out = record(app, session, load_answers(data_file))
        success(f"汽车养护学堂 recorded (submission {out['submission']}): {out['signed_up']} signed up, "
                f"{out['attended']} attended")

    @cr.group()
    def lists() -> None:
        """未入库名单 (n3_5: N-3至N-5月, n6_8: N-6至N-8月) handed to 售后部 and signed for."""

    @lists.command("hand-over")
    @click.argument("kind", type=click.Choice(["n3_5", "n6_8"]))
    @click.option("--month", required=True, help="The list's month, e.g. 2026-11")
    @click.option("--store", "store_code", metavar="CODE")
    def hand_over(kind: str, month: str, store_code: str | None) -> None:
        """Record that the list went to 售后部; 售后经理 gets a sign-off task."""
        from plugins.cr_system.service import hand_over_list

        app.check_schema()
        with app.session() as session:
            row = hand_over_list(app, session, store_id=_store(session, app, store_code).id, kind=kind, month=month)
            rows, due = row.rows, row.due_at
        from core.workdays import CST

        success(f"list {kind} {month} handed to 售后部 ({rows} vehicles); sign-off due "
                f"{due.astimezone(CST):%Y-%m-%d %H:%M}")

    @lists.command("sign-for")
    @click.argument("kind", type=click.Choice(["n3_5", "n6_8"]))
    @click.option("--month", required=True, help="The list's month, e.g. 2026-11")
    @click.option("--store", "store_code", metavar="CODE")
    def sign_for(kind: str, month: str, store_code: str | None) -> None:
        """售后部 signs for the list (who received it, when)."""
        from plugins.cr_system.service import sign_for_list

        app.check_schema()
        with app.session() as session:
            sign_for_list(app, session, store_id=_store(session, app, store_code).id, kind=kind, month=month)
        success(f"list {kind} {month} signed for")

    @lists.command("status")
    @click.option("--store", "store_code", metavar="CODE")
    @json_option
    def status(store_code: str | None, as_json: bool) -> None:
        """Every hand-over: who received it and when."""
        from sqlalchemy import select

        from core import access
        from core.models import User
        from plugins.cr_system.models import LIST_TITLES, ListHandover

        app.check_schema()
        with app.session() as session:
            access.require(app, session, app.acting_user(session), "cr_system.lists", "read")
            store = _store(session, app, store_code)
            rows = [{"list": LIST_TITLES[h.kind], "kind": h.kind, "month": h.month, "vehicles": h.rows,
                     "handed_by": h.handed_by, "handed_at": _cst(h.handed_at), "due_at": _cst(h.due_at),
                     "received_by": (session.get(User, h.received_by_id).username if h.received_by_id else ""),
                     "received_at": _cst(h.received_at)}
                    for h in session.scalars(select(ListHandover).where(ListHandover.store_id == store.id)
                                             .order_by(ListHandover.month, ListHandover.kind))]
        emit_rows(rows, [("list", "名单"), ("month", "月份"), ("vehicles", "台数"), ("handed_at", "移交时间"),
                         ("due_at", "应签收"), ("received_by", "签收人"), ("received_at", "签收时间")],
                  as_json=as_json, title="未入库名单签收", empty="no lists handed over")

