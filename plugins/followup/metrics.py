"""The follow-up metrics with the formulas printed on the reports (docs/reference: dealer-crm-domain).

* contact rate 回访成功率 = sources reached ÷ sources whose call was due
* connection rate 接通率 = answered dials ÷ dials
* invalid-number rate 无效号码率 = numbers classified invalid ÷ customers dialled
* verified within N days 按时核实率 = verified by the due date ÷ listed
* satisfaction 满意率 = ratings ≥ 4 of 5 ÷ completed questionnaires (with n)
* NPS = % promoters (9–10) − % detractors (0–6)
* complaint first-response and closure times: median and 90th percentile, in hours
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Select, and_, case, distinct, exists, func, literal, select
from sqlalchemy.orm import Session

from core.models import CustomerConsent, Delivery, FormAnswer, FormSubmission, FormVersion, ServiceVisit, Vehicle
from core.workdays import CST
from plugins.followup.models import FollowupCall, FollowupComplaint, FollowupInvalidNumber
from plugins.followup.outcomes import ANSWERED

FORMULAS = {
    "contact_rate": "回访成功率 = 成功回访数 ÷ 应回访数（N+5 落在本期的交车/入库数，拒绝电话联系者除外）",
    "connection_rate": "接通率 = 接通次数 ÷ 拨打次数",
    "invalid_rate": "无效号码率 = 无效号码数 ÷ 拨打客户数",
    "verify_rate": "按时核实率 = 按时返回核实数 ÷ 提交核实数",
    "satisfaction": "满意率 = 评分≥4（满分5）的问卷数 ÷ 完成问卷数",
    "nps": "NPS = 推荐者(9–10分)占比 − 贬损者(0–6分)占比",
    "complaint_times": "首次响应/结案时长：中位数与90百分位（小时）",
}
_SOURCES = {
    "delivery": (Delivery, Delivery.sales_advisor),
    "service_visit": (ServiceVisit, ServiceVisit.service_advisor),
}


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class CallStats:
    due: int
    reached: int
    contact_rate: float | None
    dials: int
    answered: int
    connection_rate: float | None
    customers_dialled: int
    invalid: int
    invalid_rate: float | None
    listed: int
    verified_on_time: int
    verify_rate: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _store(stmt: Select[Any], column: Any, store_id: int | None) -> Select[Any]:
    return stmt if store_id is None else stmt.where(column == store_id)


def call_stats(
    session: Session,
    *,
    source_kind: str,
    store_id: int | None,
    start: dt.datetime,
    end: dt.datetime,
    due_after: int = 5,
) -> CallStats:
    """Call metrics of ``source_kind`` for calls due / dialled in [start, end).

    应回访 counts the deliveries (intakes) whose call fell due in the period — N+``due_after`` inside it — not
    the tasks, so a record that never got its task still counts as due. Customers who refused phone contact
    are not due.
    """
    model = _SOURCES[source_kind][0]
    anchor = Delivery.delivered_on if source_kind == "delivery" else ServiceVisit.intake_on
    first = start.astimezone(CST).date() - dt.timedelta(days=due_after)
    last = (end - dt.timedelta(microseconds=1)).astimezone(CST).date() - dt.timedelta(days=due_after)
    opted_out = exists().where(CustomerConsent.customer_id == model.customer_id, CustomerConsent.channel == "phone",
                               CustomerConsent.granted.is_(False))
    due_sources = _store(
        select(model.id.label("source_id")).where(anchor.between(first, last), ~opted_out), model.store_id, store_id
    ).subquery()
    due = session.scalar(select(func.count()).select_from(due_sources)) or 0
    reached = (
        session.scalar(
            _store(
                select(func.count(distinct(FollowupCall.source_id))).where(
                    FollowupCall.source_kind == source_kind,
                    FollowupCall.outcome == "reached",
                    FollowupCall.source_id.in_(select(due_sources.c.source_id)),
                ),
                FollowupCall.store_id,
                store_id,
            )
        )
        or 0
    )
    dial_row = session.execute(
        _store(
            select(
                func.count(),
                func.sum(case((FollowupCall.outcome.in_(ANSWERED), 1), else_=0)),
                func.count(distinct(FollowupCall.customer_id)),
            ).where(
                FollowupCall.source_kind == source_kind, FollowupCall.called_at >= start, FollowupCall.called_at < end
            ),
            FollowupCall.store_id,
            store_id,
        )
    ).one()
    dials, answered, dialled = dial_row[0] or 0, int(dial_row[1] or 0), dial_row[2] or 0
    invalid = (
        session.scalar(
            _store(
                select(func.count())
                .select_from(FollowupInvalidNumber)
                .where(
                    FollowupInvalidNumber.source_kind == source_kind,
                    FollowupInvalidNumber.detected_at >= start,
                    FollowupInvalidNumber.detected_at < end,
                ),
                FollowupInvalidNumber.store_id,
                store_id,
            )
        )
        or 0
    )
    listed_row = session.execute(
        _store(
            select(
                func.count(),
                func.sum(
                    case(
                        (
                            and_(
                                FollowupInvalidNumber.verified_at.is_not(None),
                                FollowupInvalidNumber.verified_at <= FollowupInvalidNumber.due_back_at,
                            ),
                            1,
                        ),
                        else_=0,
                    )
                ),
            ).where(
                FollowupInvalidNumber.source_kind == source_kind,
                FollowupInvalidNumber.listed_at >= start,
                FollowupInvalidNumber.listed_at < end,
            ),
            FollowupInvalidNumber.store_id,
            store_id,
        )
    ).one()
    listed, on_time = listed_row[0] or 0, int(listed_row[1] or 0)
    return CallStats(
        due,
        reached,
        rate(reached, due),
        dials,
        answered,
        rate(answered, dials),
        dialled,
        invalid,
        rate(invalid, dialled),
        listed,
        on_time,
        rate(on_time, listed),
    )


@dataclass(frozen=True)
class SurveyGroup:
    group: str
    n: int
    satisfied: int
    satisfaction: float | None
    average: float | None
    promoters: int
    detractors: int
    nps_n: int
    nps: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def survey_groups(
    session: Session,
    *,
    form_key: str,
    source_kind: str,
    store_id: int | None,
    start: dt.datetime,
    end: dt.datetime,
    rating_field: str = "overall",
    nps_field: str = "nps",
    group_by: str | None = None,
) -> list[SurveyGroup]:
    """Satisfaction and NPS of the questionnaires submitted in [start, end), optionally per advisor/model/month.

    Two grouped SQL queries over ``form_answer`` joined through the call to its delivery or visit.
    """
    model, advisor = _SOURCES[source_kind]
    group_col: Any
    if group_by is None:
        group_col = literal("全部")
    elif group_by == "advisor":
        group_col = advisor
    elif group_by == "model":
        group_col = Vehicle.model
    else:
        raise ValueError(f"group_by {group_by!r}")

    def base(field: str) -> Select[Any]:
        stmt = (
            select(group_col.label("g"), FormAnswer.value_number.label("v"))
            .join(FormSubmission, FormSubmission.id == FormAnswer.submission_id)
            .join(FormVersion, FormVersion.id == FormSubmission.form_version_id)
            .join(FollowupCall, FollowupCall.submission_id == FormSubmission.id)
            .join(model, and_(model.id == FollowupCall.source_id, FollowupCall.source_kind == source_kind))
            .join(Vehicle, Vehicle.id == model.vehicle_id)
            .where(
                FormVersion.form_key == form_key,
                FormAnswer.field == field,
                FormSubmission.submitted_at >= start,
                FormSubmission.submitted_at < end,
            )
        )
        return _store(stmt, FormSubmission.store_id, store_id).subquery()

    ratings = base(rating_field)
    r_rows = {
        row.g: row
        for row in session.execute(
            select(
                ratings.c.g,
                func.count().label("n"),
                func.sum(case((ratings.c.v >= 4, 1), else_=0)).label("ok"),
                func.avg(ratings.c.v).label("avg"),
            ).group_by(ratings.c.g)
        )
    }
    nps = base(nps_field)
    n_rows = {
        row.g: row
        for row in session.execute(
            select(
                nps.c.g,
                func.count().label("n"),
                func.sum(case((nps.c.v >= 9, 1), else_=0)).label("pro"),
                func.sum(case((nps.c.v <= 6, 1), else_=0)).label("det"),
            ).group_by(nps.c.g)
        )
    }
    out = []
    for g in sorted(set(r_rows) | set(n_rows), key=lambda x: str(x)):
        r, p = r_rows.get(g), n_rows.get(g)
        n, ok = (r.n, int(r.ok or 0)) if r else (0, 0)
        pn, pro, det = (p.n, int(p.pro or 0), int(p.det or 0)) if p else (0, 0, 0)
        out.append(
            SurveyGroup(
                str(g or "（未填）"),
                n,
                ok,
                rate(ok, n),
                round(float(r.avg), 2) if r and r.avg is not None else None,
                pro,
                det,
                pn,
                round((pro - det) * 100 / pn, 1) if pn else None,
            )
        )
    return out


def _quantiles(hours: list[float]) -> tuple[float | None, float | None]:
    if not hours:
        return None, None
    median = statistics.median(hours)
    p90 = statistics.quantiles(hours, n=10, method="inclusive")[-1] if len(hours) > 1 else hours[0]
    return round(median, 1), round(p90, 1)


@dataclass(frozen=True)
class ComplaintTimes:
    opened: int
    responded: int
    closed: int
    response_median_h: float | None
    response_p90_h: float | None
    closure_median_h: float | None
    closure_p90_h: float | None
    on_time_closure: int


def complaint_times(
    session: Session, *, origin: str, store_id: int | None, start: dt.datetime, end: dt.datetime
) -> ComplaintTimes:
    rows = session.execute(
        _store(
            select(
                FollowupComplaint.opened_at,
                FollowupComplaint.first_responded_at,
                FollowupComplaint.closed_at,
                FollowupComplaint.closure_due,
            ).where(
                FollowupComplaint.origin == origin,
                FollowupComplaint.opened_at >= start,
                FollowupComplaint.opened_at < end,
            ),
            FollowupComplaint.store_id,
            store_id,
        )
    ).all()
    response = [(r.first_responded_at - r.opened_at).total_seconds() / 3600 for r in rows if r.first_responded_at]
    closure = [(r.closed_at - r.opened_at).total_seconds() / 3600 for r in rows if r.closed_at]
    on_time = sum(1 for r in rows if r.closed_at and r.closed_at <= r.closure_due)
    rm, rp = _quantiles(response)
    cm, cp = _quantiles(closure)
    return ComplaintTimes(len(rows), len(response), len(closure), rm, rp, cm, cp, on_time)


def question_averages(
    session: Session,
    *,
    form_key: str,
    store_id: int | None,
    start: dt.datetime,
    end: dt.datetime,
    fields: Sequence[str],
) -> dict[str, tuple[int, float | None]]:
    """(answers, average) per rating question of the questionnaires submitted in [start, end): one query."""
    stmt = (
        select(FormAnswer.field, func.count(), func.avg(FormAnswer.value_number))
        .join(FormSubmission, FormSubmission.id == FormAnswer.submission_id)
        .join(FormVersion, FormVersion.id == FormSubmission.form_version_id)
        .where(
            FormVersion.form_key == form_key,
            FormAnswer.field.in_(fields),
            FormSubmission.submitted_at >= start,
            FormSubmission.submitted_at < end,
        )
        .group_by(FormAnswer.field)
    )
    rows = {
        f: (n, round(float(avg), 2) if avg is not None else None)
        for f, n, avg in session.execute(_store(stmt, FormSubmission.store_id, store_id))
    }
    return {f: rows.get(f, (0, None)) for f in fields}


def text_answers(
    session: Session,
    *,
    form_key: str,
    store_id: int | None,
    start: dt.datetime,
    end: dt.datetime,
    field: str,
    limit: int = 200,
) -> list[str]:
    """Free-text answers (suggestions) of the period, newest first."""
    stmt = (
        select(FormAnswer.value_text)
        .join(FormSubmission, FormSubmission.id == FormAnswer.submission_id)
        .join(FormVersion, FormVersion.id == FormSubmission.form_version_id)
        .where(
            FormVersion.form_key == form_key,
            FormAnswer.field == field,
            FormAnswer.value_text != "",
            FormSubmission.submitted_at >= start,
            FormSubmission.submitted_at < end,
        )
        .order_by(FormSubmission.submitted_at.desc())
        .limit(limit)
    )
    return [t for t in session.scalars(_store(stmt, FormSubmission.store_id, store_id)) if t]


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
