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
    user = _user(app, session)
    access.require(app, session, user, "cr_system.letters", "change")
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
