"""我的待办: today's tasks of the logged-in user (and of colleagues away who named them delegate), overdue first."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from core import settings
from core.access import require
from core.scheduler.agenda import OVERSEEING_ROLES, TaskLabels, agenda_tasks, department_overdue, task_row
from core.scheduler.generate import as_of
from core.workdays import cst_today
from plugins.followup.outcomes import SOURCE_KINDS
from plugins.web.i18n import gettext as _
from plugins.web.routing import WebRoute


def link_of(row: dict[str, Any], call_kinds: set[str]) -> str | None:
    """Where a task is worked in the browser: the call screen, the approval, the complaint."""
    source, link = row.get("source") or "", row.get("link") or ""
    if row["key"] in call_kinds and source.split("#")[0] in SOURCE_KINDS and row["status"] in ("open", "overdue"):
        return f"/calls/{row['id']}"
    if link.startswith("approval:"):
        return f"/approvals/{link.split(':', 1)[1]}"
    if link.startswith("followup_complaint:"):
        return f"/complaints/{link.split(':', 1)[1]}"
    return None


def agenda(request: Request) -> Response:
    st = request.state
    require(st.app, st.db, st.user, "web.agenda", "read")
    day = cst_today()
    moment = as_of(day)
    found = agenda_tasks(st.db, day=day, user=st.user)
    overseen = []
    if st.user.has_role(*OVERSEEING_ROLES):
        mine = {t.id for t in found}
        overseen = [t for t in department_overdue(st.db, store_id=st.user.store_id, moment=moment)
                    if t.id not in mine]
    labels = TaskLabels.load(st.db, [*found, *overseen])
    call_kinds = set(settings.get(st.app, st.db, "web.call_schedules", st.user.store_id))
    rows = [task_row(t, labels, moment) for t in found]
    rows.sort(key=lambda r: (r["status"] != "overdue", r["due_at"], r["id"]))
    for row in rows:
        row["href"] = link_of(row, call_kinds)
    dept = [task_row(t, labels, moment) for t in overseen]
    for row in dept:
        row["href"] = link_of(row, call_kinds)
    return st.web.render(request, "web/agenda.html", title=_("我的待办") + f" · {day.isoformat()}", rows=rows,
                         dept=dept, overdue=sum(1 for r in rows if r["status"] == "overdue"))


ROUTES = [WebRoute("web.agenda", "/", agenda)]
