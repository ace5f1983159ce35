"""Statistics and lists: intake statistics (CR-D7, D8), not-returned lists (CR-M1, M2), owner-website
membership (CR-D6) and the month's expired items (CR-M3)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.base import utcnow
from core.errors import ValidationError
from core.models import Customer, Delivery, Task
from core.reports.periods import Period
from core.vehicle_history import cohort_window, maintenance_milestones, not_returned
from plugins.cr_system.models import LIST_KINDS, LIST_TITLES, ListHandover, LetterBatch

if TYPE_CHECKING:
    from core.app import CrDesk

SERVICE_ZH = {"first_maintenance": "首保(5K)", "second_maintenance": "二保(10K)", "regular_maintenance": "定保"}


def _sid(store: Any) -> int | None:
    return store.id if store is not None else None


def intake_stats(near: int, far: int) -> Any:
    """Daily intake statistics for deliveries of months N-far..N-near (N = the month of the report's day)."""

    def data(app: CrDesk, session: Session, period: Period, store: Any) -> dict[str, Any]:
        first, last = cohort_window(period.start.replace(day=1), near, far)
        milestones = maintenance_milestones(session, store_id=_sid(store), delivered_from=first, delivered_to=last)
        names = dict(session.execute(select(Customer.id, Customer.name).where(
            Customer.id.in_([m.customer_id for m in milestones]))).all()) if milestones else {}
        rows = []
        for m in milestones:
            came = m.first_on is not None and m.first_on <= period.end
            second = m.second_on is not None and m.second_on <= period.end
            rows.append({"customer": names.get(m.customer_id, ""), "delivered_on": m.delivered_on,
                         "first": m.first_on if came else None, "first_type": SERVICE_ZH.get(m.first_type or "", "")
                         if came else "", "second": m.second_on if second else None,
                         "state": "已入库" if came else "未入库"})
        came = sum(1 for r in rows if r["state"] == "已入库")
        return {
            "figures": [{"label": "交车台数", "value": len(rows), "type": "int", "unit": "台"},
                        {"label": "已入库", "value": came, "type": "int", "unit": "台"},
                        {"label": "入库率", "value": came / len(rows) if rows else None, "type": "percent",
                         "formula": "已做5K/10K保养的车辆 ÷ 应回厂车辆"}],
            "tables": [{"title": f"交车月份 {first:%Y-%m} 至 {last:%Y-%m}", "columns": [
                {"key": "customer", "label": "客户姓名"}, {"key": "delivered_on", "label": "交车日期", "type": "date"},
                {"key": "first", "label": "首次保养日期", "type": "date"}, {"key": "first_type", "label": "类型"},
                {"key": "second", "label": "二保日期", "type": "date"}, {"key": "state", "label": "入库情况"}],
                "rows": rows}],
        }

    return data


def not_returned_list(kind: str) -> Any:
    def data(app: CrDesk, session: Session, period: Period, store: Any) -> dict[str, Any]:
        near, far = LIST_KINDS[kind]
        first, last = cohort_window(period.start, near, far)
        rows = [r.as_dict() for r in not_returned(session, store_id=_sid(store), delivered_from=first,
                                                  delivered_to=last)]
        return {
            "figures": [{"label": "未入库台数", "value": len(rows), "type": "int", "unit": "台"}],
            "tables": [{"title": f"{LIST_TITLES[kind]}（交车 {first:%Y-%m} 至 {last:%Y-%m}）", "columns": [
                {"key": "customer", "label": "客户姓名"}, {"key": "phone", "label": "电话", "type": "phone"},
                {"key": "model", "label": "车型"}, {"key": "plate", "label": "车牌"},
                {"key": "delivered_on", "label": "交车日期", "type": "date"},
                {"key": "sales_advisor", "label": "销售顾问"}], "rows": rows}],
            "signatures": ["移交：CR专员", "签收：售后部"],
        }

    return data


def membership_data(app: CrDesk, session: Session, period: Period, store: Any) -> dict[str, Any]:
    """Registration rate = owner-website members ÷ owners, against the 30 % target, and the owners to invite.

    The members are the sales follow-up plugin's (one members table for the store)."""
    from core import settings

    if "sales_followup" not in app.host.loaded:
        raise ValidationError("车主网站会员 are kept by the sales_followup plugin: `crdesk plugins enable "
                              "sales_followup` first (one members table for the store)")
    from plugins.sales_followup.models import SalesMember

    owners_stmt = select(Delivery.customer_id).where(Delivery.delivered_on <= period.end).distinct()
    members_stmt = select(SalesMember.customer_id).where(
        SalesMember.joined_on <= period.end, SalesMember.customer_id.is_not(None),
        (SalesMember.left_on.is_(None)) | (SalesMember.left_on > period.end))
    if store is not None:
        owners_stmt = owners_stmt.where(Delivery.store_id == store.id)
        members_stmt = members_stmt.where(SalesMember.store_id == store.id)
    owners = set(session.scalars(owners_stmt))
    members = set(session.scalars(members_stmt)) & owners
    target = float(settings.get(app, session, "cr_system.member_registration_target", _sid(store)))
    invite_ids = sorted(owners - members)
    invite = [{"name": c.name, "phone": c.phone} for c in session.scalars(
        select(Customer).where(Customer.id.in_(invite_ids)).order_by(Customer.name))] if invite_ids else []
    rate = len(members) / len(owners) if owners else None
    return {
        "figures": [{"label": "车主数", "value": len(owners), "type": "int", "unit": "人"},
                    {"label": "注册会员", "value": len(members), "type": "int", "unit": "人"},
                    {"label": "注册率", "value": rate, "type": "percent", "formula": "注册会员 ÷ 车主数"},
                    {"label": "目标", "value": target, "type": "percent"}],
        "tables": [{"title": "待邀请注册车主", "columns": [{"key": "name", "label": "车主姓名"},
                                                     {"key": "phone", "label": "电话", "type": "phone"}],
                    "rows": invite}],
    }


def expired_data(app: CrDesk, session: Session, period: Period, store: Any) -> dict[str, Any]:
    """当月过期汇总: tasks done late or still open past due, lists not signed for, letters not signed for."""
    stmt = (select(Task.title, Task.role_code, Task.due_at, Task.status, Task.closed_at)
            .where(Task.due_at >= period.start_at, Task.due_at < period.end_before,
                   Task.status != "cancelled",
                   (Task.closed_at > Task.due_at) | ((Task.status == "open") & (Task.due_at < utcnow())))
            .order_by(Task.due_at))
    if store is not None:
        stmt = stmt.where(Task.store_id == store.id)
    tasks = [{"title": t, "role": r or "", "due": d, "state": "未完成" if s == "open" else "逾期完成", "closed": c}
             for t, r, d, s, c in session.execute(stmt)]
    lists = session.scalars(select(ListHandover).where(ListHandover.received_at.is_(None),
                                                       ListHandover.due_at < period.end_before))
    unsigned = [{"what": f"{LIST_TITLES[x.kind]}（{x.month}）", "due": x.due_at} for x in lists
                if store is None or x.store_id == store.id]
    batches = session.scalars(select(LetterBatch).where(LetterBatch.status.in_(("rendered", "handed")),
                                                        LetterBatch.day <= period.end))
    unsigned += [{"what": f"感谢信批次 {b.id}（{b.day.isoformat()}）未签收", "due": None} for b in batches
                 if store is None or b.store_id == store.id]
    return {
        "figures": [{"label": "逾期任务", "value": len(tasks), "type": "int", "unit": "项"},
                    {"label": "未签收", "value": len(unsigned), "type": "int", "unit": "项"}],
        "tables": [
            {"title": "逾期任务", "columns": [{"key": "title", "label": "任务"}, {"key": "role", "label": "岗位"},
                                           {"key": "due", "label": "应完成", "type": "datetime"},
                                           {"key": "state", "label": "状态"},
                                           {"key": "closed", "label": "完成时间", "type": "datetime"}], "rows": tasks},
            {"title": "未签收名单及信函", "columns": [{"key": "what", "label": "事项"},
                                             {"key": "due", "label": "应签收", "type": "datetime"}],
             "rows": unsigned},
        ],
        "signatures": ["制表：CR专员", "审阅：部门经理"],
    }
