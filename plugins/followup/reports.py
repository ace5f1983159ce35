"""Reports of the follow-up base: the weekly invalid-number list and the competitor-ad weekly."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.people import DEPARTMENTS
from core.phones import mask_phone
from core.reports.spec import ReportSpec
from plugins.followup.ads import ads_between
from plugins.followup.invalid_numbers import for_week
from plugins.followup.outcomes import OUTCOMES, SOURCE_KINDS

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.models import Store
    from core.reports.periods import Period

STATUS_ZH = {"open": "待提交", "listed": "已提交待核实", "verified": "已核实"}


def invalid_numbers_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """One table per receiving department; numbers masked, record IDs for the department to look up."""
    from core.models import Customer, Store as StoreModel

    stores = [store] if store is not None else list(session.scalars(select(StoreModel).order_by(StoreModel.id)))
    rows_by_dept: dict[str, list[dict[str, Any]]] = {}
    for s in stores:
        items = for_week(session, s.id, period.code)
        names = {
            c.id: c.name
            for c in session.execute(
                select(Customer.id, Customer.name).where(Customer.id.in_([i.customer_id for i in items]))
            )
        }
        for item in items:
            rows_by_dept.setdefault(item.receiving_dept, []).append(
                {
                    "id": item.id,
                    "customer_id": item.customer_id,
                    "name": names.get(item.customer_id, ""),
                    "phone": mask_phone(item.phone),
                    "source": f"{SOURCE_KINDS[item.source_kind]}#{item.source_id}",
                    "reason": f"{OUTCOMES.get(item.reason, item.reason)}×{item.failures}",
                    "detected": item.detected_at,
                    "due_back": item.due_back_at,
                    "status": STATUS_ZH.get(item.status, item.status),
                }
            )
    columns = [
        {"key": "id", "label": "记录号", "type": "int"},
        {"key": "customer_id", "label": "客户编号", "type": "int"},
        {"key": "name", "label": "客户姓名"},
        {"key": "phone", "label": "原号码"},
        {"key": "source", "label": "来源"},
        {"key": "reason", "label": "失败原因"},
        {"key": "detected", "label": "判定时间", "type": "datetime"},
        {"key": "due_back", "label": "返回期限", "type": "datetime"},
        {"key": "status", "label": "状态"},
    ]
    tables = [
        {"title": f"{DEPARTMENTS.get(dept, dept)}：请于期限内返回核实后的号码", "columns": columns, "rows": rows}
        for dept, rows in sorted(rows_by_dept.items())
    ]
    total = sum(len(r) for r in rows_by_dept.values())
    return {
        "tables": tables or [{"title": "本周无无效号码", "columns": columns, "rows": []}],
        "figures": [{"label": "无效号码", "value": total, "formula": "同一号码关机/呼叫转移/无法接通累计3次及以上"}],
    }


def ad_weekly_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《相关汽车品牌广州市场广告投放统计周报》 (the store's city in the title): every ad, the count per brand
    and per newspaper the store reads."""
    from plugins.followup.newspapers import report_title, store_newspapers

    ads = ads_between(session, store.id if store else None, period.start, period.end)
    per_brand: dict[str, int] = {}
    for ad in ads:
        per_brand[ad.brand] = per_brand.get(ad.brand, 0) + 1
    brands = sorted(per_brand, key=lambda b: (-per_brand[b], b))
    papers = list(store_newspapers(app, session, store))
    papers += sorted({a.newspaper for a in ads} - set(papers))
    per_paper = {p: sum(1 for a in ads if a.newspaper == p and a.brand != "无") for p in papers}
    return {
        "title_zh": report_title(store),
        "figures": [{"label": "广告条数", "value": len(ads)}, {"label": "涉及品牌", "value": len(brands)}],
        "charts": [
            {
                "kind": "bar",
                "title": "各品牌广告投放条数",
                "labels": brands,
                "series": [{"name": "条数", "values": [per_brand[b] for b in brands]}],
            }
        ]
        if brands
        else [],
        "tables": [
            {
                "title": "查阅报纸",
                "columns": [{"key": "paper", "label": "报纸"}, {"key": "n", "label": "广告条数", "type": "int"}],
                "rows": [{"paper": p, "n": per_paper[p]} for p in papers],
            },
            {
                "title": "品牌投放汇总",
                "columns": [{"key": "brand", "label": "品牌"}, {"key": "n", "label": "条数", "type": "int"}],
                "rows": [{"brand": b, "n": per_brand[b]} for b in brands],
            },
            {
                "title": "广告明细",
                "columns": [
                    {"key": "seen_on", "label": "日期", "type": "date"},
                    {"key": "newspaper", "label": "报纸"},
                    {"key": "brand", "label": "品牌"},
                    {"key": "model", "label": "车型"},
                    {"key": "ad_format", "label": "版面"},
                    {"key": "page", "label": "版次"},
                    {"key": "offer", "label": "促销内容"},
                ],
                "rows": [
                    {
                        "seen_on": a.seen_on,
                        "newspaper": a.newspaper,
                        "brand": a.brand,
                        "model": a.model,
                        "ad_format": a.ad_format,
                        "page": a.page,
                        "offer": a.offer,
                    }
                    for a in ads
                ],
            },
        ],
    }


REPORTS = [
    ReportSpec(
        key="followup.invalid_numbers",
        title_zh="无效号码清单",
        period="week",
        roles=(
            "manager",
            "cr",
            "sales_fu",
            "service_fu",
            "sales_manager",
            "sales_clerk",
            "service_manager",
            "service_desk",
        ),
        data=invalid_numbers_data,
        duties=("SF-D5", "SV-D5"),
        orientation="landscape",
        description="每周提交销售部/售后部核实的无效号码（号码已脱敏，凭记录号查询）",
    ),
    ReportSpec(
        key="followup.ad_weekly",
        title_zh="相关汽车品牌广州市场广告投放统计周报",
        period="week",
        roles=("manager", "marketing", "sales_fu", "service_fu"),
        data=ad_weekly_data,
        duties=("SF-D2", "SV-D2", "SF-M1"),
        orientation="landscape",
        description="门店所在城市报纸（广州：广州日报、南方都市报、信息时报、新快报）竞品广告登记汇总",
    ),
]
