"""What the sales follow-up reports share: the questionnaires, the figures with their formulas, the groupings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from core.models import FormAnswer, FormSubmission, FormVersion
from plugins.followup import metrics

if TYPE_CHECKING:
    from core.models import Store
    from core.reports.periods import Period

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

