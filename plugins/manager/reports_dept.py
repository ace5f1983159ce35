"""The manager's monthly department reports: 《上月客户部工作总结报表》 and 《上月客户回访报表》 (MGR-M2), customer and
vehicle-model composition with trend and forecast (MGR-INFO), customer-data quality (MGR-CRM) and the access
review (MGR-SEC)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from core import audit
from core.models import ApprovalRequest, User
from core.models.audit import AuditEntry
from core.models.customers import Customer
from core.models.history import Delivery
from core.models.vehicles import Vehicle
from core.workdays import CST, add_months
from plugins.manager.models import ManagerMeeting
from plugins.manager.reports_oem import bounds, no_data
from plugins.manager.reports_weekly import ROLE_COLUMNS, tasks_by_role

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.app import CrDesk
    from core.models import Store
    from core.reports.periods import Period

CR_ROLES = ("manager", "marketing", "cr", "sales_fu", "service_fu")
ROLE_ZH = {"manager": "客户经理", "marketing": "市场专员", "cr": "CR专员", "sales_fu": "销售回访专员",
           "service_fu": "售后回访专员"}
TREND_COLUMNS = [{"key": "month", "label": "月份"}, {"key": "deliveries", "label": "交车台数", "type": "int"},
                 {"key": "customers", "label": "新增客户", "type": "int"}]
MODEL_COLUMNS = [{"key": "model", "label": "车型"}, {"key": "count", "label": "保有台数", "type": "int"},
                 {"key": "share", "label": "占比", "type": "percent"}]
QUALITY_COLUMNS = [{"key": "id", "label": "客户编号", "type": "int"}, {"key": "name", "label": "客户"},
                   {"key": "problem", "label": "问题"}]
ACCESS_COLUMNS = [{"key": "username", "label": "用户名"}, {"key": "full_name", "label": "姓名"},
                  {"key": "roles", "label": "角色"}, {"key": "active", "label": "状态"}]
REVEAL_COLUMNS = [{"key": "actor", "label": "查看人"}, {"key": "customers", "label": "客户数", "type": "int"},
                  {"key": "reveals", "label": "查看次数", "type": "int"}, {"key": "ids", "label": "客户编号"}]


def _zh(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "role": ROLE_ZH.get(r["role"], r["role"])} for r in rows]


def dept_summary_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《上月客户部工作总结报表》: the department's tasks per role, meetings held and requests filed."""
    rows = _zh(tasks_by_role(session, period, store, CR_ROLES))
    if not rows:
        raise no_data("《上月客户部工作总结报表》", period, "客户部任务")
    first, last = bounds(period)
    meetings = select(func.count()).select_from(ManagerMeeting).where(
        ManagerMeeting.held_on.between(period.start, period.end))
    requests = select(ApprovalRequest.status, func.count()).where(
        ApprovalRequest.submitted_at >= first, ApprovalRequest.submitted_at < last).group_by(ApprovalRequest.status)
    if store is not None:
        meetings = meetings.where(ManagerMeeting.store_id == store.id)
        requests = requests.where(ApprovalRequest.store_id == store.id)
    by_status = dict(session.execute(requests).all())
    total, done = sum(r["total"] for r in rows), sum(r["done"] for r in rows)
    return {"figures": [{"label": "到期任务", "value": total}, {"label": "已完成", "value": done},
                        {"label": "完成率", "value": f"{done / total:.1%}" if total else "—"},
                        {"label": "会议", "value": session.scalar(meetings) or 0},
                        {"label": "提交审批", "value": sum(by_status.values())},
                        {"label": "已批准", "value": by_status.get("approved", 0)}],
            "tables": [{"title": "各岗位工作完成情况", "columns": ROLE_COLUMNS, "rows": rows}]}


def callback_summary_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《上月客户回访报表》: the sales and service callback specialists' tasks of the month."""
    rows = _zh(tasks_by_role(session, period, store, ("sales_fu", "service_fu")))
    if not rows:
        raise no_data("《上月客户回访报表》", period, "回访任务")
    total, done = sum(r["total"] for r in rows), sum(r["done"] for r in rows)
    return {"figures": [{"label": "应回访", "value": total}, {"label": "已回访", "value": done},
                        {"label": "回访完成率", "value": f"{done / total:.1%}" if total else "—"},
                        {"label": "逾期", "value": sum(r["late"] for r in rows)}],
            "tables": [{"title": "回访完成情况", "columns": ROLE_COLUMNS, "rows": rows}]}


