"""The three DMS facts core imports: ``customers``, ``deliveries`` (交车) and ``service-visits`` (入库)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from core.importer import cells
from core.importer.bulk import fetch_in, insert_returning_ids, update_by_id
from core.importer.resolve import (
    KnownVehicle,
    PersonRow,
    VehicleRow,
    create_customer,
    customers_by_phone,
    match_people,
    resolve_vehicles,
    vehicles_by_vin,
)
from core.importer.spec import BatchOutcome, Column, ImportContext, ImportKind
from core.models import Customer, Delivery, ServiceTypeAlias, ServiceVisit, Vehicle


def _length(model: Any, name: str) -> int | None:
    """The length of a model's text column, so file checks follow the schema."""
    return getattr(model.__table__.c[name].type, "length", None)


NAME = Column("customer_name", ("客户姓名", "客户名称", "车主姓名", "姓名", "车主", "customer"), cells.parse_text,
              doc="the customer's name", max_length=_length(Customer, "name"))
PHONE = Column("phone", ("手机号码", "联系电话", "手机", "电话", "移动电话", "phone"), cells.parse_phone,
               doc="mobile or landline; stored as E.164")
VIN = Column("vin", ("车架号", "VIN", "VIN码", "车辆识别代号"), cells.parse_vin,
             doc="17 characters with a valid check digit")
PLATE = Column("plate", ("车牌号", "车牌", "车牌号码", "plate"), cells.parse_text, required=False, default="",
               max_length=_length(Vehicle, "plate"))
MODEL = Column("model", ("车型", "车型名称", "车系", "model"), cells.parse_text, required=False, default="",
               max_length=_length(Vehicle, "model"))
ADDRESS = Column("address", ("地址", "联系地址", "家庭住址", "address"), cells.parse_text, required=False,
                 default="", max_length=_length(Customer, "address"))


# -- customers -------------------------------------------------------------
def _write_customers(ctx: ImportContext, rows: list[dict[str, Any]]) -> BatchOutcome:
    s, out = ctx.session, BatchOutcome()
    existing: dict[str, tuple[int, str, str, str | None]] = {}
    for phone, id_, name, address, code in fetch_in(s, Customer, ("phone", "id", "name", "address", "dms_code"),
                                                    "phone", [r["phone"] for r in rows],
                                                    scope={"store_id": ctx.store.id}):
        existing[phone] = (id_, name, address, code)
    new, changes = [], []
    for r in rows:
        known = existing.get(r["phone"])
        if known is None:
            new.append({"store_id": ctx.store.id, "name": r["customer_name"], "phone": r["phone"],
                        "address": r["address"], "dms_code": r["dms_code"] or None})
            continue
        id_, name, address, code = known
        want = (r["customer_name"], r["address"] or address, r["dms_code"] or code)
        if want == (name, address, code):
            out.unchanged += 1
            continue
        changes.append({"id": id_, "name": want[0], "address": want[1], "dms_code": want[2]})
        out.ids.append(id_)
    if new:
        out.ids += insert_returning_ids(s, Customer, new, ("phone",), scope={"store_id": ctx.store.id}).values()
        out.created = len(new)
    if changes:
        update_by_id(s, Customer, changes)
        out.updated += len(changes)
    return out


CUSTOMERS = ImportKind(
    key="core.customers", name="customers", title_zh="客户档案", entity="customer",
    columns=(NAME, PHONE, ADDRESS,
             Column("dms_code", ("客户编号", "客户代码", "客户号"), cells.parse_text, required=False, default="")),
    natural_key=("phone",), write=_write_customers,
    doc="Customer master data; matched on the phone number within the store.",
)


