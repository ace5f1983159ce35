"""《销售满意度回访报表》 and the survey analyses (SF-RPT, SF-M3, SF-W2)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import settings
from core.models import Customer, Delivery, Vehicle
from plugins.followup import metrics
from plugins.followup.models import FollowupCall
from plugins.followup.outcomes import OUTCOMES

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.models import Store
    from core.reports.periods import Period
from plugins.followup.report_parts import comparison_table, previous_month, signatures, staff_names
from plugins.sales_followup.report_common import (
    _GROUP_COLUMNS, CEREMONY, SURVEY, _call_figures, _ceremony_total, _groups, _questions_table, _sid,
    _suggestions, _survey_figures,
)


SATISFACTION_QUESTIONS = ("overall", "salesperson", "delivery_explanation", "timeliness", "facility")


def _month_figures(session: Session, store: Store | None, period: Period) -> tuple[Any, Any]:
    stats = metrics.call_stats(session, source_kind="delivery", store_id=_sid(store), start=period.start_at,
                               end=period.end_before)
    total = next(iter(metrics.survey_groups(session, form_key=SURVEY, source_kind="delivery", store_id=_sid(store),
                                            start=period.start_at, end=period.end_before)), None)
    return stats, total


def _comparison(app: CrDesk, session: Session, store: Store | None, period: Period, stats: Any,
                total: Any) -> dict[str, Any]:
    before_stats, before_total = _month_figures(session, store, previous_month(period))
    sid = _sid(store)
    return comparison_table([
        ("回访成功率", stats.contact_rate, before_stats.contact_rate,
         float(settings.get(app, session, "sales_followup.contact_target", sid)), False),
        ("满意率", total.satisfaction if total else None, before_total.satisfaction if before_total else None,
         float(settings.get(app, session, "sales_followup.satisfaction_target", sid)), False),
        ("NPS", total.nps if total else None, before_total.nps if before_total else None, None, True),
    ])


def satisfaction_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《销售满意度回访报表》: contact and satisfaction figures against last month and the store's target, scores per
    question, advisor and model, the customers' suggestions and every call of the month, with 制表/审核."""
    stats = metrics.call_stats(
        session,
        source_kind="delivery",
        store_id=_sid(store),
        start=period.start_at,
        end=period.end_before,
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
    names = staff_names(session)
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
            "agent": names.get(r.agent, r.agent),
            "note": r.note,
        }
        for r in session.execute(stmt)
    ]
    outcome_counts = Counter(c["outcome"] for c in calls)
    return {
        "signatures": signatures(app, session),
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
            _comparison(app, session, store, period, stats, total),
            _questions_table(session, SURVEY, store, period, SATISFACTION_QUESTIONS),
            {"title": "按销售顾问", "columns": _GROUP_COLUMNS, "rows": by_advisor},
            {"title": "按车型", "columns": _GROUP_COLUMNS, "rows": by_model},
            _suggestions(session, SURVEY, store, period),
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

