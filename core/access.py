"""Who may do what: grants per role and entity, enforced for the CLI's acting user; masking of personal data.

Plugins declare :class:`Grant` objects through ``register_permissions``; core
declares its own in ``core.builtin_hooks``. A grant gives one role some
actions on one entity (``"customer"``, ``"<plugin>.<thing>"`` or ``"*"``).

Phones and addresses are shown masked to everybody by default (GB/T 35273
display restriction); a role with ``reveal`` on ``customer`` can ask for the
full value, and every reveal is written to the audit log. Exports use
:func:`customer_view` too, so they follow the same rule.
"""
from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from core import audit
from core.errors import PermissionDenied
from core.phones import mask_phone, national

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.models import Customer, User

ACTIONS = frozenset({"read", "create", "change", "delete", "approve", "reveal"})
ANY_ENTITY = "*"


@dataclass(frozen=True)
class Grant:
    """Role ``role`` may perform ``actions`` on ``entity``."""

    key: str
    role: str
    entity: str
    actions: tuple[str, ...]
    duties: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        bad = [a for a in self.actions if a not in ACTIONS]
        if bad:
            raise ValueError(f"grant {self.key!r}: unknown action {bad[0]!r}; actions are {sorted(ACTIONS)}")


def grants(role: str, entities: Iterable[str], actions: Iterable[str], *, prefix: str,
           duties: tuple[str, ...] = ()) -> list[Grant]:
    """One grant per entity for ``role``, keyed ``<prefix>.<role>.<entity>`` (a shorthand for plugins)."""
    acts = tuple(actions)
    return [Grant(f"{prefix}.{role}.{e}", role, e, acts, duties) for e in entities]


_TABLES: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], frozenset[str]]] = weakref.WeakKeyDictionary()


def permission_table(app: CrDesk) -> Mapping[tuple[str, str], frozenset[str]]:
    """(role, entity) -> actions, merged from every enabled plugin; cached per loaded plugin set."""
    hooks = app.hooks
    table = _TABLES.get(hooks)
    if table is None:
        merged: dict[tuple[str, str], set[str]] = {}
        for grant in hooks.permissions(app):
            merged.setdefault((grant.role, grant.entity), set()).update(grant.actions)
        table = {k: frozenset(v) for k, v in merged.items()}
        _TABLES[hooks] = table
    return table


def allowed(app: CrDesk, user: User, entity: str, action: str) -> bool:
    table = permission_table(app)
    for role in user.role_codes:
        if action in table.get((role, entity), ()) or action in table.get((role, ANY_ENTITY), ()):
            return True
    return False


def _roles_allow(app: CrDesk, roles: Iterable[str], entity: str, action: str) -> bool:
    table = permission_table(app)
    return any(action in table.get((r, entity), ()) or action in table.get((r, ANY_ENTITY), ()) for r in roles)


def _denied(app: CrDesk, username: str, roles: Iterable[str], entity: str, action: str) -> PermissionDenied:
    table = permission_table(app)
    able = sorted({role for (role, ent), acts in table.items()
                   if ent in (entity, ANY_ENTITY) and action in acts and role != "admin"})
    names = ", ".join(sorted(roles)) or "no role"
    hint = f"; roles that may: {', '.join(able)}" if able else ""
    return PermissionDenied(f"user {username!r} ({names}) may not {action} {entity}{hint}")


