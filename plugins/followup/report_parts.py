"""Parts both satisfaction reports share so a manager can sign them: last month, the target, the signature block."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from core.reports.periods import Period, containing
from plugins.followup import metrics

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.app import CrDesk


def previous_month(period: Period) -> Period:
    return containing("month", period.start - dt.timedelta(days=1))


def signatures(app: CrDesk, session: Session) -> list[str]:
    """制表 (who rendered it, by name) and 审核 (the department manager signs on paper)."""
    user = app.acting_user(session)
    return [f"制表：{user.full_name or user.username}", "审核（部门经理）：", "日期："]


def staff_names(session: Session) -> dict[str, str]:
    """username -> full name: reports print the caller by name, not by login."""
    from sqlalchemy import select

    from core.models import User

    return {u: n or u for u, n in session.execute(select(User.username, User.full_name))}


def _delta(now: float | None, before: float | None, *, points: bool) -> str:
    if now is None or before is None:
        return "—"
    diff = (now - before) * (1 if points else 100)
    unit = "" if points else "个百分点"
    return f"{diff:+.1f}{unit}"


def comparison_table(rows: list[tuple[str, float | None, float | None, float | None, bool]]) -> dict[str, Any]:
    """One line per figure: this month, last month, the change and the store's target (met or not).

    Each row is (label, this month, last month, target, is_points) — rates as fractions, NPS in points.
    """

    def show(value: float | None, points: bool) -> str:
        if value is None:
            return "—"
        return f"{value:+.1f}" if points else metrics.percent(value)

    out = []
    for label, now, before, target, points in rows:
        met = "—" if now is None or target is None else ("达标" if now >= target else "未达标")
        out.append({"figure": label, "now": show(now, points), "before": show(before, points),
                    "change": _delta(now, before, points=points), "target": show(target, points), "met": met})
    return {"title": "与上月及目标对比",
            "columns": [{"key": "figure", "label": "指标"}, {"key": "now", "label": "本月"},
                        {"key": "before", "label": "上月"}, {"key": "change", "label": "环比"},
                        {"key": "target", "label": "目标"}, {"key": "met", "label": "达成"}],
            "rows": out}
