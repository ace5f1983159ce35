"""A customer's word on being contacted, per channel: recorded with its source and time, audited (PIPL).

Refusing SMS (an opt-out, e.g. a 回T退订 reply) stops every later message from
the outbox, including messages already queued.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.db.base import utcnow
from core.errors import ValidationError
from core.models import Customer, CustomerConsent
from core.models.customers import CHANNELS

if TYPE_CHECKING:
    from core.app import CrDesk


def set_consent(
    app: CrDesk, session: Session, *, customer_id: int, channel: str, granted: bool, source: str,
    actor: str | None,
) -> CustomerConsent:
    """Record the customer's word (``change`` on ``consent``); audited."""
    from core.access import authorize

    authorize(app, session, "consent", "change")
    if channel not in CHANNELS:
        raise ValidationError(f"channel {channel!r} must be one of {', '.join(CHANNELS)}")
    if not source.strip():
        raise ValidationError("say where the customer said so (--source), e.g. 短信回T退订 or 电话回访")
    if session.get(Customer, customer_id) is None:
        raise ValidationError(f"no customer {customer_id}")
    row = session.scalar(
        select(CustomerConsent).where(CustomerConsent.customer_id == customer_id, CustomerConsent.channel == channel)
    )
    before = {"granted": row.granted, "source": row.source} if row else None
    if row is None:
        row = CustomerConsent(customer_id=customer_id, channel=channel, granted=granted, source=source.strip())
        session.add(row)
    else:
        row.granted, row.source, row.at = granted, source.strip(), utcnow()
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="consent",
        entity="customer",
        entity_id=customer_id,
        before=before,
        after={"channel": channel, "granted": granted, "source": source.strip()},
    )
    return row
