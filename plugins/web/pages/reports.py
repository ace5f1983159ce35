"""Reports: the list of what the user may run, rendering one for a period and store, and downloading the file.

Rendering calls :func:`core.reports.engine.render_report` as the logged-in
user, exactly like ``crdesk reports render``: the file is archived and
``on_report_rendered`` completes the duty's task.
"""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import Response

from core.models import Role, Store
from core.reports.engine import may_run, render_report, report_specs
from core.reports.periods import last_complete
from core.reports.spec import PERIOD_KIND_ZH
from core.workdays import cst_today
from plugins.web.i18n import gettext as _
from plugins.web.routing import WebRoute

FORMAT_ZH = {"pdf": "PDF", "xlsx": "Excel", "csv": "CSV", "html": "HTML"}


def list_page(request: Request) -> Response:
    st = request.state
    roles = dict(st.db.execute(select(Role.code, Role.name_zh)).all())
    today = cst_today()
    rows = []
    for spec in report_specs(st.app):
        if not may_run(spec, st.user):
            continue
        default = last_complete(spec.period, today).code if spec.period != "range" else ""
        rows.append({"spec": spec, "period_zh": PERIOD_KIND_ZH[spec.period], "default": default,
                     "roles": "、".join(roles.get(r, r) for r in spec.roles),
                     "formats": [f for f in spec.formats if f != "html"]})
    stores = list(st.db.scalars(select(Store).order_by(Store.code)))
    if st.user.store_id is not None:
        stores = [s for s in stores if s.id == st.user.store_id]
    return st.web.render(request, "web/reports.html", title=_("报表"), rows=rows, stores=stores,
                         formats=FORMAT_ZH)


def render(request: Request) -> Response:
    st = request.state
    form = st.form
    fmt = str(form.get("format", "pdf"))
    result = render_report(st.app, st.db, str(form.get("key", "")), period=str(form.get("period", "")).strip() or None,
                           fmt=fmt if fmt in FORMAT_ZH else "pdf", store=str(form.get("store", "")) or None)
    return Response(result.content, media_type=result.media_type,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(result.filename)}"})


ROUTES = [
    WebRoute("web.reports", "/reports", list_page),
    WebRoute("web.report_render", "/reports/render", render, ("POST",)),
]
