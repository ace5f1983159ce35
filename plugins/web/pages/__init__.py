"""The web front's own pages, served through ``register_web_routes`` like any plugin's."""

from __future__ import annotations

from plugins.web.pages import agenda, approvals, auth, calendar, calls, complaints, customers, reports
from plugins.web.routing import MenuItem, WebRoute

ROUTES: list[WebRoute] = [r for m in (auth, agenda, calls, complaints, customers, approvals, reports, calendar)
                          for r in m.ROUTES]

MENU: list[MenuItem] = [
    MenuItem("web.agenda", "我的待办", "/", 10, "web.agenda"),
    MenuItem("web.calls", "回访", "/calls", 20, "followup.call", "create"),
    MenuItem("web.complaints", "投诉", "/complaints", 30, "followup.complaint"),
    MenuItem("web.customers", "客户", "/customers", 40, "customer"),
    MenuItem("web.approvals", "审批", "/approvals", 50, "approval"),
    MenuItem("web.reports", "报表", "/reports", 60),
    MenuItem("web.calendar", "工作日历", "/calendar", 70, "web.calendar"),
    MenuItem("web.coverage", "职责覆盖", "/coverage", 80, "web.coverage"),
]
