"""The working-day calendar of the user's store (official Chinese calendar plus the store's overrides), and duty coverage."""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import Response

from core.access import require
from core.duties import coverage
from core.errors import ValidationError
from core.workdays import WorkdayCalendar, add_months, cst_today, month_bounds
from plugins.web.i18n import gettext as _
from plugins.web.routing import WebRoute

WEEKDAYS_ZH = ("一", "二", "三", "四", "五", "六", "日")


def calendar(request: Request) -> Response:
    st = request.state
    require(st.app, st.db, st.user, "web.calendar", "read")
    text = request.query_params.get("month")
    try:
        first = dt.date.fromisoformat(text + "-01") if text else cst_today().replace(day=1)
    except ValueError:
        raise ValidationError(_("月份格式应为 YYYY-MM")) from None
    cal = WorkdayCalendar.load(st.db, st.user.store_id)
    _start, last = month_bounds(first.year, first.month)
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    cells = [{"day": d, "work": cal.is_workday(d), "override": cal.source_of(d) == "override"} for d in days]
    prev, nxt = add_months(first.year, first.month, -1), add_months(first.year, first.month, 1)
    return st.web.render(request, "web/calendar.html", title=_("工作日历") + f" {first:%Y-%m}", cells=cells,
                         lead=first.weekday(), weekdays=WEEKDAYS_ZH, prev=f"{prev[0]}-{prev[1]:02d}",
                         next=f"{nxt[0]}-{nxt[1]:02d}", workdays=sum(c["work"] for c in cells))


def duty_coverage(request: Request) -> Response:
    st = request.state
    require(st.app, st.db, st.user, "web.coverage", "read")
    rows = [c.as_dict() for c in coverage(st.app)]
    covered = sum(1 for r in rows if r["covered"])
    return st.web.render(request, "web/coverage.html", title=_("职责覆盖"), rows=rows, covered=covered)


ROUTES = [
    WebRoute("web.calendar", "/calendar", calendar),
    WebRoute("web.coverage", "/coverage", duty_coverage),
]
