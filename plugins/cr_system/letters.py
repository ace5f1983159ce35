"""Thank-you letter batches (CR-D2, CR-D9): prepare, submit to APR-LETTER, hand to 综合部, sign for.

A batch is one day's letters of one kind, so it has one signer (总经理 for
purchase letters, 售后经理 for service letters) and prints as one PDF. Each
delivery or intake gets at most one letter, ever (unique kind + source), so a
re-run prepares nothing twice. Customers who refused mail, or have no address,
are kept in the batch as skipped lines and listed, never printed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import audit
from core.db.base import utcnow
from core.errors import ValidationError
from core.models import ApprovalRequest, Customer, CustomerConsent, Delivery, ServiceVisit, User, Vehicle
from core.workdays import cst_today
from plugins.cr_system.models import LETTER_KINDS, Letter, LetterBatch

if TYPE_CHECKING:
    from core.app import CrDesk

_POSTCODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
HANDOVER_TASK = "cr_system.letter_signoff"


def _sources(session: Session, kind: str, store_id: int, day: dt.date) -> list[Any]:
    if kind == "purchase":
        stmt = (select(Delivery.id, Delivery.customer_id, Vehicle.model, Vehicle.plate, Delivery.sales_advisor)
                .join(Vehicle, Vehicle.id == Delivery.vehicle_id)
                .where(Delivery.store_id == store_id, Delivery.delivered_on == day).order_by(Delivery.id))
    else:
        stmt = (select(ServiceVisit.id, ServiceVisit.customer_id, Vehicle.model, Vehicle.plate,
                       ServiceVisit.service_advisor)
                .join(Vehicle, Vehicle.id == ServiceVisit.vehicle_id)
                .where(ServiceVisit.store_id == store_id, ServiceVisit.intake_on == day).order_by(ServiceVisit.id))
    return list(session.execute(stmt))


def _check_kind(kind: str) -> None:
    if kind not in LETTER_KINDS:
        raise ValidationError(f"letter kind {kind!r} must be purchase (购车感谢信) or service (入库感谢信)")


def prepare(session: Session, *, store_id: int, kind: str, day: dt.date, actor: str,
            per_part: int = 150) -> LetterBatch | None:
    """The batch of ``kind`` letters for ``day``'s deliveries or intakes (None when there were none);
    re-running adds only new ones."""
    _check_kind(kind)
    if day >= cst_today():
        raise ValidationError(f"--day {day.isoformat()}: letters thank for a past day's deliveries or intakes")
    if not 1 <= per_part <= 500:
        raise ValidationError(f"--per-part {per_part}: use 1 to 500 letters per part (100–200 is best)")
    batch = session.scalar(select(LetterBatch).where(LetterBatch.store_id == store_id, LetterBatch.kind == kind,
                                                     LetterBatch.day == day))
    sources = _sources(session, kind, store_id, day)
    if batch is None and not sources:
        return None
    if batch is None:
        batch = LetterBatch(store_id=store_id, kind=kind, day=day, status="prepared", per_part=per_part,
                            created_by=actor, created_at=utcnow())
        session.add(batch)
        session.flush()
    done = set(session.scalars(select(Letter.source_id).where(Letter.kind == kind,
                                                              Letter.source_id.in_([s[0] for s in sources]))))
    new = [s for s in sources if s[0] not in done]
    if new and batch.status == "empty":
        batch.status = "prepared"
    if new and batch.status != "prepared":
        raise ValidationError(f"batch {batch.id} was already printed; new {LETTER_KINDS[kind]} for "
                              f"{day.isoformat()} cannot be added to it")
    customers = {c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_([s[1] for s in new])))}
    refused = set(session.scalars(select(CustomerConsent.customer_id).where(
        CustomerConsent.customer_id.in_(list(customers)), CustomerConsent.channel == "mail",
        CustomerConsent.granted.is_(False))))
    seq = session.scalar(select(func.max(Letter.seq)).where(Letter.batch_id == batch.id)) or 0
    for source_id, customer_id, model, plate, advisor in new:
        c = customers[customer_id]
        address = (c.address or "").strip()
        skipped = "mail_refused" if customer_id in refused else ("no_address" if not address else None)
        if skipped is None:
            seq += 1
        found = _POSTCODE.search(address)
        session.add(Letter(batch_id=batch.id, kind=kind, source_id=source_id, customer_id=customer_id,
                           seq=seq if skipped is None else -source_id, name=c.name, address=address,
                           postcode=found.group(1) if found else "", model=model or "", plate=plate or "",
                           advisor=advisor or "", skipped=skipped))
    session.flush()
    if batch.status == "prepared" and seq == 0:
        batch.status = "empty"  # every customer refused mail or has no address: nothing to print or sign
    if new:
        audit.record(session, actor=actor, action=audit.CREATE, entity="cr_system.letter_batch", entity_id=batch.id,
                     after={"kind": kind, "day": day.isoformat(), "added": len(new)})
    return batch


def batch_by_id(session: Session, batch_id: int) -> LetterBatch:
    batch = session.get(LetterBatch, batch_id)
    if batch is None:
        raise ValidationError(f"no letter batch {batch_id}: see `crdesk cr letters list`")
    return batch


def letters_of(session: Session, batch_id: int, *, skipped: bool = False) -> list[Letter]:
    stmt = select(Letter).where(Letter.batch_id == batch_id)
    stmt = stmt.where(Letter.skipped.is_not(None) if skipped else Letter.skipped.is_(None))
    return list(session.scalars(stmt.order_by(Letter.seq)))


def submit(app: CrDesk, session: Session, user: User, batch: LetterBatch) -> ApprovalRequest:
    """Start APR-LETTER for a printed batch: the signer signs, the CR specialist checks and seals."""
    from core.approvals.engine import Approvals

    if batch.status == "prepared":
        raise ValidationError(f"batch {batch.id} is not printed yet: `crdesk cr letters render {batch.id}` first")
    if batch.approval_id is not None:
        req = session.get(ApprovalRequest, batch.approval_id)
        if req is not None and req.status in ("pending", "approved"):
            raise ValidationError(f"batch {batch.id} is already in approval request {req.id}")
    count = len(letters_of(session, batch.id))
    data = {"batch": batch.id, "kind": batch.kind, "day": batch.day.isoformat(), "letters": count,
            "subject": f"{batch.day.isoformat()} {LETTER_KINDS[batch.kind]} {count} 封"}
    req = Approvals(app).submit(session, user, "cr_system.letter", data)
    batch.approval_id = req.id
    return req


def hand_over(session: Session, user: User, batch: LetterBatch, receiver: User) -> None:
    """CR-D9: the sealed batch goes to 综合部; an approved APR-LETTER request is required."""
    from core.scheduler.adhoc import open_task
    from core.workdays import cst_datetime

    req = session.get(ApprovalRequest, batch.approval_id) if batch.approval_id else None
    if req is None or req.status != "approved":
        raise ValidationError(f"batch {batch.id} has no approved 感谢信签批 (APR-LETTER) yet: "
                              f"`crdesk cr letters submit {batch.id}`, then the signer and 封装 approve")
    if not receiver.has_role("admin_clerk"):
        raise ValidationError(f"--to {receiver.username}: letters are handed to 综合部 (role admin_clerk)")
    if batch.status in ("handed", "signed"):
        raise ValidationError(f"batch {batch.id} was already handed to 综合部")
    batch.status, batch.handed_to_id, batch.handed_at = "handed", receiver.id, utcnow()
    open_task(session, key=HANDOVER_TASK, title=f"签收{LETTER_KINDS[batch.kind]}（{batch.day.isoformat()}）并寄发",
              store_id=batch.store_id, assignee_id=receiver.id, link_kind="cr_system.letter_batch",
              link_id=batch.id, duties=("CR-D9",), due_at=cst_datetime(cst_today(), dt.time(17, 30)),
              actor=user.username)
    audit.record(session, actor=user.username, action="hand_over", entity="cr_system.letter_batch",
                 entity_id=batch.id, after={"handed_to": receiver.username})


def sign_for(session: Session, user: User, batch: LetterBatch) -> None:
    """The admin clerk signs the mail register 信函登记簿 for the whole batch; this closes CR-D9."""
    from core.scheduler.adhoc import close_tasks_for

    if batch.status != "handed":
        raise ValidationError(f"batch {batch.id} is {batch.status}; only a batch handed to 综合部 can be signed for")
    if batch.handed_to_id != user.id:
        raise ValidationError(f"batch {batch.id} was handed to another person; they sign the 信函登记簿")
    batch.status, batch.signed_by_id, batch.signed_at = "signed", user.id, utcnow()
    close_tasks_for(session, link_kind="cr_system.letter_batch", link_id=batch.id, key=HANDOVER_TASK,
                    actor=user.username)
    if batch.approval_id is not None:  # the chain's "综合部寄发" follow-up is done too
        from core.approvals.engine import ACTION_TASK, LINK

        close_tasks_for(session, link_kind=LINK, link_id=batch.approval_id, key=ACTION_TASK, actor=user.username)
    audit.record(session, actor=user.username, action="sign_for", entity="cr_system.letter_batch",
                 entity_id=batch.id, after={"signed_by": user.username})

