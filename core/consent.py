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
from core.errors import PermissionDenied, ValidationError
from core.models import Customer, CustomerConsent
from core.models.customers import CHANNELS

if TYPE_CHECKING:
    from core.app import CrDesk


#: Whose words a consent row records.
STAFF, CUSTOMER_SMS = "staff", "customer_sms"
ORIGINS_ZH = {STAFF: "工作人员记录", CUSTOMER_SMS: "客户短信回复"}
UNSUBSCRIBE = "回T退订"


def set_consent(
    app: CrDesk, session: Session, *, customer_id: int, channel: str, granted: bool, source: str,
    actor: str | None, origin: str = STAFF,
) -> CustomerConsent:
    """Record the customer's word (``change`` on ``consent``); audited.

    An SMS opt-out the customer made by replying 回T退订 (origin ``customer_sms``)
    is undone only by the customer's own reply (:mod:`core.sms.replies`): staff
    cannot re-grant it. A staff record whose source is a 回T退订 reply counts as
    the customer's words too. Staff record the word of their own stores' customers only (:mod:`core.scope`).
    """
    from core.access import authorize

    authorize(app, session, "consent", "change")
    if origin not in ORIGINS_ZH:
        raise ValueError(f"unknown consent origin {origin!r}")
    if UNSUBSCRIBE in source:
        if granted:
            raise ValidationError(f"a {UNSUBSCRIBE} reply is an opt-out: record it with --refuse")
        origin = CUSTOMER_SMS
    if channel not in CHANNELS:
        raise ValidationError(f"channel {channel!r} must be one of {', '.join(CHANNELS)}")
    if not source.strip():
        raise ValidationError("say where the customer said so (--source), e.g. 短信回T退订 or 电话回访")
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise ValidationError(f"no customer {customer_id}")
    if not app.system:
        from core import scope

        scope.check_record(session, app.acting_user(session), customer, f"customer {customer_id}")
    row = session.scalar(
        select(CustomerConsent).where(CustomerConsent.customer_id == customer_id, CustomerConsent.channel == channel)
    )
    if row is not None and not row.granted and row.origin == CUSTOMER_SMS and granted and origin != CUSTOMER_SMS:
        raise PermissionDenied(f"customer {customer_id} opted out of {channel} by their own SMS reply "
                               f"({row.source}); only another reply of the customer can undo it")
    before = {"granted": row.granted, "source": row.source, "origin": row.origin} if row else None
    if row is None:
        row = CustomerConsent(customer_id=customer_id, channel=channel, granted=granted, source=source.strip(),
                              origin=origin)
        session.add(row)
    else:
        row.granted, row.source, row.origin, row.at = granted, source.strip(), origin, utcnow()
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="consent",
        entity="customer",
        entity_id=customer_id,
        before=before,
        after={"channel": channel, "granted": granted, "source": source.strip(), "origin": origin},
    )
    return row
