"""The call screen: the next call in the queue, the customer card, the number to dial, outcome and questionnaire.

Logging goes through :func:`plugins.followup.calls.log_call`, the function
``crdesk calls log`` calls, so the callback rule (three failures → invalid
number) holds the same way in both.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from core import audit, settings
from core.access import require
from core.customers import customer_details
from core.errors import PermissionDenied, ValidationError
from core.forms import FormInvalid, find_form
from core.models.tasks import Task
from core.phones import national
from core.reports.periods import containing
from core.scheduler.actions import get_task, may_act
from core.scheduler.agenda import agenda_tasks
from core.workdays import cst_datetime, cst_today
from plugins.followup.calls import log_call, survey_form_key
from plugins.followup.invalid_numbers import for_week
from plugins.followup.models import FollowupCall, FollowupComplaint
from plugins.followup.outcomes import OUTCOMES, SOURCE_KINDS, TIERS
from plugins.followup.reports import STATUS_ZH
from plugins.followup.sources import source_of_task
from plugins.web.form_input import answers_from, problems_zh
from plugins.web.i18n import gettext as _
from plugins.web.pages.reauth import reauth_needed, require_reauth
from plugins.web.routing import WebRoute

#: Keyboard shortcuts (Alt+key) of the outcome buttons.
OUTCOME_KEYS = {o: str(i) for i, o in enumerate(OUTCOMES, start=1)}


def _call_tasks(request: Request) -> list[Task]:
    """Phone callbacks on the user's agenda (``web.call_schedules``; face-to-face surveys are not dialled)."""
    st = request.state
    kinds = set(settings.get(st.app, st.db, "web.call_schedules", st.user.store_id))
    return [t for t in agenda_tasks(st.db, day=cst_today(), user=st.user)
            if t.source_kind in SOURCE_KINDS and t.key in kinds]


def _queue(request: Request) -> list[Task]:
    """Open call tasks on the user's agenda, soonest due first; those already dialled today go last."""
    st = request.state
    today = cst_today()
    kind = request.query_params.get("kind")
    tasks = [t for t in _call_tasks(request) if not kind or t.key == kind]
    dialled = set(st.db.scalars(select(FollowupCall.task_id).where(
        FollowupCall.task_id.in_([t.id for t in tasks]), FollowupCall.called_at >= cst_datetime(today))))
    return sorted(tasks, key=lambda t: (t.id in dialled, t.due_at, t.id))


def queue(request: Request) -> Response:
    st = request.state
    require(st.app, st.db, st.user, "followup.call", "create")
    tasks = _queue(request)
    kinds = sorted({t.key for t in _call_tasks(request)})
    return st.web.render(request, "web/queue.html", title=_("回访队列"), tasks=tasks, kinds=kinds,
                         kind=request.query_params.get("kind", ""), notice=request.query_params.get("notice", ""))


def next_call(request: Request) -> Response:
    st = request.state
    require(st.app, st.db, st.user, "followup.call", "create")
    tasks = _queue(request)
    kind = request.query_params.get("kind")
    notice = request.query_params.get("notice", "")
    if not tasks:
        return RedirectResponse("/calls?" + urlencode({"notice": (notice + "；" if notice else "") + _("回访队列已清空")}),
                                status_code=303)
    params = {k: v for k, v in (("kind", kind), ("notice", notice)) if v}
    return RedirectResponse(f"/calls/{tasks[0].id}" + ("?" + urlencode(params) if params else ""), status_code=303)


def _call_task(request: Request, task_id: int) -> tuple[Task, Any]:
    st = request.state
    require(st.app, st.db, st.user, "followup.call", "create")
    task = get_task(st.db, task_id)
    source = source_of_task(st.db, task)
    if not may_act(st.db, st.user, task):
        raise PermissionDenied(f"task {task.id} is not on {st.user.username}'s agenda")
    return task, source


