"""The sales follow-up reports, each with its metrics and the formulas printed on it (SF-RPT and the cadences)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from core import settings
from core.models import Customer, Delivery, FormAnswer, FormSubmission, FormVersion, Vehicle
from core.reports.spec import ReportSpec
from plugins.followup import metrics
from plugins.followup.models import FollowupCall, FollowupComplaint
from plugins.followup.outcomes import OUTCOMES, SATISFACTION, TIERS

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.models import Store
    from core.reports.periods import Period

CALL_KEYS = ("sales_followup.callback",)
SURVEY = "sales_followup.satisfaction"
CEREMONY = "sales_followup.ceremony_survey"
QUESTIONS = {
    "overall": "整体满意度",
    "salesperson": "销售顾问服务",
    "delivery_explanation": "交车说明",
    "timeliness": "交车及时性",
    "facility": "展厅环境",
    "ceremony": "交车仪式",
}
READERS = ("sales_fu", "manager", "deputy_gm", "gm")


def _sid(store: Store | None) -> int | None:
    return store.id if store is not None else None


def _call_figures(stats: metrics.CallStats) -> list[dict[str, Any]]:
    f = metrics.FORMULAS
    return [
        {"label": "应回访", "value": stats.due},
        {"label": "成功回访", "value": stats.reached},
        {"label": "回访成功率", "value": metrics.percent(stats.contact_rate), "formula": f["contact_rate"]},
        {"label": "接通率", "value": metrics.percent(stats.connection_rate), "formula": f["connection_rate"]},
        {"label": "无效号码率", "value": metrics.percent(stats.invalid_rate), "formula": f["invalid_rate"]},
        {"label": "3日内核实率", "value": metrics.percent(stats.verify_rate), "formula": f["verify_rate"]},
    ]


def _survey_figures(total: metrics.SurveyGroup | None) -> list[dict[str, Any]]:
    f = metrics.FORMULAS
    if total is None:
        return [
            {"label": "满意率", "value": "—", "formula": f["satisfaction"]},
            {"label": "NPS", "value": "—", "formula": f["nps"]},
        ]
    return [
        {"label": f"满意率（n={total.n}）", "value": metrics.percent(total.satisfaction), "formula": f["satisfaction"]},
        {
            "label": f"NPS（n={total.nps_n}）",
            "value": "—" if total.nps is None else f"{total.nps:+.1f}",
            "formula": f["nps"],
        },
    ]


_GROUP_COLUMNS = [
    {"key": "group", "label": "分组"},
    {"key": "n", "label": "问卷数", "type": "int"},
    {"key": "satisfied", "label": "满意数", "type": "int"},
    {"key": "satisfaction", "label": "满意率", "type": "percent"},
    {"key": "average", "label": "平均分", "type": "decimal"},
    {"key": "nps", "label": "NPS", "type": "decimal"},
]


def _groups(session: Session, form: str, store: Store | None, period: Period, by: str | None) -> list[dict[str, Any]]:
    return [
        g.as_dict()
        for g in metrics.survey_groups(
            session,
            form_key=form,
            source_kind="delivery",
            store_id=_sid(store),
            start=period.start_at,
            end=period.end_before,
            group_by=by,
        )
    ]


def satisfaction_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《销售满意度回访报表》: contact and satisfaction figures, per advisor and model, and every call of the month."""
    stats = metrics.call_stats(
        session,
        source_kind="delivery",
        store_id=_sid(store),
        start=period.start_at,
        end=period.end_before,
        task_keys=CALL_KEYS,
    )
    total = next(
        iter(
            metrics.survey_groups(
                session,
                form_key=SURVEY,
                source_kind="delivery",
                store_id=_sid(store),
                start=period.start_at,
                end=period.end_before,
            )
        ),
        None,
    )
    by_advisor = _groups(session, SURVEY, store, period, "advisor")
    by_model = _groups(session, SURVEY, store, period, "model")
    stmt = (
        select(
            FollowupCall.called_at,
            Customer.name,
            Delivery.sales_advisor,
            Vehicle.model,
            Delivery.delivered_on,
            FollowupCall.outcome,
            FollowupCall.agent,
            FollowupCall.note,
        )
        .join(Customer, Customer.id == FollowupCall.customer_id)
        .join(Delivery, Delivery.id == FollowupCall.source_id)
        .join(Vehicle, Vehicle.id == Delivery.vehicle_id)
        .where(
            FollowupCall.source_kind == "delivery",
            FollowupCall.called_at >= period.start_at,
            FollowupCall.called_at < period.end_before,
        )
        .order_by(FollowupCall.called_at)
    )
    if store is not None:
        stmt = stmt.where(FollowupCall.store_id == store.id)
    calls = [
        {
            "called_at": r.called_at,
            "name": r.name,
            "advisor": r.sales_advisor,
            "model": r.model,
            "delivered_on": r.delivered_on,
            "outcome": OUTCOMES[r.outcome],
            "agent": r.agent,
            "note": r.note,
        }
        for r in session.execute(stmt)
    ]
    outcome_counts = Counter(c["outcome"] for c in calls)
    return {
        "figures": _call_figures(stats) + _survey_figures(total),
        "charts": [
            {
                "kind": "bar",
                "title": "各销售顾问满意率（%）",
                "labels": [g["group"] for g in by_advisor],
                "series": [
                    {"name": "满意率", "values": [round((g["satisfaction"] or 0) * 100, 1) for g in by_advisor]}
                ],
                "unit": "%",
            },
            {
                "kind": "pie",
                "title": "回访结果分布",
                "labels": list(outcome_counts),
                "series": [{"name": "次数", "values": list(outcome_counts.values())}],
            },
        ]
        if calls
        else [],
        "tables": [
            {"title": "按销售顾问", "columns": _GROUP_COLUMNS, "rows": by_advisor},
            {"title": "按车型", "columns": _GROUP_COLUMNS, "rows": by_model},
            {
                "title": "回访明细",
                "columns": [
                    {"key": "called_at", "label": "回访时间", "type": "datetime"},
                    {"key": "name", "label": "客户姓名"},
                    {"key": "advisor", "label": "销售顾问"},
                    {"key": "model", "label": "车型"},
                    {"key": "delivered_on", "label": "交车日期", "type": "date"},
                    {"key": "outcome", "label": "结果"},
                    {"key": "agent", "label": "回访人"},
                    {"key": "note", "label": "备注"},
                ],
                "rows": calls,
            },
        ],
    }


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
            "owner_dept": c.owner_dept,
            "status": c.status,
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
        task_keys=CALL_KEYS,
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


