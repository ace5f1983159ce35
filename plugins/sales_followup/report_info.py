"""The information reports: 《顾客信息调查统计表》, 《广告报销统计表》, members, buyer composition (SF-M4, SF-Q1, SF-MEM, SF-INFO)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import settings
from core.models import Delivery, FormAnswer, FormSubmission, FormVersion, Vehicle
from plugins.followup import metrics

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.models import Store
    from core.reports.periods import Period
from plugins.sales_followup.report_common import _sid


def customer_info_stats_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《顾客信息调查统计表》: walk-ins and call-ins by information channel and intended model (SF-M4)."""
    from core.forms.spec import Choice
    from plugins.sales_followup.forms import CHANNELS

    names: dict[str, str] = {c.value: c.label_zh for c in CHANNELS if isinstance(c, Choice)}
    cells = (
        select(
            FormAnswer.submission_id,
            FormAnswer.row_no,
            FormAnswer.column,
            FormAnswer.value_text,
            FormAnswer.value_number,
            FormAnswer.value_date,
        )
        .join(FormSubmission, FormSubmission.id == FormAnswer.submission_id)
        .join(FormVersion, FormVersion.id == FormSubmission.form_version_id)
        .where(FormVersion.form_key == "sales_followup.customer_info", FormAnswer.field == "entries")
    )
    if store is not None:
        cells = cells.where(FormSubmission.store_id == store.id)
    # Only the sheets that hold a row dated in the period: the work grows with the period, not the archive.
    in_period = select(FormAnswer.submission_id).where(
        FormAnswer.field == "entries",
        FormAnswer.column == "day",
        FormAnswer.value_date.between(period.start, period.end),
    )
    cells = cells.where(FormAnswer.submission_id.in_(in_period))
    entries: dict[tuple[int, int], dict[str, Any]] = {}
    for sid, row_no, column, text, number, day in session.execute(cells):
        entries.setdefault((sid, row_no), {})[column] = (
            day if column == "day" else number if column == "count" else text
        )
    rows = [e for e in entries.values() if e.get("day") and period.contains(e["day"])]
    by_channel: Counter[str] = Counter()
    by_model: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for e in rows:
        n = int(e.get("count") or 0)
        by_channel[names.get(e.get("channel", ""), e.get("channel", ""))] += n
        by_model[e.get("model", "")] += n
        kinds["来店" if e.get("kind") == "visit" else "来电"] += n
    count_cols = [{"key": "name", "label": "项目"}, {"key": "n", "label": "人数", "type": "int"}]
    return {
        "figures": [{"label": "来店", "value": kinds["来店"]}, {"label": "来电", "value": kinds["来电"]}],
        "charts": [
            {
                "kind": "donut",
                "title": "信息来源",
                "labels": list(by_channel),
                "series": [{"name": "人数", "values": list(by_channel.values())}],
            }
        ]
        if by_channel
        else [],
        "tables": [
            {
                "title": "按信息来源",
                "columns": count_cols,
                "rows": [{"name": k, "n": v} for k, v in by_channel.most_common()],
            },
            {
                "title": "按意向车型",
                "columns": count_cols,
                "rows": [{"name": k, "n": v} for k, v in by_model.most_common()],
            },
        ],
    }


