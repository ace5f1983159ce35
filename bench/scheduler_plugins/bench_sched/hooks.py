"""The two callback schedules of the manual (N+3..N+5 after a delivery or a service visit) over core's tables."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, select

from core import hookimpl
from core.scheduler import EventSchedule


def _customer_name(customer_id: Any) -> Any:
    """The customer's name by primary key, one index lookup per due row.

    A correlated subquery rather than a join: a join lets PostgreSQL hash the
    whole customer table, whose cost grows with the table, not with the tasks due.
    """
    from core.models.customers import Customer

    return select(Customer.name).where(Customer.id == customer_id).scalar_subquery().label("customer")


def deliveries(session: Any, first: dt.date, last: dt.date) -> Select[Any]:
    from core.models.history import Delivery

    return select(Delivery.id.label("source_id"), Delivery.delivered_on.label("anchor_date"), Delivery.store_id,
                  _customer_name(Delivery.customer_id)).where(Delivery.delivered_on.between(first, last))


def service_visits(session: Any, first: dt.date, last: dt.date) -> Select[Any]:
    from core.models.history import ServiceVisit

    return select(ServiceVisit.id.label("source_id"), ServiceVisit.intake_on.label("anchor_date"),
                  ServiceVisit.store_id, _customer_name(ServiceVisit.customer_id)
                  ).where(ServiceVisit.intake_on.between(first, last))


@hookimpl
def register_task_schedules(app: Any) -> Iterable[Any]:
    return [
        EventSchedule(key="bench_sched.sales_callback", title_zh="交车满意度回访", role="sales_fu", duties=("SF-D4",),
                      source_kind="delivery", source=deliveries, assign="least_open", label_field="customer"),
        EventSchedule(key="bench_sched.service_callback", title_zh="入库满意度回访", role="service_fu",
                      duties=("SV-D4",), source_kind="service_visit", source=service_visits, assign="round_robin",
                      label_field="customer"),
    ]
