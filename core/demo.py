"""``crdesk init --demo``: a believable Guangzhou store to try everything on.

Deterministic (seeded) for a given "today": staff for every role with a head
per department, ~2,000 customers with Chinese names, 粤A plates and valid VINs
of GAC Toyota models, deliveries over the past year (and older cars still
coming in for service), and service visits that follow them the way real
ones do: 首保 at ~5,000 km, 二保 at ~10,000 km, then regular maintenance,
plus repairs, body and paint, insurance and warranty work. Loaded with bulk
inserts.
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from core import audit, clock
from core.db.base import utcnow
from core.models import (
    Customer,
    CustomerConsent,
    Delivery,
    ServiceVisit,
    Store,
    User,
    UserRole,
    Vehicle,
    VehicleOwnership,
)
from core.people import add_store, department
from core.vin import with_check_digit

CST = clock.STORE_TZ
SEED = 20261126
STORE_CODE = "GZTH"
STORE_NAME = "广汽丰田广州天河店"
CUSTOMERS = 2000

#: username, full name, roles, department; the first user of a department is its head.
STAFF: list[tuple[str, str, tuple[str, ...], str]] = [
    ("manager", "陈晓燕", ("manager",), "cr"),
    ("marketing", "林嘉欣", ("marketing",), "cr"),
    ("cr", "黄诗琪", ("cr",), "cr"),
    ("sales_fu", "梁丽华", ("sales_fu",), "cr"),
    ("sales_fu2", "何敏仪", ("sales_fu",), "cr"),
    ("service_fu", "罗婉婷", ("service_fu",), "cr"),
    ("service_fu2", "郭佩珊", ("service_fu",), "cr"),
    ("sales_manager", "张志强", ("sales_manager",), "sales"),
    ("sales_clerk", "吴雅琳", ("sales_clerk",), "sales"),
    ("sales_desk", "陈美琪", ("sales_desk",), "sales"),
    ("service_manager", "李国华", ("service_manager",), "service"),
    ("desk_supervisor", "刘慧敏", ("desk_supervisor",), "service"),
    ("service_desk", "周小红", ("service_desk",), "service"),
    ("finance_manager", "郑美玲", ("finance_manager",), "finance"),
    ("accountant", "谢晓琳", ("accountant",), "finance"),
    ("admin_clerk", "冯淑贞", ("admin_clerk",), "admin"),
    ("gm", "王建国", ("gm",), "gm_office"),
    ("deputy_gm", "杨伟明", ("deputy_gm",), "gm_office"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红玲建国志海燕晓辉鹏飞婷雪琳慧斌浩宇俊文博颖佳欣怡梓晨嘉瑶子轩思源家豪锦荣润"
DISTRICTS = ["天河区", "越秀区", "海珠区", "荔湾区", "白云区", "黄埔区", "番禺区", "花都区", "南沙区", "增城区", "从化区"]
STREETS = ["天河路", "中山大道", "黄埔大道", "广州大道", "体育西路", "珠江新城华夏路", "工业大道", "江南大道", "解放北路",
           "东风中路", "白云大道", "机场路", "番禺大道", "迎宾路", "市桥街", "新港东路", "科韵路", "岑村路"]
#: model, share of sales, VDS characters used in generated VINs
MODELS = [("凯美瑞", 22, "BE4"), ("雷凌", 20, "BA1"), ("汉兰达", 10, "BH5"), ("威兰达", 12, "BW3"), ("赛那", 5, "BS7"),
          ("锋兰达", 14, "BF2"), ("bZ4X", 4, "BZ4"), ("致炫", 6, "BY6"), ("凌尚", 4, "BL8"), ("C-HR", 3, "BC9")]
SALES_ADVISORS = ["邓志伟", "曾俊杰", "彭嘉豪", "肖文博", "潘晓明", "袁浩宇", "蔡子轩", "蒋家豪"]
SERVICE_ADVISORS = ["麦锦荣", "邝润发", "冼志明", "区家俊", "谭伟强", "苏永康"]
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_YEAR_CODE = {2021: "M", 2022: "N", 2023: "P", 2024: "R", 2025: "S", 2026: "T", 2027: "V"}


def cst_today() -> dt.date:
    return clock.today()


def load_demo(app: Any, *, today: dt.date | None = None, customers: int = CUSTOMERS) -> list[str]:
    """Create the demo store; does nothing when it already exists. Returns report lines."""
    today = today or cst_today()
    with app.session() as s:
        if s.scalar(select(Store.id).where(Store.code == STORE_CODE)) is not None:
            return [f"demo store {STORE_CODE} already present"]
        store = add_store(s, code=STORE_CODE, name=STORE_NAME, city="广州", address="广州市天河区黄埔大道西 668 号",
                          phone="020-38888888", sms_signature="【广汽丰田天河店】", actor="demo")
        _staff(s, store)
        counts = _records(s, store, random.Random(SEED), today, customers)
        audit.record(s, actor="demo", action=audit.IMPORT, entity="store", entity_id=store.id,
                     after={"demo": True, "today": today, **counts})
    users = ", ".join(u for u, *_ in STAFF)
    return [f"demo store {STORE_CODE} {STORE_NAME}: {counts['customers']} customers, {counts['vehicles']} vehicles, "
            f"{counts['deliveries']} deliveries, {counts['service_visits']} service visits",
            f"demo users (use with --as): {users}"]


def _staff(s: Session, store: Store) -> None:
    heads: set[str] = set()
    for username, name, roles, dept in STAFF:
        d = department(s, store, dept)
        user = User(username=username, full_name=name, store_id=store.id, department_id=d.id)
        user.roles.extend(UserRole(role_code=r) for r in roles)
        s.add(user)
        s.flush()
        if dept not in heads:
            d.head_id = user.id
            heads.add(dept)
    s.flush()


def _name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.75 else "")
    return rng.choice(SURNAMES) + given


def _vin(rng: random.Random, vds: str, year: int, serial: int) -> str:
    body = "LVG" + vds + rng.choice("ABCD") + rng.choice("0123456789") + "0" + _YEAR_CODE.get(year, "T") + "G"
    return with_check_digit(body + f"{serial:06d}")


def _plate(rng: random.Random, used: set[str]) -> str:
    while True:
        letter = rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
        tail = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(4))
        plate = f"粤A{letter}{tail}" if rng.random() < 0.85 else f"粤A{letter}D{tail}"
        if plate not in used:
            used.add(plate)
            return plate


def _records(s: Session, store: Store, rng: random.Random, today: dt.date, n_customers: int) -> dict[str, int]:
    now = utcnow()
    phones: set[str] = set()
    customer_rows: list[dict[str, Any]] = []
    for _ in range(n_customers):
        while True:
            digits = "".join(rng.choice("0123456789") for _ in range(9))
            phone = "+86" + rng.choice(["13", "15", "18", "17", "19"]) + digits
            if phone not in phones:
                phones.add(phone)
                break
        address = (f"广州市{rng.choice(DISTRICTS)}{rng.choice(STREETS)}{rng.randint(1, 999)}号"
                   f"{rng.randint(1, 30)}栋{rng.randint(1, 32)}0{rng.randint(1, 8)}房")
        customer_rows.append({"store_id": store.id, "name": _name(rng), "phone": phone, "address": address,
                              "created_at": now, "updated_at": now})
    customer_ids = list(s.execute(insert(Customer).returning(Customer.id, sort_by_parameter_order=True),
                                  customer_rows).scalars())
    consents: list[dict[str, Any]] = []
    for cid in customer_ids:
        opted_out = rng.random() < 0.06
        consents.append({"customer_id": cid, "channel": "sms", "granted": not opted_out,
                         "source": "短信回T退订" if opted_out else "购车合同", "at": now,
                         "origin": "customer_sms" if opted_out else "staff"})
        consents.append({"customer_id": cid, "channel": "phone", "granted": rng.random() > 0.01,
                         "source": "购车合同", "at": now, "origin": "staff"})
    s.execute(insert(CustomerConsent), consents)

    weights = [m[1] for m in MODELS]
    plates: set[str] = set()
    vehicles: list[dict[str, Any]] = []
    owners: list[tuple[int, dt.date]] = []
    serial = 100000
    for cid in customer_ids:
        for _ in range(2 if rng.random() < 0.08 else 1):
            model, _w, vds = rng.choices(MODELS, weights)[0]
            recent = rng.random() < 0.6
            days_ago = rng.randint(1, 365) if recent else rng.randint(366, 365 * 4)
            delivered = today - dt.timedelta(days=days_ago)
            serial += rng.randint(1, 40)
            vehicles.append({"store_id": store.id, "vin": _vin(rng, vds, delivered.year, serial),
                             "plate": _plate(rng, plates), "model": model, "owner_id": cid,
                             "created_at": now, "updated_at": now})
            owners.append((cid, delivered))
    vehicle_ids = list(s.execute(insert(Vehicle).returning(Vehicle.id, sort_by_parameter_order=True),
                                 vehicles).scalars())
    s.execute(insert(VehicleOwnership), [
        {"vehicle_id": vid, "customer_id": cid, "since": on, "until": None, "source": "delivery"}
        for vid, (cid, on) in zip(vehicle_ids, owners)])
    s.execute(insert(Delivery), [
        {"store_id": store.id, "vehicle_id": vid, "customer_id": cid, "delivered_on": on,
         "sales_advisor": rng.choice(SALES_ADVISORS), "created_at": now, "updated_at": now}
        for vid, (cid, on) in zip(vehicle_ids, owners)])
    visits = _visits(rng, store, today, vehicle_ids, owners, now)
    s.execute(insert(ServiceVisit), visits)
    return {"customers": len(customer_ids), "vehicles": len(vehicle_ids), "deliveries": len(vehicle_ids),
            "service_visits": len(visits)}


def _visits(rng: random.Random, store: Store, today: dt.date, vehicle_ids: list[int],
            owners: list[tuple[int, dt.date]], now: dt.datetime) -> list[dict[str, Any]]:
    """Maintenance after the delivery at the owner's pace, plus occasional repairs and claims."""
    per_day: dict[dt.date, int] = {}
    visits: list[dict[str, Any]] = []

    def add(vid: int, cid: int, on: dt.date, km: int, kind: str, amount: Decimal) -> None:
        if on > today:
            return
        per_day[on] = per_day.get(on, 0) + 1
        visits.append({"store_id": store.id, "repair_order": f"RO{on:%Y%m%d}{per_day[on]:04d}", "vehicle_id": vid,
                       "customer_id": cid, "intake_on": on, "mileage": km, "service_type": kind,
                       "service_advisor": rng.choice(SERVICE_ADVISORS), "amount": amount})

    for vid, (cid, delivered) in zip(vehicle_ids, owners):
        km_per_day = rng.uniform(20, 70)
        if rng.random() < 0.08:  # never came back
            continue
        first = delivered + dt.timedelta(days=int(5000 / km_per_day) + rng.randint(-10, 20))
        add(vid, cid, first, int(5000 + rng.randint(-300, 600)), "first_maintenance", Decimal("0.00"))
        second = delivered + dt.timedelta(days=int(10000 / km_per_day) + rng.randint(-10, 30))
        if rng.random() < 0.85:
            add(vid, cid, second, int(10000 + rng.randint(-400, 900)), "second_maintenance",
                Decimal(rng.randint(380, 680)))
        km, on = 10000, second
        while on <= today and rng.random() < 0.9:
            on = on + dt.timedelta(days=int(5000 / km_per_day) + rng.randint(0, 60))
            km += 5000 + rng.randint(-200, 1500)
            add(vid, cid, on, km, "regular_maintenance", Decimal(rng.randint(450, 1600)))
        span = (today - delivered).days
        for kind, chance, low, high in (("general_repair", 0.12, 200, 3000), ("body_paint", 0.07, 800, 6000),
                                        ("insurance", 0.05, 2000, 18000), ("warranty", 0.04, 0, 0)):
            if span > 30 and rng.random() < chance:
                day = delivered + dt.timedelta(days=rng.randint(20, span))
                add(vid, cid, day, int((day - delivered).days * km_per_day), kind,
                    Decimal(rng.randint(low, high)) if high else Decimal("0.00"))
    return visits
