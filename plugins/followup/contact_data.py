"""Verifying and completing customer data (SF-D3, SF-D5, SV-D3): the day's work list and audited corrections.

The manual asks both specialists to update the contact details of yesterday's delivery (交车) and intake
(入库谢礼) customers, and to correct the owner's data during the call. Only contact details may be changed
here — the mailing address, the second phone and a missing plate; the name and the main phone are identity
fields (the main phone changes through the invalid-number verification, ``crdesk calls verify``). Every
change is audited with its before and after values; "checked, nothing to add" is audited too, so the
day's list is worked through rather than ticked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, scope
from core.errors import ValidationError
from core.models import Customer, Delivery, ServiceVisit, User, Vehicle
from core.models.audit import AuditEntry
from core.phones import PhoneError, mask_phone, normalise_phone
from core.scheduler.specs import Proof
from core.workdays import CST, cst_datetime

#: Audit verb of "checked with the customer, nothing to add".
CHECKED = "contact_checked"
#: Labels of what a record may lack, in the order the list prints them.
MISSING_LABELS = {"address": "地址", "phone2": "第二电话", "plate": "车牌"}
#: Survey answer keys applied as corrections (the questionnaire's 更正的资料).
SURVEY_FIELDS = {"corrected_address": "address", "corrected_phone2": "phone2"}
_SOURCES = {"delivery": (Delivery, Delivery.delivered_on), "service_visit": (ServiceVisit, ServiceVisit.intake_on)}


@dataclass(frozen=True)
class WorkItem:
    """One delivery or intake of the day's list, with what its customer's record lacks."""

    source_id: int
    customer_id: int
    customer: str
    phone: str
    plate: str
    model: str
    missing: tuple[str, ...]
    worked: bool

    def as_row(self) -> dict[str, Any]:
        return {"source_id": self.source_id, "customer_id": self.customer_id, "customer": self.customer,
                "phone": self.phone, "plate": self.plate, "model": self.model,
                "missing": "、".join(MISSING_LABELS[m] for m in self.missing),
                "state": "已处理" if self.worked else "待处理"}


def work_list(session: Session, *, kind: str, store_id: int, day: dt.date) -> list[WorkItem]:
    """The deliveries (or intakes) of ``day`` and what each customer lacks; ``worked`` once completed or checked.

    A record is worked when nothing is missing, or when its customer's data was corrected or checked since
    the day of the delivery (the audit log holds the evidence).
    """
    model, day_column = _SOURCES[kind]
    rows = session.execute(
        select(model.id, Customer.id.label("customer_id"), Customer.name, Customer.phone, Customer.phone2,
               Customer.address, Vehicle.plate, Vehicle.model)
        .join(Customer, Customer.id == model.customer_id)
        .join(Vehicle, Vehicle.id == model.vehicle_id)
        .where(model.store_id == store_id, day_column == day)
        .order_by(model.id)
    ).all()
    touched = set()
    ids = [str(r.customer_id) for r in rows]
    if ids:
        touched = set(session.scalars(
            select(AuditEntry.entity_id).where(AuditEntry.entity == "customer", AuditEntry.entity_id.in_(ids),
                                               AuditEntry.action.in_((audit.CHANGE, CHECKED)),
                                               AuditEntry.at >= cst_datetime(day))))
    items = []
    for r in rows:
        missing = tuple(k for k, v in (("address", r.address), ("phone2", r.phone2), ("plate", r.plate)) if not v)
        items.append(WorkItem(r.id, r.customer_id, r.name, mask_phone(r.phone) if r.phone else "", r.plate or "",
                              r.model or "", missing, not missing or str(r.customer_id) in touched))
    return items


def correct_contact(session: Session, customer_id: int, *, actor: str, address: str | None = None,
                    phone2: str | None = None, plate: str | None = None, checked: bool = False,
                    note: str = "", user: User | None = None) -> Customer:
    """Apply contact corrections (audited before/after), or record that the data were checked as they are.

    ``user`` (the acting person) may correct only customers of their own stores (:mod:`core.scope`).
    """
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise ValidationError(f"客户 {customer_id} 不存在")
    if user is not None:
        scope.check_record(session, user, customer, f"客户 {customer_id}")
    if address is None and phone2 is None and plate is None and not checked:
        raise ValidationError("请给出 --address、--phone2、--plate 之一，或用 --checked 表示已核实无需更正")
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    if address is not None:
        if not address.strip():
            raise ValidationError("--address 不能为空")
        before["address"], customer.address = customer.address, address.strip()[:255]
        after["address"] = customer.address
    if phone2 is not None:
        try:
            value = normalise_phone(phone2)
        except PhoneError as exc:
            raise ValidationError(f"--phone2 {mask_phone(phone2)}: {exc}") from None
        before["phone2"], customer.phone2 = customer.phone2, value
        after["phone2"] = value
    if plate is not None:
        _set_plate(session, customer, plate.strip().upper(), actor)
    if after:
        audit.record(session, actor=actor, action=audit.CHANGE, entity="customer", entity_id=customer.id,
                     before=before, after={**after, **({"note": note} if note else {})})
    elif checked or plate is not None:
        audit.record(session, actor=actor, action=CHECKED, entity="customer", entity_id=customer.id,
                     after={"note": note or "资料已核实"})
    return customer


def _set_plate(session: Session, customer: Customer, plate: str, actor: str) -> None:
    """A plate may be filled in where the DMS had none (a new car registered after delivery); never replaced."""
    if not plate:
        raise ValidationError("--plate 不能为空")
    vehicles = list(session.scalars(select(Vehicle).where(Vehicle.owner_id == customer.id, Vehicle.plate == "")))
    if len(vehicles) != 1:
        raise ValidationError(f"客户 {customer.id} 名下没有唯一一辆未登记车牌的车辆；已有车牌只能通过DMS导入更改")
    vehicle = vehicles[0]
    vehicle.plate = plate[:16]
    audit.record(session, actor=actor, action=audit.CHANGE, entity="vehicle", entity_id=vehicle.id,
                 before={"plate": ""}, after={"plate": vehicle.plate})


def apply_survey_corrections(session: Session, customer_id: int, answers: dict[str, Any], *, actor: str) -> bool:
    """The questionnaire's 更正的资料 (``corrected_address``, ``corrected_phone2``) applied to the customer."""
    values = {field: str(answers[key]).strip() for key, field in SURVEY_FIELDS.items()
              if str(answers.get(key) or "").strip()}
    if not values:
        return False
    correct_contact(session, customer_id, actor=actor, note="回访问卷更正", **values)
    return True


def work_list_done(kind: str, command: str) -> Proof:
    """Proof for SF-D3 / SV-D3: every delivery (intake) of the day before the task was worked through."""

    def check(session: Session, task: Any) -> bool:
        day = task.opens_at.astimezone(CST).date() - dt.timedelta(days=1)
        return all(item.worked for item in work_list(session, kind=kind, store_id=task.store_id, day=day))

    return Proof(check, f"work through yesterday's list first: `crdesk {command}` shows what each customer lacks; "
                        "`crdesk calls correct CUSTOMER --address … --phone2 … --plate …` completes it, "
                        "`--checked` records that the data were verified as they are",
                 commands=(command, "calls correct"))
