"""Append to and check the hash-chained audit log.

Every create, change and delete of customers, vehicles, tasks, approvals and
plugin state goes through :func:`record` (or :func:`record_many` for bulk
work) inside the same transaction as the change itself, so the log and the
data commit or roll back together.

Each entry's hash is ``HMAC-SHA256(key, prev_hash + canonical JSON of the entry)``
with the audit key kept outside the database (``$CRDESK_AUDIT_KEY`` or the file
named by ``$CRDESK_AUDIT_KEY_FILE``, see :mod:`core.privacy`); entries written
before a key was configured keep their plain ``sha256(...)`` and still verify.
Once one entry is keyed, every later entry must be: a write without the key is
refused. Phone numbers never reach the log in clear: :func:`core.privacy.scrub`
masks them and adds their keyed hash.

``prev_hash`` is unique in the table, so two writers can never both extend the
same tail. The tail is read under a lock held to commit (a transaction-scoped
advisory lock on PostgreSQL, the write lock on SQLite), so concurrent writers
queue instead of failing. :func:`verify` recomputes the chain and reports every entry that was
edited, and every gap where one was deleted.

Imports write one summary entry per file (kind, file name, its SHA-256 and the
counts), not one per row: the file hash ties every imported row to its source,
and a million-row import stays fast.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from core.db.base import utcnow
from core.errors import CrdeskError
from core.models.audit import AuditEntry
from core.privacy import ENV_KEY, ENV_KEY_FILE, audit_key, scrub

#: ``prev_hash`` of the first entry.
GENESIS = "0" * 64
#: Key of the PostgreSQL advisory lock that serialises appends ("crdesk.audit").
_PG_LOCK_KEY = 0x6372_6465_736B_6175

#: Actions used by core; plugins may use their own verbs (e.g. ``"approve"``).
CREATE, CHANGE, DELETE, REVEAL, IMPORT, ENABLE, DISABLE = (
    "create", "change", "delete", "reveal", "import", "enable", "disable")


@dataclass(frozen=True)
class AuditRecord:
    """One entry to append with :func:`record_many`."""

    actor: str | None
    action: str
    entity: str
    entity_id: str | int
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None
    at: dt.datetime | None = field(default=None)


@dataclass(frozen=True)
class AuditProblem:
    """A break in the chain found by :func:`verify`."""

    entry_id: int
    message: str

    def __str__(self) -> str:
        return f"audit entry {self.entry_id}: {self.message}"


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


def jsonable(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """``value`` as plain JSON types (dates as ISO text, decimals as text): exactly what is stored and hashed."""
    if value is None:
        return None
    out: dict[str, Any] = json.loads(json.dumps(dict(value), default=_json_default))
    return out


def _canonical(at: dt.datetime, actor: str | None, action: str, entity: str, entity_id: str,
               before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    payload = {"at": at.astimezone(dt.timezone.utc).isoformat(), "actor": actor, "action": action,
               "entity": entity, "entity_id": entity_id, "before": before, "after": after}
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(prev_hash: str, at: dt.datetime, actor: str | None, action: str, entity: str,
               entity_id: str, before: dict[str, Any] | None, after: dict[str, Any] | None,
               key: bytes | None = None) -> str:
    """HMAC-SHA256 under ``key`` when given, else plain SHA-256 (entries from before the key)."""
    data = (prev_hash + _canonical(at, actor, action, entity, entity_id, before, after)).encode("utf-8")
    if key is not None:
        return hmac.new(key, data, hashlib.sha256).hexdigest()
    return hashlib.sha256(data).hexdigest()


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, as (before, after): what a change entry should carry."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _lock_tail(session: Session) -> tuple[str, bool]:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    elif dialect == "sqlite":
        # a write statement takes SQLite's write lock (waiting busy_timeout for it) before the tail is read
        session.execute(text("UPDATE audit_log SET id = id WHERE 0"))
    tail = session.execute(select(AuditEntry.hash, AuditEntry.keyed).order_by(AuditEntry.id.desc()).limit(1)).first()
    return (tail.hash, bool(tail.keyed)) if tail else (GENESIS, False)


def record_many(session: Session, records: Iterable[AuditRecord]) -> int:
    """Append ``records`` in order with one executemany; returns how many were written."""
    prev = None
    key = audit_key()
    rows: list[dict[str, Any]] = []
    for rec in records:
        if prev is None:
            prev, tail_keyed = _lock_tail(session)
            if tail_keyed and key is None:
                raise CrdeskError(f"the audit log is keyed: set ${ENV_KEY} (or ${ENV_KEY_FILE}) to the audit key "
                                  "before changing anything")
        at = (rec.at or utcnow()).astimezone(dt.timezone.utc)
        entity_id = str(rec.entity_id)
        before, after = scrub(jsonable(rec.before), key), scrub(jsonable(rec.after), key)
        digest = entry_hash(prev, at, rec.actor, rec.action, rec.entity, entity_id, before, after, key)
        rows.append({"at": at, "actor": rec.actor, "action": rec.action, "entity": rec.entity,
                     "entity_id": entity_id, "before": before, "after": after,
                     "prev_hash": prev, "hash": digest, "keyed": key is not None})
        prev = digest
    if rows:
        session.execute(insert(AuditEntry), rows)
    return len(rows)


def record(session: Session, *, actor: str | None, action: str, entity: str, entity_id: str | int,
           before: Mapping[str, Any] | None = None, after: Mapping[str, Any] | None = None) -> None:
    """Append one entry: ``actor`` (username or ``None`` for the system) did ``action`` to ``entity``/``entity_id``.

    ``entity`` is a stable noun such as ``"customer"`` or ``"<plugin>.<thing>"``;
    ``before``/``after`` hold the changed fields (see :func:`changes`).
    """
    record_many(session, [AuditRecord(actor, action, entity, entity_id, before, after)])


def verify(session: Session, *, batch: int = 5000, key: bytes | None = None,
           coverage: VerifyCoverage | None = None) -> list[AuditProblem]:
    """Recompute the whole chain; an empty list means no entry was edited or removed.

    Deleting the newest entries leaves a shorter but consistent chain; the
    count and tail hash printed by ``crdesk audit verify`` let an auditor
    compare with an earlier run. Keyed entries are checked in full only with
    ``key`` (default: the configured audit key); without it only their links
    are checked, which ``coverage`` (when given) counts.
    """
    key = key if key is not None else audit_key()
    problems: list[AuditProblem] = []
    prev = GENESIS
    seen_keyed = False
    cols = (AuditEntry.id, AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.entity,
            AuditEntry.entity_id, AuditEntry.before, AuditEntry.after, AuditEntry.prev_hash, AuditEntry.hash,
            AuditEntry.keyed)
    result = session.execute(select(*cols).order_by(AuditEntry.id).execution_options(yield_per=batch))
    for row in result:
        if row.prev_hash != prev:
            problems.append(AuditProblem(row.id, "does not follow the previous entry: "
                                                 "an entry before it was deleted or altered"))
        if row.keyed:
            seen_keyed = True
            if coverage is not None:
                coverage.keyed += 1
            if key is None:
                prev = row.hash
                continue
            if entry_hash(row.prev_hash, row.at, row.actor, row.action, row.entity, row.entity_id,
                          row.before, row.after, key) != row.hash:
                problems.append(AuditProblem(row.id, "its content does not match its keyed hash: it was edited, "
                                                     "or the key is not the one it was written with"))
        else:
            if coverage is not None:
                coverage.plain += 1
            if seen_keyed:
                problems.append(AuditProblem(row.id, "an unkeyed entry after keyed ones: it was forged or "
                                                     "rewritten without the key"))
            if entry_hash(row.prev_hash, row.at, row.actor, row.action, row.entity, row.entity_id,
                          row.before, row.after) != row.hash:
                problems.append(AuditProblem(row.id, "its content does not match its hash: it was edited"))
        prev = row.hash
    return problems


@dataclass
class VerifyCoverage:
    """How many entries :func:`verify` saw of each kind (plain SHA-256, keyed HMAC)."""

    plain: int = 0
    keyed: int = 0


def what_verify_proves(coverage: VerifyCoverage, *, keyed: bool) -> str:
    """One plain sentence (Chinese) on what a clean ``audit verify`` run proves, with or without the key."""
    parts = []
    if coverage.plain:
        parts.append(f"{coverage.plain} 条未加密钥的早期记录:内容与链接均已核对,但掌握数据库的人可整体重算这些记录")
    if coverage.keyed and keyed:
        parts.append(f"{coverage.keyed} 条带密钥(HMAC)的记录:已用审计密钥核对,证明未被修改、插入或删除"
                     "(最新几条的删除需与上次记下的条数和末尾哈希对比)")
    elif coverage.keyed:
        parts.append(f"{coverage.keyed} 条带密钥(HMAC)的记录:未设置 $CRDESK_AUDIT_KEY,只核对了链接,未核对内容")
    return ";".join(parts) or "审计日志为空"


@dataclass(frozen=True)
class ChainSummary:
    entries: int
    tail_hash: str


def summary(session: Session) -> ChainSummary:
    """How many entries the chain has and its newest hash (to note down and compare later)."""
    from sqlalchemy import func

    count = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    tail = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    return ChainSummary(count, tail or GENESIS)


def entries(session: Session, *, entity: str | None = None, entity_id: str | int | None = None,
            actor: str | None = None, limit: int = 200) -> list[AuditEntry]:
    """The newest entries first, optionally for one entity (and record) or one actor."""
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if entity is not None:
        stmt = stmt.where(AuditEntry.entity == entity)
    if entity_id is not None:
        stmt = stmt.where(AuditEntry.entity_id == str(entity_id))
    if actor is not None:
        stmt = stmt.where(AuditEntry.actor == actor)
    return list(session.scalars(stmt))