def require(app: CrDesk, session: Session, user: User, entity: str, action: str) -> None:
    """Raise :class:`PermissionDenied` naming the roles that could, unless ``user`` may ``action`` ``entity``."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if allowed(app, user, entity, action):
        return
    raise _denied(app, user.username, user.role_codes, entity, action)


def authorize(app: CrDesk, bind: Session | Connection, entity: str, action: str) -> str | None:
    """The check every writing service function starts with: the acting user may ``action`` ``entity``.

    Returns the acting username to attribute the change to (``None`` when code
    runs as the system, see :meth:`core.app.CrDesk.as_system`). Unknown,
    inactive or missing users are refused like a role without the right. The
    user is read with plain SQL, so the check also works on a schema older
    than the code (``crdesk db upgrade``).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if app.system:
        return app.acting_username
    username = app.acting_username
    if not username:
        raise PermissionDenied("no acting user: pass --as USERNAME or set $CRDESK_USER")
    row = bind.execute(text("SELECT id, active FROM app_user WHERE username = :u"), {"u": username}).first()
    if row is None or not row.active:
        raise PermissionDenied(f"unknown or inactive user {username!r}: see `crdesk users list`")
    roles = list(bind.execute(text("SELECT role_code FROM user_role WHERE user_id = :i"), {"i": row.id}).scalars())
    if not _roles_allow(app, roles, entity, action):
        raise _denied(app, username, roles, entity, action)
    return username


_ADDRESS_HEAD = (re.compile(r"^.{2,}?[区县]"), re.compile(r"^.{2,}?市"))


