"""Customers: search by name, phone, plate or VIN (masked by role), one customer's card, an audited reveal."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from core.access import allowed, require
from core.customers import customer_details, search_customers
from plugins.web.i18n import gettext as _
from plugins.web.pages.reauth import reauth_needed, require_reauth
from plugins.web.routing import WebRoute


def search(request: Request) -> Response:
    st = request.state
    require(st.app, st.db, st.user, "customer", "read")
    text = request.query_params.get("q", "").strip()
    rows = search_customers(st.app, st.db, st.user, text) if text else []
    return st.web.render(request, "web/customers.html", title=_("客户"), q=text, rows=rows)


def show(request: Request, *, reveal: bool = False) -> Response:
    st = request.state
    if reveal:
        require(st.app, st.db, st.user, "customer", "reveal")
        require_reauth(request)
    card = customer_details(st.app, st.db, st.user, request.path_params["customer_id"], reveal=reveal)
    return st.web.render(request, "web/customer.html", title=card["name"], card=card,
                         may_reveal=allowed(st.app, st.user, "customer", "reveal") and not reveal,
                         reauth=reauth_needed(request))


ROUTES = [
    WebRoute("web.customers", "/customers", search),
    WebRoute("web.customer", "/customers/{customer_id:int}", lambda r: show(r)),
    WebRoute("web.customer_reveal", "/customers/{customer_id:int}/reveal", lambda r: show(r, reveal=True), ("POST",)),
]