def _questions_table(
    session: Session, form: str, store: Store | None, period: Period, names: tuple[str, ...]
) -> dict[str, Any]:
    averages = metrics.question_averages(
        session, form_key=form, store_id=_sid(store), start=period.start_at, end=period.end_before, fields=names
    )
    return {
        "title": "各题平均分（满分5分）",
        "columns": [
            {"key": "question", "label": "题目"},
            {"key": "n", "label": "答题数", "type": "int"},
            {"key": "average", "label": "平均分", "type": "decimal"},
        ],
        "rows": [{"question": QUESTIONS[q], "n": n, "average": avg} for q, (n, avg) in averages.items()],
    }


def _suggestions(session: Session, form: str, store: Store | None, period: Period) -> dict[str, Any]:
    texts = metrics.text_answers(
        session, form_key=form, store_id=_sid(store), start=period.start_at, end=period.end_before, field="suggestions"
    )
    return {
        "title": "客户意见与建议",
        "columns": [{"key": "text", "label": "内容"}],
        "rows": [{"text": t} for t in texts],
    }


def weekly_ceremony_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """SF-W2: the week's face-to-face questionnaires analysed, for the archive."""
    total = _ceremony_total(session, store, period)
    return {
        "figures": [
            {"label": "面访问卷", "value": total["n"]},
            {"label": "满意率", "value": metrics.percent(total["rate"]), "formula": metrics.FORMULAS["satisfaction"]},
        ],
        "tables": [
            _questions_table(
                session, CEREMONY, store, period, ("overall", "salesperson", "ceremony", "delivery_explanation")
            ),
            _suggestions(session, CEREMONY, store, period),
        ],
    }


