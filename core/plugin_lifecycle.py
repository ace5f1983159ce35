"""Installing, enabling, disabling, upgrading and purging plugins.

Each operation runs in one transaction together with its migrations, so a
failure leaves the plugin state and the schema exactly as they were.
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, select
from sqlalchemy.orm import Session

from core import __version__, access, audit, config
from core.app import CrDesk
from core.db.base import utcnow
from core.db.migrations import CORE_BRANCH
from core.errors import CrdeskError, PluginError
from core.models import PluginState
from core.plugin_host import PluginHost


@dataclass(frozen=True)
class PluginChange:
    name: str
    action: str  # "installed", "enabled", "disabled", "upgraded", "purged", "unchanged"
    version: str


def _states(session: Session) -> dict[str, PluginState]:
    return {s.name: s for s in session.scalars(select(PluginState))}


def _migrate(app: CrDesk, conn: Connection, branch: str, doing: str) -> None:
    """Run a branch's migrations; a failure becomes one line, and the caller's transaction rolls back."""
    try:
        app.migrations.upgrade(conn, branch)
    except CrdeskError:
        raise
    except Exception as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise PluginError(
            f"{doing} {branch!r} failed in its migrations ({exc.__class__.__name__}: {reason}); "
            "nothing was changed"
        ) from exc


def _authorize(app: CrDesk, action: str) -> None:
    """Only a role with ``action`` on ``plugin`` (admin) changes which code runs on the database."""
    with app.db.engine.connect() as conn:
        access.authorize(app, conn, "plugin", action)


def upgrade_core(app: CrDesk) -> None:
    """Apply core's migrations (the caller has checked the acting user: ``init`` or :func:`upgrade_all`)."""
    with app.db.engine.begin() as conn:
        _migrate(app, conn, CORE_BRANCH, "upgrading")


def enable(app: CrDesk, names: list[str]) -> list[PluginChange]:
    """Enable ``names`` and their dependencies, applying their migrations first (admin only)."""
    _authorize(app, "change")
    order = app.catalog.order(names)
    changes: list[PluginChange] = []
    host = PluginHost(app.catalog)
    host.load(order, strict=True)  # refuse to enable code that does not import
    with app.db.engine.begin() as conn, Session(bind=conn) as session:
        states = _states(session)
        for name in order:
            manifest = app.catalog.manifests[name]
            state = states.get(name)
            if state is not None and state.enabled and state.installed_version == manifest.version:
                changes.append(PluginChange(name, "unchanged", manifest.version))
                continue
            if manifest.migrations_dir is not None:
                _migrate(app, conn, name, "enabling")
            if state is None:
                session.add(PluginState(name=name, enabled=True, installed_version=manifest.version,
                                        changed_by=app.acting_username))
                action = "installed"
            else:
                action = "enabled" if not state.enabled else "upgraded"
                if state.installed_version != manifest.version:
                    audit.record(session, actor=app.acting_username, action="plugin.version", entity="plugin",
                                 entity_id=name, before={"version": state.installed_version},
                                 after={"version": manifest.version})
                state.enabled = True
                state.installed_version = manifest.version
                state.changed_by = app.acting_username
            session.flush()
            host.hooks.plugin_state_changed(app, session, name, True)
            changes.append(PluginChange(name, action, manifest.version))
        session.commit()
    app.reload_plugins()
    return changes


def disable(app: CrDesk, names: list[str]) -> list[PluginChange]:
    """Disable ``names``; their tables and rows stay for re-enabling (admin only)."""
    _authorize(app, "change")
    for name in names:
        app.catalog.get(name)
    enabled = app.enabled_plugins()
    remaining = [n for n in enabled if n not in names]
    for name in names:
        dependents = app.catalog.dependents(name, remaining)
        if dependents:
            raise PluginError(
                f"cannot disable {name!r}: {', '.join(dependents)} depend(s) on it; disable those first"
            )
    changes: list[PluginChange] = []
    host = app.host
    with app.db.session() as session:
        states = _states(session)
        for name in names:
            state = states.get(name)
            version = app.catalog.manifests[name].version
            if state is None or not state.enabled:
                changes.append(PluginChange(name, "unchanged", version))
                continue
            state.enabled = False
            state.changed_by = app.acting_username
            session.flush()
            host.hooks.plugin_state_changed(app, session, name, False)
            changes.append(PluginChange(name, "disabled", version))
    app.reload_plugins()
    return changes


