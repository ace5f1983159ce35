"""Every report of the manager plugin, with who may render it and the duty it carries."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from core.reports.spec import ReportSpec
from plugins.manager import reports_dept as dept
from plugins.manager import reports_oem as oem
from plugins.manager import reports_weekly as weekly
from plugins.manager.budgets import ZERO, spending
from plugins.manager.models import ManagerBudget
from plugins.manager.reports_oem import no_data

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.app import CrDesk
    from core.models import Store
    from core.reports.periods import Period

MANAGER = ("manager", "deputy_gm", "gm")
BUDGET_COLUMNS = [
    {"key": "period", "label": "预算期间"}, {"key": "category", "label": "类别"},
    {"key": "amount", "label": "预算(元)", "type": "decimal"}, {"key": "approved", "label": "已批准支出(元)", "type": "decimal"},
    {"key": "pending", "label": "审批中(元)", "type": "decimal"}, {"key": "remaining", "label": "剩余(元)", "type": "decimal"},
    {"key": "used", "label": "使用率", "type": "percent"},
]


def budget_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《部门费用预算执行表》: every budget that overlaps the period, against the department's spending."""
    stmt = select(ManagerBudget).where(ManagerBudget.starts_on <= period.end, ManagerBudget.ends_on >= period.start)
    if store is not None:
        stmt = stmt.where(ManagerBudget.store_id == store.id)
    budgets = list(session.scalars(stmt.order_by(ManagerBudget.starts_on, ManagerBudget.category)))
    if not budgets:
        raise no_data("《部门费用预算执行表》", period, "部门费用预算(crdesk budgets set)")
    rows = []
    for b in budgets:
        spent = [s for s in spending(session, b.store_id, b.starts_on, b.ends_on,
                                     [x.category for x in budgets if x.store_id == b.store_id])
                 if s.category == b.category]
        approved = sum((s.amount for s in spent if s.status == "approved"), ZERO)
        pending = sum((s.amount for s in spent if s.status == "pending"), ZERO)
        rows.append({"period": b.period, "category": b.category, "amount": b.amount, "approved": approved,
                     "pending": pending, "remaining": b.amount - approved - pending,
                     "used": (approved + pending) / b.amount if b.amount else Decimal(0)})
    over = [r for r in rows if r["remaining"] < 0]
    return {"figures": [{"label": "预算项目", "value": len(rows)}, {"label": "超支项目", "value": len(over)}],
            "tables": [{"title": "预算执行", "columns": BUDGET_COLUMNS, "rows": rows}]}


def _spec(key: str, title: str, period: str, data: Any, duties: tuple[str, ...], **kw: Any) -> ReportSpec:
    return ReportSpec(key=f"manager.{key}", title_zh=title, period=period,  # type: ignore[arg-type]
                      roles=MANAGER, data=data,
                      duties=duties, description=data.__doc__.split("\n")[0] if data.__doc__ else "", **kw)


REPORTS = [
    _spec("kanban_check", "看板数据检查", "day", weekly.kanban_check_data, ("MGR-D2",)),
    _spec("ad_effect", "销售店广宣及效果统计表", "week", weekly.ad_effect_data, ("MGR-W3",)),
    _spec("weekly_analysis", "周报分析", "week", weekly.weekly_analysis_data, ("MGR-W4",)),
    _spec("walkin_analysis", "来店来电客户信息分析", "month", weekly.walkin_analysis_data, ("MGR-M1",)),
    _spec("dept_summary", "上月客户部工作总结报表", "month", dept.dept_summary_data, ("MGR-M2",)),
    _spec("callback_summary", "上月客户回访报表", "month", dept.callback_summary_data, ("MGR-M2",)),
    _spec("competitors", "竞争对手情报表", "month", oem.competitors_data, ("MGR-M4",), orientation="landscape"),
    _spec("staff_tracking", "人员跟踪表", "month", oem.staff_tracking_data, ("MGR-M4",)),
    _spec("buyers", "已购车用户分析表", "month", oem.buyers_data, ("MGR-M4",)),
    _spec("store_stock", "店头库存表", "month", oem.store_stock_data, ("MGR-M4",)),
    _spec("ad_summary", "广告宣传总结表", "month", oem.ad_summary_data, ("MGR-M5",)),
    _spec("composition", "客户及车型构成分析", "month", dept.composition_data, ("MGR-INFO",)),
    _spec("data_quality", "客户资料质量检查表", "month", dept.data_quality_data, ("MGR-CRM",)),
    _spec("access_review", "权限与信息安全检查表", "month", dept.access_review_data, ("MGR-SEC",)),
    _spec("budget", "部门费用预算执行表", "month", budget_data, ("MGR-FUND",)),
]
