"""``crdesk cr letters``: prepare, print (in resumable parts), submit, hand over, sign for, list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from core.cli.output import emit_record, emit_rows, json_option, success

if TYPE_CHECKING:
    from core.app import CrDesk

DATE = click.DateTime(["%Y-%m-%d"])


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    """Aware CST time: tables print it local, ``--json`` as ISO 8601 with +08:00."""
    from core.workdays import CST

    return moment.astimezone(CST) if moment else None


def register_letters(cr: click.Group, app: CrDesk, store_of: Callable[..., Any],
                     yesterday: Callable[[], dt.date]) -> None:
    @cr.group()
    def letters() -> None:
        """购车感谢信 (GM signs) and 入库感谢信 (service manager signs): APR-LETTER, 信函登记簿."""

    @letters.command("prepare")
    @click.option("--kind", type=click.Choice(["purchase", "service", "both"]), default="both", show_default=True)
    @click.option("--day", type=DATE, help="Day of the deliveries / intakes (default yesterday)")
    @click.option("--per-part", default=150, show_default=True, help="Letters per rendered part (100–200)")
    @click.option("--store", "store_code", metavar="CODE")
    @json_option
    def prepare(kind: str, day: dt.datetime | None, per_part: int, store_code: str | None, as_json: bool) -> None:
        """Make the day's batches; customers who refused mail or have no address are listed, not printed."""
        from plugins.cr_system.letters import letters_of
        from plugins.cr_system.models import LETTER_KINDS, SKIP_REASONS_ZH
        from plugins.cr_system.service import prepare_letters

        app.check_schema()
        the_day = day.date() if day else yesterday()
        out = []
        with app.session() as session:
            store = store_of(session, app, store_code)
            for k in (("purchase", "service") if kind == "both" else (kind,)):
                batch = prepare_letters(app, session, store_id=store.id, kind=k, day=the_day, per_part=per_part)
                if batch is None:
                    out.append({"batch": None, "kind": k, "kind_zh": LETTER_KINDS[k], "day": the_day, "letters": 0,
                                "skipped": []})
                    continue
                skipped = letters_of(session, batch.id, skipped=True)
                out.append({"batch": batch.id, "kind": k, "kind_zh": LETTER_KINDS[k], "day": the_day,
                            "letters": len(letters_of(session, batch.id)),
                            "skipped": [{"name": s.name, "reason": SKIP_REASONS_ZH[s.skipped]} for s in skipped]})
        if as_json:
            emit_record({"batches": out}, as_json=True)
            return
        for b in out:
            if b["batch"] is None:
                click.echo(f"{b['kind_zh']} {b['day']}: no deliveries / intakes that day")
                continue
            success(f"batch {b['batch']}: {b['kind_zh']} {b['day']} — {b['letters']} letters")
            for s in b["skipped"]:
                click.echo(f"  不寄发：{s['name']}（{s['reason']}）")

    @letters.command("render")
    @click.argument("batch_id", type=int)
    @click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the merged PDF here")
    @click.option("--labels", "labels_out", type=click.Path(dir_okay=False), help="Write the label sheet here")
    @click.option("--workers", default=2, show_default=True, help="Worker processes")
    @click.option("--template-dir", type=click.Path(file_okay=False), help="Site folder with template overrides")
    def render(batch_id: int, output: str | None, labels_out: str | None, workers: int,
               template_dir: str | None) -> None:
        """Print the batch in parts; after a crash, run it again: only missing parts are printed."""
        from plugins.cr_system.letter_render import labels_pdf, merged, render as do_render
        from plugins.cr_system.service import check_render

        app.check_schema()
        with app.session() as session:
            check_render(app, session, batch_id)
        made = do_render(app, batch_id, workers=workers, template_dir=template_dir)
        with app.session() as session:
            content, pages = merged(session, batch_id)
            labels = labels_pdf(session, batch_id)
        if output:
            Path(output).write_bytes(content)
        if labels_out:
            Path(labels_out).write_bytes(labels)
        success(f"batch {batch_id} printed: {made} parts rendered now, {pages} pages"
                + (f" → {output}" if output else ""))

    @letters.command("submit")
    @click.argument("batch_id", type=int)
    def submit(batch_id: int) -> None:
        """Send the printed batch through 感谢信签批 (APR-LETTER): signer → CR专员 → 封装."""
        from plugins.cr_system.service import submit_letters

        app.check_schema()
        with app.session() as session:
            req = submit_letters(app, session, batch_id)
            req_id = req.id
        success(f"batch {batch_id} submitted as approval request {req_id}")

    @letters.command("hand-over")
    @click.argument("batch_id", type=int)
    @click.option("--to", "receiver", required=True, help="综合部 clerk who takes the letters (username)")
    def hand_over(batch_id: int, receiver: str) -> None:
        """CR-D9: hand the sealed batch to 综合部 for mailing."""
        from plugins.cr_system.service import hand_over_letters

        app.check_schema()
        with app.session() as session:
            hand_over_letters(app, session, batch_id, receiver)
        success(f"batch {batch_id} handed to {receiver}; waiting for the signature in the 信函登记簿")

    @letters.command("sign-for")
    @click.argument("batch_id", type=int)
    def sign_for(batch_id: int) -> None:
        """综合部 signs the 信函登记簿 for the batch it received."""
        from plugins.cr_system.service import sign_for_letters

        app.check_schema()
        with app.session() as session:
            sign_for_letters(app, session, batch_id)
        success(f"batch {batch_id} signed for in the 信函登记簿")

    @letters.command("list")
    @click.option("--store", "store_code", metavar="CODE")
    @json_option
    def list_(store_code: str | None, as_json: bool) -> None:
        """Batches with their state, signer step and who signed for them."""
        from sqlalchemy import func, select

        from core.models import User
        from plugins.cr_system.letter_render import done_parts
        from plugins.cr_system.models import BATCH_STATUS_ZH, LETTER_KINDS, Letter, LetterBatch
        from plugins.cr_system.service import read_letters

        app.check_schema()
        with app.session() as session:
            read_letters(app, session)
            store = store_of(session, app, store_code)
            counts = dict(session.execute(select(Letter.batch_id, func.count()).where(Letter.skipped.is_(None))
                                          .group_by(Letter.batch_id)).all())
            rows = []
            for b in session.scalars(select(LetterBatch).where(LetterBatch.store_id == store.id)
                                     .order_by(LetterBatch.day, LetterBatch.kind)):
                signed = session.get(User, b.signed_by_id) if b.signed_by_id else None
                rows.append({"batch": b.id, "day": b.day, "kind": b.kind, "kind_zh": LETTER_KINDS[b.kind],
                             "letters": counts.get(b.id, 0), "parts_done": len(done_parts(session, b.id)),
                             "status": b.status, "status_zh": BATCH_STATUS_ZH[b.status], "approval": b.approval_id,
                             "signed_by": signed.username if signed else "", "signed_at": _local(b.signed_at)})
        emit_rows(rows, [("batch", "批次"), ("day", "日期"), ("kind_zh", "类型"), ("letters", "封数"),
                         ("status_zh", "状态"), ("approval", "签批单"), ("signed_by", "签收人"),
                         ("signed_at", "签收时间")], as_json=as_json, title="感谢信批次", empty="no letter batches")
