"""The manager's daily and weekly reports: the 9:30 kanban check (MGR-D2), 《销售店广宣及效果统计表》 (MGR-W3),
the weekly analysis with the manager's comments (MGR-W4) and the walk-in / call-in analysis (MGR-M1)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from core.errors import ValidationError
from core.models import Store
from core.models.tasks import Task
from core.workdays import CST
from plugins.cr_system import kanban
from plugins.manager.reports_oem import AD_COLUMNS, EFFECT_COLUMNS, bounds, no_data
from plugins.marketing import records
from plugins.marketing.walkins import by_model

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.app import CrDesk
    from core.reports.periods import Period

KANBAN_COLUMNS = [
    {"key": "store", "label": "门店"}, {"key": "label", "label": "看板输入"}, {"key": "arrived", "label": "是否到达"},
    {"key": "entered_by", "label": "录入人"}, {"key": "entered_at", "label": "录入时间"},
    {"key": "late", "label": "是否迟于9:30"},
]
ROLE_COLUMNS = [
    {"key": "role", "label": "岗位"}, {"key": "total", "label": "到期任务", "type": "int"},
    {"key": "done", "label": "已完成", "type": "int"}, {"key": "late", "label": "逾期", "type": "int"},
    {"key": "open", "label": "未完成", "type": "int"},
]
COMMENT_COLUMNS = [{"key": "topic", "label": "项目"}, {"key": "comment", "label": "意见"}]
CONVERSION_COLUMNS = [*EFFECT_COLUMNS, {"key": "rate", "label": "来店成交率", "type": "percent"}]


def _stores(session: Session, store: Store | None) -> list[Store]:
    return [store] if store is not None else list(session.scalars(select(Store).order_by(Store.id)))


def kanban_check_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """Whether the day's two 9:30 kanban inputs (sales orders/deliveries, service 5K/10K intakes) arrived."""
    rows = []
    for s in _stores(session, store):
        for state in kanban.status(session, s.id, period.start):
            rows.append({"store": s.name, "label": state.label, "arrived": "已到" if state.arrived else "未到",
                         "entered_by": state.entered_by,
                         "entered_at": state.entered_at.astimezone(CST).strftime("%Y-%m-%d %H:%M")
                         if state.entered_at else "", "late": "迟报" if state.late else ""})
    missing = [r for r in rows if r["arrived"] == "未到"]
    return {"figures": [{"label": "应到输入", "value": len(rows)}, {"label": "未到", "value": len(missing)},
                        {"label": "迟报", "value": sum(1 for r in rows if r["late"])}],
            "tables": [{"title": f"数据日期 {period.start.isoformat()}(次日9:30前上报)", "columns": KANBAN_COLUMNS,
                        "rows": rows}]}


def ad_effect_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《销售店广宣及效果统计表》: the week's running placements and the walk-ins, calls and orders they brought."""
    placements = records.placements_between(session, store, period.start, period.end)
    effect = by_model(session, store, period.start, period.end)
    if not placements and not effect:
        raise no_data("《销售店广宣及效果统计表》", period, "广告投放或来店来电数据")
    cost = sum((Decimal(str(p["cost"])) for p in placements), Decimal("0.00"))
    rows = [{"model": m, **{k: c[k] for k in ("walk_ins", "calls", "orders")}} for m, c in sorted(effect.items())]
    walk_ins = sum(r["walk_ins"] for r in rows)
    return {"figures": [{"label": "投放项目", "value": len(placements)}, {"label": "广告费用(元)", "value": f"{cost:,.2f}"},
                        {"label": "来店批次", "value": walk_ins}, {"label": "来电批次", "value": sum(r["calls"] for r in rows)},
                        {"label": "订车", "value": sum(r["orders"] for r in rows)},
                        {"label": "每批来店成本(元)", "value": f"{cost / walk_ins:,.2f}" if walk_ins else "—"}],
            "tables": [{"title": "本周广告投放", "columns": AD_COLUMNS, "rows": placements},
                       {"title": "本周效果(来店来电)", "columns": EFFECT_COLUMNS, "rows": rows}]}


