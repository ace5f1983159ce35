"""SV-D3: completing the contact details of yesterday's intake (入库谢礼) customers, audited field by field."""
from __future__ import annotations

from sqlalchemy.orm import Session

from core import audit
from core.errors import ValidationError
from core.models import Customer
from core.phones import PhoneError, normalise_phone


def update_contact(session: Session, customer_id: int, *, actor: str, address: str | None = None,
                   phone2: str | None = None) -> Customer:
    """Set the mailing address (for the thank-you letter) and/or a second phone; the old values go to the audit log."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise ValidationError(f"no customer {customer_id}: see `crdesk service-fu intakes`")
    if address is None and phone2 is None:
        raise ValidationError("give --address and/or --phone2")
    before = {"address": customer.address, "phone2": customer.phone2}
    if address is not None:
        if not address.strip():
            raise ValidationError("--address is empty")
        customer.address = address.strip()[:255]
    if phone2 is not None:
        try:
            customer.phone2 = normalise_phone(phone2)
        except PhoneError as exc:
            raise ValidationError(f"--phone2 {phone2!r}: {exc}") from None
    audit.record(session, actor=actor, action=audit.CHANGE, entity="customer", entity_id=customer.id,
                 before=before, after={"address": customer.address, "phone2": customer.phone2})
    return customer
