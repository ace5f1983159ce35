"""Plugin settings a dealer can change: declared by plugins, stored per store or group-wide.

A plugin declares each setting once (``register_settings``) with its type,
default and Chinese description; code reads it with :func:`get`, which falls
back from the store's value to the group-wide value to the default. Changes are
audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.errors import ValidationError
from core.models.settings import SettingValue

if TYPE_CHECKING:
    from core.app import CrDesk

TYPES = ("int", "decimal", "text", "bool", "list")


@dataclass(frozen=True)
class SettingSpec:
    """A setting ``key`` ("<plugin>.<name>") of ``type`` with its ``default`` and Chinese description."""

    key: str
    type: str
    default: Any
    description_zh: str
    duties: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"setting {self.key!r}: type {self.type!r} is not one of {TYPES}")

    def parse(self, raw: str) -> Any:
        """Turn the text a person typed into a value, or say what is wrong with it."""
        try:
            if self.type == "int":
                value: Any = int(raw)
            elif self.type == "decimal":
                value = float(raw)
            elif self.type == "bool":
                if raw.lower() not in ("true", "false", "yes", "no", "1", "0"):
                    raise ValueError(raw)
                value = raw.lower() in ("true", "yes", "1")
            elif self.type == "list":
                value = [item.strip() for item in raw.split(",") if item.strip()]
            else:
                value = raw
        except ValueError:
            raise ValidationError(f"setting {self.key!r} takes a {self.type}, not {raw!r}") from None
        allowed = set(self.choices)
        if allowed:
            given = value if isinstance(value, list) else [value]
            bad = [v for v in given if v not in allowed]
            if bad:
                raise ValidationError(f"setting {self.key!r}: {bad[0]!r} is not one of {', '.join(self.choices)}")
        return value


def specs(app: CrDesk) -> dict[str, SettingSpec]:
    return {s.key: s for s in app.hooks.settings(app)}


def spec(app: CrDesk, key: str) -> SettingSpec:
    known = specs(app)
    if key not in known:
        raise ValidationError(f"unknown setting {key!r}: see `crdesk settings list`")
    return known[key]


def get(app: CrDesk, session: Session, key: str, store_id: int | None = None) -> Any:
    """The store's value, else the group-wide value, else the declared default."""
    declared = spec(app, key)
    rows = {
        r.store_id: r.value["v"]
        for r in session.scalars(
            select(SettingValue).where(
                SettingValue.key == key, (SettingValue.store_id == store_id) | SettingValue.store_id.is_(None)
            )
        )
    }
    if store_id is not None and store_id in rows:
        return rows[store_id]
    return rows.get(None, declared.default)


def _check_scope(session: Session, store_id: int | None, actor: str | None) -> None:
    """A store's value needs that store in the actor's scope; the value for every store needs every store."""
    if actor is None:
        return
    from core import scope
    from core.models import User

    user = session.scalar(select(User).where(User.username == actor))
    if user is not None:
        scope.check(session, user, store_id, "a setting for " + ("every store" if store_id is None else "the store"))


def set_value(app: CrDesk, session: Session, key: str, raw: str, *, store_id: int | None, actor: str | None) -> Any:
    """Change a setting (``change`` on ``setting``: manager, admin); audited."""
    from core.access import authorize

    authorize(app, session, "setting", "change")
    declared = spec(app, key)
    _check_scope(session, store_id, actor)
    value = declared.parse(raw)
    row = session.scalar(select(SettingValue).where(SettingValue.key == key, _store(store_id)))
    before = row.value["v"] if row else None
    if row is None:
        row = SettingValue(key=key, store_id=store_id, value={"v": value}, changed_by=actor)
        session.add(row)
    else:
        row.value, row.changed_by = {"v": value}, actor
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=audit.CHANGE,
        entity="setting",
        entity_id=f"{key}@{store_id or '*'}",
        before={"value": before},
        after={"value": value},
    )
    return value


def unset(app: CrDesk, session: Session, key: str, *, store_id: int | None, actor: str | None) -> bool:
    """Remove a store's or the group's value (``change`` on ``setting``); audited."""
    from core.access import authorize

    authorize(app, session, "setting", "change")
    spec(app, key)
    _check_scope(session, store_id, actor)
    row = session.scalar(select(SettingValue).where(SettingValue.key == key, _store(store_id)))
    if row is None:
        return False
    audit.record(
        session,
        actor=actor,
        action=audit.DELETE,
        entity="setting",
        entity_id=f"{key}@{store_id or '*'}",
        before={"value": row.value["v"]},
    )
    session.delete(row)
    return True


def _store(store_id: int | None) -> Any:
    return SettingValue.store_id.is_(None) if store_id is None else SettingValue.store_id == store_id


def render(value: Any) -> str:
    return (
        ", ".join(map(str, value))
        if isinstance(value, list)
        else json.dumps(value, ensure_ascii=False)
        if isinstance(value, bool)
        else str(value)
    )
