"""The marketing reports: 《下月广告计划表》, the price tracking table with its six-snapshot trend, the list of
activities with their stage and budget use, the Monday summary and the five tables of MKT-M3."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.approvals.engine import STATUS_ZH
from core.reports.spec import ReportSpec
from plugins.marketing import records
from plugins.marketing.activities import budget_use
from plugins.marketing.models import MarketingActivity
from plugins.marketing.stages import KINDS, STAGED_KINDS, stage_label

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.models import Store
    from core.reports.periods import Period

READERS = ("marketing", "manager", "deputy_gm", "gm")
ZERO = Decimal("0.00")
BRAND_KIND_ZH = {"same": "同品牌", "rival": "竞争品牌"}
PLACEMENT_COLUMNS = [
    {"key": "medium", "label": "媒体"}, {"key": "ad_format", "label": "形式/规格"},
    {"key": "starts_on", "label": "开始", "type": "date"}, {"key": "ends_on", "label": "结束", "type": "date"},
    {"key": "cost", "label": "费用(元)", "type": "decimal"}, {"key": "expected_effect", "label": "预期效果"},
]


def ad_plan_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《下月广告计划表》 of the period's month, as approved (or as submitted while still in approval)."""
    month = f"{period.start.year}-{period.start.month:02d}"
    plan = records.ad_plan_for(session, store, month)
    rows = plan.data["placements"] if plan else []
    total = sum((r["cost"] for r in rows), ZERO)
    return {
        "figures": [{"label": "投放项目", "value": len(rows)}, {"label": "费用合计(元)", "value": f"{total:,.2f}"},
                    {"label": "审批状态", "value": STATUS_ZH[plan.request.status] if plan else "未提交"},
                    {"label": "审批单", "value": plan.request.id if plan else "—"}],
        "tables": [{"title": f"{period.start.year}年{period.start.month}月广告投放计划", "columns": PLACEMENT_COLUMNS,
                    "rows": rows}],
        "notes": [plan.data["note"]] if plan and plan.data.get("note") else [],
    }


def price_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """The period's price snapshots, and per model the trend over its last six snapshots (MKT-M2)."""
    points = records.price_points(session, store, period.end)
    current = [p for p in points if period.contains(p.surveyed_on)]
    series: dict[tuple[str, str, str], list[records.PricePoint]] = defaultdict(list)
    for p in points:
        series[p.key].append(p)
    trend_rows = []
    for key in sorted({p.key for p in current}):
        last_six = series[key][-6:]
        first, last = last_six[0], last_six[-1]
        trend_rows.append({
            "brand": key[0], "model": key[1], "trim": key[2],
            "snapshots": " → ".join(f"{p.surveyed_on:%m-%d} {p.price:,.0f}" for p in last_six),
            "change": last.price - first.price, "discount": last.discount,
        })
    return {
        "figures": [{"label": "调查车型", "value": len(current)},
                    {"label": "竞争品牌", "value": len({p.brand for p in current if p.brand_kind == 'rival'})}],
        "tables": [
            {"title": "本期价格调查", "columns": [
                {"key": "surveyed_on", "label": "调查日期", "type": "date"}, {"key": "kind", "label": "类别"},
                {"key": "brand", "label": "品牌"}, {"key": "model", "label": "车型"}, {"key": "trim", "label": "配置"},
                {"key": "msrp", "label": "指导价(元)", "type": "decimal"},
                {"key": "price", "label": "成交价(元)", "type": "decimal"},
                {"key": "discount", "label": "优惠(元)", "type": "decimal"}, {"key": "promotion", "label": "促销措施"}],
             "rows": [{"surveyed_on": p.surveyed_on, "kind": BRAND_KIND_ZH[p.brand_kind], "brand": p.brand,
                       "model": p.model, "trim": p.trim, "msrp": p.msrp, "price": p.price, "discount": p.discount,
                       "promotion": p.promotion} for p in current]},
            {"title": "近六次调查成交价走势", "columns": [
                {"key": "brand", "label": "品牌"}, {"key": "model", "label": "车型"}, {"key": "trim", "label": "配置"},
                {"key": "snapshots", "label": "调查日期与成交价"},
                {"key": "change", "label": "期间变动(元)", "type": "decimal"},
                {"key": "discount", "label": "最新优惠(元)", "type": "decimal"}],
             "rows": trend_rows},
            {"title": "促销措施与应对策略", "columns": [
                {"key": "surveyed_on", "label": "调查日期", "type": "date"}, {"key": "promotions", "label": "促销措施概述"},
                {"key": "countermeasures", "label": "应对策略"}, {"key": "status", "label": "审批"}],
             "rows": [{"surveyed_on": f.data["surveyed_on"], "promotions": f.data["promotions"],
                       "countermeasures": f.data.get("countermeasures", ""), "status": STATUS_ZH[f.request.status]}
                      for f in records.requests(session, "marketing.price", store)
                      if period.contains(f.data["surveyed_on"])]},
        ],
    }


