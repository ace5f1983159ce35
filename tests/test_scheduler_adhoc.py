"""Ad hoc tasks (approval steps): the contract the approvals engine relies on."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.audit import entries
from core.models import Task, User
from core.scheduler.adhoc import close_tasks_for, open_task
from core.scheduler.agenda import agenda_tasks
from core.workdays import CST
from tests.scheduler_support import Dealer, dealer  # noqa: F401 - fixture

DUE = dt.datetime(2026, 11, 27, 17, 30, tzinfo=CST)


def test_open_task_is_idempotent_and_shows_on_the_role_agenda(dealer: Dealer) -> None:
    with dealer.app.session() as s:
        first = open_task(s, key="core.approval_step", title="审批：合同审批", store_id=dealer.store_id, due_at=DUE,
                          role_code="manager", link_kind="approval", link_id=42, duties=("MKT-FIN",), actor="mk1")
        again = open_task(s, key="core.approval_step", title="审批：合同审批", store_id=dealer.store_id, due_at=DUE,
                          role_code="manager", link_kind="approval", link_id=42, actor="mk1")
        assert again.id == first.id
        mgr = s.get(User, dealer.users["mgr"])
        assert mgr is not None
        assert [t.id for t in agenda_tasks(s, day=dt.date(2026, 11, 27), user=mgr)] == [first.id]
        assert [e.action for e in entries(s, entity="task", entity_id=first.id)] == ["create"]


def test_close_tasks_for_a_record_and_reopen_after_a_resubmission(dealer: Dealer) -> None:
    with dealer.app.session() as s:
        a = open_task(s, key="core.approval_step", title="审批", store_id=dealer.store_id, due_at=DUE,
                      assignee_id=dealer.users["mgr"], link_kind="approval", link_id=7)
        open_task(s, key="core.approval_action", title="签合同", store_id=dealer.store_id, due_at=DUE,
                  role_code="manager", link_kind="approval", link_id=7)
        assert close_tasks_for(s, link_kind="approval", link_id=7, key="core.approval_step", actor="mgr") == 1
        assert close_tasks_for(s, link_kind="approval", link_id=7, status="cancelled") == 1
        assert close_tasks_for(s, link_kind="approval", link_id=7) == 0
        b = open_task(s, key="core.approval_step", title="审批", store_id=dealer.store_id, due_at=DUE,
                      assignee_id=dealer.users["mgr"], link_kind="approval", link_id=7)
        assert b.id != a.id and b.status == "open"
        statuses = dict(s.execute(select(Task.id, Task.status)).all())
        assert sorted(statuses.values()) == ["cancelled", "done", "open"]


def test_a_delegate_sees_the_tasks_of_a_colleague_who_is_away(dealer: Dealer) -> None:
    day = dt.date(2026, 11, 27)
    with dealer.app.session() as s:
        mgr = s.get(User, dealer.users["mgr"])
        assert mgr is not None
        mgr.away_until = day
        mgr.delegate_id = dealer.users["cr1"]
        task = open_task(s, key="core.approval_step", title="审批", store_id=dealer.store_id, due_at=DUE,
                         assignee_id=mgr.id, link_kind="approval", link_id=9)
        cr1 = s.get(User, dealer.users["cr1"])
        assert cr1 is not None
        assert task.id in [t.id for t in agenda_tasks(s, day=day, user=cr1)]
        assert task.id not in [t.id for t in agenda_tasks(s, day=day + dt.timedelta(days=1), user=cr1)]
