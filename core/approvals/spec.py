"""Approval chain specs a plugin contributes through ``register_approval_chains``.

A chain is ordered steps; each step is decided by any one holder of its roles,
or by a department head (the requester's 部门经理, or the head of the
requesting department for the optional "(业务部门→)" head). Conditions are
Python callables the plugin passes in, never strings stored and evaluated.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from core.errors import PluginError

#: The step is decided by the head of the author's department (部门经理).
DEPARTMENT_HEAD = "department_head"
#: The step is decided by the head of the department that asked the handler to submit (业务部门).
REQUESTING_DEPARTMENT_HEAD = "requesting_department_head"
APPROVERS = (DEPARTMENT_HEAD, REQUESTING_DEPARTMENT_HEAD)
ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


@dataclass(frozen=True)
class Condition:
    """Switches an optional step on; ``test`` receives the request's form answers."""

    key: str
    title_zh: str
    test: Callable[[Mapping[str, Any]], bool]

    def holds(self, data: Mapping[str, Any]) -> bool:
        return bool(self.test(data))


@dataclass(frozen=True)
class RequiredAttachment:
    """A file a step cannot be approved without, e.g. ``RequiredAttachment("invoice_photo", "发票照片")``."""

    name: str
    label_zh: str


@dataclass(frozen=True)
class Step:
    id: str
    title_zh: str
    roles: tuple[str, ...] = ()
    approver: str | None = None
    when: Condition | None = None
    attachments: tuple[RequiredAttachment, ...] = ()

    @property
    def optional(self) -> bool:
        return self.when is not None or self.approver == REQUESTING_DEPARTMENT_HEAD


@dataclass(frozen=True)
class FollowUp:
    """What happens once the chain is approved: a task for a role (or for the author)."""

    id: str
    title_zh: str
    role: str | None = None
    to_author: bool = False
    due_days: int = 3


@dataclass(frozen=True)
class ChainSpec:
    key: str
    title_zh: str
    form: str
    steps: tuple[Step, ...]
    follow_ups: tuple[FollowUp, ...] = ()
    duties: tuple[str, ...] = ()
    #: The author may decide a step of their own request (off by default, as in the manual's practice).
    allow_self_approval: bool = False
    #: Each step must be decided by a different person.
    distinct_approvers: bool = False
    #: The form field whose answer titles the request (else the chain's title).
    title_field: str | None = None
    #: Days an approver has before a step's task is due.
    step_due_days: int = 2

    def __post_init__(self) -> None:
        where = f"approval chain {self.key!r}"
        if not self.steps:
            raise PluginError(f"{where} has no steps")
        ids = [s.id for s in self.steps]
        for step in self.steps:
            if not ID_RE.match(step.id) or ids.count(step.id) > 1:
                raise PluginError(f"{where}: step id {step.id!r} must be lower_snake_case and unique")
            if bool(step.roles) == bool(step.approver):
                raise PluginError(f"{where}: step {step.id!r} needs either roles or an approver "
                                  f"({' or '.join(APPROVERS)}), not both")
            if step.approver is not None and step.approver not in APPROVERS:
                raise PluginError(f"{where}: step {step.id!r} has unknown approver {step.approver!r}")
        heads = [i for i, s in enumerate(self.steps) if s.approver == REQUESTING_DEPARTMENT_HEAD]
        if heads and heads != [0]:
            raise PluginError(f"{where}: the requesting department's step can only be the first step")
        for follow in self.follow_ups:
            if bool(follow.role) == follow.to_author:
                raise PluginError(f"{where}: follow-up {follow.id!r} needs a role or to_author=True")

    @property
    def has_requesting_department(self) -> bool:
        return self.steps[0].approver == REQUESTING_DEPARTMENT_HEAD

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)


def department_manager(*, attachments: tuple[RequiredAttachment, ...] = ()) -> Step:
    """部门经理: the head of the requester's department."""
    return Step("dept_manager", "部门经理", approver=DEPARTMENT_HEAD, attachments=attachments)


def requesting_department() -> Step:
    """The optional "(业务部门→)" head: the requesting department's head, when another department asked."""
    return Step("requesting_dept", "业务部门", approver=REQUESTING_DEPARTMENT_HEAD)


def role_step(step_id: str, title_zh: str, *roles: str, when: Condition | None = None,
              attachments: tuple[RequiredAttachment, ...] = ()) -> Step:
    return Step(step_id, title_zh, roles=tuple(roles), when=when, attachments=attachments)
