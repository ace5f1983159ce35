"""MKT-M3, by the 15th and the 30th: the five tables to the department manager.

顾客信息调查表, 市场信息跟踪表, 已购车主分析表, 广宣月度总结表, 竞争对手跟踪表. Where a follow-up plugin
holds the data (《顾客信息调查统计表》 of sales_followup, the newspaper ad log of followup) and is
enabled, its public functions are used; marketing does not depend on those plugins.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import Delivery, Vehicle
from plugins.marketing import records

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.models import Store
    from core.reports.periods import Period

SOURCE_ZH = {"paper": "报纸", "web": "网络", "oem": "厂家", "other": "其他"}
CATEGORY_ZH = {"price": "价格促销", "product": "新车型", "policy": "政策", "event": "活动", "industry": "行业动态"}
COUNT = [{"key": "name", "label": "项目"}, {"key": "n", "label": "数量", "type": "int"}]


def enabled(app: CrDesk, plugin: str) -> bool:
    return plugin in app.host.loaded


def news_rows(session: Session, store: Store | None, period: Period) -> list[dict[str, Any]]:
    return [{"day": n["day"], "source": SOURCE_ZH[n["source"]], "outlet": n["outlet"], "brand": n.get("brand", ""),
             "category": CATEGORY_ZH[n["category"]], "headline": n["headline"], "summary": n["summary"]}
            for n in records.submissions(session, "marketing.market_news", store) if period.contains(n["day"])]


def _customer_info(app: CrDesk, session: Session, period: Period, store: Store | None) -> list[dict[str, Any]]:
    """From sales_followup's 《顾客信息调查统计表》 when enabled, else from the front desk's daily figures."""
    if enabled(app, "sales_followup"):
        from plugins.sales_followup.reports import customer_info_stats_data

        tables = customer_info_stats_data(app, session, period, store)["tables"]
        return [{**t, "title": f"顾客信息调查表 · {t['title']}"} for t in tables]
    from plugins.marketing.walkins import by_model

    figures = by_model(session, store, period.start, period.end)
    rows = [{"name": m, "walk_ins": c["walk_ins"], "calls": c["calls"]} for m, c in sorted(figures.items())]
    return [{"title": "顾客信息调查表(前台来店来电数据)", "columns": [
        {"key": "name", "label": "车型"}, {"key": "walk_ins", "label": "来店", "type": "int"},
        {"key": "calls", "label": "来电", "type": "int"}], "rows": rows}]


def _buyers(session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    stmt = (select(Vehicle.model, func.count(Delivery.id)).join(Vehicle, Vehicle.id == Delivery.vehicle_id)
            .where(Delivery.delivered_on.between(period.start, period.end)).group_by(Vehicle.model)
            .order_by(func.count(Delivery.id).desc(), Vehicle.model))
    if store is not None:
        stmt = stmt.where(Delivery.store_id == store.id)
    rows = [{"name": model or "未知车型", "n": n} for model, n in session.execute(stmt)]
    return {"title": "已购车主分析表(按车型交车)", "columns": COUNT, "rows": rows}


def _ads_summary(session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    ads = records.placements_between(session, store, period.start, period.end)
    by_medium: dict[str, Decimal] = {}
    for a in ads:
        by_medium[a["medium"]] = by_medium.get(a["medium"], Decimal("0.00")) + a["cost"]
    return {"title": "广宣月度总结表", "columns": [
        {"key": "medium", "label": "媒体"}, {"key": "count", "label": "投放项目", "type": "int"},
        {"key": "cost", "label": "费用(元)", "type": "decimal"}],
        "rows": [{"medium": m, "count": sum(1 for a in ads if a["medium"] == m), "cost": c}
                 for m, c in sorted(by_medium.items())]}


def _competitors(app: CrDesk, session: Session, period: Period, store: Store | None) -> list[dict[str, Any]]:
    points = [p for p in records.price_points(session, store, period.end)
              if p.brand_kind == "rival" and period.contains(p.surveyed_on)]
    tables = [{"title": "竞争对手跟踪表 · 价格", "columns": [
        {"key": "surveyed_on", "label": "调查日期", "type": "date"}, {"key": "brand", "label": "品牌"},
        {"key": "model", "label": "车型"}, {"key": "price", "label": "成交价(元)", "type": "decimal"},
        {"key": "promotion", "label": "促销措施"}],
        "rows": [{"surveyed_on": p.surveyed_on, "brand": p.brand, "model": p.model, "price": p.price,
                  "promotion": p.promotion} for p in points]}]
    if enabled(app, "followup"):
        from plugins.followup.ads import ads_between

        brands = Counter(a.brand for a in ads_between(session, store.id if store else None, period.start, period.end))
        tables.append({"title": "竞争对手跟踪表 · 报纸广告(回访专员登记)", "columns": COUNT,
                       "rows": [{"name": b, "n": n} for b, n in brands.most_common()]})
    return tables


def m3_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    news = news_rows(session, store, period)
    tables = [
        *_customer_info(app, session, period, store),
        {"title": "市场信息跟踪表", "columns": [
            {"key": "day", "label": "日期", "type": "date"}, {"key": "source", "label": "来源"},
            {"key": "outlet", "label": "媒体/网站"}, {"key": "brand", "label": "品牌"},
            {"key": "category", "label": "类别"}, {"key": "headline", "label": "标题"}], "rows": news},
        _buyers(session, period, store),
        _ads_summary(session, period, store),
        *_competitors(app, session, period, store),
    ]
    return {"figures": [{"label": "市场信息", "value": len(news)}], "tables": tables}