def composition_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """Customer and vehicle-model composition, the 12 months to the period's end and next month's forecast:
    the mean of the last three months (documented in docs/manager.md)."""
    months = [add_months(period.end.year, period.end.month, -i) for i in range(11, -1, -1)]
    start = dt.date(*months[0], 1)
    deliveries: Counter[tuple[int, int]] = Counter()
    stmt = select(Delivery.delivered_on).where(Delivery.delivered_on.between(start, period.end))
    if store is not None:
        stmt = stmt.where(Delivery.store_id == store.id)
    for (day,) in session.execute(stmt):
        deliveries[(day.year, day.month)] += 1
    customers: Counter[tuple[int, int]] = Counter()
    cstmt = select(Customer.created_at).where(Customer.created_at >= dt.datetime.combine(start, dt.time(0), CST))
    if store is not None:
        cstmt = cstmt.where(Customer.store_id == store.id)
    for (at,) in session.execute(cstmt):
        local = at.astimezone(CST) if at.tzinfo else at
        customers[(local.year, local.month)] += 1
    trend = [{"month": f"{y}-{m:02d}", "deliveries": deliveries[(y, m)], "customers": customers[(y, m)]}
             for y, m in months]
    vstmt = select(Vehicle.model, func.count()).group_by(Vehicle.model)
    if store is not None:
        vstmt = vstmt.where(Vehicle.store_id == store.id)
    models = sorted(session.execute(vstmt).all(), key=lambda r: -r[1])
    fleet = sum(n for _, n in models)
    if not fleet and not any(t["deliveries"] or t["customers"] for t in trend):
        raise no_data("《客户及车型构成分析》", period, "客户、车辆资料")
    last3 = trend[-3:]
    ny, nm = add_months(period.end.year, period.end.month, 1)
    forecast = round(sum(t["deliveries"] for t in last3) / 3)
    return {"figures": [{"label": "客户总数", "value": session.scalar(
                            select(func.count()).select_from(Customer).where(
                                Customer.store_id == store.id) if store else
                            select(func.count()).select_from(Customer)) or 0},
                        {"label": "保有车辆", "value": fleet},
                        {"label": f"{ny}-{nm:02d}交车预测(近三月平均)", "value": forecast}],
            "tables": [{"title": "近12个月趋势", "columns": TREND_COLUMNS, "rows": trend},
                       {"title": "车型构成", "columns": MODEL_COLUMNS,
                        "rows": [{"model": m or "未知车型", "count": n, "share": n / fleet} for m, n in models]}]}


def data_quality_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """Customer data complete and valid (MGR-CRM): no phone, no address, the same phone on two customers."""
    stmt = select(Customer.id, Customer.name, Customer.phone, Customer.address).order_by(Customer.id)
    if store is not None:
        stmt = stmt.where(Customer.store_id == store.id)
    customers = session.execute(stmt).all()
    if not customers:
        raise no_data("《客户资料质量检查表》", period, "客户资料")
    phones = Counter(c.phone for c in customers if c.phone)
    fix = []
    for c in customers:
        problems = [p for p, bad in (("缺少电话", not c.phone), ("缺少地址", not (c.address or "").strip()),
                                     ("电话与其他客户重复", bool(c.phone) and phones[c.phone] > 1)) if bad]
        if problems:
            fix.append({"id": c.id, "name": c.name, "problem": "、".join(problems)})
    complete = len(customers) - len(fix)
    return {"figures": [{"label": "客户数", "value": len(customers)}, {"label": "资料完整有效", "value": complete},
                        {"label": "完整率", "value": f"{complete / len(customers):.1%}"},
                        {"label": "待修正", "value": len(fix)}],
            "tables": [{"title": "待修正客户资料", "columns": QUALITY_COLUMNS, "rows": fix}]}


def access_review_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """Who holds which role, and who revealed which customers' numbers in the period (MGR-SEC)."""
    ustmt = select(User).order_by(User.username)
    if store is not None:
        ustmt = ustmt.where(User.store_id == store.id)
    users = [{"username": u.username, "full_name": u.full_name, "roles": "、".join(sorted(u.role_codes)),
              "active": "在职" if u.active else "停用"} for u in session.scalars(ustmt)]
    first, last = bounds(period)
    reveals: dict[str, list[str]] = {}
    for actor, entity_id in session.execute(
            select(AuditEntry.actor, AuditEntry.entity_id).where(
                AuditEntry.action == audit.REVEAL, AuditEntry.entity == "customer",
                AuditEntry.at >= first, AuditEntry.at < last).order_by(AuditEntry.id)):
        reveals.setdefault(actor or "", []).append(entity_id)
    rows = [{"actor": a, "customers": len(set(ids)), "reveals": len(ids), "ids": "、".join(sorted(set(ids), key=str))}
            for a, ids in sorted(reveals.items())]
    return {"figures": [{"label": "用户", "value": len(users)},
                        {"label": "查看号码人数", "value": len(rows)},
                        {"label": "查看次数", "value": sum(r["reveals"] for r in rows)}],
            "tables": [{"title": "用户与角色", "columns": ACCESS_COLUMNS, "rows": users},
                       {"title": "本期查看客户完整号码", "columns": REVEAL_COLUMNS, "rows": rows}]}
