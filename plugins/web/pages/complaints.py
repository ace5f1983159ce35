"""Complaint cases: the list, one case, opening one (also from the call screen), first response and closing."""

from __future__ import annotations

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.access import require
from core.customers import customer_details
from core.errors import ValidationError
from core.people import working_store
from plugins.followup import complaints as cases
from plugins.followup.models import FollowupComplaint
from plugins.followup.outcomes import SATISFACTION, TIERS
from plugins.web.i18n import gettext as _
from plugins.web.routing import WebRoute

STATUS_ZH = {"open": "待首次响应", "responded": "处理中", "closed": "已结案"}
ORIGIN_ZH = {"sales": "销售", "service": "售后"}
CHANNEL_ZH = {"callback": "回访", "walk_in": "来店", "phone_in": "来电", "oem_hotline": "厂家热线", "online": "网络"}


def _labels() -> dict[str, object]:
    return {"tiers": TIERS, "statuses": STATUS_ZH, "origins": ORIGIN_ZH, "channels": CHANNEL_ZH,
            "satisfaction": SATISFACTION}


def list_page(request: Request) -> Response:
    st = request.state
    require(st.app, st.db, st.user, "followup.complaint", "read")
    stmt = select(FollowupComplaint).order_by(FollowupComplaint.opened_at.desc()).limit(200)
    status = request.query_params.get("status")
    if status in STATUS_ZH:
        stmt = stmt.where(FollowupComplaint.status == status)
    if st.user.store_id is not None:
        stmt = stmt.where(FollowupComplaint.store_id == st.user.store_id)
    rows = [{"case": c, "handler": cases.handler_name(st.db, c)} for c in st.db.scalars(stmt)]
    return st.web.render(request, "web/complaints.html", title=_("投诉"), rows=rows, status=status or "",
                         **_labels())


def _case(request: Request) -> FollowupComplaint:
    st = request.state
    case = cases.get(st.db, request.path_params["complaint_id"])
    if st.user.store_id is not None and case.store_id != st.user.store_id:
        raise ValidationError(f"no complaint {case.id} in your store")
    return case


def show(request: Request, *, error: str = "", status: int = 200) -> Response:
    st = request.state
    require(st.app, st.db, st.user, "followup.complaint", "read")
    case = _case(request)
    card = customer_details(st.app, st.db, st.user, case.customer_id)
    return st.web.render(request, "web/complaint.html", status_code=status, title=_("投诉") + f" #{case.id}",
                         case=case, card=card, handler=cases.handler_name(st.db, case), error=error, **_labels())


def act(request: Request) -> Response:
    """respond / close / satisfaction, each through the function the CLI calls."""
    st = request.state
    require(st.app, st.db, st.user, "followup.complaint", "change")
    case = _case(request)
    form = st.form
    action = form.get("action")
    text = str(form.get("text", "")).strip()
    if action == "respond":
        cases.respond(st.db, case, note=text, actor=st.user.username)
    elif action == "close":
        answer = form.get("satisfaction") or None
        cases.close(st.app, st.db, case, result=text, satisfaction=answer, actor=st.user.username)
    elif action == "satisfaction":
        cases.record_satisfaction(st.db, case, satisfaction=str(form.get("satisfaction", "")),
                                  actor=st.user.username)
    else:
        raise ValidationError(_("未知操作"))
    return RedirectResponse(f"/complaints/{case.id}", status_code=303)


def new(request: Request) -> Response:
    st = request.state
    require(st.app, st.db, st.user, "followup.complaint", "create")
    params = st.form if request.method == "POST" else request.query_params
    customer_id = int(params.get("customer") or 0)
    card = customer_details(st.app, st.db, st.user, customer_id)
    origin = params.get("origin") if params.get("origin") in ORIGIN_ZH else "sales"
    if request.method == "GET":
        return st.web.render(request, "web/complaint_new.html", title=_("登记投诉"), card=card, origin=origin,
                             error="", **_labels())
    form = st.form
    case = cases.open_complaint(
        st.app, st.db, store_id=working_store(st.db, st.user, None).id, customer_id=customer_id, origin=origin,
        tier=str(form.get("tier", "general")), category=str(form.get("category", "")).strip() or "其他",
        description=str(form.get("description", "")), channel=str(form.get("channel", "phone_in")),
        actor=st.user.username)
    return RedirectResponse(f"/complaints/{case.id}", status_code=303)


ROUTES = [
    WebRoute("web.complaints", "/complaints", list_page),
    WebRoute("web.complaint_new", "/complaints/new", new, ("GET", "POST")),
    WebRoute("web.complaint", "/complaints/{complaint_id:int}", lambda r: show(r)),
    WebRoute("web.complaint_act", "/complaints/{complaint_id:int}/act", act, ("POST",)),
]
