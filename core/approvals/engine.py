"""The approval state machine: submit, approve, reject, return, withdraw, resubmit.

Every public method checks everything first and changes nothing when it
refuses. Each change moves the request along a declared transition
(:data:`core.models.approvals.TRANSITIONS`), writes a decision line for the
sign-off sheet and an audit entry, keeps the approvers' agenda tasks in step,
and tells plugins through ``on_approval_decided``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from core import audit, scope
from core.approvals.escalation import next_person_up
from core.approvals.spec import DEPARTMENT_HEAD, REQUESTING_DEPARTMENT_HEAD, ChainSpec, FollowUp, Step
from core.db.base import utcnow
from core.errors import PermissionDenied, ValidationError
from core.forms import find_form
from core.forms import store as form_store
from core.forms.attachments import check_readable
from core.forms.validate import validate
from core.models import (ApprovalAttachment, ApprovalDecision, ApprovalRequest, ApprovalStep, Department, Role,
                         User, UserRole)
from core.scheduler.adhoc import close_tasks_for, open_task
from core.workdays import cst_today

if TYPE_CHECKING:
    from core.app import CrDesk

LINK = "approval"
STEP_TASK = "core.approval_step"
REWORK_TASK = "core.approval_rework"
ACTION_TASK = "core.approval_action"
#: What each status means to a person reading a refusal.
STATUS_ZH = {"pending": "审批中", "approved": "已批准", "rejected": "已驳回", "withdrawn": "已撤回"}
ACTION_ZH = {"submit": "提交", "approve": "同意", "reject": "驳回", "return": "退回", "withdraw": "撤回",
             "resubmit": "重新提交"}


@dataclass(frozen=True)
class FileToAttach:
    """A file given on the command line as ``FILE`` or ``NAME=FILE`` (``NAME`` fills a required slot)."""

    path: str
    name: str = ""

    @classmethod
    def parse(cls, text: str) -> FileToAttach:
        name, sep, path = text.partition("=")
        if sep and name and "/" not in name and "\\" not in name:
            return cls(path=path, name=name)
        return cls(path=text)


class Approvals:
    """The engine for one app: the registered chains and every transition between request states."""

    def __init__(self, app: CrDesk) -> None:
        self.app = app
        self.chains: dict[str, ChainSpec] = {c.key: c for c in app.hooks.approval_chains(app)}

    # -- lookups ----------------------------------------------------------
    def chain(self, key: str) -> ChainSpec:
        """The chain named ``key``, or by its id alone (``sms_request``) when only one plugin has it."""
        if key in self.chains:
            return self.chains[key]
        matches = [c for k, c in self.chains.items() if k.split(".", 1)[1] == key]
        if len(matches) == 1:
            return matches[0]
        raise ValidationError(f"unknown approval chain {key!r}; `crdesk approvals chains` lists them")

    def request(self, session: Session, request_id: int) -> ApprovalRequest:
        req = session.get(ApprovalRequest, request_id)
        if req is None:
            raise ValidationError(f"no approval request {request_id}: see `crdesk approvals list`")
        return req

    def data(self, session: Session, req: ApprovalRequest) -> dict[str, Any]:
        return form_store.read(session, req.submission_id)

    def current_step(self, req: ApprovalRequest) -> ApprovalStep | None:
        return next((s for s in req.steps if s.round == req.round and s.status == "pending"), None)

    # -- submitting ------------------------------------------------------
    def submit(self, session: Session, user: User, chain_key: str, data: Mapping[str, Any], *,
               files: Sequence[FileToAttach] = (), requesting_department: str | None = None) -> ApprovalRequest:
        chain = self.chain(chain_key)
        spec = find_form(self.app, chain.form)
        requesting = self._requesting_department(session, user, chain, requesting_department)
        self._check_files(files)
        values = validate(spec, data)
        plan = self._plan(session, chain, user, values, requesting)
        submission = form_store.submit(session, spec, data, store=self._store(), user_id=user.id,
                                       store_id=user.store_id)
        title = str(values.get(chain.title_field) or chain.title_zh) if chain.title_field else chain.title_zh
        req = ApprovalRequest(chain_key=chain.key, title=title[:200], status="pending", author_id=user.id,
                              store_id=user.store_id, department_id=user.department_id,
                              requesting_department_id=requesting.id if requesting else None,
                              submission_id=submission.id, round=1)
        session.add(req)
        session.flush()
        self._attach(session, req, user, files)
        self._start_round(session, req, chain, plan)
        decision = self._decide(session, req, None, user, "submit", "", None)
        audit.record(session, actor=user.username, action=audit.CREATE, entity=LINK, entity_id=req.id,
                     after={"chain": chain.key, "title": req.title, "status": req.status,
                            "steps": [s.step_id for s in req.steps]})
        self._open_step_tasks(session, req, chain, user)
        self.app.hooks.approval_decided(self.app, session, req, decision)
        return req

    def resubmit(self, session: Session, user: User, request_id: int, data: Mapping[str, Any] | None = None, *,
                 files: Sequence[FileToAttach] = (), comment: str = "") -> ApprovalRequest:
        """Start the chain again after a rejection, with changed answers if given; history is kept."""
        req = self.request(session, request_id)
        chain = self.chain(req.chain_key)
        self._require_author(req, user, "resubmit")
        if req.status != "rejected":
            raise ValidationError(f"request {req.id} is {req.status} ({STATUS_ZH[req.status]}); "
                                  "only a rejected request can be resubmitted")
        self._check_files(files)
        spec = find_form(self.app, chain.form)
        values = validate(spec, data) if data is not None else self.data(session, req)
        requesting = session.get(Department, req.requesting_department_id) if req.requesting_department_id else None
        plan = self._plan(session, chain, user, values, requesting)
        if data is not None:
            submission = form_store.submit(session, spec, data, store=self._store(), user_id=user.id,
                                           store_id=req.store_id)
            req.submission_id = submission.id
            if chain.title_field and values.get(chain.title_field):
                req.title = str(values[chain.title_field])[:200]
        before = {"status": req.status, "round": req.round}
        close_tasks_for(session, link_kind=LINK, link_id=req.id, key=REWORK_TASK, actor=user.username)
        req.status = "pending"
        req.round += 1
        req.submitted_at = utcnow()
        self._attach(session, req, user, files)
        self._start_round(session, req, chain, plan)
        decision = self._decide(session, req, None, user, "resubmit", comment, None)
        audit.record(session, actor=user.username, action="resubmit", entity=LINK, entity_id=req.id,
                     before=before, after={"status": req.status, "round": req.round,
                                           "changed_answers": data is not None})
        self._open_step_tasks(session, req, chain, user)
        self.app.hooks.approval_decided(self.app, session, req, decision)
        return req

    # -- deciding --------------------------------------------------------
    def approve(self, session: Session, user: User, request_id: int, *, comment: str = "",
                files: Sequence[FileToAttach] = ()) -> ApprovalRequest:
        req, chain, step, principal = self._authorise(session, user, request_id, "approve")
        self._check_files(files)
        spec_step = chain.step(step.step_id)
        have = {a.name for a in req.attachments} | {f.name for f in files}
        missing = [a for a in spec_step.attachments if a.name not in have]
        if missing:
            names = "、".join(a.label_zh for a in missing)
            hint = " ".join(f"--attach {a.name}=FILE" for a in missing)
            raise ValidationError(f"request {req.id} cannot pass {step.title_zh} without {names} attached: "
                                  f"`crdesk approvals approve {req.id} {hint}`")
        self._attach(session, req, user, files)
        before = {"status": req.status, "step": step.step_id}
        step.status, step.decided_by_id, step.decided_at = "approved", user.id, utcnow()
        close_tasks_for(session, link_kind=LINK, link_id=req.id, key=STEP_TASK, actor=user.username)
        following = [s for s in req.steps if s.round == req.round and s.position > step.position]
        if following:
            following[0].status = "pending"
            req.status = "pending"
        else:
            req.status = "approved"
            req.finished_at = utcnow()
        decision = self._decide(session, req, step, user, "approve", comment, principal)
        audit.record(session, actor=user.username, action="approve", entity=LINK, entity_id=req.id,
                     before=before, after={"status": req.status, "step": following[0].step_id if following else None,
                                           "comment": comment, "on_behalf_of": principal.username if principal else None})
        if following:
            self._open_step_tasks(session, req, chain, user)
        else:
            self._open_follow_ups(session, req, chain, user)
        self.app.hooks.approval_decided(self.app, session, req, decision)
        return req

    def reject(self, session: Session, user: User, request_id: int, *, comment: str = "") -> ApprovalRequest:
        """Send the request back to its author with the comment; they may change and resubmit it."""
        req, chain, step, principal = self._authorise(session, user, request_id, "reject")
        if not comment.strip():
            raise ValidationError("say why in --comment: the author needs it to change the request")
        before = {"status": req.status, "step": step.step_id}
        step.status, step.decided_by_id, step.decided_at = "rejected", user.id, utcnow()
        for other in req.steps:
            if other.round == req.round and other.status == "waiting":
                other.status = "cancelled"
        req.status = "rejected"
        close_tasks_for(session, link_kind=LINK, link_id=req.id, key=STEP_TASK, status="cancelled",
                        actor=user.username)
        decision = self._decide(session, req, step, user, "reject", comment, principal)
        audit.record(session, actor=user.username, action="reject", entity=LINK, entity_id=req.id,
                     before=before, after={"status": req.status, "comment": comment})
        open_task(session, key=REWORK_TASK, title=f"{chain.title_zh} #{req.id} 被驳回:修改后重新提交或撤回",
                  store_id=req.store_id, due_at=utcnow() + dt.timedelta(days=chain.step_due_days),
                  assignee_id=req.author_id, link_kind=LINK, link_id=req.id, duties=chain.duties,
                  actor=user.username)
        self.app.hooks.approval_decided(self.app, session, req, decision)
        return req

    def send_back(self, session: Session, user: User, request_id: int, *, comment: str = "") -> ApprovalRequest:
        """``return``: hand the request back to the previous step, which decides again."""
        req, chain, step, principal = self._authorise(session, user, request_id, "return")
        earlier = [s for s in req.steps if s.round == req.round and s.position < step.position]
        if not earlier:
            raise ValidationError(f"{step.title_zh} is the first step of request {req.id}: there is no earlier "
                                  "step to return it to; use `reject` to send it back to the author")
        previous = earlier[-1]
        before = {"status": req.status, "step": step.step_id}
        step.status = "waiting"
        previous.status, previous.decided_by_id, previous.decided_at = "pending", None, None
        req.status = "pending"
        close_tasks_for(session, link_kind=LINK, link_id=req.id, key=STEP_TASK, status="cancelled",
                        actor=user.username)
        decision = self._decide(session, req, step, user, "return", comment, principal)
        audit.record(session, actor=user.username, action="return", entity=LINK, entity_id=req.id,
                     before=before, after={"status": req.status, "step": previous.step_id, "comment": comment})
        self._open_step_tasks(session, req, chain, user)
        self.app.hooks.approval_decided(self.app, session, req, decision)
        return req

    def withdraw(self, session: Session, user: User, request_id: int, *, comment: str = "") -> ApprovalRequest:
        """The author takes the request back: before the first decision, or after a rejection."""
        req = self.request(session, request_id)
        self._require_author(req, user, "withdraw")
        if req.status not in ("pending", "rejected"):
            raise ValidationError(f"request {req.id} is already {req.status} ({STATUS_ZH[req.status]}); "
                                  "there is nothing to withdraw")
        if req.status == "pending":
            decided = [d for d in req.decisions if d.round == req.round and d.action in ("approve", "return")]
            if decided:
                who = decided[0].step.title_zh if decided[0].step else "an approver"
                raise ValidationError(f"request {req.id} can no longer be withdrawn: {who} has already decided; "
                                      "ask the current approver to reject it")
        before = {"status": req.status}
        for step in req.steps:
            if step.round == req.round and step.status in ("pending", "waiting"):
                step.status = "cancelled"
        req.status = "withdrawn"
        req.finished_at = utcnow()
        close_tasks_for(session, link_kind=LINK, link_id=req.id, status="cancelled", actor=user.username)
        decision = self._decide(session, req, None, user, "withdraw", comment, None)
        audit.record(session, actor=user.username, action="withdraw", entity=LINK, entity_id=req.id,
                     before=before, after={"status": req.status})
        self.app.hooks.approval_decided(self.app, session, req, decision)
        return req

    # -- who may decide ---------------------------------------------------
    def pending_for(self, session: Session, user: User) -> list[ApprovalRequest]:
        """Requests whose current step ``user`` may decide now (directly or for someone away)."""
        stmt = (select(ApprovalStep).join(ApprovalRequest).options(contains_eager(ApprovalStep.request))
                .where(ApprovalRequest.status == "pending", ApprovalStep.status == "pending",
                       ApprovalStep.round == ApprovalRequest.round)
                .order_by(ApprovalRequest.id))
        stmt = scope.filter(stmt, ApprovalRequest, session, user)
        principals = self._principals(session, user)
        out = []
        for step in session.scalars(stmt):
            req = step.request
            chain = self.chains.get(req.chain_key)
            if chain is None or (req.author_id == user.id and not chain.allow_self_approval):
                continue
            if any(self._qualifies(p, step, req) for p in principals):
                out.append(req)
        return out

    def _principals(self, session: Session, user: User) -> list[User]:
        """``user`` and everyone away today who named ``user`` their delegate."""
        away = session.scalars(select(User).where(User.delegate_id == user.id, User.active,
                                                  User.away_until >= cst_today()).order_by(User.id))
        return [user, *away]

    @staticmethod
    def _qualifies(user: User, step: ApprovalStep, req: ApprovalRequest) -> bool:
        if not user.active or (req.store_id is not None and user.store_id != req.store_id):
            return False
        if step.assignee_id is not None:
            return user.id == step.assignee_id
        return user.has_role(*step.roles)

    def _authorise(self, session: Session, user: User, request_id: int,
                   verb: str) -> tuple[ApprovalRequest, ChainSpec, ApprovalStep, User | None]:
        req = self.request(session, request_id)
        scope.check_record(session, user, req, f"approval request {request_id}")
        chain = self.chain(req.chain_key)
        if req.status != "pending":
            reason = {"approved": "it is already approved: the chain is finished",
                      "withdrawn": "it was withdrawn by its author",
                      "rejected": "it was rejected and waits for its author to resubmit or withdraw it"}[req.status]
            raise ValidationError(f"cannot {verb} request {req.id}: {reason}")
        step = self.current_step(req)
        assert step is not None, "a pending request always has a pending step"
        if req.author_id == user.id and not chain.allow_self_approval:
            raise PermissionDenied(f"nobody may {verb} their own request: request {req.id} waits for "
                                   f"{self._who(session, step)}")
        principal: User | None = None
        if not self._qualifies(user, step, req):
            principal = next((p for p in self._principals(session, user)[1:] if self._qualifies(p, step, req)), None)
            if principal is None:
                already = next((s for s in req.steps if s.round == req.round and s.decided_by_id == user.id
                                and s.status == "approved"), None)
                prefix = f"you already approved request {req.id} at {already.title_zh}; " if already else ""
                raise PermissionDenied(f"{prefix}request {req.id} now waits for {step.title_zh}: only "
                                       f"{self._who(session, step)} may {verb} it")
            if principal.id == req.author_id and not chain.allow_self_approval:
                raise PermissionDenied(f"you stand in for {principal.username}, who wrote request {req.id}: "
                                       "nobody may decide their own request")
        if chain.distinct_approvers:
            decider_ids = {user.id} | ({principal.id} if principal else set())
            earlier = [s for s in req.steps if s.round == req.round and s.status == "approved"
                       and s.decided_by_id in decider_ids]
            if earlier:
                raise PermissionDenied(f"chain {chain.title_zh} needs a different person at each step, and you "
                                       f"already approved request {req.id} at {earlier[0].title_zh}")
        return req, chain, step, principal

    def _who(self, session: Session, step: ApprovalStep) -> str:
        if step.assignee_id is not None:
            head = session.get(User, step.assignee_id)
            return f"{step.title_zh} {head.full_name or head.username}" if head else step.title_zh
        names = dict(session.execute(select(Role.code, Role.name_zh).where(Role.code.in_(step.roles))).all())
        return " or ".join(names.get(r, r) for r in step.roles)

    def _require_author(self, req: ApprovalRequest, user: User, verb: str) -> None:
        if req.author_id != user.id:
            raise PermissionDenied(f"only the author of request {req.id} may {verb} it")

    # -- building rounds -------------------------------------------------
    def _requesting_department(self, session: Session, user: User, chain: ChainSpec,
                               code: str | None) -> Department | None:
        if code is None:
            return None
        if not chain.has_requesting_department:
            raise ValidationError(f"chain {chain.title_zh} has no requesting-department step; "
                                  "submit without --for-department")
        dept = session.scalar(select(Department).where(Department.store_id == user.store_id,
                                                       Department.code == code))
        if dept is None:
            raise ValidationError(f"no department {code!r} in your store")
        return None if dept.id == user.department_id else dept

    def _plan(self, session: Session, chain: ChainSpec, author: User, values: Mapping[str, Any],
              requesting: Department | None) -> list[tuple[Step, int | None]]:
        """The steps this request goes through, each with its assignee (for department-head steps)."""
        plan: list[tuple[Step, int | None]] = []
        for step in chain.steps:
            if step.when is not None and not step.when.holds(values):
                continue
            if step.approver == REQUESTING_DEPARTMENT_HEAD:
                if requesting is None:
                    continue
                if requesting.head_id is None:
                    raise ValidationError(f"department {requesting.name_zh} has no head to sign {step.title_zh}; "
                                          f"set one with `crdesk users set-head {requesting.code} USER`")
                if requesting.head_id == author.id:
                    plan.extend(next_person_up(session, chain, step, author))
                    continue
                plan.append((step, requesting.head_id))
            elif step.approver == DEPARTMENT_HEAD:
                dept = session.get(Department, author.department_id) if author.department_id else None
                if dept is None or dept.head_id is None:
                    where = dept.name_zh if dept else "your department"
                    code = dept.code if dept else "DEPT"
                    raise ValidationError(f"{where} has no head to sign {step.title_zh}; "
                                          f"set one with `crdesk users set-head {code} USER`")
                if dept.head_id == author.id:  # the head submits: the next person up signs (no deadlock)
                    plan.extend(next_person_up(session, chain, step, author))
                    continue
                plan.append((step, dept.head_id))
            else:
                holders = session.scalar(select(UserRole.user_id).join(User).where(
                    UserRole.role_code.in_(step.roles), User.active, User.store_id == author.store_id).limit(1))
                if holders is None:
                    raise ValidationError(f"nobody in your store holds a role that signs {step.title_zh} "
                                          f"({', '.join(step.roles)}): add one with `crdesk users add`")
                plan.append((step, None))
        return plan

    def _start_round(self, session: Session, req: ApprovalRequest, chain: ChainSpec,
                     plan: list[tuple[Step, int | None]]) -> None:
        for position, (step, assignee) in enumerate(plan, start=1):
            req.steps.append(ApprovalStep(round=req.round, position=position, step_id=step.id,
                                          title_zh=step.title_zh, status="pending" if position == 1 else "waiting",
                                          roles=list(step.roles), assignee_id=assignee))
        session.flush()

    def _open_step_tasks(self, session: Session, req: ApprovalRequest, chain: ChainSpec, actor: User) -> None:
        step = self.current_step(req)
        if step is None:
            return
        due = utcnow() + dt.timedelta(days=chain.step_due_days)
        title = f"审批 {chain.title_zh} #{req.id}「{req.title}」:{step.title_zh}"
        if step.assignee_id is not None:
            open_task(session, key=STEP_TASK, title=title[:200], store_id=req.store_id, due_at=due,
                      assignee_id=step.assignee_id, link_kind=LINK, link_id=req.id, duties=chain.duties,
                      actor=actor.username)
        for role in step.roles:
            open_task(session, key=STEP_TASK, title=title[:200], store_id=req.store_id, due_at=due,
                      role_code=role, link_kind=LINK, link_id=req.id, duties=chain.duties, actor=actor.username)

    def _open_follow_ups(self, session: Session, req: ApprovalRequest, chain: ChainSpec, actor: User) -> None:
        for follow in chain.follow_ups:
            self._open_follow_up(session, req, chain, follow, actor)

    def _open_follow_up(self, session: Session, req: ApprovalRequest, chain: ChainSpec, follow: FollowUp,
                        actor: User) -> None:
        title = f"{follow.title_zh}({chain.title_zh} #{req.id}「{req.title}」已批准)"
        open_task(session, key=ACTION_TASK, title=title[:200], store_id=req.store_id,
                  due_at=utcnow() + dt.timedelta(days=follow.due_days),
                  role_code=follow.role, assignee_id=req.author_id if follow.to_author else None,
                  link_kind=LINK, link_id=req.id, duties=chain.duties, actor=actor.username)

    # -- records -----------------------------------------------------------
    def _decide(self, session: Session, req: ApprovalRequest, step: ApprovalStep | None, user: User, action: str,
                comment: str, principal: User | None) -> ApprovalDecision:
        decision = ApprovalDecision(round=req.round, action=action, actor_id=user.id, step=step,
                                    on_behalf_of_id=principal.id if principal else None, comment=comment.strip())
        req.decisions.append(decision)
        session.flush()
        return decision

    def _check_files(self, files: Sequence[FileToAttach]) -> None:
        for f in files:
            check_readable(f.path)

    def _attach(self, session: Session, req: ApprovalRequest, user: User, files: Sequence[FileToAttach]) -> None:
        store = self._store()
        for f in files:
            row = store.put(session, f.path, user_id=user.id)
            req.attachments.append(ApprovalAttachment(attachment_id=row.id, name=f.name, round=req.round,
                                                      added_by_id=user.id))
        if files:
            session.flush()

    def _store(self) -> Any:
        from core.forms import attachment_store

        return attachment_store(self.app)