# -- deliveries ------------------------------------------------------------
def _write_deliveries(ctx: ImportContext, rows: list[dict[str, Any]]) -> BatchOutcome:
    s, out = ctx.session, BatchOutcome()
    people = match_people(ctx, [PersonRow(r["customer_name"], r["phone"], r["address"], r["_row"]) for r in rows])
    by_phone, out.warnings = people.ids, people.warnings
    refreshed: set[str] = set()
    vehicle_ids = resolve_vehicles(ctx, [VehicleRow(r["vin"], r["plate"], r["model"], by_phone[r["phone"]],
                                                    r["delivered_on"]) for r in rows],
                                   source="delivery", take_ownership=True, refreshed=refreshed)
    existing: dict[tuple[int, Any], tuple[int, int, str]] = {}
    for id_, vid, on, cid, adv in fetch_in(s, Delivery, ("id", "vehicle_id", "delivered_on", "customer_id",
                                                          "sales_advisor"), "vehicle_id",
                                           list(set(vehicle_ids.values()))):
        existing[(vid, on)] = (id_, cid, adv)
    new, changes = [], []
    for r in rows:
        vid, cid = vehicle_ids[r["vin"]], by_phone[r["phone"]]
        known = existing.get((vid, r["delivered_on"]))
        if known is None:
            new.append({"store_id": ctx.store.id, "vehicle_id": vid, "customer_id": cid,
                        "delivered_on": r["delivered_on"], "sales_advisor": r["sales_advisor"]})
        elif (known[1], known[2]) == (cid, r["sales_advisor"]):
            if r["vin"] in refreshed or cid in people.changed:  # its vehicle or customer changed
                out.updated += 1
                out.ids.append(known[0])
            else:
                out.unchanged += 1
        else:
            changes.append({"id": known[0], "customer_id": cid, "sales_advisor": r["sales_advisor"]})
            out.ids.append(known[0])
    if new:
        out.ids += insert_returning_ids(s, Delivery, new, ("vehicle_id", "delivered_on")).values()
        out.created = len(new)
    if changes:
        update_by_id(s, Delivery, changes)
        out.updated += len(changes)
    return out


DELIVERIES = ImportKind(
    key="core.deliveries", name="deliveries", title_zh="交车明细", entity="delivery",
    columns=(NAME, PHONE, VIN, PLATE, MODEL,
             Column("delivered_on", ("交车日期", "交付日期", "交车时间", "delivery date"), cells.parse_date),
             Column("sales_advisor", ("销售顾问", "销售员", "顾问"), cells.parse_text, required=False, default="",
                    max_length=_length(Delivery, "sales_advisor")),
             ADDRESS),
    natural_key=("vin", "delivered_on"), write=_write_deliveries,
    doc="Yesterday's deliveries from the DMS; the key is VIN + delivery date.",
)


# -- service visits --------------------------------------------------------
def service_type_map(ctx: ImportContext) -> dict[str, str]:
    """alias -> code for the import's store: the store's own aliases override the defaults."""
    cached = ctx.cache.get("service_types")
    if cached is None:
        cached = {}
        rows = ctx.session.execute(
            select(ServiceTypeAlias.alias, ServiceTypeAlias.code, ServiceTypeAlias.store_id)
            .where((ServiceTypeAlias.store_id.is_(None)) | (ServiceTypeAlias.store_id == ctx.store.id))
            .order_by(ServiceTypeAlias.store_id.is_not(None)))
        for alias, code, _store in rows:
            cached[alias.strip().upper()] = code
        ctx.cache["service_types"] = cached
    return cached


def _check_visit(ctx: ImportContext, row: dict[str, Any]) -> Sequence[tuple[str, str]]:
    raw = row["service_type"]
    code = service_type_map(ctx).get(raw.strip().upper())
    if code is None:
        known = ", ".join(sorted(service_type_map(ctx)))
        return [("service_type", f"unknown service type {raw!r}; map it with `crdesk service-types map` "
                                 f"(known: {known})")]
    row["service_type"] = code
    return ()