def _activities(session: Session, period: Period, store: Store | None) -> list[MarketingActivity]:
    stmt = select(MarketingActivity).where(MarketingActivity.created_at < period.end_before).order_by(
        MarketingActivity.id)
    if store is not None:
        stmt = stmt.where(MarketingActivity.store_id == store.id)
    return [a for a in session.scalars(stmt) if a.finished_at is None or a.finished_at >= period.start_at]


def activities_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """Every activity open during the period with its stage and budget use (MKT-ACT, MKT-ARCH)."""
    acts = _activities(session, period, store)
    use = budget_use(session, [a.id for a in acts])
    rows = []
    for a in acts:
        budget = sum((b.budget for b in use[a.id]), ZERO)
        spent = sum((b.approved for b in use[a.id]), ZERO)
        rows.append({"id": a.id, "title": a.title, "kind": KINDS[a.kind],
                     "stage": stage_label(a.stage) if a.kind in STAGED_KINDS else "—", "budget": budget,
                     "spent": spent, "rate": float(spent / budget) if budget else None,
                     "claim": "可申请报销" if a.claim_ready_at else "资料未齐"})
    return {
        "figures": [{"label": "活动数", "value": len(rows)},
                    {"label": "预算合计(元)", "value": f"{sum((r['budget'] for r in rows), ZERO):,.2f}"},
                    {"label": "已批准支出(元)", "value": f"{sum((r['spent'] for r in rows), ZERO):,.2f}"}],
        "tables": [{"title": "活动一览", "columns": [
            {"key": "id", "label": "编号", "type": "int"}, {"key": "title", "label": "活动"},
            {"key": "kind", "label": "类别"}, {"key": "stage", "label": "当前阶段"},
            {"key": "budget", "label": "预算(元)", "type": "decimal"},
            {"key": "spent", "label": "已批准支出(元)", "type": "decimal"},
            {"key": "rate", "label": "预算使用率", "type": "percent"}, {"key": "claim", "label": "厂家报销资料"}],
            "rows": rows}],
    }


def weekly_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """Last week's ads, market information and owner activities, for the department manager (MKT-W1)."""
    from plugins.marketing.m3 import news_rows

    ads = records.placements_between(session, store, period.start, period.end)
    news = news_rows(session, store, period)
    moved = []
    for a in _activities(session, period, store):
        for s in a.steps:
            if period.start_at <= s.done_at < period.end_before:
                moved.append({"title": a.title, "kind": KINDS[a.kind], "stage": stage_label(s.stage), "note": s.note})
    return {
        "figures": [{"label": "在投广告", "value": len(ads)}, {"label": "市场信息", "value": len(news)},
                    {"label": "活动进展", "value": len(moved)}],
        "tables": [
            {"title": "广宣投放", "columns": PLACEMENT_COLUMNS, "rows": ads},
            {"title": "市场动态", "columns": [{"key": "day", "label": "日期", "type": "date"},
                                          {"key": "outlet", "label": "媒体/网站"}, {"key": "brand", "label": "品牌"},
                                          {"key": "headline", "label": "标题"}], "rows": news},
            {"title": "市场与车主活动", "columns": [{"key": "title", "label": "活动"}, {"key": "kind", "label": "类别"},
                                             {"key": "stage", "label": "完成阶段"}, {"key": "note", "label": "说明"}],
             "rows": moved},
        ],
    }


def _m3(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    from plugins.marketing.m3 import m3_data

    return m3_data(app, session, period, store)


REPORTS = [
    ReportSpec(key="marketing.ad_plan", title_zh="下月广告计划表", period="month", roles=READERS, data=ad_plan_data,
               duties=("MKT-M1",), orientation="landscape"),
    ReportSpec(key="marketing.price_tracking", title_zh="竞争品牌、同品牌价格跟踪表", period="month", roles=READERS,
               data=price_data, duties=("MKT-M2",), orientation="landscape"),
    ReportSpec(key="marketing.activities", title_zh="市场推广与车主活动一览表", period="month", roles=READERS,
               data=activities_data, duties=("MKT-ACT", "MKT-ARCH"), orientation="landscape"),
    ReportSpec(key="marketing.weekly_summary", title_zh="上周广宣、市场与车主活动总结", period="week", roles=READERS,
               data=weekly_data, duties=("MKT-W1",), completes_task="marketing.weekly_summary"),
    ReportSpec(key="marketing.m3_tables", title_zh="市场信息五表", period="range", roles=READERS, data=_m3,
               duties=("MKT-M3",), completes_task="marketing.m3_tables", orientation="landscape"),
]
