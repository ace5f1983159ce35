"""Service types and the DMS values mapped onto them, per store (an unknown value stops an import)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.errors import ValidationError
from core.models import ServiceType, ServiceTypeAlias
from core.people import store_by_code


def aliases_for(session: Session, store_code: str | None) -> list[dict[str, Any]]:
    """Each code with its Chinese name and the values that mean it in this store (defaults included)."""
    store = store_by_code(session, store_code)
    mapped: dict[str, list[str]] = {}
    for alias, code in session.execute(
            select(ServiceTypeAlias.alias, ServiceTypeAlias.code)
            .where((ServiceTypeAlias.store_id.is_(None)) | (ServiceTypeAlias.store_id == store.id))
            .order_by(ServiceTypeAlias.id)):
        mapped.setdefault(code, []).append(alias)
    return [{"code": t.code, "name_zh": t.name_zh, "aliases": mapped.get(t.code, [])}
            for t in session.scalars(select(ServiceType).order_by(ServiceType.code))]


def map_alias(session: Session, value: str, code: str, store_code: str | None, *, actor: str | None) -> None:
    """Make ``value`` mean ``code`` in one store (overriding a default mapping)."""
    if session.get(ServiceType, code) is None:
        codes = ", ".join(session.scalars(select(ServiceType.code).order_by(ServiceType.code)))
        raise ValidationError(f"unknown service type {code!r}; codes are {codes}")
    store = store_by_code(session, store_code)
    if actor is not None:
        from core import scope
        from core.people import user_by_name

        scope.check(session, user_by_name(session, actor), store.id, f"store {store.code}")
    value = value.strip()
    row = session.scalar(select(ServiceTypeAlias).where(ServiceTypeAlias.store_id == store.id,
                                                        ServiceTypeAlias.alias == value))
    before = {"code": row.code} if row else None
    if row is None:
        session.add(ServiceTypeAlias(store_id=store.id, alias=value, code=code))
    else:
        row.code = code
    session.flush()
    audit.record(session, actor=actor, action=audit.CHANGE if row else audit.CREATE, entity="service_type_alias",
                 entity_id=f"{store.code}:{value}", before=before, after={"code": code})
