"""The after-sales follow-up reports; every figure carries its formula (plugins.followup.metrics).

《服务满意度回访报表》 and 《售后投诉处理结果汇总》 are the manual's names (3.5.4);
the weekly and monthly analyses carry SV-W1, SV-W2 and SV-M2; the cohort and
segment reports carry SV-INFO (customer analysis, 差异化服务).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from core import settings
from core.models import Customer, FormAnswer, FormSubmission, FormVersion, ServiceType, ServiceVisit, Store
from core.reports.spec import ReportSpec
from core.people import DEPARTMENTS
from plugins.followup.outcomes import COMPLAINT_CHANNELS, COMPLAINT_STATUS
from plugins.followup.report_parts import comparison_table, previous_month, signatures, staff_names
from plugins.followup.metrics import FORMULAS, SurveyGroup, call_stats, complaint_times, rate, survey_groups
from plugins.service_followup.forms import FACE_TO_FACE, ITEMS, REPAIR_CALLBACK, SATISFACTION
from plugins.service_followup.report_customers import first_maintenance_data, segments_data
from plugins.service_followup.report_format import PCT, _number, _pct, _sid
from plugins.service_followup.schedules import CALL_KEYS

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.reports.periods import Period

CALL_FORMS = (SATISFACTION.key, REPAIR_CALLBACK.key)
ROLES = ("service_fu", "manager", "cr", "service_manager")


def merged_groups(session: Session, *, form_keys: Sequence[str], store_id: int | None, start: dt.datetime,
                  end: dt.datetime, group_by: str | None = None) -> list[SurveyGroup]:
    """``survey_groups`` of several call questionnaires added up per group."""
    totals: dict[str, list[Any]] = {}
    for key in form_keys:
        for g in survey_groups(session, form_key=key, source_kind="service_visit", store_id=store_id, start=start,
                               end=end, group_by=group_by):
            t = totals.setdefault(g.group, [0, 0, 0.0, 0, 0, 0])
            t[0] += g.n
            t[1] += g.satisfied
            t[2] += (g.average or 0) * g.n
            t[3] += g.promoters
            t[4] += g.detractors
            t[5] += g.nps_n
    return [SurveyGroup(name, n, ok, rate(ok, n), round(total / n, 2) if n else None, pro, det, pn,
                        round((pro - det) * 100 / pn, 1) if pn else None)
            for name, (n, ok, total, pro, det, pn) in sorted(totals.items())]


def item_scores(session: Session, *, form_keys: Sequence[str], store_id: int | None, start: dt.datetime,
                end: dt.datetime) -> list[dict[str, Any]]:
    """Per service item (接待服务 …): answers, average and share rated ≥ 4, in one grouped query."""
    stmt = (select(FormAnswer.field, func.count(), func.avg(FormAnswer.value_number),
                   func.sum(case((FormAnswer.value_number >= 4, 1), else_=0)))
            .join(FormSubmission, FormSubmission.id == FormAnswer.submission_id)
            .join(FormVersion, FormVersion.id == FormSubmission.form_version_id)
            .where(FormVersion.form_key.in_(form_keys), FormAnswer.field.in_([*ITEMS, "overall"]),
                   FormSubmission.submitted_at >= start, FormSubmission.submitted_at < end)
            .group_by(FormAnswer.field))
    if store_id is not None:
        stmt = stmt.where(FormSubmission.store_id == store_id)
    found = {f: (n, avg, ok) for f, n, avg, ok in session.execute(stmt)}
    labels = {**ITEMS, "overall": "总体满意度"}
    out = []
    for field, label in labels.items():
        n, avg, ok = found.get(field, (0, None, 0))
        out.append({"item": label, "n": n, "average": round(float(avg), 2) if avg is not None else None,
                    "satisfaction": rate(int(ok or 0), n)})
    return out


_GROUP_COLUMNS = [{"key": "group", "label": "分组"}, {"key": "n", "label": "问卷数", "type": "int"},
                  {"key": "satisfied", "label": "满意数(≥4)", "type": "int"},
                  {"key": "satisfaction", "label": "满意率", **PCT}, {"key": "average", "label": "平均分", "type": "decimal"},
                  {"key": "nps", "label": "NPS", "type": "decimal"}]
_ITEM_COLUMNS = [{"key": "item", "label": "评价项目"}, {"key": "n", "label": "答题数", "type": "int"},
                 {"key": "average", "label": "平均分(1–5)", "type": "decimal"},
                 {"key": "satisfaction", "label": "满意率(≥4)", **PCT}]


def _survey_figures(total: SurveyGroup | None) -> list[dict[str, Any]]:
    n = total.n if total else 0
    return [{"label": "完成问卷", "value": n},
            {"label": "满意率", "value": _pct(total.satisfaction if total else None), "formula": FORMULAS["satisfaction"]},
            {"label": "NPS", "value": "—" if not total or total.nps is None else total.nps, "formula": FORMULAS["nps"]}]


def _call_figures(stats: Any) -> list[dict[str, Any]]:
    return [{"label": "应回访", "value": stats.due}, {"label": "成功回访", "value": stats.reached},
            {"label": "回访成功率", "value": _pct(stats.contact_rate), "formula": FORMULAS["contact_rate"]},
            {"label": "拨打次数", "value": stats.dials},
            {"label": "接通率", "value": _pct(stats.connection_rate), "formula": FORMULAS["connection_rate"]},
            {"label": "无效号码", "value": stats.invalid},
            {"label": "无效号码率", "value": _pct(stats.invalid_rate), "formula": FORMULAS["invalid_rate"]}]


def _total(groups: list[SurveyGroup]) -> SurveyGroup | None:
    return groups[0] if groups else None


def _call_rows(session: Session, store_id: int | None, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
    """Each reached service call of the period with its questionnaire's key answers."""
    from core.forms.store import read_many
    from plugins.followup.models import FollowupCall

    stmt = (select(FollowupCall.id, FollowupCall.called_at, FollowupCall.submission_id, FollowupCall.agent,
                   Customer.name, ServiceVisit.repair_order, ServiceVisit.service_advisor, ServiceType.name_zh)
            .join(ServiceVisit, ServiceVisit.id == FollowupCall.source_id)
            .join(Customer, Customer.id == FollowupCall.customer_id)
            .join(ServiceType, ServiceType.code == ServiceVisit.service_type)
            .where(FollowupCall.source_kind == "service_visit", FollowupCall.outcome == "reached",
                   FollowupCall.called_at >= start, FollowupCall.called_at < end)
            .order_by(FollowupCall.called_at, FollowupCall.id))
    if store_id is not None:
        stmt = stmt.where(FollowupCall.store_id == store_id)
    rows = session.execute(stmt).all()
    answers = read_many(session, [r.submission_id for r in rows if r.submission_id])
    names = staff_names(session)
    out = []
    for r in rows:
        a = answers.get(r.submission_id, {}) if r.submission_id else {}
        out.append({"called_at": r.called_at, "customer": r.name, "repair_order": r.repair_order,
                    "type": r.name_zh, "advisor": r.service_advisor, "overall": a.get("overall"), "nps": a.get("nps"),
                    "complaint": "是" if a.get("complaint") == "yes" else "", "suggestions": a.get("suggestions") or "",
                    "fixed": _YES_NO_NA.get(a.get("issue_resolved") or "", ""),
                    "claim": _YES_NO_NA.get(a.get("claim_smooth") or "", ""), "agent": names.get(r.agent, r.agent)})
    return out


