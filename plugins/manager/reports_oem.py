"""The four OEM reports of the first working day (MGR-M4) and 《广告宣传总结表》 (MGR-M5), each in the fixed
column layout documented in ``docs/manager.md``; a month without data is refused with one line."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from core.errors import ValidationError
from core.models import User
from core.models.history import Delivery
from core.models.tasks import Task
from core.models.vehicles import Vehicle
from core.workdays import CST
from plugins.manager.models import ManagerStock
from plugins.marketing import records
from plugins.marketing.walkins import by_model

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.app import CrDesk
    from core.models import Store
    from core.reports.periods import Period

BRAND_KIND_ZH = {"same": "同品牌", "rival": "竞争品牌"}

COMPETITOR_COLUMNS = [
    {"key": "surveyed_on", "label": "调查日期", "type": "date"}, {"key": "brand_kind", "label": "品牌类别"},
    {"key": "brand", "label": "品牌"}, {"key": "model", "label": "车型"}, {"key": "trim", "label": "配置"},
    {"key": "msrp", "label": "厂家指导价(元)", "type": "decimal"},
    {"key": "price", "label": "实际成交价(元)", "type": "decimal"},
    {"key": "discount", "label": "优惠幅度(元)", "type": "decimal"}, {"key": "promotion", "label": "促销措施"},
]
STAFF_COLUMNS = [
    {"key": "full_name", "label": "姓名"}, {"key": "department", "label": "部门"}, {"key": "roles", "label": "岗位"},
    {"key": "state", "label": "在职状态"}, {"key": "done", "label": "本月完成任务", "type": "int"},
    {"key": "late", "label": "本月逾期任务", "type": "int"},
]
BUYER_COLUMNS = [
    {"key": "model", "label": "车型"}, {"key": "count", "label": "交车台数", "type": "int"},
    {"key": "share", "label": "占比", "type": "percent"},
]
ADVISOR_COLUMNS = [{"key": "advisor", "label": "销售顾问"}, {"key": "count", "label": "交车台数", "type": "int"}]
STOCK_COLUMNS = [
    {"key": "model", "label": "车型"}, {"key": "color", "label": "颜色"}, {"key": "count", "label": "库存台数", "type": "int"},
    {"key": "avg_age", "label": "平均库龄(天)", "type": "int"}, {"key": "over_90", "label": "库龄超90天", "type": "int"},
]
AD_COLUMNS = [
    {"key": "medium", "label": "媒体"}, {"key": "ad_format", "label": "形式/规格"},
    {"key": "starts_on", "label": "开始", "type": "date"}, {"key": "ends_on", "label": "结束", "type": "date"},
    {"key": "cost", "label": "费用(元)", "type": "decimal"}, {"key": "expected_effect", "label": "预期效果"},
]
EFFECT_COLUMNS = [
    {"key": "model", "label": "车型"}, {"key": "walk_ins", "label": "来店批次", "type": "int"},
    {"key": "calls", "label": "来电批次", "type": "int"}, {"key": "orders", "label": "订车", "type": "int"},
]


def bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The period as [start, end) in aware datetimes, midnight to midnight China time."""
    return (dt.datetime.combine(period.start, dt.time(0), CST),
            dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(0), CST))


def no_data(title: str, period: Period, what: str) -> ValidationError:
    return ValidationError(f"{title}:{period.label_zh}没有{what},无法生成")


def competitors_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《竞争对手情报表》: the month's price surveys (marketing's 价格跟踪表) with the discount per trim."""
    rows = [{"surveyed_on": p.surveyed_on, "brand_kind": BRAND_KIND_ZH.get(p.brand_kind, p.brand_kind),
             "brand": p.brand, "model": p.model, "trim": p.trim, "msrp": p.msrp, "price": p.price,
             "discount": p.msrp - p.price, "promotion": p.promotion}
            for p in records.price_points(session, store, period.end) if period.contains(p.surveyed_on)]
    if not rows:
        raise no_data("《竞争对手情报表》", period, "价格跟踪数据(marketing.price)")
    rivals = {r["brand"] for r in rows if r["brand_kind"] == "竞争品牌"}
    return {"figures": [{"label": "调查条目", "value": len(rows)}, {"label": "竞争品牌", "value": len(rivals)}],
            "tables": [{"title": "竞争对手情报", "columns": COMPETITOR_COLUMNS, "rows": rows}]}


def staff_tracking_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《人员跟踪表》: the store's staff with their department, roles and the month's tasks done / overdue."""
    first, last = bounds(period)
    stmt = select(User).order_by(User.id)
    if store is not None:
        stmt = stmt.where(User.store_id == store.id)
    users = [u for u in session.scalars(stmt) if u.role_codes - {"admin"}]
    if not users:
        raise no_data("《人员跟踪表》", period, "员工资料")
    counts: Counter[tuple[int | None, str]] = Counter()
    for assignee, status, late in session.execute(
            select(Task.assignee_id, Task.status, Task.late).where(Task.due_at >= first, Task.due_at < last)):
        if status == "done":
            counts[(assignee, "done")] += 1
        if late:
            counts[(assignee, "late")] += 1
    rows = [{"full_name": u.full_name or u.username, "department": u.department.name_zh if u.department else "",
             "roles": "、".join(sorted(u.role_codes)), "state": "在职" if u.active else "离职",
             "done": counts[(u.id, "done")], "late": counts[(u.id, "late")]} for u in users]
    return {"figures": [{"label": "人数", "value": len(rows)},
                        {"label": "在职", "value": sum(1 for u in users if u.active)}],
            "tables": [{"title": "人员跟踪", "columns": STAFF_COLUMNS, "rows": rows}]}