def _ceremony_total(session: Session, store: Store | None, period: Period) -> dict[str, Any]:
    """Face-to-face questionnaires are not tied to a call, so they are counted from the answers alone."""
    stmt = (
        select(func.count(), func.sum(case((FormAnswer.value_number >= 4, 1), else_=0)))
        .join(FormSubmission, FormSubmission.id == FormAnswer.submission_id)
        .join(FormVersion, FormVersion.id == FormSubmission.form_version_id)
        .where(
            FormVersion.form_key == CEREMONY,
            FormAnswer.field == "overall",
            FormSubmission.submitted_at >= period.start_at,
            FormSubmission.submitted_at < period.end_before,
        )
    )
    if store is not None:
        stmt = stmt.where(FormSubmission.store_id == store.id)
    n, ok = session.execute(stmt).one()
    return {"n": n or 0, "rate": metrics.rate(int(ok or 0), n or 0)}


def monthly_survey_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """SF-M3: the month's satisfaction data summarised and analysed for the department manager."""
    total = next(
        iter(
            metrics.survey_groups(
                session,
                form_key=SURVEY,
                source_kind="delivery",
                store_id=_sid(store),
                start=period.start_at,
                end=period.end_before,
            )
        ),
        None,
    )
    return {
        "figures": _survey_figures(total),
        "tables": [
            _questions_table(
                session,
                SURVEY,
                store,
                period,
                ("overall", "salesperson", "delivery_explanation", "timeliness", "facility"),
            ),
            {
                "title": "按销售顾问",
                "columns": _GROUP_COLUMNS,
                "rows": _groups(session, SURVEY, store, period, "advisor"),
            },
            {"title": "按车型", "columns": _GROUP_COLUMNS, "rows": _groups(session, SURVEY, store, period, "model")},
            _suggestions(session, SURVEY, store, period),
        ],
    }


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
    for sid, row_no, column, text, number, day in session.execute(cells):
        items.setdefault((sid, row_no), {})[column] = (
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


REPORTS = [
    ReportSpec(
        key="sales_followup.satisfaction",
        title_zh="销售满意度回访报表",
        period="month",
        roles=READERS,
        data=satisfaction_data,
        duties=("SF-RPT", "SF-D4"),
        orientation="landscape",
    ),
    ReportSpec(
        key="sales_followup.complaints",
        title_zh="销售投诉处理结果汇总",
        period="month",
        roles=READERS,
        data=complaints_data,
        duties=("SF-RPT", "SF-COMPL"),
        orientation="landscape",
    ),
    ReportSpec(
        key="sales_followup.weekly_callbacks",
        title_zh="本周交车客户回访汇总",
        period="week",
        roles=READERS,
        data=weekly_callbacks_data,
        completes_task="sales_followup.weekly_summary",
        duties=("SF-W1",),
    ),
    ReportSpec(
        key="sales_followup.weekly_ceremony",
        title_zh="交车面访问卷周分析",
        period="week",
        roles=READERS,
        data=weekly_ceremony_data,
        completes_task="sales_followup.weekly_ceremony",
        duties=("SF-W2", "SF-D6"),
    ),
    ReportSpec(
        key="sales_followup.monthly_survey",
        title_zh="月度满意度调查数据汇总分析",
        period="month",
        roles=READERS,
        data=monthly_survey_data,
        completes_task="sales_followup.monthly_survey",
        duties=("SF-M3",),
    ),
    ReportSpec(
        key="sales_followup.customer_info_stats",
        title_zh="顾客信息调查统计表",
        period="month",
        roles=(*READERS, "marketing", "desk_supervisor"),
        data=customer_info_stats_data,
        completes_task="sales_followup.customer_info",
        duties=("SF-M4",),
    ),
    ReportSpec(
        key="sales_followup.ad_reimbursement",
        title_zh="广告报销统计表",
        period="quarter",
        roles=(*READERS, "marketing"),
        data=ad_reimbursement_data,
        completes_task="sales_followup.ad_reimbursement",
        duties=("SF-Q1",),
    ),
    ReportSpec(
        key="sales_followup.members",
        title_zh="车主会员统计",
        period="month",
        roles=READERS,
        data=members_data,
        duties=("SF-MEM",),
    ),
    ReportSpec(
        key="sales_followup.buyer_composition",
        title_zh="已购车客户构成统计",
        period="month",
        roles=(*READERS, "marketing"),
        data=buyer_composition_data,
        duties=("SF-INFO",),
    ),
]