_YES_NO_NA = {"yes": "是", "no": "否", "na": "不涉及"}


def repair_figures(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """SV-CALL: 故障彻底修复率 and 理赔顺利率 over the repair/insurance callbacks that answered the question."""
    fixed = [r["fixed"] for r in rows if r["fixed"] in ("是", "否")]
    claims = [r["claim"] for r in rows if r["claim"] in ("是", "否")]
    return [{"label": "故障彻底修复率", "value": _pct(rate(fixed.count("是"), len(fixed))),
             "formula": "回答“故障是否已彻底修复=是”的维修回访 ÷ 回答该题的维修回访"},
            {"label": "保险理赔顺利率", "value": _pct(rate(claims.count("是"), len(claims))),
             "formula": "回答“保险理赔是否顺利=是”的回访 ÷ 回答是/否的回访（不涉及除外）"}]


def _comparison(app: CrDesk, session: Session, sid: int | None, period: Period, stats: Any,
                total: SurveyGroup | None) -> dict[str, Any]:
    """This month against last month and the store's targets (settings ``service_followup.*_target``)."""
    before = previous_month(period)
    b_stats = call_stats(session, source_kind="service_visit", store_id=sid, start=before.start_at,
                         end=before.end_before)
    b_total = _total(merged_groups(session, form_keys=CALL_FORMS, store_id=sid, start=before.start_at,
                                   end=before.end_before))
    return comparison_table([
        ("回访成功率", stats.contact_rate, b_stats.contact_rate,
         float(settings.get(app, session, "service_followup.contact_target", sid)), False),
        ("满意率", total.satisfaction if total else None, b_total.satisfaction if b_total else None,
         float(settings.get(app, session, "service_followup.satisfaction_target", sid)), False),
        ("NPS", total.nps if total else None, b_total.nps if b_total else None, None, True),
    ])


def satisfaction_report_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《服务满意度回访报表》: the period's service calls against last month and the target, every reached call,
    the repair/insurance answers, with 制表/审核."""
    sid, start, end = _sid(store), period.start_at, period.end_before
    stats = call_stats(session, source_kind="service_visit", store_id=sid, start=start, end=end)
    total = _total(merged_groups(session, form_keys=CALL_FORMS, store_id=sid, start=start, end=end))
    by_advisor = merged_groups(session, form_keys=CALL_FORMS, store_id=sid, start=start, end=end, group_by="advisor")
    rows = _call_rows(session, sid, start, end)
    return {
        "figures": _call_figures(stats) + _survey_figures(total) + repair_figures(rows),
        "signatures": signatures(app, session),
        "tables": [
            _comparison(app, session, sid, period, stats, total),
            {"title": "按服务顾问", "columns": _GROUP_COLUMNS, "rows": [g.as_dict() for g in by_advisor]},
            {"title": "各项服务评价", "columns": _ITEM_COLUMNS,
             "rows": item_scores(session, form_keys=CALL_FORMS, store_id=sid, start=start, end=end)},
            {"title": "回访明细", "columns": [
                {"key": "called_at", "label": "回访时间", "type": "datetime"}, {"key": "customer", "label": "客户"},
                {"key": "repair_order", "label": "工单号"}, {"key": "type", "label": "维修类型"},
                {"key": "advisor", "label": "服务顾问"}, {"key": "overall", "label": "总体", "type": "int"},
                {"key": "nps", "label": "推荐", "type": "int"}, {"key": "complaint", "label": "投诉"},
                {"key": "fixed", "label": "彻底修复"}, {"key": "claim", "label": "理赔顺利"},
                {"key": "suggestions", "label": "意见与建议"}, {"key": "agent", "label": "回访人"}], "rows": rows},
        ],
    }


def complaint_summary_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《售后投诉处理结果汇总》: after-sales complaint cases opened in the period, their handling and result."""
    from plugins.followup.complaints import handler_name
    from plugins.followup.models import FollowupComplaint
    from plugins.followup.outcomes import SATISFACTION as SAT_ZH
    from plugins.followup.outcomes import TIERS

    sid = _sid(store)
    stmt = (select(FollowupComplaint, Customer.name).join(Customer, Customer.id == FollowupComplaint.customer_id)
            .where(FollowupComplaint.origin == "service", FollowupComplaint.opened_at >= period.start_at,
                   FollowupComplaint.opened_at < period.end_before).order_by(FollowupComplaint.id))
    if sid is not None:
        stmt = stmt.where(FollowupComplaint.store_id == sid)
    cases = session.execute(stmt).all()
    times = complaint_times(session, origin="service", store_id=sid, start=period.start_at, end=period.end_before)
    status_zh = COMPLAINT_STATUS
    satisfied = sum(1 for c, _ in cases if c.customer_satisfaction == "satisfied")
    answered = sum(1 for c, _ in cases if c.customer_satisfaction)
    rows = [{"id": c.id, "opened_at": c.opened_at, "customer": name, "tier": TIERS[c.tier], "category": c.category,
             "description": c.description, "handler": handler_name(session, c), "status": status_zh[c.status],
             "channel": COMPLAINT_CHANNELS.get(c.channel, c.channel),
             "owner_dept": DEPARTMENTS.get(c.owner_dept, c.owner_dept),
             "closed_at": c.closed_at, "on_time": ("是" if c.closed_at <= c.closure_due else "否") if c.closed_at else "",
             "result": c.result, "satisfaction": SAT_ZH.get(c.customer_satisfaction or "", "")} for c, name in cases]
    by_tier = [{"tier": TIERS[t], "n": sum(1 for c, _ in cases if c.tier == t)} for t in TIERS]
    return {
        "figures": [
            {"label": "投诉件数", "value": times.opened}, {"label": "已结案", "value": times.closed},
            {"label": "按时结案", "value": times.on_time_closure, "formula": "结案时间不晚于该级别的结案期限"},
            {"label": "首次响应中位数(小时)", "value": _number(times.response_median_h),
             "formula": FORMULAS["complaint_times"]},
            {"label": "首次响应90百分位(小时)", "value": _number(times.response_p90_h)},
            {"label": "结案中位数(小时)", "value": _number(times.closure_median_h)},
            {"label": "结案90百分位(小时)", "value": _number(times.closure_p90_h)},
            {"label": "处理结果满意率", "value": _pct(rate(satisfied, answered)),
             "formula": "客户对处理结果满意数 ÷ 已回访处理结果数"},
        ],
        "tables": [
            {"title": "按投诉级别", "columns": [{"key": "tier", "label": "级别"}, {"key": "n", "label": "件数", "type": "int"}],
             "rows": by_tier},
            {"title": "投诉处理结果明细", "columns": [
                {"key": "id", "label": "编号", "type": "int"}, {"key": "opened_at", "label": "受理时间", "type": "datetime"},
                {"key": "customer", "label": "客户"}, {"key": "tier", "label": "级别"}, {"key": "category", "label": "类别"},
                {"key": "description", "label": "投诉内容"}, {"key": "channel", "label": "来源渠道"},
                {"key": "owner_dept", "label": "责任部门"}, {"key": "handler", "label": "处理人"},
                {"key": "status", "label": "状态"}, {"key": "closed_at", "label": "结案时间", "type": "datetime"},
                {"key": "on_time", "label": "按时"}, {"key": "result", "label": "处理结果"},
                {"key": "satisfaction", "label": "客户满意度"}], "rows": rows},
        ],
    }


def weekly_callbacks_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """SV-W1 《入库客户回访周报》: the week's intakes by type and how their calls went."""
    from core.models.tasks import Task

    sid = _sid(store)
    stats = call_stats(session, source_kind="service_visit", store_id=sid, start=period.start_at,
                       end=period.end_before)
    stmt = (select(ServiceType.name_zh, func.count()).select_from(ServiceVisit)
            .join(ServiceType, ServiceType.code == ServiceVisit.service_type)
            .where(ServiceVisit.intake_on.between(period.start, period.end)).group_by(ServiceType.name_zh)
            .order_by(ServiceType.name_zh))
    if sid is not None:
        stmt = stmt.where(ServiceVisit.store_id == sid)
    by_type = [{"type": t, "n": n} for t, n in session.execute(stmt)]
    status_zh = {"open": "待回访", "done": "已回访", "cancelled": "暂停（无效号码等）"}
    tasks = (select(Task.status, func.count()).where(Task.key.in_(CALL_KEYS), Task.due_at >= period.start_at,
                                                     Task.due_at < period.end_before).group_by(Task.status))
    if sid is not None:
        tasks = tasks.where(Task.store_id == sid)
    task_rows = [{"status": status_zh.get(s, s), "n": n} for s, n in session.execute(tasks)]
    total = _total(merged_groups(session, form_keys=CALL_FORMS, store_id=sid, start=period.start_at,
                                 end=period.end_before))
    return {
        "figures": [{"label": "本周入库台次", "value": sum(r["n"] for r in by_type)}, *_call_figures(stats),
                    *_survey_figures(total)],
        "tables": [
            {"title": "入库台次（按维修类型）", "columns": [{"key": "type", "label": "维修类型"},
                                                  {"key": "n", "label": "台次", "type": "int"}], "rows": by_type},
            {"title": "本周到期回访任务", "columns": [{"key": "status", "label": "状态"},
                                              {"key": "n", "label": "任务数", "type": "int"}], "rows": task_rows},
        ],
    }


def weekly_face_to_face_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """SV-W2 《入库客户面访问卷周分析》: the week's face-to-face questionnaires, item by item, and the gifts."""
    from plugins.followup.models import FollowupGift

    sid = _sid(store)
    items = item_scores(session, form_keys=(FACE_TO_FACE.key,), store_id=sid, start=period.start_at,
                        end=period.end_before)
    subs = (select(FormSubmission.id).join(FormVersion, FormVersion.id == FormSubmission.form_version_id)
            .where(FormVersion.form_key == FACE_TO_FACE.key, FormSubmission.submitted_at >= period.start_at,
                   FormSubmission.submitted_at < period.end_before))
    if sid is not None:
        subs = subs.where(FormSubmission.store_id == sid)
    nps_rows = session.execute(select(FormAnswer.field, FormAnswer.value_number, FormAnswer.value_text)
                               .where(FormAnswer.submission_id.in_(subs),
                                      FormAnswer.field.in_(("nps", "suggestions")))).all()
    scores = [float(v) for f, v, _ in nps_rows if f == "nps" and v is not None]
    pro, det = sum(1 for s in scores if s >= 9), sum(1 for s in scores if s <= 6)
    suggestions = [{"text": t} for f, _, t in nps_rows if f == "suggestions" and t]
    gifts = select(func.count()).select_from(FollowupGift).where(
        FollowupGift.source_kind == "service_visit", FollowupGift.given_on.between(period.start, period.end))
    if sid is not None:
        gifts = gifts.where(FollowupGift.store_id == sid)
    overall = next(i for i in items if i["item"] == "总体满意度")
    return {
        "figures": [{"label": "面访问卷", "value": overall["n"]},
                    {"label": "满意率", "value": _pct(overall["satisfaction"]), "formula": FORMULAS["satisfaction"]},
                    {"label": "NPS", "value": round((pro - det) * 100 / len(scores), 1) if scores else "—",
                     "formula": FORMULAS["nps"]},
                    {"label": "赠送礼品", "value": session.scalar(gifts) or 0}],
        "charts": [{"kind": "bar", "title": "各项服务平均分", "labels": [i["item"] for i in items],
                    "series": [{"name": "平均分", "values": [i["average"] or 0 for i in items]}]}],
        "tables": [{"title": "各项服务评价", "columns": _ITEM_COLUMNS, "rows": items},
                   {"title": "客户意见与建议", "columns": [{"key": "text", "label": "意见与建议"}], "rows": suggestions}],
    }


def monthly_analysis_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """SV-M2 《入库客户满意度月度分析》: the month's satisfaction by advisor, by model and item by item."""
    sid, start, end = _sid(store), period.start_at, period.end_before
    kw = {"form_keys": CALL_FORMS, "store_id": sid, "start": start, "end": end}
    total = _total(merged_groups(session, **kw))
    by_advisor = merged_groups(session, **kw, group_by="advisor")
    by_model = merged_groups(session, **kw, group_by="model")
    stats = call_stats(session, source_kind="service_visit", store_id=sid, start=start, end=end)
    return {
        "figures": _call_figures(stats) + _survey_figures(total),
        "charts": [{"kind": "bar", "title": "各服务顾问满意率(%)", "labels": [g.group for g in by_advisor],
                    "series": [{"name": "满意率", "values": [round((g.satisfaction or 0) * 100, 1)
                                                          for g in by_advisor]}]}] if by_advisor else [],
        "tables": [{"title": "按服务顾问", "columns": _GROUP_COLUMNS, "rows": [g.as_dict() for g in by_advisor]},
                   {"title": "按车型", "columns": _GROUP_COLUMNS, "rows": [g.as_dict() for g in by_model]},
                   {"title": "各项服务评价", "columns": _ITEM_COLUMNS, "rows": item_scores(session, **kw)}],
    }


def _spec(key: str, title: str, period: str, data: Any, duties: tuple[str, ...], **kw: Any) -> ReportSpec:
    return ReportSpec(key=f"service_followup.{key}", title_zh=title, period=period, roles=ROLES,  # type: ignore[arg-type]
                      data=data, duties=duties, orientation="landscape", **kw)


REPORTS = [
    _spec("satisfaction_report", "服务满意度回访报表", "month", satisfaction_report_data, ("SV-RPT", "SV-D4"),
          description="入库客户N+3至N+5天回访结果：回访成功率、接通率、满意率、NPS及回访明细"),
    _spec("complaint_summary", "售后投诉处理结果汇总", "month", complaint_summary_data, ("SV-COMPL", "SV-RPT"),
          description="售后投诉受理、处理、结案及客户对处理结果的满意度"),
    _spec("weekly_callbacks", "入库客户回访周报", "week", weekly_callbacks_data, ("SV-W1",),
          description="一周入库客户及电话回访情况，交部门经理"),
    _spec("weekly_face_to_face", "入库客户面访问卷周分析", "week", weekly_face_to_face_data, ("SV-W2", "SV-D6"),
          description="入库客户满意度面谈问卷每周整理分析留档"),
    _spec("monthly_analysis", "入库客户满意度月度分析", "month", monthly_analysis_data, ("SV-M2",),
          description="当月入库客户满意度调查数据汇总及分析，交部门经理"),
    _spec("first_maintenance", "首保回厂率统计（按交车月份）", "month", first_maintenance_data, ("SV-INFO",),
          description="各交车月份首保回厂率，N-3至N-5、N-6至N-8月交车未入库名单（--reveal 打印完整电话，经审计）",
          reveal_entity="service_followup.not_returned"),
    _spec("segments", "客户细分（差异化服务）报表", "month", segments_data, ("SV-INFO",),
          description="按近12个月入库次数、消费、车龄、未入库天数、投诉记录划分客户，实施差异化服务"),
]