def call_screen(request: Request, task_id: int | None = None, *, problems: dict[str, str] | None = None,
                values: dict[str, Any] | None = None, status: int = 200, error: str = "") -> Response:
    st = request.state
    task_id = task_id if task_id is not None else request.path_params["task_id"]
    task, source = _call_task(request, task_id)
    card = customer_details(st.app, st.db, st.user, source.customer_id)
    form_key = survey_form_key(st.app, task)
    spec = find_form(st.app, form_key) if form_key else None
    calls = list(st.db.scalars(select(FollowupCall).where(FollowupCall.customer_id == source.customer_id)
                               .order_by(FollowupCall.called_at.desc()).limit(20)))
    complaints = list(st.db.scalars(select(FollowupComplaint).where(
        FollowupComplaint.customer_id == source.customer_id, FollowupComplaint.status != "closed")))
    return st.web.render(request, "web/call.html", status_code=status, title=_("回访") + f"：{card['name']}",
                         task=task, card=card, source_zh=SOURCE_KINDS[source.kind], spec=spec, calls=calls,
                         complaints=complaints, outcomes=OUTCOMES, keys=OUTCOME_KEYS, tiers=TIERS,
                         problems=problems or {}, values=values or {}, error=error,
                         kind=request.query_params.get("kind", ""), reauth=reauth_needed(request))


def reveal(request: Request) -> Response:
    """The assignee of an open call task sees the number to dial; audited as a dial."""
    st = request.state
    task, source = _call_task(request, request.path_params["task_id"])
    if task.status != "open":
        raise PermissionDenied(f"task {task.id} is {task.status}: numbers are shown for open call tasks only")
    require_reauth(request)
    from core.models import Customer

    customer = st.db.get(Customer, source.customer_id)
    audit.record(st.db, actor=st.user.username, action="dial", entity="customer", entity_id=customer.id,
                 after={"task_id": task.id, "fields": ["phone"]})
    number = national(customer.phone) if customer.phone else _("无号码")
    return HTMLResponse(f'<span class="phone" id="phone">{number}</span>')


def log(request: Request) -> Response:
    st = request.state
    task_id = request.path_params["task_id"]
    task, _source = _call_task(request, task_id)
    form = st.form
    outcome = str(form.get("outcome", ""))
    if outcome not in OUTCOMES:
        raise ValidationError(_("请选择回访结果"))
    form_key = survey_form_key(st.app, task)
    survey = None
    if outcome == "reached" and form_key:
        spec = find_form(st.app, form_key)
        survey = answers_from(spec, form, prefix="q_")
        problems = problems_zh(spec, survey)
        if problems:
            return call_screen(request, task_id, problems=problems, values=survey, status=400,
                               error=_("问卷有 %(n)s 处需要更正", n=len(problems)))
    try:
        result = log_call(st.app, st.db, task_id=task_id, outcome=outcome, user=st.user,
                          note=str(form.get("note", "")).strip(), survey=survey,
                          complaint=str(form.get("complaint", "")).strip() or None)
    except FormInvalid as exc:
        return call_screen(request, task_id, values=survey or {}, status=400, error="；".join(exc.problems))
    notice = _("已记录：%(o)s", o=OUTCOMES[outcome])
    if result.invalid is not None:
        notice += _("；该号码已列为无效号码，转交核实")
    if result.complaint_id:
        notice += _("；已登记投诉 #%(n)s", n=result.complaint_id)
    params = {"notice": notice, **({"kind": form.get("kind")} if form.get("kind") else {})}
    return RedirectResponse("/calls/next?" + urlencode(params), status_code=303)


def invalid_list(request: Request) -> Response:
    st = request.state
    require(st.app, st.db, st.user, "followup.invalid_number", "read")
    from core.models import Customer
    from core.people import working_store
    from core.phones import mask_phone

    store = working_store(st.db, st.user, None)
    week = containing("week", cst_today()).code
    items = for_week(st.db, store.id, week)
    names = dict(st.db.execute(select(Customer.id, Customer.name)
                               .where(Customer.id.in_([i.customer_id for i in items]))).all())
    rows = [{"id": i.id, "customer_id": i.customer_id, "name": names.get(i.customer_id, ""),
             "phone": mask_phone(i.phone), "failures": i.failures, "reason": OUTCOMES.get(i.reason, i.reason),
             "status": STATUS_ZH.get(i.status, i.status), "due_back": i.due_back_at} for i in items]
    threshold = settings.get(st.app, st.db, "followup.invalid_threshold", store.id)
    return st.web.render(request, "web/invalid.html", title=_("无效号码") + f" {week}", rows=rows,
                         threshold=threshold)


ROUTES = [
    WebRoute("web.calls", "/calls", queue),
    WebRoute("web.calls_next", "/calls/next", next_call),
    WebRoute("web.calls_invalid", "/calls/invalid", invalid_list),
    WebRoute("web.call", "/calls/{task_id:int}", lambda r: call_screen(r)),
    WebRoute("web.call_log", "/calls/{task_id:int}/log", log, ("POST",)),
    WebRoute("web.call_reveal", "/calls/{task_id:int}/reveal", reveal, ("POST",)),
]
