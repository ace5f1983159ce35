"""SV-INFO customer reports: first-maintenance return by delivery month with the not-returned call lists, and
the customer segments of 差异化服务."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import settings
from core.models import Store
from core.phones import mask_phone, national
from core.reports.engine import revealing
from plugins.followup.metrics import rate
from plugins.service_followup.report_format import PCT, _number, _pct, _sid

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.reports.periods import Period


def first_maintenance_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《首保回厂率统计（按交车月份）》: the 12 delivery months before the period, and who has not come back."""
    from core.vehicle_history import (ELIGIBILITY_ZH, NOT_RETURNED_ZH, RETURN_RATE_ZH, cohort_window, not_returned,
                                      return_rates)
    from core.workdays import add_months

    sid = _sid(store)
    within = settings.get(app, session, "service_followup.first_maintenance_within_days", sid)
    month = period.start
    first = dt.date(*add_months(month.year, month.month, -12), 1)
    last = dt.date(*add_months(month.year, month.month, -1), 1)
    cohorts = return_rates(session, store_id=sid, first_month=first, last_month=last, within_days=within)
    tables: list[dict[str, Any]] = [{"title": "各交车月份首保回厂情况", "columns": [
        {"key": "month", "label": "交车月份"}, {"key": "delivered", "label": "交车数", "type": "int"},
        {"key": "eligible", "label": "应回厂", "type": "int"}, {"key": "returned", "label": "首保回厂", "type": "int"},
        {"key": "other_only", "label": "仅其他入库", "type": "int"}, {"key": "never", "label": "未入库", "type": "int"},
        {"key": "rate", "label": "首保回厂率", **PCT},
        {"key": "median_days", "label": "交车至首保天数(中位)"}],
        "rows": [{**c.as_dict(), "median_days": _number(c.median_days_to_first)} for c in cohorts]}]
    columns = [{"key": "delivered_on", "label": "交车日期", "type": "date"}, {"key": "customer", "label": "车主"},
               {"key": "phone", "label": "电话"}, {"key": "plate", "label": "车牌"}, {"key": "model", "label": "车型"},
               {"key": "vin", "label": "车架号"}, {"key": "sales_advisor", "label": "销售顾问"}]
    for near, far in ((3, 5), (6, 8)):
        lo, hi = cohort_window(month, near, far)
        shown = national if revealing(session) else mask_phone  # --reveal: a call list for 售后部 (audited)
        rows = [{**r.as_dict(), "phone": shown(r.phone) if r.phone else ""}
                for r in not_returned(session, store_id=sid, delivered_from=lo, delivered_to=hi)]
        tables.append({"title": f"N-{far}至N-{near}月（{lo:%Y-%m}～{hi:%Y-%m}）交车未入库名单（共{len(rows)}台）",
                       "columns": columns, "rows": rows})
    eligible = sum(c.eligible for c in cohorts)
    returned = sum(c.returned for c in cohorts)
    return {
        "figures": [{"label": "应回厂", "value": eligible, "formula": ELIGIBILITY_ZH},
                    {"label": "首保回厂", "value": returned},
                    {"label": "首保回厂率", "value": _pct(rate(returned, eligible)),
                     "formula": RETURN_RATE_ZH.format(days=within)},
                    {"label": "未入库", "value": sum(c.never for c in cohorts), "formula": NOT_RETURNED_ZH}],
        "charts": [{"kind": "bar", "title": "各交车月份首保回厂率(%)", "labels": [c.month for c in cohorts],
                    "series": [{"name": "首保回厂率", "values": [round((c.rate or 0) * 100, 1) for c in cohorts]}]}],
        "tables": tables,
    }


def segments_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《客户细分（差异化服务）报表》: customers per segment as of the period's last day, and who to serve first."""
    from plugins.service_followup.segments import SEGMENTS, Thresholds, customer_segments

    stores = [store] if store is not None else list(session.scalars(select(Store).order_by(Store.id)))
    rows = [r for s in stores for r in customer_segments(app, session, store_id=s.id, as_of=period.end)]
    counts = {code: sum(1 for r in rows if r.segment == code) for code in SEGMENTS}
    thresholds = Thresholds.load(app, session, _sid(store))
    listed = [r for r in rows if r.segment in ("attention", "vip", "lapsing")]
    listed.sort(key=lambda r: (list(SEGMENTS).index(r.segment), -r.spend_12m, r.customer_id))
    return {
        "figures": [{"label": "客户总数", "value": len(rows)},
                    *({"label": SEGMENTS[c], "value": counts[c],
                       "formula": thresholds.describe_zh()[i]} for i, c in enumerate(SEGMENTS))],
        "charts": [{"kind": "pie", "title": "客户构成", "labels": [SEGMENTS[c] for c in SEGMENTS],
                    "series": [{"name": "客户数", "values": [counts[c] for c in SEGMENTS]}]}] if rows else [],
        "tables": [
            {"title": "各细分客户数", "columns": [{"key": "segment", "label": "细分"}, {"key": "rule", "label": "规则"},
                                            {"key": "n", "label": "客户数", "type": "int"},
                                            {"key": "share", "label": "占比", **PCT}],
             "rows": [{"segment": SEGMENTS[c], "rule": thresholds.describe_zh()[i], "n": counts[c],
                       "share": rate(counts[c], len(rows))} for i, c in enumerate(SEGMENTS)]},
            {"title": "重点关怀、贵宾及流失预警客户", "columns": [
                {"key": "segment", "label": "细分"}, {"key": "customer_id", "label": "客户编号", "type": "int"},
                {"key": "name", "label": "客户"}, {"key": "phone", "label": "电话"},
                {"key": "visits_12m", "label": "近12月入库", "type": "int"},
                {"key": "spend_12m", "label": "近12月消费(元)", "type": "decimal"},
                {"key": "last_visit", "label": "最近入库", "type": "date"}],
             "rows": [{"segment": SEGMENTS[r.segment], "customer_id": r.customer_id, "name": r.name,
                       "phone": mask_phone(r.phone), "visits_12m": r.visits_12m, "spend_12m": r.spend_12m,
                       "last_visit": r.last_visit} for r in listed]},
        ],
    }


