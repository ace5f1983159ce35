"""Approvals: the inbox, one request's 签批单 with approve / reject / return, its PDF, and new requests.

Decisions go through :class:`core.approvals.engine.Approvals`, the engine
``crdesk approvals approve|reject|return`` uses. Who may *see* a request is the
web front's rule: its author and approvers, its department (and the department
it was filed for), the general managers, and after approval whoever carries it out.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.access import require
from core.approvals.engine import STATUS_ZH, Approvals
from core.approvals.sheet import sheet, signoff_pdf
from core.errors import PermissionDenied, ValidationError
from core.forms import FormInvalid, find_form
from core.models import ApprovalRequest, User
from plugins.web.form_input import answers_from, problems_zh
from plugins.web.i18n import gettext as _
from plugins.web.pages.reauth import reauth_needed, require_reauth
from plugins.web.routing import WebRoute

SEE_ALL = ("admin", "gm", "deputy_gm")
DECISIONS = {"approve": "approve", "reject": "reject", "return": "send_back"}


def may_view(engine: Approvals, db: Any, user: User, req: ApprovalRequest, pending_ids: set[int]) -> bool:
    if user.has_role("admin"):
        return True
    if user.store_id is not None and req.store_id not in (None, user.store_id):
        return False
    if user.has_role(*SEE_ALL) or req.author_id == user.id or req.id in pending_ids:
        return True
    if any(user.id in (s.assignee_id, s.decided_by_id) for s in req.steps):
        return True
    if user.department_id is not None and user.department_id in (req.department_id, req.requesting_department_id):
        return True
    chain = engine.chains.get(req.chain_key)
    return bool(req.status == "approved" and chain and any(f.role and user.has_role(f.role) for f in chain.follow_ups))


def _row(engine: Approvals, req: ApprovalRequest, authors: dict[int, User]) -> dict[str, Any]:
    step = engine.current_step(req)
    chain = engine.chains.get(req.chain_key)
    author = authors.get(req.author_id)
    return {"id": req.id, "chain_title": chain.title_zh if chain else req.chain_key, "title": req.title,
            "status_zh": STATUS_ZH[req.status], "current_step": step.title_zh if step else "",
            "author": (author.full_name or author.username) if author else "", "submitted_at": req.submitted_at}


def inbox(request: Request) -> Response:
    st = request.state
    require(st.app, st.db, st.user, "approval", "read")
    engine = Approvals(st.app)
    pending = engine.pending_for(st.db, st.user)
    pending_ids = {r.id for r in pending}
    stmt = select(ApprovalRequest).order_by(ApprovalRequest.id.desc()).limit(200)
    if st.user.store_id is not None:
        stmt = stmt.where(ApprovalRequest.store_id == st.user.store_id)
    if not st.user.has_role(*SEE_ALL) and st.user.department_id is not None:
        stmt = stmt.where(or_(ApprovalRequest.author_id == st.user.id,
                              ApprovalRequest.department_id == st.user.department_id,
                              ApprovalRequest.requesting_department_id == st.user.department_id,
                              ApprovalRequest.status == "approved"))
    others = [r for r in st.db.scalars(stmt)
              if r.id not in pending_ids and may_view(engine, st.db, st.user, r, pending_ids)]
    authors = {u.id: u for u in st.db.scalars(select(User).where(
        User.id.in_({r.author_id for r in [*pending, *others]})))}
    return st.web.render(request, "web/approvals.html", title=_("审批"),
                         pending=[_row(engine, r, authors) for r in pending],
                         others=[_row(engine, r, authors) for r in others],
                         chains=sorted(engine.chains.values(), key=lambda c: c.key))


def _visible(request: Request) -> tuple[Approvals, ApprovalRequest, bool]:
    st = request.state
    require(st.app, st.db, st.user, "approval", "read")
    engine = Approvals(st.app)
    req = engine.request(st.db, request.path_params["request_id"])
    pending_ids = {r.id for r in engine.pending_for(st.db, st.user)}
    if not may_view(engine, st.db, st.user, req, pending_ids):
        raise PermissionDenied(f"request {req.id} belongs to another department: "
                               f"{st.user.username} is neither its author, an approver nor in its department")
    return engine, req, req.id in pending_ids


def sms_status(request: Request, req: ApprovalRequest) -> list[tuple[str, int]]:
    """How the SMS an approved request queued went out (messages per status), for roles that read the outbox."""
    from sqlalchemy import func

    from core.access import allowed
    from core.cli.sms_cmd import STATUS_ZH as SMS_STATUS_ZH
    from core.models.sms import SmsMessage

    st = request.state
    if req.status != "approved" or not allowed(st.app, st.user, "sms", "read"):
        return []
    counts = dict(st.db.execute(select(SmsMessage.status, func.count()).where(
        SmsMessage.ref_kind == "approval", SmsMessage.ref_id == req.id).group_by(SmsMessage.status)).all())
    return [(label, counts[code]) for code, label in SMS_STATUS_ZH.items() if counts.get(code)]


def show(request: Request, *, error: str = "", status: int = 200) -> Response:
    st = request.state
    engine, req, decide = _visible(request)
    return st.web.render(request, "web/approval.html", status_code=status, title=_("签批单") + f" #{req.id}",
                         s=sheet(st.app, st.db, engine, req), decide=decide, error=error,
                         reauth=reauth_needed(request), sms=sms_status(request, req))


def decide(request: Request) -> Response:
    st = request.state
    engine, req, _decide = _visible(request)
    action = str(st.form.get("action", ""))
    if action not in DECISIONS:
        raise ValidationError(_("请选择同意、驳回或退回"))
    require_reauth(request)
    comment = str(st.form.get("comment", "")).strip()
    if action in ("reject", "return") and not comment:
        return show(request, error=_("驳回或退回时请填写意见"), status=400)
    getattr(engine, DECISIONS[action])(st.db, st.user, req.id, comment=comment)
    return RedirectResponse(f"/approvals/{req.id}", status_code=303)


def pdf(request: Request) -> Response:
    st = request.state
    engine, req, _decide = _visible(request)
    content = signoff_pdf(st.app, st.db, sheet(st.app, st.db, engine, req), req)
    from urllib.parse import quote

    name = quote(f"签批单-{req.id}.pdf")
    return Response(content, media_type="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})


def new(request: Request) -> Response:
    st = request.state
    require(st.app, st.db, st.user, "approval", "read")
    engine = Approvals(st.app)
    chain = engine.chain(request.path_params["chain"])
    spec = find_form(st.app, chain.form)
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    error = ""
    if request.method == "POST":
        values = answers_from(spec, st.form)
        problems = problems_zh(spec, values)
        if not problems:
            try:
                req = engine.submit(st.db, st.user, chain.key, values)
            except FormInvalid as exc:
                error = "；".join(exc.problems)
            else:
                return RedirectResponse(f"/approvals/{req.id}", status_code=303)
        error = error or _("申请表有 %(n)s 处需要更正", n=len(problems))
    return st.web.render(request, "web/approval_new.html", status_code=400 if error else 200,
                         title=chain.title_zh, chain=chain, spec=spec, values=values, problems=problems, error=error)


ROUTES = [
    WebRoute("web.approvals", "/approvals", inbox),
    WebRoute("web.approval_new", "/approvals/new/{chain}", new, ("GET", "POST")),
    WebRoute("web.approval", "/approvals/{request_id:int}", lambda r: show(r)),
    WebRoute("web.approval_decide", "/approvals/{request_id:int}/decide", decide, ("POST",)),
    WebRoute("web.approval_pdf", "/approvals/{request_id:int}/pdf", pdf),
]
