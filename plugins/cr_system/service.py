"""The checked entry points the CLI (and a web front) call: permission first, then the domain function."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from core import access
from plugins.cr_system import kanban, letters, lists

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.models import User


def _user(app: CrDesk, session: Session) -> User:
    return app.acting_user(session)


def prepare_letters(app: CrDesk, session: Session, *, store_id: int, kind: str, day: dt.date,
                    per_part: int) -> Any:
    user = _user(app, session)
    access.require(app, session, user, "cr_system.letters", "create")
    return letters.prepare(session, store_id=store_id, kind=kind, day=day, actor=user.username, per_part=per_part)


def check_render(app: CrDesk, session: Session, batch_id: int) -> Any:
    user = _user(app, session)
    access.require(app, session, user, "cr_system.letters", "change")
    return letters.batch_by_id(session, batch_id)


def read_letters(app: CrDesk, session: Session) -> User:
    user = _user(app, session)
    access.require(app, session, user, "cr_system.letters", "read")
    return user


def submit_letters(app: CrDesk, session: Session, batch_id: int) -> Any:
    user = _user(app, session)
    access.require(app, session, user, "cr_system.letters", "change")
    return letters.submit(app, session, user, letters.batch_by_id(session, batch_id))


def hand_over_letters(app: CrDesk, session: Session, batch_id: int, receiver: str) -> Any:
    from core.people import user_by_name

    user = _user(app, session)
    access.require(app, session, user, "cr_system.letters", "change")
    batch = letters.batch_by_id(session, batch_id)
    letters.hand_over(session, user, batch, user_by_name(session, receiver))
    return batch


def sign_for_letters(app: CrDesk, session: Session, batch_id: int) -> Any:
    """综合部 signs the 信函登记簿 (its own grant: 综合部 may not print, submit or hand over letters)."""
    user = _user(app, session)
    access.require(app, session, user, "cr_system.letters_receipt", "change")
    batch = letters.batch_by_id(session, batch_id)
    letters.sign_for(session, user, batch)
    return batch


def enter_kanban(app: CrDesk, session: Session, *, store_id: int, source: str, day: dt.date,
                 values: dict[str, int]) -> Any:
    user = _user(app, session)
    access.require(app, session, user, f"cr_system.kanban_{source}" if source in ("sales", "service")
                   else "cr_system.kanban", "create")
    return kanban.enter(session, store_id=store_id, source=source, day=day, values=values, actor=user.username)


def kanban_status(app: CrDesk, session: Session, store_id: int, day: dt.date) -> list[Any]:
    user = _user(app, session)
    if not (access.allowed(app, user, "cr_system.kanban_sales", "create")
            or access.allowed(app, user, "cr_system.kanban_service", "create")):
        access.require(app, session, user, "cr_system.kanban", "read")
    return kanban.status(session, store_id, day)


def hand_over_list(app: CrDesk, session: Session, *, store_id: int, kind: str, month: str) -> Any:
    user = _user(app, session)
    access.require(app, session, user, "cr_system.lists", "create")
    return lists.hand_over(session, user, store_id=store_id, kind=kind, month=month)


def sign_for_list(app: CrDesk, session: Session, *, store_id: int, kind: str, month: str) -> Any:
    user = _user(app, session)
    access.require(app, session, user, "cr_system.lists", "change")
    return lists.sign_for(session, user, store_id=store_id, kind=kind, month=month)


def import_ecrb(app: CrDesk, session: Session, *, store_id: int, kind: str, name: str, taken_on: dt.date) -> Any:
    from plugins.cr_system.ecrb import import_snapshot

    user = _user(app, session)
    access.require(app, session, user, "cr_system.ecrb", "create")
    return import_snapshot(session, store_id=store_id, kind=kind, name=name, taken_on=taken_on, actor=user.username)


def read_ecrb(app: CrDesk, session: Session) -> User:
    user = _user(app, session)
    access.require(app, session, user, "cr_system.ecrb", "read")
    return user


def queue_ecrb_mail(app: CrDesk, session: Session, *, store: Any, day: dt.date) -> Any:
    """Render 《销售、维修顾问e-CRB跟踪表》 (PDF and XLSX, archived) and queue it to the deputy GM and GM."""
    from core import settings
    from core.reports import render_report
    from plugins.cr_system.mailer import queue

    user = _user(app, session)
    access.require(app, session, user, "cr_system.ecrb", "change")
    recipients = list(settings.get(app, session, "cr_system.ecrb_mail_to", store.id) or [])
    files = [render_report(app, session, "cr_system.ecrb", period=day.isoformat(), fmt=fmt, store=store.code)
             for fmt in ("pdf", "xlsx")]
    return queue(session, store_id=store.id, subject=f"{store.name} 销售、维修顾问e-CRB跟踪表 {day.isoformat()}",
                 recipients=recipients, body=f"副总、总经理：\n\n附件为{day.isoformat()}销售、维修顾问e-CRB跟踪表"
                 f"（PDF及Excel），含与上一份快照的变化。\n\n客户关系部 {user.full_name or user.username}\n",
                 attachments=[(f.filename, f.content) for f in files], actor=user.username)


def send_mail(app: CrDesk, store_id: int) -> tuple[int, list[str]]:
    from plugins.cr_system.mailer import send_pending

    with app.session() as session:
        user = _user(app, session)
        access.require(app, session, user, "cr_system.ecrb", "change")
    return send_pending(app, store_id)
