"""Finding customers and showing one with their vehicles and history, masked as the viewer's role requires."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core import audit
from core.access import customer_view, require
from core import scope
from core.errors import ValidationError
from core.models import Customer, Delivery, ServiceType, ServiceVisit, Vehicle
from core.phones import PhoneError, normalise_phone

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.models import User


def like_pattern(text: str) -> str:
    """``%text%`` with LIKE's wildcards (``%``, ``_``) and the escape character taken literally (escape ``\\``)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def phone_condition(text: str) -> Any | None:
    """Phones match on the whole number or on its last four digits only, never on other digits.

    A substring match would let anyone recover the masked middle digits
    (``138****1234``) by searching ``1380``, ``1381`` … and watching who matches.
    """
    digits = re.sub(r"\D", "", text)
    if re.fullmatch(r"\d{4}", text.strip()):
        return or_(Customer.phone.like(f"%{digits}"), Customer.phone2.like(f"%{digits}"))
    if len(digits) < 7 or not re.fullmatch(r"[\d\s\-+()]+", text.strip()):
        return None
    try:
        e164 = normalise_phone(text)
    except PhoneError:
        return None
    return or_(Customer.phone == e164, Customer.phone2 == e164)


def search_customers(app: CrDesk, session: Session, user: User, text: str, *, limit: int = 50
                     ) -> list[dict[str, Any]]:
    """Customers of the user's store (any store for users without one) by name, plate, VIN or phone.

    Phones match whole or on the last four digits (:func:`phone_condition`);
    every search is audited with the query's phone numbers masked.
    """
    require(app, session, user, "customer", "read")
    text = text.strip()
    if not text:
        raise ValidationError("give a name, phone number, plate or VIN to search for")
    upper = like_pattern(text.upper())
    conditions = [Customer.name.like(like_pattern(text), escape="\\"),
                  Customer.id.in_(select(Vehicle.owner_id).where(
                      or_(Vehicle.plate.like(upper, escape="\\"), Vehicle.vin.like(upper, escape="\\"))))]
    phone = phone_condition(text)
    if phone is not None:
        conditions.append(phone)
    stmt = select(Customer).where(or_(*conditions)).order_by(Customer.name, Customer.id).limit(limit)
    stmt = scope.filter(stmt, Customer, session, user)
    found = list(session.scalars(stmt))
    plates: dict[int, list[str]] = {}
    if found:
        for owner, plate, model in session.execute(
                select(Vehicle.owner_id, Vehicle.plate, Vehicle.model)
                .where(Vehicle.owner_id.in_([c.id for c in found])).order_by(Vehicle.id)):
            plates.setdefault(owner, []).append(f"{plate or '-'} {model}".strip())
    rows = []
    for c in found:
        row = customer_view(app, session, user, c)
        row["vehicles"] = plates.get(c.id, [])
        rows.append(row)
    audit.record(session, actor=user.username, action="search", entity="customer", entity_id="*",
                 after={"query": text, "results": len(rows)})
    return rows


def customer_details(app: CrDesk, session: Session, user: User, customer_id: int, *, reveal: bool = False
                     ) -> dict[str, Any]:
    customer = session.get(Customer, customer_id)
    if customer is None or not scope.may_see(session, user, customer.store_id):
        raise ValidationError(f"no customer {customer_id}: search with `crdesk customers search TEXT`")
    record = customer_view(app, session, user, customer, reveal=reveal)
    vehicles = session.execute(select(Vehicle.id, Vehicle.vin, Vehicle.plate, Vehicle.model)
                               .where(Vehicle.owner_id == customer.id).order_by(Vehicle.id)).all()
    record["vehicles"] = [{"id": v.id, "vin": v.vin, "plate": v.plate, "model": v.model} for v in vehicles]
    history: list[dict[str, Any]] = []
    for d, vin in session.execute(select(Delivery, Vehicle.vin).join(Vehicle, Delivery.vehicle_id == Vehicle.id)
                                  .where(Delivery.customer_id == customer.id)):
        history.append({"date": d.delivered_on, "what": "交车", "vin": vin, "detail": d.sales_advisor})
    for v, vin, type_zh in session.execute(
            select(ServiceVisit, Vehicle.vin, ServiceType.name_zh)
            .join(Vehicle, ServiceVisit.vehicle_id == Vehicle.id)
            .join(ServiceType, ServiceVisit.service_type == ServiceType.code)
            .where(ServiceVisit.customer_id == customer.id)):
        detail = f"{v.repair_order} {type_zh} {v.mileage or ''}km {v.service_advisor}".strip()
        history.append({"date": v.intake_on, "what": "入库", "vin": vin, "detail": detail})
    record["history"] = sorted(history, key=lambda h: h["date"], reverse=True)
    return record
