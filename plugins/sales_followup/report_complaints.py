"""《销售投诉处理结果汇总》 (SF-COMPL, SF-RPT) and the weekly callback summary (SF-W1)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import Customer, Delivery, Vehicle
from plugins.followup import metrics
from plugins.followup.models import FollowupCall, FollowupComplaint
from core.people import DEPARTMENTS
from plugins.followup.outcomes import COMPLAINT_CHANNELS, COMPLAINT_STATUS, OUTCOMES, SATISFACTION, TIERS

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.models import Store
    from core.reports.periods import Period
from plugins.sales_followup.report_common import _call_figures, _sid


def complaints_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《销售投诉处理结果汇总》: the month's sales complaints, their handling times and results."""
    times = metrics.complaint_times(
        session, origin="sales", store_id=_sid(store), start=period.start_at, end=period.end_before
    )
    stmt = (
        select(FollowupComplaint, Customer.name)
        .join(Customer, Customer.id == FollowupComplaint.customer_id)
        .where(
            FollowupComplaint.origin == "sales",
            FollowupComplaint.opened_at >= period.start_at,
            FollowupComplaint.opened_at < period.end_before,
        )
        .order_by(FollowupComplaint.opened_at)
    )
    if store is not None:
        stmt = stmt.where(FollowupComplaint.store_id == store.id)
    rows = [
        {
            "id": c.id,
            "opened_at": c.opened_at,
            "name": name,
            "tier": TIERS[c.tier],
            "category": c.category,
            "description": c.description,
            "owner_dept": DEPARTMENTS.get(c.owner_dept, c.owner_dept),
            "channel": COMPLAINT_CHANNELS.get(c.channel, c.channel),
            "status": COMPLAINT_STATUS.get(c.status, c.status),
            "closed_at": c.closed_at,
            "result": c.result,
            "satisfaction": SATISFACTION.get(c.customer_satisfaction or "", "待回访"),
        }
        for c, name in session.execute(stmt)
    ]
    by_category = Counter(r["category"] for r in rows)

    def hours(v: float | None) -> str:
        return "—" if v is None else f"{v:.1f} 小时"

    return {
        "figures": [
            {"label": "投诉数", "value": times.opened},
            {"label": "已结案", "value": times.closed},
            {"label": "按时结案", "value": times.on_time_closure},
            {
                "label": "首次响应中位数",
                "value": hours(times.response_median_h),
                "formula": metrics.FORMULAS["complaint_times"],
            },
            {"label": "首次响应P90", "value": hours(times.response_p90_h)},
            {"label": "结案时长中位数", "value": hours(times.closure_median_h)},
            {"label": "结案时长P90", "value": hours(times.closure_p90_h)},
        ],
        "charts": [
            {
                "kind": "bar",
                "title": "投诉类别",
                "labels": list(by_category),
                "series": [{"name": "件数", "values": list(by_category.values())}],
            }
        ]
        if rows
        else [],
        "tables": [
            {
                "title": "投诉明细",
                "columns": [
                    {"key": "id", "label": "编号", "type": "int"},
                    {"key": "opened_at", "label": "受理时间", "type": "datetime"},
                    {"key": "name", "label": "客户"},
                    {"key": "tier", "label": "级别"},
                    {"key": "category", "label": "类别"},
                    {"key": "description", "label": "内容"},
                    {"key": "channel", "label": "来源渠道"},
                    {"key": "owner_dept", "label": "责任部门"},
                    {"key": "status", "label": "状态"},
                    {"key": "closed_at", "label": "结案时间", "type": "datetime"},
                    {"key": "result", "label": "处理结果"},
                    {"key": "satisfaction", "label": "客户满意度"},
                ],
                "rows": rows,
            }
        ],
    }


def weekly_callbacks_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """SF-W1: the week's delivery customers and where each callback stands."""
    stats = metrics.call_stats(
        session,
        source_kind="delivery",
        store_id=_sid(store),
        start=period.start_at,
        end=period.end_before,
    )
    last_call = (
        select(FollowupCall.source_id, func.max(FollowupCall.id).label("call_id"))
        .where(FollowupCall.source_kind == "delivery")
        .group_by(FollowupCall.source_id)
        .subquery()
    )
    stmt = (
        select(Delivery.delivered_on, Customer.name, Delivery.sales_advisor, Vehicle.model, FollowupCall.outcome)
        .join(Customer, Customer.id == Delivery.customer_id)
        .join(Vehicle, Vehicle.id == Delivery.vehicle_id)
        .outerjoin(last_call, last_call.c.source_id == Delivery.id)
        .outerjoin(FollowupCall, FollowupCall.id == last_call.c.call_id)
        .where(Delivery.delivered_on.between(period.start, period.end))
        .order_by(Delivery.delivered_on)
    )
    if store is not None:
        stmt = stmt.where(Delivery.store_id == store.id)
    rows = [
        {
            "delivered_on": r.delivered_on,
            "name": r.name,
            "advisor": r.sales_advisor,
            "model": r.model,
            "outcome": OUTCOMES.get(r.outcome or "", "未回访"),
        }
        for r in session.execute(stmt)
    ]
    return {
        "figures": [{"label": "本周交车", "value": len(rows)}] + _call_figures(stats),
        "tables": [
            {
                "title": "本周交车客户回访情况",
                "columns": [
                    {"key": "delivered_on", "label": "交车日期", "type": "date"},
                    {"key": "name", "label": "客户姓名"},
                    {"key": "advisor", "label": "销售顾问"},
                    {"key": "model", "label": "车型"},
                    {"key": "outcome", "label": "最近回访结果"},
                ],
                "rows": rows,
            }
        ],
    }

