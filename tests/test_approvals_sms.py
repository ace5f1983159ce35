"""APR-SMS end to end and every refusal the issue lists, on the engine."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from core.approvals.engine import Approvals, FileToAttach
from core.errors import PermissionDenied, ValidationError
from core.models import ApprovalDecision, ApprovalRequest, AuditEntry, FormAnswer, Task
from core.people import set_away
from core.workdays import cst_today
from tests.approvals_support import SMS_DATA, staffed_app, user
from tests.approvals_support import attachments_in_tmp  # noqa: F401  (autouse)


@pytest.fixture
def app(make_app):
    return staffed_app(make_app, plugins=())


def _submit(app, author="li", data=None):
    engine = Approvals(app)
    with app.session() as s:
        return engine.submit(s, user(s, author), "sms_request", data or SMS_DATA).id


def _act(app, username, verb, request_id, **kw):
    engine = Approvals(app)
    with app.session() as s:
        req = getattr(engine, verb)(s, user(s, username), request_id, **kw)
        return req.status


def _open_tasks(app, request_id):
    with app.session() as s:
        return [(t.key, t.role_code, t.assignee_id) for t in s.scalars(
            select(Task).where(Task.link_kind == "approval", Task.link_id == request_id, Task.status == "open")
            .order_by(Task.id))]


def _snapshot(app):
    """Everything a refused action must leave unchanged."""
    with app.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in
                     (ApprovalRequest, ApprovalDecision, Task, AuditEntry, FormAnswer)) + tuple(
            s.execute(select(ApprovalRequest.id, ApprovalRequest.status, ApprovalRequest.round)).all())


def test_sms_request_runs_dept_head_deputy_gm_gm_and_cr_is_told_to_send(app):
    rid = _submit(app)
    with app.session() as s:
        wang = user(s, "wang")
        assert _open_tasks(app, rid) == [("core.approval_step", None, wang.id)]
        assert [r.id for r in Approvals(app).pending_for(s, wang)] == [rid]
        assert Approvals(app).pending_for(s, user(s, "zhao")) == []
    assert _act(app, "wang", "approve", rid, comment="同意,注意退订说明") == "pending"
    assert _open_tasks(app, rid) == [("core.approval_step", "deputy_gm", None)]
    assert _act(app, "zhao", "approve", rid, comment="同意") == "pending"
    assert _open_tasks(app, rid) == [("core.approval_step", "gm", None)]
    assert _act(app, "qian", "approve", rid, comment="批准发送") == "approved"
    assert _open_tasks(app, rid) == [("core.approval_action", "cr", None)]
    with app.session() as s:
        req = s.get(ApprovalRequest, rid)
        assert [(d.action, d.step.title_zh if d.step else None, d.comment) for d in req.decisions] == [
            ("submit", None, ""), ("approve", "部门经理", "同意,注意退订说明"), ("approve", "副总经理", "同意"),
            ("approve", "总经理", "批准发送")]
        send = s.scalars(select(Task).where(Task.key == "core.approval_action")).one()
        assert "发送短信" in send.title and send.duties == ["APR-SMS"]
        actions = [a for (a,) in s.execute(select(AuditEntry.action).where(AuditEntry.entity == "approval"))]
        assert actions == ["create", "approve", "approve", "approve"]
        assert Approvals(app).data(s, req)["cost"] == Decimal("48.00")


def test_hook_on_approval_decided(app):
    seen = []

    class Listener:
        from core import hookimpl

        @staticmethod
        @hookimpl
        def on_approval_decided(app, session, request, decision):
            seen.append((request.id, decision.action, request.status))

    app.host.pm.register(Listener, name="listener")
    rid = _submit(app)
    _act(app, "wang", "approve", rid, comment="ok")
    assert seen == [(rid, "submit", "pending"), (rid, "approve", "pending")]


def test_nobody_approves_their_own_request(app):
    rid = _submit(app, author="wang")  # the dept head writes it: his own step is refused
    before = _snapshot(app)
    with pytest.raises(PermissionDenied, match="their own request"):
        _act(app, "wang", "approve", rid)
    assert _snapshot(app) == before


def test_wrong_role_twice_and_finished_requests_are_refused_without_change(app):
    rid = _submit(app)
    before = _snapshot(app)
    with pytest.raises(PermissionDenied, match="only 部门经理 王建国 may approve"):
        _act(app, "qian", "approve", rid)
    assert _snapshot(app) == before
    _act(app, "wang", "approve", rid, comment="ok")
    before = _snapshot(app)
    with pytest.raises(PermissionDenied, match="you already approved request .* at 部门经理"):
        _act(app, "wang", "approve", rid)
    assert _snapshot(app) == before
    _act(app, "zhao", "approve", rid)
    _act(app, "qian", "approve", rid)
    before = _snapshot(app)
    for verb, who in (("approve", "qian"), ("reject", "qian"), ("send_back", "qian"), ("withdraw", "li")):
        with pytest.raises(ValidationError, match="already approved"):
            _act(app, who, verb, rid, comment="x")
    assert _snapshot(app) == before


def test_reject_returns_to_author_who_resubmits_with_changes_and_history_is_kept(app):
    rid = _submit(app)
    _act(app, "wang", "approve", rid, comment="ok")
    with pytest.raises(ValidationError, match="say why"):
        _act(app, "zhao", "reject", rid)
    assert _act(app, "zhao", "reject", rid, comment="条数太多,控制在200条以内") == "rejected"
    assert _open_tasks(app, rid) == [("core.approval_rework", None, _uid(app, "li"))]
    with pytest.raises(PermissionDenied, match="only the author"):
        _act(app, "sun", "resubmit", rid)
    with pytest.raises(ValidationError, match="was rejected"):
        _act(app, "qian", "approve", rid)
    engine = Approvals(app)
    with app.session() as s:
        req = engine.resubmit(s, user(s, "li"), rid, {**SMS_DATA, "count": 200}, comment="已减少条数")
        assert (req.status, req.round) == ("pending", 2)
    assert _open_tasks(app, rid) == [("core.approval_step", None, _uid(app, "wang"))]
    for who in ("wang", "zhao", "qian"):
        _act(app, who, "approve", rid)
    with app.session() as s:
        req = s.get(ApprovalRequest, rid)
        assert req.status == "approved"
        assert [(d.round, d.action) for d in req.decisions] == [
            (1, "submit"), (1, "approve"), (1, "reject"), (2, "resubmit"), (2, "approve"), (2, "approve"),
            (2, "approve")]
        assert req.decisions[2].comment == "条数太多,控制在200条以内"
        assert engine.data(s, req)["count"] == 200
        assert [(st.round, st.status) for st in req.steps] == [
            (1, "approved"), (1, "rejected"), (1, "cancelled"), (2, "approved"), (2, "approved"), (2, "approved")]


def _uid(app, username):
    with app.session() as s:
        return user(s, username).id


def test_withdraw_only_before_the_first_decision_and_only_by_the_author(app):
    rid = _submit(app)
    with pytest.raises(PermissionDenied, match="only the author"):
        _act(app, "wang", "withdraw", rid)
    assert _act(app, "li", "withdraw", rid) == "withdrawn"
    assert _open_tasks(app, rid) == []
    with pytest.raises(ValidationError, match="withdrawn by its author"):
        _act(app, "wang", "approve", rid)
    rid2 = _submit(app)
    _act(app, "wang", "approve", rid2)
    before = _snapshot(app)
    with pytest.raises(ValidationError, match="can no longer be withdrawn: 部门经理 has already decided"):
        _act(app, "li", "withdraw", rid2)
    assert _snapshot(app) == before


def test_return_sends_the_request_back_one_step(app):
    rid = _submit(app)
    with pytest.raises(ValidationError, match="no earlier step"):
        _act(app, "wang", "send_back", rid)
    _act(app, "wang", "approve", rid)
    assert _act(app, "zhao", "send_back", rid, comment="请部门经理核实条数") == "pending"
    assert _open_tasks(app, rid) == [("core.approval_step", None, _uid(app, "wang"))]
    _act(app, "wang", "approve", rid, comment="已核实")
    assert _open_tasks(app, rid) == [("core.approval_step", "deputy_gm", None)]


def test_delegate_decides_while_the_approver_is_away_and_the_sheet_says_so(app):
    rid = _submit(app)
    today = cst_today()
    with app.session() as s:
        set_away(s, username="wang", until=today + dt.timedelta(days=3), delegate="sun")
    with app.session() as s:
        assert [r.id for r in Approvals(app).pending_for(s, user(s, "sun"))] == [rid]
    _act(app, "sun", "approve", rid, comment="代王经理签")
    with app.session() as s:
        d = s.get(ApprovalRequest, rid).decisions[-1]
        assert (d.actor_id, d.on_behalf_of_id) == (_uid(app, "sun"), _uid(app, "wang"))
    rid2 = _submit(app)
    with app.session() as s:
        set_away(s, username="wang", until=None)
    with pytest.raises(PermissionDenied):
        _act(app, "sun", "approve", rid2)


def test_bad_answers_are_refused_and_nothing_is_written(app):
    before = _snapshot(app)
    cases = [
        ({k: v for k, v in SMS_DATA.items() if k != "message"}, "短信内容 \\(message\\) is required"),
        ({**SMS_DATA, "count": "三百"}, "is not a number"),
        ({**SMS_DATA, "audience": "everyone"}, "not one of the choices offered"),
        ({**SMS_DATA, "send_date": "12/01/2026"}, "is not a date"),
        ({**SMS_DATA, "cost": "12.345"}, "at most two decimals"),
        ({**SMS_DATA, "audience": "other"}, "其他发送对象 \\(audience_other\\) is required"),
    ]
    for data, message in cases:
        with pytest.raises(ValidationError, match=message):
            _submit(app, data=data)
    engine = Approvals(app)
    with app.session() as s, pytest.raises(ValidationError, match="does not exist"):
        engine.submit(s, user(s, "li"), "sms_request", SMS_DATA, files=[FileToAttach("/nonexistent/list.xlsx")])
    assert _snapshot(app) == before


def test_submit_needs_a_department_head(app):
    from core.models import Department

    with app.session() as s:
        for d in s.scalars(select(Department).where(Department.code == "cr")):
            d.head_id = None
    with pytest.raises(ValidationError, match="客户部 has no head to sign 部门经理.*`crdesk users set-head cr USER`"):
        _submit(app)


def test_status_changes_only_along_declared_transitions_even_from_code(app):
    from core.models.approvals import IllegalTransition

    rid = _submit(app)
    _act(app, "li", "withdraw", rid)
    with pytest.raises(IllegalTransition, match="no transition from 'withdrawn' to 'approved'"):
        with app.session() as s:
            s.get(ApprovalRequest, rid).status = "approved"
    with app.session() as s:
        assert s.get(ApprovalRequest, rid).status == "withdrawn"
