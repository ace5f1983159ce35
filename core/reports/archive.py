"""The report archive: every render is kept with its parameters, author and checksum."""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from core.errors import ValidationError
from core.models import ReportArchive, Store, User
from core.reports.periods import CST


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def archive_render(session: Session, *, key: str, title: str, period: str, params: Mapping[str, Any], fmt: str,
                   store: Store | None, user: User, filename: str, content: bytes,
                   pages: int | None) -> ReportArchive:
    entry = ReportArchive(report_key=key, title=title, period=period, params=dict(params), fmt=fmt,
                          store_id=store.id if store else None, user_id=user.id, rendered_by=user.username,
                          filename=filename, size=len(content), pages=pages, sha256=sha256(content),
                          content=content)
    session.add(entry)
    session.flush()
    return entry


def history(session: Session, *, key: str | None = None, limit: int = 50,
            user: User | None = None) -> list[ReportArchive]:
    """Newest renders first (with ``user``, only their stores' and their own); the file contents are not loaded."""
    query = select(ReportArchive).order_by(ReportArchive.created_at.desc(), ReportArchive.id.desc()).limit(limit)
    if user is not None:
        from sqlalchemy import or_

        from core import scope

        query = query.where(or_(scope.clause(session, user, ReportArchive.store_id),
                                ReportArchive.user_id == user.id))
    if key is not None:
        query = query.where(ReportArchive.report_key == key)
    return list(session.scalars(query))


def load(session: Session, entry_id: int) -> ReportArchive:
    """An archived render with its file, checked against the stored sha256."""
    entry = session.scalar(select(ReportArchive).options(undefer(ReportArchive.content))
                           .where(ReportArchive.id == entry_id))
    if entry is None:
        raise ValidationError(f"no archived report #{entry_id}: see `crdesk reports history`")
    if sha256(entry.content) != entry.sha256:
        raise ValidationError(f"archived report #{entry_id} is damaged: its sha256 no longer matches")
    return entry


def as_row(entry: ReportArchive, store_codes: Mapping[int, str] | None = None) -> dict[str, Any]:
    return {"id": entry.id, "key": entry.report_key, "title": entry.title, "period": entry.period,
            "format": entry.fmt, "store": (store_codes or {}).get(entry.store_id or -1, ""),
            "rendered_by": entry.rendered_by, "created_at": entry.created_at.astimezone(CST), "filename": entry.filename,
            "size": entry.size, "pages": entry.pages, "sha256": entry.sha256, "params": entry.params}
