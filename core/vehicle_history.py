"""Facts about a vehicle's life with the store: first and second maintenance, cohort return rates, who never came back.

These sit in core next to deliveries and visits because the follow-up, CR and
manager plugins all ask them. Definitions (printed on every report that uses them):

* **Cohort**: the deliveries (交车) of one calendar month; a window such as
  N-3..N-5 is the deliveries of those three months before month N.
* **Eligible delivery**: a delivery in the cohort, *excluding* a vehicle whose
  ownership passed to another customer after the delivery: re-sold and delivered
  again (the later delivery counts in its own cohort), or transferred / moved
  away (recorded ownership change). The DMS exports carry no fleet or scrapped
  flag, so those cannot be excluded.
* **Maintenance visit**: a service visit of type 首保 (5K), 二保 (10K) or 定期保养.
  The *first maintenance* is the earliest maintenance visit on or after the
  delivery day, the *second* the next one.
* **First-maintenance return rate (首保回厂率)** = eligible deliveries whose first
  maintenance came within ``within_days`` (default 365) of delivery ÷ eligible deliveries.
* **Not returned (未入库)**: an eligible delivery with no service visit of any type
  on or after its delivery day. One indexed anti-join
  (``NOT EXISTS service_visit (vehicle_id, intake_on)``).
"""
from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from core.models import Customer, Delivery, ServiceVisit, Vehicle, VehicleOwnership
from core.workdays import add_months, month_bounds

MAINTENANCE_TYPES: tuple[str, ...] = ("first_maintenance", "second_maintenance", "regular_maintenance")
ELIGIBILITY_ZH = "应回厂数 = 该月交车数 − 交车后转售、再次交车或过户给他人的车辆（DMS无车队/报废标记，无法剔除）"
RETURN_RATE_ZH = "首保回厂率 = 交车后{days}天内回厂做首次保养（首保/二保/定保）的车辆数 ÷ 应回厂数"
NOT_RETURNED_ZH = "未入库 = 应回厂车辆中交车后从未有任何入库记录的车辆"


def cohort_window(month: dt.date, near: int, far: int) -> tuple[dt.date, dt.date]:
    """The first day of month N-``far`` and the last day of month N-``near``, N being ``month``'s month.

    ``cohort_window(date(2026, 11, 1), 3, 5)`` is 2026-06-01 … 2026-08-31 (the manual's N-3..N-5).
    """
    near, far = sorted((near, far))
    first = month_bounds(*add_months(month.year, month.month, -far))[0]
    last = month_bounds(*add_months(month.year, month.month, -near))[1]
    return first, last


def _eligible(d: Any) -> Any:
    """The WHERE clause keeping eligible deliveries of ``d`` (an aliased Delivery).

    A later delivery to someone else opens a new ``vehicle_ownership`` row (the
    deliveries import takes ownership), so one indexed probe on ownership
    excludes re-sold, re-delivered and transferred vehicles alike.
    """
    return ~exists().where(VehicleOwnership.vehicle_id == d.vehicle_id,
                           VehicleOwnership.customer_id != d.customer_id,
                           VehicleOwnership.since > d.delivered_on)


def _in_cohort(d: Any, store_id: int | None, first: dt.date, last: dt.date) -> Any:
    clause = d.delivered_on.between(first, last)
    return clause if store_id is None else and_(d.store_id == store_id, clause)


def not_returned_query(*, store_id: int | None, delivered_from: dt.date, delivered_to: dt.date) -> Select[Any]:
    """Eligible deliveries of [delivered_from, delivered_to] with no service visit since: one anti-join.

    Uses ``ix_delivery_store_delivered`` for the cohort range and
    ``ix_service_visit_vehicle_intake`` for the NOT EXISTS probe.
    """
    d = aliased(Delivery, name="d")
    sv = aliased(ServiceVisit, name="sv")
    return (select(d.id.label("delivery_id"), d.vehicle_id, d.customer_id, d.delivered_on, d.sales_advisor,
                   Vehicle.vin, Vehicle.plate, Vehicle.model, Customer.name.label("customer"),
                   Customer.phone)
            .join(Vehicle, Vehicle.id == d.vehicle_id)
            .join(Customer, Customer.id == d.customer_id)
            .where(_in_cohort(d, store_id, delivered_from, delivered_to), _eligible(d),
                   ~exists().where(sv.vehicle_id == d.vehicle_id, sv.intake_on >= d.delivered_on))
            .order_by(d.delivered_on, d.id))


@dataclass(frozen=True)
class NotReturned:
    delivery_id: int
    vehicle_id: int
    customer_id: int
    delivered_on: dt.date
    sales_advisor: str
    vin: str
    plate: str
    model: str
    customer: str
    phone: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def not_returned(session: Session, *, store_id: int | None, delivered_from: dt.date,
                 delivered_to: dt.date) -> list[NotReturned]:
    """Who has not come back: eligible deliveries of the window without any service visit since delivery."""
    stmt = not_returned_query(store_id=store_id, delivered_from=delivered_from, delivered_to=delivered_to)
    return [NotReturned(**row) for row in session.execute(stmt).mappings()]