def _write_visits(ctx: ImportContext, rows: list[dict[str, Any]]) -> BatchOutcome:
    s, out = ctx.session, BatchOutcome()
    by_phone = customers_by_phone(ctx, [PersonRow(r["customer_name"], r["phone"], "") for r in rows if r["phone"]])
    known_vehicles = vehicles_by_vin(ctx, [r["vin"] for r in rows if not r["phone"]])
    customer_of: list[int] = []
    for r in rows:
        if r["phone"]:
            customer_of.append(by_phone[r["phone"]])
        elif (v := known_vehicles.get(r["vin"])) is not None and v.owner_id is not None:
            customer_of.append(v.owner_id)
        else:
            cid = create_customer(ctx, PersonRow(r["customer_name"], None))
            known_vehicles[r["vin"]] = KnownVehicle(v.id if v else 0, "", "", cid)
            customer_of.append(cid)
    refreshed: set[str] = set()
    vehicle_ids = resolve_vehicles(ctx, [VehicleRow(r["vin"], r["plate"], r["model"], c, r["intake_on"])
                                         for r, c in zip(rows, customer_of)],
                                   source="service-visit", take_ownership=False, refreshed=refreshed)
    existing: dict[str, tuple[Any, ...]] = {}
    cols = ("vehicle_id", "customer_id", "intake_on", "mileage", "service_type", "service_advisor", "amount")
    for ro, id_, *values in fetch_in(s, ServiceVisit, ("repair_order", "id", *cols), "repair_order",
                                     [r["repair_order"] for r in rows], scope={"store_id": ctx.store.id}):
        existing[ro] = (id_, tuple(values))
    new, changes = [], []
    for r, cid in zip(rows, customer_of):
        values = {"vehicle_id": vehicle_ids[r["vin"]], "customer_id": cid, "intake_on": r["intake_on"],
                  "mileage": r["mileage"], "service_type": r["service_type"],
                  "service_advisor": r["service_advisor"], "amount": r["amount"]}
        known = existing.get(r["repair_order"])
        if known is None:
            new.append({"store_id": ctx.store.id, "repair_order": r["repair_order"], **values})
        elif known[1] == tuple(values.values()):
            if r["vin"] in refreshed:  # the visit is the same but its vehicle's plate or model changed
                out.updated += 1
                out.ids.append(known[0])
            else:
                out.unchanged += 1
        else:
            changes.append({"id": known[0], **values})
            out.ids.append(known[0])
    if new:
        out.ids += insert_returning_ids(s, ServiceVisit, new, ("repair_order",),
                                        scope={"store_id": ctx.store.id}).values()
        out.created = len(new)
    if changes:
        update_by_id(s, ServiceVisit, changes)
        out.updated += len(changes)
    return out


SERVICE_VISITS = ImportKind(
    key="core.service_visits", name="service-visits", title_zh="入库明细", entity="service_visit",
    columns=(
        Column("repair_order", ("工单号", "维修工单号", "委托书号", "工单编号", "repair order"), cells.parse_text,
               max_length=_length(ServiceVisit, "repair_order")),
        VIN, PLATE, MODEL,
        Column("customer_name", NAME.aliases + ("送修人",), cells.parse_text, max_length=NAME.max_length),
        Column("phone", PHONE.aliases + ("送修人电话",), cells.parse_phone, required=False),
        Column("intake_on", ("入库日期", "进厂日期", "进店日期", "开单日期", "intake date"), cells.parse_date),
        Column("mileage", ("里程", "行驶里程", "进厂里程", "里程数", "mileage"), cells.parse_int, required=False),
        Column("service_type", ("维修类型", "维修类别", "服务类型", "业务类型", "service type"), cells.parse_text),
        Column("service_advisor", ("服务顾问", "接待员", "维修顾问", "service advisor"), cells.parse_text,
               required=False, default="", max_length=_length(ServiceVisit, "service_advisor")),
        Column("amount", ("金额", "结算金额", "工单金额", "维修金额", "amount"), cells.parse_amount, required=False),
    ),
    natural_key=("repair_order",), write=_write_visits, check_row=_check_visit,
    doc="Repair orders from the DMS; the key is the repair-order number. A VIN the store never sold is kept "
        "and its owner becomes a customer of the store.",
)

DMS_KINDS = (CUSTOMERS, DELIVERIES, SERVICE_VISITS)