def buyers_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《已购车用户分析表》: the month's deliveries by model and by sales advisor."""
    stmt = (select(Vehicle.model, Delivery.sales_advisor).join(Vehicle, Delivery.vehicle_id == Vehicle.id)
            .where(Delivery.delivered_on.between(period.start, period.end)))
    if store is not None:
        stmt = stmt.where(Delivery.store_id == store.id)
    rows = session.execute(stmt).all()
    if not rows:
        raise no_data("《已购车用户分析表》", period, "交车记录")
    models = Counter(r.model or "未知车型" for r in rows)
    advisors = Counter(r.sales_advisor or "未登记" for r in rows)
    total = len(rows)
    return {"figures": [{"label": "交车台数", "value": total}, {"label": "车型数", "value": len(models)}],
            "tables": [{"title": "按车型", "columns": BUYER_COLUMNS,
                        "rows": [{"model": m, "count": n, "share": Decimal(n) / total}
                                 for m, n in models.most_common()]},
                       {"title": "按销售顾问", "columns": ADVISOR_COLUMNS,
                        "rows": [{"advisor": a, "count": n} for a, n in advisors.most_common()]}]}


def store_stock_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《店头库存表》: the month's last stock snapshot (DMS import) by model and colour, with stock age."""
    stmt = select(func.max(ManagerStock.day)).where(ManagerStock.day.between(period.start, period.end))
    if store is not None:
        stmt = stmt.where(ManagerStock.store_id == store.id)
    day = session.scalar(stmt)
    if day is None:
        raise no_data("《店头库存表》", period, "库存导入(crdesk import stock)")
    q = select(ManagerStock).where(ManagerStock.day == day)
    if store is not None:
        q = q.where(ManagerStock.store_id == store.id)
    groups: dict[tuple[str, str], list[int]] = {}
    for s in session.scalars(q):
        groups.setdefault((s.model, s.color), []).append((day - s.arrived_on).days)
    rows = [{"model": m, "color": c, "count": len(ages), "avg_age": round(sum(ages) / len(ages)),
             "over_90": sum(1 for a in ages if a > 90)} for (m, c), ages in sorted(groups.items())]
    return {"figures": [{"label": "盘点日期", "value": day.isoformat()},
                        {"label": "库存合计", "value": sum(r["count"] for r in rows)}],
            "tables": [{"title": "店头库存", "columns": STOCK_COLUMNS, "rows": rows}]}


def ad_summary_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《广告宣传总结表》: the month's approved placements, their cost and the walk-ins / calls / orders."""
    placements = records.placements_between(session, store, period.start, period.end)
    effect = by_model(session, store, period.start, period.end)
    if not placements and not effect:
        raise no_data("《广告宣传总结表》", period, "已批准的广告投放或来店来电数据")
    cost = sum((Decimal(str(p["cost"])) for p in placements), Decimal("0.00"))
    rows = [{"model": m, **{k: c[k] for k in ("walk_ins", "calls", "orders")}} for m, c in sorted(effect.items())]
    return {"figures": [{"label": "投放项目", "value": len(placements)}, {"label": "费用合计(元)", "value": f"{cost:,.2f}"},
                        {"label": "来店批次", "value": sum(r["walk_ins"] for r in rows)},
                        {"label": "订车", "value": sum(r["orders"] for r in rows)}],
            "tables": [{"title": "广告投放", "columns": AD_COLUMNS, "rows": placements},
                       {"title": "效果(来店来电)", "columns": EFFECT_COLUMNS, "rows": rows}]}
