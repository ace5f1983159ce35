"""Meeting minutes (MGR-D1, W1, W2) and the tasks they create: every action item becomes a task on its owner's
agenda, due at 17:30 on its deadline; the items of an approved customer-service plan (MGR-PLAN) likewise."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from core import audit
from core.access import require
from core.errors import ValidationError
from core.forms import attachment_store
from core.forms import store as form_store
from core.models import User
from core.scheduler.adhoc import open_task
from core.workdays import CST
from plugins.manager.forms import MEETING, MEETING_KIND_ZH
from plugins.manager.models import ManagerMeeting

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.app import CrDesk
    from core.models import ApprovalRequest

ACTION_TASK = "manager.action_item"
PLAN_TASK = "manager.plan_item"
DUE_TIME = dt.time(17, 30)


def _user(session: Session, username: str, where: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        raise ValidationError(f"{where}:用户 {username!r} 不存在或已停用")
    return user


def record(app: CrDesk, session: Session, user: User, data: dict[str, Any], *, store_id: int
           ) -> tuple[ManagerMeeting, list[int]]:
    """Save the minutes and open one task per action item; the same meeting (kind, day) is recorded once."""
    require(app, session, user, "manager.meeting", "create")
    values = dict(data)
    for i, row in enumerate(values.get("attendees") or [], 1):
        _user(session, str(row.get("username", "")), f"出席第{i}行 用户名")
    owners = [_user(session, str(row.get("owner", "")), f"行动项第{i}行 负责人")
              for i, row in enumerate(values.get("actions") or [], 1)]
    submission = form_store.submit(session, MEETING, values, store=attachment_store(app), user_id=user.id,
                                   store_id=store_id)
    answers = form_store.read(session, submission.id)
    existing = session.scalar(select(ManagerMeeting).where(
        ManagerMeeting.store_id == store_id, ManagerMeeting.kind == answers["kind"],
        ManagerMeeting.held_on == answers["held_on"]))
    if existing is not None:
        raise ValidationError(f"{answers['held_on'].isoformat()} 的{MEETING_KIND_ZH[answers['kind']]}纪要已记录"
                              f"(会议 #{existing.id}),不重复记录")
    meeting = ManagerMeeting(store_id=store_id, kind=answers["kind"], held_on=answers["held_on"],
                             submission_id=submission.id, recorded_by=user.username)
    session.add(meeting)
    session.flush()
    audit.record(session, actor=user.username, action=audit.CREATE, entity="manager.meeting", entity_id=meeting.id,
                 after={"kind": meeting.kind, "held_on": meeting.held_on.isoformat(),
                        "actions": len(answers.get("actions") or [])})
    task_ids = []
    for i, (owner, row) in enumerate(zip(owners, answers.get("actions") or [], strict=True), 1):
        task = open_task(session, key=ACTION_TASK, title=f"{MEETING_KIND_ZH[meeting.kind]}行动项:{row['item']}"[:200],
                         store_id=store_id, due_at=dt.datetime.combine(row["due_on"], DUE_TIME, CST),
                         assignee_id=owner.id, link_kind="manager_action", link_id=meeting.id * 1000 + i,
                         duties=("MGR-W2",) if meeting.kind == "department" else ("MGR-D1", "MGR-W1"),
                         actor=user.username)
        task_ids.append(task.id)
    return meeting, task_ids


def open_plan_items(session: Session, req: ApprovalRequest, actor: str) -> list[int]:
    """Each item of an approved customer-service plan becomes a task for its owner, due on its deadline."""
    data = form_store.read(session, req.submission_id)
    ids = []
    for i, row in enumerate(data.get("items") or [], 1):
        owner = session.scalar(select(User).where(User.username == row["owner"]))
        task = open_task(session, key=PLAN_TASK, title=f"客户服务计划:{row['item']}"[:200], store_id=req.store_id,
                         due_at=dt.datetime.combine(row["due_on"], DUE_TIME, CST),
                         assignee_id=owner.id if owner else None, role_code=None if owner else "manager",
                         link_kind="manager_plan", link_id=req.id * 1000 + i, duties=("MGR-PLAN",), actor=actor)
        ids.append(task.id)
    return ids


def deliver_weekly_analysis(session: Session, entry: Any) -> None:
    """The rendered weekly analysis goes to the deputy GM and the GM as a task pointing at its archived PDF."""
    for role in ("deputy_gm", "gm"):
        open_task(session, key="manager.weekly_analysis_read",
                  title=f"阅读客户经理周报分析 {entry.period}(报表存档 #{entry.id},{entry.filename})"[:200],
                  store_id=entry.store_id, due_at=entry.created_at + dt.timedelta(days=2), role_code=role,
                  link_kind="report_archive", link_id=entry.id, duties=("MGR-W4",), actor=entry.rendered_by)