def mask_address(address: str) -> str:
    """Keep the district (广州市天河区****), hide the street and number."""
    if not address:
        return ""
    for pattern in _ADDRESS_HEAD:
        m = pattern.match(address)
        if m and len(m.group(0)) < len(address):
            return m.group(0) + "****"
    keep = address[: min(6, len(address) // 2)]
    return keep + "****"


def customer_view(app: CrDesk, session: Session, user: User, customer: Customer, *,
                  reveal: bool = False) -> dict[str, Any]:
    """The customer as ``user`` may see it; ``reveal`` shows phones and address in full and is audited."""
    require(app, session, user, "customer", "read")
    if reveal:
        require(app, session, user, "customer", "reveal")
        audit.record(session, actor=user.username, action=audit.REVEAL, entity="customer",
                     entity_id=customer.id, after={"fields": ["phone", "phone2", "address"]})

    def phone(value: str | None) -> str:
        if not value:
            return ""
        return national(value) if reveal else mask_phone(value)

    return {
        "id": customer.id,
        "name": customer.name,
        "phone": phone(customer.phone),
        "phone2": phone(customer.phone2),
        "address": customer.address if reveal else mask_address(customer.address),
        "dms_code": customer.dms_code,
        "opted_out": sorted(c.channel for c in customer.consents if not c.granted),
        "masked": not reveal,
    }


def masked_for(app: CrDesk, reader: User, values: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """Audit values as ``reader`` may see them: phone-like numbers masked unless the role may reveal customers.

    New entries never hold a full number (:func:`core.privacy.scrub`); this also
    covers entries written before that rule.
    """
    if values is None or allowed(app, reader, "customer", "reveal"):
        return values
    from core.privacy import scrub

    return scrub(values, None)


def text_for(app: CrDesk, reader: User, text: str | None) -> str:
    """Free text (call notes, complaint text) with phone-like numbers masked unless ``reader`` may reveal."""
    if not text or allowed(app, reader, "customer", "reveal"):
        return text or ""
    from core.privacy import mask_text

    return mask_text(text)


def free_text_masked(app: CrDesk, reader: User, row: dict[str, Any], *fields: str) -> dict[str, Any]:
    """``row`` with the free-text ``fields`` passed through :func:`text_for` (for listings)."""
    for name in fields:
        if isinstance(row.get(name), str):
            row[name] = text_for(app, reader, row[name])
    return row


def rights_markdown(app: CrDesk, role_names: Mapping[str, str]) -> str:
    """The roles' rights of the enabled plugins as a Markdown table (docs/security.md is checked against it)."""
    table = permission_table(app)
    lines = ["| role | 角色 | rights (entity: actions) |", "| --- | --- | --- |"]
    for role in sorted(role_names):
        rights = sorted((entity, acts) for (r, entity), acts in table.items() if r == role)
        text = "; ".join(f"`{entity}`: {', '.join(sorted(acts))}" for entity, acts in rights) or "none"
        lines.append(f"| `{role}` | {role_names[role]} | {text} |")
    return "\n".join(lines)


#: Core's own grants (registered in ``core.builtin_hooks``).
_RECORDS = ("customer", "vehicle", "delivery", "service_visit")


def core_grants() -> list[Grant]:
    out = [Grant("core.admin.all", "admin", ANY_ENTITY, tuple(sorted(ACTIONS)))]
    out += grants("manager", _RECORDS, ("read", "create", "change", "delete", "reveal"), prefix="core")
    out += grants("manager", ("audit", "user", "store"), ("read",), prefix="core")
    out += grants("cr", _RECORDS, ("read", "create", "change"), prefix="core")
    for role in ("marketing", "sales_fu", "service_fu", "gm", "deputy_gm", "sales_manager", "service_manager",
                 "sales_clerk", "service_desk", "desk_supervisor"):
        out += grants(role, _RECORDS, ("read",), prefix="core")
    out += grants("gm", ("audit",), ("read",), prefix="core")
    out += grants("sales_clerk", ("customer", "vehicle", "delivery"), ("create", "change"), prefix="core.clerk")
    out += grants("service_desk", ("customer", "vehicle", "service_visit"), ("create", "change"),
                  prefix="core.desk")
    staff = ("admin", "manager", "marketing", "cr", "sales_fu", "service_fu", "deputy_gm", "gm",
             "finance_manager", "accountant", "service_manager", "admin_clerk", "sales_clerk", "service_desk",
             "desk_supervisor", "sales_manager", "sales_desk")
    out += [Grant(f"core.{r}.staff", r, "user", ("read",)) for r in staff if r not in ("admin", "manager")]
    out += [Grant(f"core.{r}.stores", r, "store", ("read",)) for r in staff if r not in ("admin", "manager")]
    # The SMS outbox: the CR department sends approved campaigns; follow-up specialists see what went out.
    out += grants("cr", ("sms",), ("read", "create", "change"), prefix="core")
    out += grants("manager", ("sms", "setting"), ("read", "create", "change"), prefix="core")
    out += [Grant(f"core.{r}.sms", r, "sms", ("read",)) for r in ("sales_fu", "service_fu")]
    # Approvers and the CR office read the files attached to what they sign off (uploaders always may).
    out += [Grant(f"core.{r}.attachment", r, "attachment", ("read",))
            for r in ("manager", "cr", "gm", "deputy_gm", "finance_manager", "accountant", "sales_manager",
                      "service_manager", "admin_clerk")]
    # Anyone who talks to customers records their consent or opt-out on the spot.
    out += [Grant(f"core.{r}.consent", r, "consent", ("change",))
            for r in ("manager", "cr", "sales_fu", "service_fu", "service_desk", "sales_clerk")]
    # The user of the daily cron line (``crdesk --as system tasks generate``) may do nothing else.
    out.append(Grant("core.system.generate", "system", "task_generation", ("create",)))
    return out


#: Audit verb of a number shown in full to the assignee of an open call task (a dial, not a browse).
DIAL = "dial"


def dial_numbers(app: CrDesk, session: Session, user: User, task: Any, customer: Customer) -> dict[str, str]:
    """The numbers to dial for ``task``: in full for its assignee while it is open, audited as a dial.

    ``customer`` must be the customer the call task is about (the calling plugin resolves it from the task's
    source). Anyone else needs ``reveal`` on ``customer`` (audited as a reveal); without it
    :class:`PermissionDenied`, and nothing is shown or written.
    """
    require(app, session, user, "customer", "read")
    if task.status == "open" and task.assignee_id is not None and task.assignee_id == user.id:
        action = DIAL
    elif allowed(app, user, "customer", "reveal"):
        action = audit.REVEAL
    else:
        raise PermissionDenied(f"user {user.username!r} is not the assignee of open task {task.id} and may not "
                               "reveal customer numbers")
    audit.record(session, actor=user.username, action=action, entity="customer", entity_id=customer.id,
                 after={"fields": ["phone", "phone2"], "task_id": task.id})
    return {"phone": national(customer.phone) if customer.phone else "",
            "phone2": national(customer.phone2) if customer.phone2 else ""}