@dataclass(frozen=True)
class Milestones:
    """A delivered vehicle's first and second maintenance visits and the days between them."""

    delivery_id: int
    vehicle_id: int
    customer_id: int
    delivered_on: dt.date
    first_on: dt.date | None
    first_type: str | None
    first_mileage: int | None
    second_on: dt.date | None
    second_type: str | None
    any_visit: bool

    @property
    def days_to_first(self) -> int | None:
        return (self.first_on - self.delivered_on).days if self.first_on else None

    @property
    def days_first_to_second(self) -> int | None:
        return (self.second_on - self.first_on).days if self.first_on and self.second_on else None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "days_to_first": self.days_to_first,
                "days_first_to_second": self.days_first_to_second}


def maintenance_milestones(session: Session, *, store_id: int | None, delivered_from: dt.date,
                           delivered_to: dt.date) -> list[Milestones]:
    """Per eligible delivery of the range: its first two maintenance visits (two queries, ranked in SQL)."""
    d = aliased(Delivery, name="d")
    deliveries = session.execute(
        select(d.id, d.vehicle_id, d.customer_id, d.delivered_on,
               exists().where(ServiceVisit.vehicle_id == d.vehicle_id,
                              ServiceVisit.intake_on >= d.delivered_on).label("any_visit"))
        .where(_in_cohort(d, store_id, delivered_from, delivered_to), _eligible(d))
        .order_by(d.delivered_on, d.id)).all()
    rank = func.row_number().over(partition_by=d.id, order_by=(ServiceVisit.intake_on, ServiceVisit.id))
    ranked = (select(d.id.label("delivery_id"), ServiceVisit.intake_on, ServiceVisit.service_type,
                     ServiceVisit.mileage, rank.label("n"))
              .join(ServiceVisit, and_(ServiceVisit.vehicle_id == d.vehicle_id,
                                       ServiceVisit.intake_on >= d.delivered_on))
              .where(_in_cohort(d, store_id, delivered_from, delivered_to),
                     ServiceVisit.service_type.in_(MAINTENANCE_TYPES))).subquery()
    visits: dict[int, list[Any]] = {}
    for row in session.execute(select(ranked).where(ranked.c.n <= 2).order_by(ranked.c.delivery_id, ranked.c.n)):
        visits.setdefault(row.delivery_id, []).append(row)
    out = []
    for row in deliveries:
        first, second = (visits.get(row.id, []) + [None, None])[:2]
        out.append(Milestones(row.id, row.vehicle_id, row.customer_id, row.delivered_on,
                              first.intake_on if first else None, first.service_type if first else None,
                              first.mileage if first else None, second.intake_on if second else None,
                              second.service_type if second else None, bool(row.any_visit)))
    return out


@dataclass(frozen=True)
class CohortReturn:
    """One delivery month: how many were eligible, came back for first maintenance, or never came back."""

    month: str
    delivered: int
    eligible: int
    returned: int
    other_only: int
    never: int
    rate: float | None
    median_days_to_first: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def return_rates(session: Session, *, store_id: int | None, first_month: dt.date, last_month: dt.date,
                 within_days: int = 365) -> list[CohortReturn]:
    """The first-maintenance return rate of each delivery month from ``first_month`` to ``last_month``.

    ``returned`` + ``other_only`` (came back, but not for maintenance in time) + ``never`` = ``eligible``.
    """
    lo = month_bounds(first_month.year, first_month.month)[0]
    hi = month_bounds(last_month.year, last_month.month)[1]
    milestones = maintenance_milestones(session, store_id=store_id, delivered_from=lo, delivered_to=hi)
    d = aliased(Delivery, name="d")
    delivered_days = session.scalars(select(d.delivered_on).where(_in_cohort(d, store_id, lo, hi))).all()
    out: list[CohortReturn] = []
    year, month = lo.year, lo.month
    while (year, month) <= (hi.year, hi.month):
        key = f"{year}-{month:02d}"
        rows = [m for m in milestones if (m.delivered_on.year, m.delivered_on.month) == (year, month)]
        days = [m.days_to_first for m in rows if m.days_to_first is not None and m.days_to_first <= within_days]
        returned = len(days)
        never = sum(1 for m in rows if not m.any_visit)
        delivered = sum(1 for day in delivered_days if (day.year, day.month) == (year, month))
        out.append(CohortReturn(key, delivered, len(rows), returned, len(rows) - returned - never, never,
                                round(returned / len(rows), 4) if rows else None,
                                float(statistics.median(days)) if days else None))
        year, month = add_months(year, month, 1)
    return out


def first_maintenance_counts(session: Session, *, store_id: int | None, day: dt.date,
                             types: Sequence[str] = ("first_maintenance", "second_maintenance")) -> dict[str, int]:
    """How many 5K and 10K intakes a day had (the daily figure the manual reports each morning)."""
    stmt = (select(ServiceVisit.service_type, func.count()).where(ServiceVisit.intake_on == day,
                                                                   ServiceVisit.service_type.in_(types))
            .group_by(ServiceVisit.service_type))
    if store_id is not None:
        stmt = stmt.where(ServiceVisit.store_id == store_id)
    counts = dict.fromkeys(types, 0)
    counts.update({t: n for t, n in session.execute(stmt)})
    return counts
