"""Matching imported rows to customers and vehicles in bulk: one SELECT per batch, never one per row.

Customers are matched on their phone within the store, vehicles on their VIN.
Missing ones are created with multi-row ``INSERT … RETURNING``; a delivery to
a new customer moves the vehicle's ownership (the history keeps the old owner).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam

from core.db.base import utcnow
from core.importer.bulk import fetch_in, insert_returning_ids, insert_rows, update_by_id
from core.importer.spec import ImportContext
from core.models import Customer, Vehicle, VehicleOwnership

@dataclass(frozen=True)
class PersonRow:
    name: str
    phone: str | None
    address: str = ""
    row: int = 0


@dataclass
class People:
    """phone -> customer id, and what a batch changed or could not decide about the people in it."""

    ids: dict[str, int]
    #: customers whose address the file changed (the rows count as updated)
    changed: set[int]
    warnings: list[str]


def customers_by_phone(ctx: ImportContext, people: Sequence[PersonRow]) -> dict[str, int]:
    """phone -> customer id for every row with a phone, creating the customers not yet known."""
    return match_people(ctx, people).ids


def match_people(ctx: ImportContext, people: Sequence[PersonRow]) -> People:
    """Match rows to customers by phone, creating the unknown ones.

    A new address in the file is applied (the DMS has the latest one). A
    different *name* for a phone is never merged silently: the store's name
    is kept and the row is reported, as are two names for one phone within
    the file (phones masked in the message).
    """
    from core.phones import mask_phone

    s, store_id = ctx.session, ctx.store.id
    phones = list(dict.fromkeys(p.phone for p in people if p.phone))
    known = {phone: (id_, name, address) for phone, id_, name, address in fetch_in(
        s, Customer, ("phone", "id", "name", "address"), "phone", phones, scope={"store_id": store_id})}
    found: dict[str, int] = {phone: v[0] for phone, v in known.items()}
    new: dict[str, dict[str, Any]] = {}
    first_name: dict[str, tuple[str, int]] = {}
    addresses: dict[int, str] = {}
    warnings: list[str] = []
    for p in people:
        if not p.phone:
            continue
        seen = first_name.setdefault(p.phone, (p.name, p.row))
        if seen[0] != p.name:
            warnings.append(f"row {p.row}: {mask_phone(p.phone)} is {seen[0]} in row {seen[1]} and {p.name} here: "
                            f"imported for {seen[0]}; check which person the number belongs to")
            continue
        if p.phone in known:
            id_, name, address = known[p.phone]
            if p.name and p.name != name:
                warnings.append(f"row {p.row}: {mask_phone(p.phone)} belongs to customer {name} (#{id_}), the file "
                                f"says {p.name}: kept {name}; change the name with the customer's record if it is wrong")
            if p.address and p.address != address and addresses.get(id_, address) != p.address:
                addresses[id_] = p.address
        elif p.phone not in new:
            new[p.phone] = {"store_id": store_id, "name": p.name, "phone": p.phone, "address": p.address or ""}
    found.update(insert_returning_ids(s, Customer, list(new.values()), ("phone",), scope={"store_id": store_id}))
    if addresses:
        update_by_id(s, Customer, [{"id": i, "address": a} for i, a in addresses.items()])
    return People(found, set(addresses), warnings)


def create_customer(ctx: ImportContext, person: PersonRow) -> int:
    """A customer without a phone (a DMS row that had none)."""
    table = Customer.__table__
    return int(ctx.session.execute(table.insert().returning(table.c.id), {
        "store_id": ctx.store.id, "name": person.name, "phone": None, "address": person.address or "",
        "created_at": utcnow(), "updated_at": utcnow()}).scalar_one())


@dataclass
class VehicleRow:
    vin: str
    plate: str
    model: str
    customer_id: int | None
    on: dt.date


@dataclass
class KnownVehicle:
    id: int
    plate: str
    model: str
    owner_id: int | None


def vehicles_by_vin(ctx: ImportContext, vins: Sequence[str]) -> dict[str, KnownVehicle]:
    s, store_id = ctx.session, ctx.store.id
    out: dict[str, KnownVehicle] = {}
    for vin, id_, plate, model, owner in fetch_in(s, Vehicle, ("vin", "id", "plate", "model", "owner_id"), "vin",
                                                  list(dict.fromkeys(vins)), scope={"store_id": store_id}):
        out[vin] = KnownVehicle(id_, plate, model, owner)
    return out


def resolve_vehicles(ctx: ImportContext, rows: Sequence[VehicleRow], *, source: str,
                     take_ownership: bool, refreshed: set[str] | None = None) -> dict[str, int]:
    """vin -> vehicle id, creating new vehicles (owned by the row's customer) and refreshing plate and model.

    With ``take_ownership`` (deliveries) a row whose customer is not the
    current owner closes the old ownership on that day and opens a new one;
    otherwise (service visits) only an ownerless vehicle gets an owner.
    The VINs of known vehicles whose plate or model changed are added to
    ``refreshed``, so the caller counts their rows as updated.
    """
    s, store_id = ctx.session, ctx.store.id
    known = vehicles_by_vin(ctx, [r.vin for r in rows])
    new: dict[str, VehicleRow] = {}
    refresh: dict[int, dict[str, Any]] = {}
    owner_changes: list[tuple[int, int, dt.date]] = []
    for r in rows:
        v = known.get(r.vin)
        if v is None:
            if r.vin not in new:
                new[r.vin] = r
            continue
        plate = r.plate or v.plate
        model = r.model or v.model
        if (plate, model) != (v.plate, v.model):
            v.plate, v.model = plate, model
            refresh[v.id] = {"id": v.id, "plate": plate, "model": model}
            if refreshed is not None:
                refreshed.add(r.vin)
        if r.customer_id is not None and r.customer_id != v.owner_id and (take_ownership or v.owner_id is None):
            owner_changes.append((v.id, r.customer_id, r.on))
            v.owner_id = r.customer_id
    if refresh:
        update_by_id(s, Vehicle, list(refresh.values()))
    ids = {vin: v.id for vin, v in known.items()}
    ownerships: list[dict[str, Any]] = []
    if new:
        values = [{"store_id": store_id, "vin": r.vin, "plate": r.plate, "model": r.model,
                   "owner_id": r.customer_id} for r in new.values()]
        new_ids = insert_returning_ids(s, Vehicle, values, ("vin",), scope={"store_id": store_id})
        for vin, r in new.items():
            vid = ids[vin] = new_ids[vin]
            if r.customer_id is not None:
                ownerships.append({"vehicle_id": vid, "customer_id": r.customer_id, "since": r.on,
                                   "until": None, "source": source})
    if owner_changes:
        owner_changes = _newer_than_current(s, owner_changes)
    if owner_changes:
        owned = VehicleOwnership.__table__
        s.execute(owned.update().where(owned.c.vehicle_id == bindparam("p_vehicle"), owned.c.until.is_(None))
                  .values(until=bindparam("p_until")),
                  [{"p_vehicle": v, "p_until": on} for v, _c, on in owner_changes])
        update_by_id(s, Vehicle, [{"id": v, "owner_id": c} for v, c, _on in owner_changes])
        ownerships += [{"vehicle_id": v, "customer_id": c, "since": on, "until": None, "source": source}
                       for v, c, on in owner_changes]
    if ownerships:
        insert_rows(s, VehicleOwnership, ownerships)
    return ids


def _newer_than_current(s: Any, changes: list[tuple[int, int, dt.date]]) -> list[tuple[int, int, dt.date]]:
    """Drop owner changes dated before the current ownership began (an old file imported late)."""
    since = {vid: start for vid, start, until in fetch_in(s, VehicleOwnership, ("vehicle_id", "since", "until"),
                                                           "vehicle_id", [v for v, _c, _on in changes])
             if until is None}
    return [(v, c, on) for v, c, on in changes if v not in since or on >= since[v]]
