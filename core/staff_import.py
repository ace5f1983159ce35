"""``crdesk users import``: a staff list (CSV/XLSX, Chinese headers) added or updated all at once, or not at all.

Headers: 用户名 (required), 姓名, 角色 (codes or Chinese names, several separated
by 、 , ; or /), 部门 (code or Chinese name), 门店 (store code; default the
importer's own store). Every bad cell is one line naming the file, row and
column; one bad cell writes nothing. A re-run changes only what differs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import scope
from core.access import require
from core.errors import CrdeskError, ValidationError
from core.importer.cells import text
from core.importer.readers import open_table
from core.models import Department, Role, Store, User
from core.people import DEPARTMENTS, add_user
from core.staff import set_user

if TYPE_CHECKING:
    from core.app import CrDesk

HEADERS = {"用户名": "username", "姓名": "full_name", "角色": "roles", "部门": "dept", "门店": "store"}
_SPLIT = re.compile(r"[,，、;；/\s]+")
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
MAX_ERRORS = 50


@dataclass
class StaffImport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class _Row:
    line: int
    username: str
    full_name: str | None
    roles: list[str]
    dept: str | None
    store: str | None


def import_staff(app: CrDesk, session: Session, actor: User, path: Path) -> StaffImport:
    """Add or update every person of ``path`` in the caller's transaction; raises listing every bad cell."""
    require(app, session, actor, "user", "create")
    require(app, session, actor, "user", "change")
    table = open_table(path)
    columns = {h.strip(): i for i, h in enumerate(table.headers) if h and h.strip() in HEADERS}
    if "用户名" not in columns:
        raise ValidationError(f"{path.name}: no column 用户名; columns are {', '.join(HEADERS)}")
    roles = _lookup(session.execute(select(Role.code, Role.name_zh)).all())
    depts = _lookup(DEPARTMENTS.items())
    in_scope = set(scope.stores(session, actor))
    errors: list[str] = []
    rows: list[_Row] = []
    seen: dict[str, int] = {}

    def bad(line: int, header: str, message: str) -> None:
        errors.append(f"{path.name}, row {line}, {header}: {message}")

    for line, cells in table.rows:
        get = {h: text(cells[i]) if i < len(cells) else "" for h, i in columns.items()}
        if not any(get.values()):
            continue
        username = get["用户名"]
        if not _USERNAME.match(username):
            bad(line, "用户名", f"{username!r} is not a user name (letters, digits, _ . -)")
        elif username in seen:
            bad(line, "用户名", f"{username!r} is already on row {seen[username]}")
        seen.setdefault(username, line)
        codes = [roles.get(r.lower()) or r for r in _SPLIT.split(get.get("角色", "")) if r]
        for code in codes:
            if code not in roles.values():
                bad(line, "角色", f"unknown role {code!r}")
        dept_raw = get.get("部门", "")
        dept = depts.get(dept_raw.lower()) if dept_raw else None
        if dept_raw and dept is None:
            bad(line, "部门", f"unknown department {dept_raw!r}; departments are {', '.join(DEPARTMENTS.values())}")
        store_code = get.get("门店") or None
        if store_code is not None and store_code not in in_scope:
            bad(line, "门店", f"store {store_code!r} is unknown or outside your stores ({', '.join(sorted(in_scope))})")
        exists = session.scalar(select(User).where(User.username == username)) if username else None
        if exists is None and (not codes or not dept_raw):
            bad(line, "角色" if not codes else "部门", "a new user needs 角色 and 部门")
        if exists is not None and not scope.may_see(session, actor, exists.store_id):
            bad(line, "用户名", f"{username!r} works in a store outside your stores")
        if len(errors) >= MAX_ERRORS:
            break
        rows.append(_Row(line, username, get.get("姓名") if "姓名" in columns else None, codes, dept, store_code))
    if errors:
        more = " (stopped at the first 50)" if len(errors) >= MAX_ERRORS else ""
        raise ValidationError(f"{path.name}: nothing imported, {len(errors)} bad cell(s){more}:\n  "
                              + "\n  ".join(errors))
    if not rows:
        raise ValidationError(f"{path.name}: no staff rows")
    result = StaffImport()
    for row in rows:
        try:
            _apply(app, session, actor, row, result)
        except CrdeskError as exc:
            raise ValidationError(f"{path.name}, row {row.line}: nothing imported: {exc}") from None
    return result


def _lookup(pairs: Any) -> dict[str, str]:
    """Code and Chinese name (lower-cased) -> code."""
    out: dict[str, str] = {}
    for code, name in pairs:
        out[str(code).lower()] = code
        out[str(name).lower()] = code
    return out


def _apply(app: CrDesk, session: Session, actor: User, row: _Row, result: StaffImport) -> None:
    user = session.scalar(select(User).where(User.username == row.username))
    if user is None:
        store = scope.store(session, actor, row.store)
        add_user(session, username=row.username, roles=row.roles, dept=row.dept or "", store=store,
                 full_name=row.full_name or "", actor=actor.username)
        result.created += 1
        return
    store_code = session.scalar(select(Store.code).where(Store.id == user.store_id))
    dept_code = session.scalar(select(Department.code).where(Department.id == user.department_id))
    same = ((not row.roles or sorted(set(row.roles)) == sorted(user.role_codes))
            and (row.store is None or row.store == store_code)
            and (row.dept is None or row.dept == dept_code)
            and (row.full_name is None or row.full_name == user.full_name))
    if same:
        result.unchanged += 1
        return
    set_user(app, session, actor, row.username, roles=row.roles, dept=row.dept,
             store=row.store if row.store != store_code else None, full_name=row.full_name)
    result.updated += 1