def upgrade_all(app: CrDesk) -> list[PluginChange]:
    """``crdesk db upgrade``: core, then every enabled plugin, in dependency order (admin only)."""
    _authorize(app, "change")
    changes: list[PluginChange] = []
    with app.db.engine.begin() as conn, Session(bind=conn) as session:
        revisions_before = sorted(app.migrations.current(conn))
        _migrate(app, conn, CORE_BRANCH, "upgrading")
        states = _states(session)
        enabled = [n for n, s in states.items() if s.enabled and n in app.catalog.manifests]
        versions_before = {n: states[n].installed_version for n in enabled}
        for name in app.catalog.order(enabled):
            manifest = app.catalog.manifests[name]
            if manifest.migrations_dir is not None:
                _migrate(app, conn, name, "upgrading")
            state = states[name]
            action = "unchanged" if state.installed_version == manifest.version else "upgraded"
            state.installed_version = manifest.version
            changes.append(PluginChange(name, action, manifest.version))
        revisions_after = sorted(app.migrations.current(conn))
        versions_after = {c.name: c.version for c in changes}
        if revisions_after != revisions_before or versions_after != versions_before:
            session.flush()
            audit.record(session, actor=app.acting_username, action="upgrade", entity="database", entity_id=__version__,
                         before={"revisions": revisions_before, "plugins": versions_before},
                         after={"revisions": revisions_after, "plugins": versions_after})
        session.commit()
    app.reload_plugins()
    return changes


def purge(app: CrDesk, name: str, backup_dir: Path) -> Path:
    """Back up, then drop, the tables of disabled plugin ``name``; returns the backup file (admin only, audited)."""
    _authorize(app, "delete")
    manifest = app.catalog.get(name)
    with app.db.session() as session:
        state = session.get(PluginState, name)
        if state is None:
            raise PluginError(f"plugin {name!r} has no data in this database")
        if state.enabled:
            raise PluginError(f"plugin {name!r} is enabled: run `crdesk plugins disable {name}` first")
        installed = [s.name for s in session.scalars(select(PluginState)) if s.name in app.catalog.manifests]
        needing = app.catalog.dependents(name, installed)
        if needing:
            raise PluginError(f"cannot purge {name!r}: the data of {', '.join(needing)} depends on it; "
                              "purge those first")
    host = PluginHost(app.catalog)
    host.load([name], strict=True)
    tables = [m.__table__ for m in host.hooks.models().get(name, [])]
    config.ensure_private_dir(backup_dir)
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"{name}-{manifest.version}-{stamp}.json.gz"
    with app.db.engine.begin() as conn:
        rows = _write_backup(conn, name, manifest.version, tables, target)
        if manifest.migrations_dir is not None:
            app.migrations.downgrade_to_base(conn, name)
        conn.execute(PluginState.__table__.delete().where(PluginState.name == name))
        with Session(bind=conn) as session:
            audit.record(session, actor=app.acting_username, action="purge", entity="plugin", entity_id=name,
                         before={"version": manifest.version, "rows": rows},
                         after={"backup": target.name, "sha256": _sha256(target)})
            session.flush()
    app.reload_plugins()
    return target


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_backup(conn: Connection, name: str, version: str, tables: list[Table], target: Path) -> dict[str, int]:
    """Write the backup; returns the rows per table it holds (for the purge's audit entry)."""
    payload: dict[str, Any] = {"plugin": name, "version": version, "written_at": utcnow().isoformat(),
                               "tables": {}}
    for table in tables:
        rows = conn.execute(table.select()).mappings()
        payload["tables"][table.name] = [{k: _jsonable(v) for k, v in row.items()} for row in rows]
    tmp = target.with_suffix(".tmp")
    config.write_private(tmp, gzip.compress(json.dumps(payload, ensure_ascii=False).encode("utf-8")))
    tmp.replace(target)
    return {t: len(rows) for t, rows in payload["tables"].items()}
