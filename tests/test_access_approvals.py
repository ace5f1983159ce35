"""A head's own request does not deadlock (the next person up signs); an admin reassigns a stuck step."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from core.approvals.engine import Approvals
from core.approvals.escalation import reassign
from core.errors import PermissionDenied
from core.models import AuditEntry, Task
from tests.approvals_support import SMS_DATA, staffed_app, user
from tests.approvals_support import attachments_in_tmp  # noqa: F401  (autouse)

PURCHASE = {"subject": "采购打印纸", "amount": "300"}


@pytest.fixture
def app(make_app):
    return staffed_app(make_app)


def _submit(app, author, chain, data):
    with app.session() as s:
        req = Approvals(app).submit(s, user(s, author), chain, data)
        return req.id, [(st.title_zh, st.status) for st in req.steps]


def _act(app, username, verb, request_id, **kw):
    with app.session() as s:
        return getattr(Approvals(app), verb)(s, user(s, username), request_id, **kw).status


def test_the_head_submitting_goes_to_the_deputy_gm_who_signs_and_it_is_approved(app):
    rid, steps = _submit(app, "wang", "dealer_chains.purchase", PURCHASE)  # wang heads 客户部
    assert steps == [("部门经理(申请人为部门经理,由副总经理签)", "pending")]
    with pytest.raises(PermissionDenied, match="their own request"):
        _act(app, "wang", "approve", rid)
    with app.session() as s:
        tasks = s.scalars(select(Task).where(Task.link_id == rid, Task.status == "open")).all()
        assert [t.role_code for t in tasks] == ["deputy_gm"]  # on the deputy's agenda, not the author's
    assert _act(app, "zhao", "approve", rid) == "approved"


def test_when_the_next_person_up_signs_later_anyway_the_head_step_is_left_out(app):
    rid, steps = _submit(app, "wang", "sms_request", SMS_DATA)
    assert steps == [("副总经理", "pending"), ("总经理", "waiting")]
    assert "部门经理" not in [t for t, _ in steps]
    _, others = _submit(app, "li", "sms_request", SMS_DATA)  # anyone else's request still starts at the head
    assert others[0] == ("部门经理", "pending")


def test_admin_reassigns_a_stuck_step_and_it_is_audited(app):
    rid, _ = _submit(app, "sun", "dealer_chains.purchase", PURCHASE)  # waits for wang, who has left
    engine = Approvals(app)
    with app.session() as s, pytest.raises(PermissionDenied):
        reassign(engine, s, user(s, "wang"), rid, "zhao")  # a manager may not
    with app.session() as s:
        req = reassign(engine, s, user(s, "admin"), rid, "zhao", comment="王经理离职")
        assert engine.current_step(req).assignee_id == user(s, "zhao").id
    with pytest.raises(PermissionDenied):
        _act(app, "wang", "approve", rid)
    assert _act(app, "zhao", "approve", rid) == "approved"
    with app.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "reassign")).one()
        assert entry.actor == "admin" and entry.after["assignee"] == "zhao" and entry.entity_id == str(rid)
