"""Stores, departments and staff: the operations the CLI and the approvals engine use.

Every change is audited. ``department_head`` answers the manual's "部门经理":
the head of the requester's department.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.errors import ValidationError
from core.models import Department, Role, Store, User, UserRole

#: Department codes scripts rely on, with the names the manual uses.
DEPARTMENTS: dict[str, str] = {
    "cr": "客户部",
    "sales": "销售部",
    "service": "售后部",
    "finance": "财务部",
    "admin": "综合部",
    "gm_office": "总经办",
}


def add_store(session: Session, *, code: str, name: str, city: str = "", address: str = "", phone: str = "",
              sms_signature: str = "", actor: str | None = None) -> Store:
    """A store with its six departments (heads are set later with :func:`set_head`)."""
    if session.scalar(select(Store.id).where(Store.code == code)) is not None:
        raise ValidationError(f"store {code!r} already exists: see `crdesk stores list`")
    store = Store(code=code, name=name, city=city, address=address, phone=phone, sms_signature=sms_signature)
    session.add(store)
    session.flush()
    session.add_all(Department(store_id=store.id, code=c, name_zh=n) for c, n in DEPARTMENTS.items())
    session.flush()
    audit.record(session, actor=actor, action=audit.CREATE, entity="store", entity_id=store.id,
                 after={"code": code, "name": name, "city": city})
    return store


def store_by_code(session: Session, code: str | None) -> Store:
    """The store named ``code``; without a code, the only store (a single-store database needs no ``--store``)."""
    if code is not None:
        store = session.scalar(select(Store).where(Store.code == code))
        if store is None:
            raise ValidationError(f"no store {code!r}: see `crdesk stores list`")
        return store
    stores = list(session.scalars(select(Store).order_by(Store.id).limit(2)))
    if not stores:
        raise ValidationError("there is no store yet: add one with `crdesk stores add CODE NAME`")
    if len(stores) > 1:
        raise ValidationError("this database holds several stores: pass --store CODE")
    return stores[0]


def user_by_name(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise ValidationError(f"no user {username!r}: see `crdesk users list`")
    return user


def department(session: Session, store: Store, code: str) -> Department:
    dept = session.scalar(select(Department).where(Department.store_id == store.id, Department.code == code))
    if dept is None:
        raise ValidationError(f"no department {code!r} in store {store.code!r}; departments are "
                              + ", ".join(DEPARTMENTS))
    return dept


def add_user(session: Session, *, username: str, roles: Sequence[str], dept: str, store: Store,
             full_name: str = "", actor: str | None = None) -> User:
    """A staff user with one or more role codes, in department ``dept`` of ``store``."""
    if not roles:
        raise ValidationError("give at least one --role")
    known = set(session.scalars(select(Role.code)))
    unknown = [r for r in roles if r not in known]
    if unknown:
        raise ValidationError(f"unknown role {unknown[0]!r}; roles are {', '.join(sorted(known))}")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ValidationError(f"user {username!r} already exists")
    me = _acting(session, actor)
    if me is not None:
        from core import scope

        scope.check(session, me, store.id, f"store {store.code}")
    department_ = department(session, store, dept)
    user = User(username=username, full_name=full_name, store_id=store.id, department_id=department_.id)
    user.roles.extend(UserRole(role_code=r) for r in dict.fromkeys(roles))
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, action=audit.CREATE, entity="user", entity_id=user.id,
                 after={"username": username, "full_name": full_name, "roles": sorted(set(roles)),
                        "store": store.code, "dept": dept})
    return user


def _acting(session: Session, actor: str | None) -> User | None:
    """The acting user behind ``actor`` (None for the system, which is not scoped)."""
    if actor is None:
        return None
    return session.scalar(select(User).where(User.username == actor))


def set_head(session: Session, *, store: Store, dept: str, username: str, actor: str | None = None) -> Department:
    """Make ``username`` the head of ``dept``: the approver chains mean by "部门经理".

    The head works in that store, and the store is in the acting user's scope.
    """
    from core import scope

    department_ = department(session, store, dept)
    user = user_by_name(session, username)
    me = _acting(session, actor)
    if me is not None:
        scope.check(session, me, store.id, f"department {dept} of store {store.code}")
        scope.check_person(session, me, user, "the head")
    if user.store_id != store.id:
        raise ValidationError(f"{username!r} does not work in store {store.code}: a department head works in "
                              "the department's store (move them first with `crdesk users set USER --store`)")
    before = department_.head.username if department_.head else None
    department_.head_id = user.id
    session.flush()
    audit.record(session, actor=actor, action=audit.CHANGE, entity="department", entity_id=department_.id,
                 before={"head": before}, after={"head": username})
    return department_


def set_away(session: Session, *, username: str, until: dt.date | None, delegate: str | None = None,
             actor: str | None = None) -> User:
    """Mark a user away until ``until`` (inclusive) with an optional delegate; ``until=None`` means back."""
    from core import scope

    user = user_by_name(session, username)
    delegate_user = user_by_name(session, delegate) if delegate else None
    if delegate_user is not None and delegate_user.id == user.id:
        raise ValidationError("a user cannot be their own delegate")
    me = _acting(session, actor)
    if me is not None:
        scope.check_person(session, me, user, "the user")
        if delegate_user is not None:
            scope.check_person(session, me, delegate_user, "the delegate")
    if delegate_user is not None and not delegate_user.active:
        raise ValidationError(f"the delegate {delegate!r} is deactivated")
    if delegate_user is not None and delegate_user.store_id != user.store_id:
        raise ValidationError(f"the delegate {delegate!r} works in another store than {username!r}: "
                              "a delegate decides for the same store")
    before = {"away_until": user.away_until, "delegate": user.delegate_id}
    user.away_until = until
    user.delegate_id = delegate_user.id if delegate_user and until else None
    session.flush()
    audit.record(session, actor=actor, action=audit.CHANGE, entity="user", entity_id=user.id,
                 before=before, after={"away_until": until, "delegate": user.delegate_id})
    return user


def department_head(session: Session, user: User) -> User | None:
    """The head of ``user``'s department (the manual's 部门经理 for a request ``user`` makes)."""
    if user.department_id is None:
        return None
    head_id = session.scalar(select(Department.head_id).where(Department.id == user.department_id))
    return session.get(User, head_id) if head_id is not None else None


def users_with_role(session: Session, role: str, *, store_id: int | None = None) -> list[User]:
    """Active users holding ``role`` (in one store when given), by username."""
    stmt = (select(User).join(UserRole).where(UserRole.role_code == role, User.active)
            .order_by(User.username))
    if store_id is not None:
        stmt = stmt.where(User.store_id == store_id)
    return list(session.scalars(stmt))


def working_store(session: Session, user: User, code: str | None = None) -> Store:
    """The store a command acts on: ``--store CODE`` within the user's scope, else their store, else the only one."""
    from core import scope

    return scope.store(session, user, code)
