"""SV-D3: completing the contact details of yesterday's intake (入库谢礼) customers, audited field by field."""
from __future__ import annotations

from sqlalchemy.orm import Session

from core.models import Customer, User
from plugins.followup.contact_data import correct_contact


def update_contact(session: Session, customer_id: int, *, actor: str, address: str | None = None,
                   phone2: str | None = None, user: User | None = None) -> Customer:
    """Set the mailing address (for the thank-you letter) and/or a second phone; the shared, audited correction.

    ``user`` (the acting person) may update only customers of their own stores (:mod:`core.scope`).
    """
    return correct_contact(session, customer_id, actor=actor, address=address, phone2=phone2, user=user)
