"""The append-only audit log: who did what to which record, with before/after values.

Rows are hash-chained (``hash = HMAC-SHA256(key, prev_hash + canonical JSON)`` with the audit key,
plain ``sha256(...)`` for entries written before a key was configured) and
``prev_hash`` is unique, so the database itself refuses a fork of the chain
and ``crdesk audit verify`` finds any edited or deleted entry.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity_entity_id", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    #: Username of the acting user; ``None`` for the system (scheduler, migrations).
    actor: Mapped[str | None] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: True when ``hash`` is an HMAC under the audit key (``$CRDESK_AUDIT_KEY``), False for plain SHA-256.
    keyed: Mapped[bool] = mapped_column(default=False, server_default=false())
    hash: Mapped[str] = mapped_column(String(64), unique=True)
