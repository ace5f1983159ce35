"""《销售、维修顾问e-CRB跟踪表》: the day's snapshot of each advisor table and its diff against the previous one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from core.errors import ValidationError
from core.reports.periods import Period
from plugins.cr_system.ecrb import KINDS, LABELS, diff, snapshot_pair

if TYPE_CHECKING:
    from core.app import CrDesk

ROW_COLUMNS = [{"key": k, "label": v} for k, v in LABELS.items()]
DIFF_COLUMNS = [{"key": "advisor", "label": "顾问"}, {"key": "customer", "label": "客户姓名"},
                {"key": "item", "label": "跟踪事项"}, {"key": "change", "label": "变化"},
                {"key": "was", "label": "原状态"}, {"key": "now", "label": "现状态"}]


def ecrb_data(app: CrDesk, session: Session, period: Period, store: Any) -> dict[str, Any]:
    if store is None:
        raise ValidationError("the e-CRB tracking tables are per store: give --store CODE")
    tables, figures = [], []
    for kind, title in KINDS.items():
        current, previous = snapshot_pair(session, store.id, kind, period.end)
        if current is None:
            continue
        changes = diff(current.rows, previous.rows if previous else [])
        since = f"（对比 {previous.taken_on.isoformat()}）" if previous else "（首份快照）"
        tables.append({"title": f"{title} {current.taken_on.isoformat()}", "columns": ROW_COLUMNS,
                       "rows": [{k: r.get(k, "") for k in LABELS} for r in current.rows]})
        tables.append({"title": f"{title}变化{since}", "columns": DIFF_COLUMNS, "rows": changes})
        figures.append({"label": f"{title}条数", "value": len(current.rows), "type": "int", "unit": "条"})
        figures.append({"label": f"{title}变化", "value": len(changes), "type": "int", "unit": "条"})
    if not tables:
        raise ValidationError(f"no e-CRB snapshot on or before {period.end.isoformat()}: "
                              "`crdesk cr ecrb import FILE --kind sales|service` first")
    return {"figures": figures, "tables": tables, "signatures": ["制表：CR专员"]}
