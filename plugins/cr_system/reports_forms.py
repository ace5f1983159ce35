"""Reports read from the CR specialist's forms: 《部门办公用品采购明细》 (CR-M4) to 综合部."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.reports.periods import Period

if TYPE_CHECKING:
    from core.app import CrDesk


def _submissions(session: Session, form_key: str, store: Any) -> list[int]:
    from core.models.forms import FormSubmission, FormVersion

    stmt = (select(FormSubmission.id).join(FormVersion, FormVersion.id == FormSubmission.form_version_id)
            .where(FormVersion.form_key == form_key).order_by(FormSubmission.id))
    if store is not None:
        stmt = stmt.where(FormSubmission.store_id == store.id)
    return list(session.scalars(stmt))


def office_supplies_data(app: CrDesk, session: Session, period: Period, store: Any) -> dict[str, Any]:
    """The month's purchase list; a later submission for the same month replaces an earlier one."""
    from core.forms.store import read_many

    month = period.start.strftime("%Y-%m")
    latest = None
    for answers in read_many(session, _submissions(session, "cr_system.office_supplies", store)).values():
        if answers.get("month") == month:
            latest = answers
    items = [{"item": r.get("item", ""), "spec": r.get("spec") or "", "quantity": r.get("quantity"),
              "unit": r.get("unit", "")} for r in (latest or {}).get("items") or []]
    return {
        "figures": [{"label": "采购品项", "value": len(items), "type": "int", "unit": "项"}],
        "tables": [{"title": f"{month} 办公用品采购明细", "columns": [
            {"key": "item", "label": "物品名称"}, {"key": "spec", "label": "规格"},
            {"key": "quantity", "label": "数量", "type": "decimal"}, {"key": "unit", "label": "单位"}],
            "rows": items}],
        "note": (latest or {}).get("note") or "",
        "signatures": ["申请：CR专员", "审核：部门经理", "接收：综合部"],
    }
