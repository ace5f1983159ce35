"""改善提案 (improvement proposals, SF-INFO / SV-INFO): what the CS survey analysis turns into, and their list.

The manual asks both follow-up specialists to analyse the surveys and "提交改善提案". A proposal is a form
(``followup.improvement_proposal``: source, problem, evidence, proposal, owning department, expected effect);
《改善提案汇总》 lists the period's proposals with who submitted them, by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.forms.spec import Choice, Field, FormSpec
from core.people import DEPARTMENTS
from core.reports.spec import ReportSpec

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.models import Store
    from core.reports.periods import Period

SOURCES = (Choice("sales_survey", "销售满意度回访"), Choice("service_survey", "售后满意度回访"),
           Choice("face_to_face", "面访问卷"), Choice("complaint", "投诉分析"), Choice("other", "其他"))
PROPOSAL = FormSpec(
    key="followup.improvement_proposal",
    version=1,
    title_zh="改善提案",
    duties=("SF-INFO", "SV-INFO"),
    description_zh="CS调查分析后提交改善提案：问题、依据、建议措施、责任部门、预期效果",
    fields=(
        Field("source", "choice", "提案来源", required=True, choices=SOURCES),
        Field("problem", "long_text", "发现的问题", required=True, max=1000),
        Field("evidence", "long_text", "数据依据（满意率、投诉件数、客户原话等）", max=1000),
        Field("proposal", "long_text", "建议改善措施", required=True, max=1000),
        Field("department", "choice", "责任部门", required=True,
              choices=tuple(Choice(code, name) for code, name in DEPARTMENTS.items())),
        Field("expected", "text", "预期效果"),
    ),
)


def proposals_data(app: CrDesk, session: Session, period: Period, store: Store | None) -> dict[str, Any]:
    """《改善提案汇总》: the period's proposals, newest last, with the submitter's name."""
    from core.forms.store import read_many
    from core.models import FormSubmission, FormVersion, User

    stmt = (select(FormSubmission.id, FormSubmission.submitted_at, User.full_name, User.username)
            .join(FormVersion, FormVersion.id == FormSubmission.form_version_id)
            .outerjoin(User, User.id == FormSubmission.submitted_by_id)
            .where(FormVersion.form_key == PROPOSAL.key, FormSubmission.submitted_at >= period.start_at,
                   FormSubmission.submitted_at < period.end_before)
            .order_by(FormSubmission.submitted_at, FormSubmission.id))
    if store is not None:
        stmt = stmt.where(FormSubmission.store_id == store.id)
    rows = session.execute(stmt).all()
    answers = read_many(session, [r.id for r in rows])
    source_zh = {c.value: c.label_zh for c in SOURCES}
    out = [{"id": r.id, "submitted_at": r.submitted_at, "by": r.full_name or r.username or "",
            "source": source_zh.get(answers[r.id].get("source", ""), ""), "problem": answers[r.id].get("problem", ""),
            "proposal": answers[r.id].get("proposal", ""),
            "department": DEPARTMENTS.get(answers[r.id].get("department", ""), ""),
            "expected": answers[r.id].get("expected") or ""} for r in rows]
    return {
        "figures": [{"label": "提案数", "value": len(out)}],
        "tables": [{"title": "改善提案明细", "columns": [
            {"key": "id", "label": "编号", "type": "int"}, {"key": "submitted_at", "label": "提交时间", "type": "datetime"},
            {"key": "by", "label": "提案人"}, {"key": "source", "label": "来源"}, {"key": "problem", "label": "问题"},
            {"key": "proposal", "label": "改善措施"}, {"key": "department", "label": "责任部门"},
            {"key": "expected", "label": "预期效果"}], "rows": out}],
    }


PROPOSALS_REPORT = ReportSpec(
    key="followup.improvement_proposals", title_zh="改善提案汇总", period="month",
    roles=("sales_fu", "service_fu", "manager", "deputy_gm", "gm"), data=proposals_data,
    duties=("SF-INFO", "SV-INFO"), orientation="landscape",
    description="当月提交的改善提案（来源、问题、措施、责任部门），交部门经理",
)
