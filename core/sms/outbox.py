"""Queueing and sending, so that no customer is messaged twice or against their opt-out.

* Opt-outs are checked when a message is queued *and* again when it is sent.
* A message is marked ``sending`` and committed before the gateway is called;
  a crash after that leaves it ``sending`` — never resent by itself — for a
  person to ``settle`` from the gateway's own report.
* Marketing messages carry the store's 【signature】 and 回T退订 (MIIT rules).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import insert, select, update
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from core import audit
from core.db.base import utcnow
from core.errors import NotFound, ValidationError
from core.models import Customer, CustomerConsent, Store, User
from core.models.sms import SmsMessage

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.sms.gateways import SmsGateway

UNSUBSCRIBE = "回T退订"
BATCH = 200


@dataclass
class QueueResult:
    queued: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0


def compose(store: Store, text: str, *, marketing: bool) -> str:
    """The text as sent: marketing messages get the store signature and the unsubscribe note."""
    body = text.strip()
    if not body:
        raise ValidationError("the SMS text is empty")
    if not marketing:
        return body
    if not store.sms_signature:
        raise ValidationError(f"store {store.code!r} has no SMS signature (【…】): marketing SMS must carry one")
    signature = store.sms_signature if store.sms_signature.startswith("【") else f"【{store.sms_signature}】"
    if not body.startswith(signature):
        body = signature + body
    if UNSUBSCRIBE not in body:
        body = f"{body} {UNSUBSCRIBE}"
    return body


def _opted_out(session: Session, customer_ids: Sequence[int]) -> set[int]:
    rows = session.scalars(
        select(CustomerConsent.customer_id).where(
            CustomerConsent.customer_id.in_(customer_ids),
            CustomerConsent.channel == "sms",
            CustomerConsent.granted.is_(False),
        )
    )
    return set(rows)


def _serialise(session: Session, ref_kind: str, ref_id: int) -> None:
    """Two ``sms queue`` runs for one request take turns: the second sees what the first queued.

    PostgreSQL: a transaction-scoped advisory lock on the request (without it
    the second run would hit the unique constraint). SQLite: the unit of work
    already began with ``BEGIN IMMEDIATE``, so writers take turns anyway.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sql("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"sms:{ref_kind}:{ref_id}"})


def queue(
    session: Session,
    *,
    store: Store,
    customer_ids: Sequence[int],
    text: str,
    marketing: bool,
    ref_kind: str,
    ref_id: int,
    actor: str | None,
) -> QueueResult:
    """Queue one message per customer (a phone belongs to one customer of a store); opted-out and
    phoneless customers are recorded as skipped, so a campaign's report can say who got nothing and why."""
    body = compose(store, text, marketing=marketing)
    result = QueueResult()
    _serialise(session, ref_kind, ref_id)
    already = set(
        session.scalars(
            select(SmsMessage.customer_id).where(SmsMessage.ref_kind == ref_kind, SmsMessage.ref_id == ref_id)
        )
    )
    ids = sorted(set(customer_ids) - already)
    now = utcnow()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        customers = {
            c.id: c
            for c in session.execute(
                select(Customer.id, Customer.phone, Customer.store_id).where(Customer.id.in_(chunk))
            )
        }
        missing = [i for i in chunk if i not in customers or customers[i].store_id != store.id]
        if missing:
            raise ValidationError(f"customer {missing[0]} does not exist in store {store.code!r}; nothing was queued")
        out = _opted_out(session, chunk)
        rows = []
        for cid in chunk:
            phone = customers[cid].phone
            reason = "opt_out" if cid in out else "no_phone" if not phone else None
            if reason is None:
                result.queued += 1
            else:
                result.skipped[reason] = result.skipped.get(reason, 0) + 1
            rows.append(
                {
                    "store_id": store.id,
                    "customer_id": cid,
                    "phone": phone,
                    "body": body,
                    "marketing": marketing,
                    "ref_kind": ref_kind,
                    "ref_id": ref_id,
                    "status": "skipped" if reason else "queued",
                    "skip_reason": reason,
                    "queued_at": now,
                    "queued_by": actor,
                }
            )
        if rows:
            session.execute(insert(SmsMessage), rows)
    audit.record(
        session,
        actor=actor,
        action="queue",
        entity="sms",
        entity_id=f"{ref_kind}:{ref_id}",
        after={"queued": result.queued, "skipped": result.skipped, "marketing": marketing, "body": body},
    )
    return result


def _claim(app: CrDesk, limit: int, store_ids: Collection[int] | None = None) -> tuple[list[SmsMessage], int, int]:
    """Move up to ``limit`` queued messages to ``sending`` and commit; opt-outs since queueing are skipped.

    Returns (claimed, skipped, found); on PostgreSQL ``SKIP LOCKED`` lets two senders share the queue.
    """
    with app.session() as session:
        stmt = select(SmsMessage).where(SmsMessage.status == "queued").order_by(SmsMessage.id).limit(limit)
        if store_ids is not None:
            stmt = stmt.where(SmsMessage.store_id.in_(sorted(store_ids)))
        if app.db.dialect == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        messages = list(session.scalars(stmt))
        out = _opted_out(session, [m.customer_id for m in messages]) if messages else set()
        now = utcnow()
        for m in messages:
            if m.customer_id in out:
                m.status, m.skip_reason, m.finished_at = "skipped", "opt_out", now
            else:
                m.status, m.sending_at = "sending", now
        claimed = [m for m in messages if m.status == "sending"]
        return claimed, len(messages) - len(claimed), len(messages)


def send_pending(app: CrDesk, *, gateway: SmsGateway | None = None, limit: int | None = None,
                 store_ids: Collection[int] | None = None) -> SendResult:
    """Send queued messages (of ``store_ids`` only, when given: the sender's scope) through the gateway,
    committing each outcome as it comes (``create`` on ``sms``)."""
    from core.access import authorize

    with app.db.engine.connect() as conn:
        authorize(app, conn, "sms", "create")
    gateway = gateway or app.hooks.sms_gateway(app)
    result = SendResult()
    while limit is None or result.sent + result.failed + result.skipped < limit:
        room = BATCH if limit is None else min(BATCH, limit - result.sent - result.failed - result.skipped)
        claimed, skipped, found = _claim(app, room, store_ids)
        result.skipped += skipped
        if not found:
            break
        for message in claimed:
            answer = gateway.send(message.phone or "", message.body, message_id=message.id)
            with app.session() as session:
                session.execute(
                    update(SmsMessage)
                    .where(SmsMessage.id == message.id)
                    .values(
                        status="sent" if answer.accepted else "failed",
                        gateway_ref=answer.reference,
                        error=None if answer.accepted else (answer.error or "refused by the gateway")[:255],
                        finished_at=utcnow(),
                    )
                )
            if answer.accepted:
                result.sent += 1
            else:
                result.failed += 1
    return result


def settle(session: Session, message_id: int, *, sent: bool, actor: str | None, note: str = "") -> SmsMessage:
    """Resolve a message left ``sending`` by a crash, after checking the gateway's own report."""
    message = session.get(SmsMessage, message_id)
    if message is None:
        raise NotFound(f"no SMS message {message_id}: see `crdesk sms list`")
    me = session.scalar(select(User).where(User.username == actor)) if actor else None
    if me is not None:
        from core import scope

        scope.check_record(session, me, message, f"SMS message {message_id}")
    if message.status != "sending":
        raise ValidationError(f"SMS message {message_id} is {message.status}, not sending: nothing to settle")
    message.status = "sent" if sent else "failed"
    message.error = None if sent else (note or "settled as failed")[:255]
    message.finished_at = utcnow()
    audit.record(
        session,
        actor=actor,
        action="settle",
        entity="sms",
        entity_id=message_id,
        before={"status": "sending"},
        after={"status": message.status, "note": note},
    )
    return message