def ad_reimbursement_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《广告报销统计表》: the quarter's ad items submitted for reimbursement, for marketing to check (SF-Q1)."""
    from decimal import Decimal

    quarter_subs = (
        select(FormSubmission.id)
        .join(FormVersion, FormVersion.id == FormSubmission.form_version_id)
        .join(FormAnswer, FormAnswer.submission_id == FormSubmission.id)
        .where(
            FormVersion.form_key == "sales_followup.ad_reimbursement",
            FormAnswer.field == "quarter",
            FormAnswer.value_text == period.code,
        )
    )
    if store is not None:
        quarter_subs = quarter_subs.where(FormSubmission.store_id == store.id)
    cells = select(
        FormAnswer.submission_id,
        FormAnswer.row_no,
        FormAnswer.column,
        FormAnswer.value_text,
        FormAnswer.value_number,
        FormAnswer.value_date,
    ).where(FormAnswer.submission_id.in_(quarter_subs), FormAnswer.field == "items")
    items: dict[tuple[int, int], dict[str, Any]] = {}
    blank = {"published_on": None, "media": "", "content": "", "amount": None, "invoice_no": ""}
    for sid, row_no, column, text, number, day in session.execute(cells):
        items.setdefault((sid, row_no), dict(blank))[column] = (
            day if column == "published_on" else number if column == "amount" else text
        )
    rows = sorted(items.values(), key=lambda r: (r.get("published_on") is None, r.get("published_on")))
    total = sum((Decimal(r.get("amount") or 0) for r in rows), Decimal(0))
    return {
        "figures": [{"label": "投放条目", "value": len(rows)}, {"label": "合计金额（元）", "value": f"{total:,.2f}"}],
        "tables": [
            {
                "title": "广告投放报销明细",
                "columns": [
                    {"key": "published_on", "label": "刊登日期", "type": "date"},
                    {"key": "media", "label": "媒体"},
                    {"key": "content", "label": "广告内容"},
                    {"key": "amount", "label": "金额（元）", "type": "decimal"},
                    {"key": "invoice_no", "label": "发票号"},
                ],
                "rows": rows,
            }
        ],
    }


def members_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """Owner-club members: new members by class, leavers, and the login rate against the target (SF-MEM)."""
    from plugins.sales_followup.members import stats

    target = settings.get(app, session, "sales_followup.member_login_target", _sid(store))
    st = stats(session, store_id=_sid(store), first=period.start, last=period.end, target=target)
    return {
        "figures": [
            {"label": "会员总数", "value": st.members},
            {"label": "新增会员", "value": st.new},
            {"label": "退会", "value": st.left},
            {
                "label": "会员登录率",
                "value": metrics.percent(st.login_rate),
                "formula": f"登录率 = 本期登录会员数 ÷ 期末会员数；目标 ≥ {target * 100:.0f}%",
            },
            {
                "label": "是否达标",
                "value": "—" if st.login_rate is None else ("达标" if st.login_rate >= target else "未达标"),
            },
        ],
        "tables": [
            {
                "title": "新增会员分类",
                "columns": [{"key": "level", "label": "会员等级"}, {"key": "n", "label": "人数", "type": "int"}],
                "rows": [{"level": k, "n": v} for k, v in sorted(st.new_by_level.items())],
            }
        ],
    }


def buyer_composition_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """SF-INFO: who bought in the period — by model and by sales advisor — for the statistics and forecast."""

    def counted(column: Any) -> list[tuple[str, int]]:
        stmt = (
            select(column, func.count())
            .select_from(Delivery)
            .join(Vehicle, Vehicle.id == Delivery.vehicle_id)
            .where(Delivery.delivered_on.between(period.start, period.end))
            .group_by(column)
            .order_by(func.count().desc(), column)
        )
        if store is not None:
            stmt = stmt.where(Delivery.store_id == store.id)
        return [(name, n) for name, n in session.execute(stmt)]

    by_model, by_advisor = counted(Vehicle.model), counted(Delivery.sales_advisor)
    total = sum(n for _m, n in by_model)
    cols = [
        {"key": "name", "label": "项目"},
        {"key": "n", "label": "台数", "type": "int"},
        {"key": "share", "label": "占比", "type": "percent"},
    ]
    return {
        "figures": [{"label": "交车台数", "value": total}],
        "charts": [
            {
                "kind": "pie",
                "title": "车型构成",
                "labels": [m or "（未填）" for m, _ in by_model],
                "series": [{"name": "台数", "values": [n for _m, n in by_model]}],
            }
        ]
        if total
        else [],
        "tables": [
            {
                "title": "按车型",
                "columns": cols,
                "rows": [{"name": m or "（未填）", "n": n, "share": metrics.rate(n, total)} for m, n in by_model],
            },
            {
                "title": "按销售顾问",
                "columns": cols,
                "rows": [{"name": a or "（未填）", "n": n, "share": metrics.rate(n, total)} for a, n in by_advisor],
            },
        ],
    }