def tasks_by_role(session: Session, period: Period, store: Store | None, roles: tuple[str, ...] | None = None
                  ) -> list[dict[str, Any]]:
    """Per role, the tasks due in the period: how many, done, late, still open."""
    first, last = bounds(period)
    stmt = select(Task.role_code, Task.status, Task.late).where(Task.due_at >= first, Task.due_at < last)
    if store is not None:
        stmt = stmt.where(Task.store_id == store.id)
    counts: Counter[tuple[str, str]] = Counter()
    for role, status, late in session.execute(stmt):
        if role is None or (roles is not None and role not in roles):
            continue
        counts[(role, "total")] += 1
        counts[(role, "done")] += status == "done"
        counts[(role, "late")] += bool(late)
        counts[(role, "open")] += status == "open"
    return [{"role": role, **{k: counts[(role, k)] for k in ("total", "done", "late", "open")}}
            for role in sorted({r for r, _ in counts})]


def weekly_analysis_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """The week's market, callback and daily-business figures with the manager's written comments (MGR-W4)."""
    comments = [c for c in records.submissions(session, "manager.weekly_comment", store) if c["week"] == period.code]
    if not comments:
        raise ValidationError(f"《周报分析》:{period.code} 还没有经理意见,先填写 `crdesk forms fill "
                              "manager.weekly_comment --data FILE`")
    comment = comments[-1]
    effect = by_model(session, store, period.start, period.end)
    market = [{"model": m, **{k: c[k] for k in ("walk_ins", "calls", "orders")}} for m, c in sorted(effect.items())]
    callbacks = tasks_by_role(session, period, store, ("sales_fu", "service_fu"))
    business = tasks_by_role(session, period, store)
    return {"figures": [{"label": "来店批次", "value": sum(r["walk_ins"] for r in market)},
                        {"label": "回访任务完成", "value": sum(r["done"] for r in callbacks)},
                        {"label": "逾期任务", "value": sum(r["late"] for r in business)}],
            "tables": [{"title": "市场周报", "columns": EFFECT_COLUMNS, "rows": market},
                       {"title": "客户回访周报", "columns": ROLE_COLUMNS, "rows": callbacks},
                       {"title": "日程业务管理周报", "columns": ROLE_COLUMNS, "rows": business},
                       {"title": "客户经理意见", "columns": COMMENT_COLUMNS,
                        "rows": [{"topic": "市场周报", "comment": comment["market"]},
                                 {"topic": "客户回访周报", "comment": comment["callbacks"]},
                                 {"topic": "日程业务管理周报", "comment": comment["business"]}]}]}


def walkin_analysis_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """来店来电客户信息分析 (MGR-M1): per model walk-ins, calls, orders and the walk-in to order rate."""
    effect = by_model(session, store, period.start, period.end)
    if not effect:
        raise no_data("《来店来电客户信息分析》", period, "来店来电数据")
    rows = [{"model": m, "walk_ins": c["walk_ins"], "calls": c["calls"], "orders": c["orders"],
             "rate": Decimal(c["orders"]) / c["walk_ins"] if c["walk_ins"] else Decimal(0)}
            for m, c in sorted(effect.items(), key=lambda kv: -kv[1]["walk_ins"])]
    walk_ins, orders = sum(r["walk_ins"] for r in rows), sum(r["orders"] for r in rows)
    return {"figures": [{"label": "来店批次", "value": walk_ins}, {"label": "来电批次", "value": sum(r["calls"] for r in rows)},
                        {"label": "订车", "value": orders},
                        {"label": "来店成交率", "value": f"{orders / walk_ins:.1%}" if walk_ins else "—"}],
            "tables": [{"title": "按车型", "columns": CONVERSION_COLUMNS, "rows": rows}]}
