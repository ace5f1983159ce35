"""Reading the audit log within the reader's store scope, filtered by store, time (China time) and action.

An entry belongs to the store of the staff user who made it (the audit chain
is not changed to carry a store). Entries of the system (scheduler, demo,
migrations: no actor) and of unknown actors span stores, so only a reader
whose scope is every store sees them.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import scope
from core.errors import ValidationError
from core.models import AuditEntry, Store, User
from core.workdays import CST


def parse_moment(value: str | None, *, end: bool = False, option: str = "--since") -> dt.datetime | None:
    """``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM`` in China time; a date alone as ``--until`` includes the whole day."""
    if value is None:
        return None
    text = value.strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            moment = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        if fmt == "%Y-%m-%d" and end:
            moment += dt.timedelta(days=1)
        elif end:
            moment += dt.timedelta(minutes=1) if fmt == "%Y-%m-%d %H:%M" else dt.timedelta(seconds=1)
        return moment.replace(tzinfo=CST)
    raise ValidationError(f"{option} {value!r}: use YYYY-MM-DD or 'YYYY-MM-DD HH:MM' (China time)")


def visible_entries(session: Session, user: User, *, store: str | None = None, since: dt.datetime | None = None,
                    until: dt.datetime | None = None, actions: Sequence[str] = (), entity: str | None = None,
                    entity_id: str | int | None = None, actor: str | None = None,
                    limit: int = 200) -> list[AuditEntry]:
    """The newest entries first that ``user`` may read; ``until`` is exclusive."""
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    ids = scope.store_ids(session, user)
    if store is not None:
        chosen = scope.store(session, user, store)
        stmt = stmt.where(AuditEntry.actor.in_(select(User.username).where(User.store_id == chosen.id)))
    elif ids is not None:
        stmt = stmt.where(AuditEntry.actor.in_(select(User.username).where(User.store_id.in_(sorted(ids)))))
    if since is not None:
        stmt = stmt.where(AuditEntry.at >= since.astimezone(dt.timezone.utc))
    if until is not None:
        stmt = stmt.where(AuditEntry.at < until.astimezone(dt.timezone.utc))
    if actions:
        stmt = stmt.where(AuditEntry.action.in_(list(actions)))
    if entity is not None:
        stmt = stmt.where(AuditEntry.entity == entity)
    if entity_id is not None:
        stmt = stmt.where(AuditEntry.entity_id == str(entity_id))
    if actor is not None:
        stmt = stmt.where(AuditEntry.actor == actor)
    return list(session.scalars(stmt))


def actor_stores(session: Session, entries: Sequence[AuditEntry]) -> dict[str, str]:
    """Username -> store code of the entries' actors (for the listing's store column)."""
    names = {e.actor for e in entries if e.actor}
    if not names:
        return {}
    rows = session.execute(select(User.username, Store.code).join(Store, Store.id == User.store_id)
                           .where(User.username.in_(sorted(names))))
    return dict(rows.all())
