"""Server-side sessions and login throttling.

The browser holds only a random token; the database holds its sha256, the
user, the CSRF token and the last activity, so a session can be revoked
(``crdesk users logout-all``) and ends after ``web.session_idle_minutes`` idle.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update

from core import audit, settings
from core.db.base import utcnow
from core.models import User
from plugins.web.models import WebLoginAttempt, WebSession

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.app import CrDesk

#: Touching ``last_seen_at`` at most this often keeps page views from writing on every request.
TOUCH_EVERY = dt.timedelta(seconds=30)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Opened:
    token: str
    session: WebSession


def open_session(session: Session, user: User, *, address: str, user_agent: str) -> Opened:
    token = secrets.token_urlsafe(32)
    row = WebSession(token_hash=token_hash(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
                     address=address[:64], user_agent=user_agent[:200])
    session.add(row)
    session.flush()
    audit.record(session, actor=user.username, action="login", entity="web.session", entity_id=row.id,
                 after={"address": address[:64]})
    return Opened(token, row)


def idle_limit(app: CrDesk, session: Session) -> dt.timedelta:
    return dt.timedelta(minutes=int(settings.get(app, session, "web.session_idle_minutes")))


def find_session(app: CrDesk, session: Session, token: str | None) -> tuple[WebSession, User] | None:
    """The live session of ``token`` and its user, or None (unknown, revoked, idle too long, inactive user)."""
    if not token:
        return None
    row = session.scalar(select(WebSession).where(WebSession.token_hash == token_hash(token)))
    if row is None or row.revoked_at is not None:
        return None
    now = utcnow()
    if now - row.last_seen_at > idle_limit(app, session):
        row.revoked_at = now
        audit.record(session, actor=None, action="expire", entity="web.session", entity_id=row.id)
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
    return row, user


def revoke(session: Session, row: WebSession, *, actor: str | None, action: str = "logout") -> None:
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record(session, actor=actor, action=action, entity="web.session", entity_id=row.id)


def revoke_all(session: Session, user: User, *, actor: str | None) -> int:
    """End every open session of ``user``; returns how many were open."""
    result = session.execute(update(WebSession).where(WebSession.user_id == user.id, WebSession.revoked_at.is_(None))
                             .values(revoked_at=utcnow()))
    count = int(result.rowcount or 0)
    audit.record(session, actor=actor, action="logout_all", entity="user", entity_id=user.id, after={"sessions": count})
    return count


def open_sessions(app: CrDesk, session: Session, user: User | None = None) -> list[tuple[WebSession, User]]:
    """Sessions not revoked and not idle too long, newest activity first."""
    since = utcnow() - idle_limit(app, session)
    stmt = (select(WebSession, User).join(User, User.id == WebSession.user_id)
            .where(WebSession.revoked_at.is_(None), WebSession.last_seen_at >= since)
            .order_by(WebSession.last_seen_at.desc()))
    if user is not None:
        stmt = stmt.where(WebSession.user_id == user.id)
    return [(s, u) for s, u in session.execute(stmt)]


# -- throttling ----------------------------------------------------------------
def locked_out(app: CrDesk, session: Session, username: str, address: str) -> bool:
    """Too many failures in the last ``web.login_lock_minutes`` for this user name or this address."""
    since = utcnow() - dt.timedelta(minutes=int(settings.get(app, session, "web.login_lock_minutes")))
    per_user = int(settings.get(app, session, "web.login_max_failures"))
    per_address = int(settings.get(app, session, "web.login_address_max_failures"))

    def failures(column: Any, value: str, *, reset_on_success: bool) -> int:
        stmt = select(func.count()).select_from(WebLoginAttempt).where(
            column == value, WebLoginAttempt.succeeded.is_(False), WebLoginAttempt.at >= since)
        if reset_on_success:  # a user's own successful login clears their count; an address's never does
            ok_at = session.scalar(select(func.max(WebLoginAttempt.at)).where(
                column == value, WebLoginAttempt.succeeded.is_(True)))
            if ok_at is not None:
                stmt = stmt.where(WebLoginAttempt.at > ok_at)
        return int(session.scalar(stmt) or 0)

    return failures(WebLoginAttempt.username, username, reset_on_success=True) >= per_user or \
        failures(WebLoginAttempt.address, address, reset_on_success=False) >= per_address


def note_attempt(session: Session, username: str, address: str, *, succeeded: bool) -> None:
    session.add(WebLoginAttempt(username=username[:64], address=address[:64], succeeded=succeeded))
    if not succeeded:
        audit.record(session, actor=None, action="login_failed", entity="web.login", entity_id=username[:64],
                     after={"address": address[:64]})
