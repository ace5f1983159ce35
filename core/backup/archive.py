"""``crdesk backup`` / ``crdesk restore``: the database and the data folder in one archive with a manifest.

Layout of ``crdesk-backup-<time>.tar.gz`` (mode 0600)::

    manifest.json      versions (crdesk, plugins, migrations, server, dump tool) and a sha256 per file
    database.sqlite    SQLite: a consistent copy made with the online backup API
    database.dump      PostgreSQL: ``pg_dump --format=custom``
    data/...           the data folder (attachments, SMS outbox …), without its backups/ and exports/
    attachments/...    only when ``attachments_dir`` lies outside the data folder

A restore goes into an empty database and an empty data folder only, so it
can never mix two stores' data; each file is checked against the manifest.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from core import __version__, audit, config
from core.errors import CrdeskError, ValidationError

if TYPE_CHECKING:
    from core.app import CrDesk

FORMAT = 1
SKIP_DIRS = ("backups", "exports")
BACKUP_ACTION = "backup"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sqlite_file(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise ValidationError("内存中的 SQLite 数据库无法备份或恢复：请用数据库文件")
    return Path(database)


def _data_files(app: CrDesk) -> list[tuple[Path, str]]:
    """(file on disk, name in the archive) for the data folder and a separate attachments folder."""
    settings = config.current()
    root = settings.data_root(app.db.url)
    out: list[tuple[Path, str]] = []
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and rel.parts[0] not in SKIP_DIRS and not rel.name.startswith(".doctor-"):
                out.append((path, f"data/{rel.as_posix()}"))
    extra = settings.attachments_dir
    if extra is not None and extra.is_dir() and root not in extra.resolve().parents and extra.resolve() != root:
        out += [(p, f"attachments/{p.relative_to(extra).as_posix()}") for p in sorted(extra.rglob("*")) if p.is_file()]
    return out


def _versions(app: CrDesk) -> dict[str, Any]:
    with app.db.engine.connect() as conn:
        revisions = sorted(app.migrations.current(conn))
        server = conn.execute(text("SELECT sqlite_version()" if app.db.dialect == "sqlite"
                                   else "SHOW server_version")).scalar_one()
        plugins = {name: {"version": version, "enabled": bool(enabled)} for name, enabled, version in
                   conn.execute(text("SELECT name, enabled, installed_version FROM plugin_state"))}
    return {"crdesk": __version__, "python": platform.python_version(), "backend": app.db.dialect,
            "server": str(server), "revisions": revisions, "plugins": plugins}


def create(app: CrDesk, output: Path | None = None) -> BackupResult:
    """Write one archive of the database and the data folder; audited as ``backup`` once it is complete."""
    from core.workdays import cst_now

    from core import access
    from core.errors import DatabaseError

    app.db.check_connection()  # not check_schema(): the backup before an upgrade is taken of an older schema
    if not app.is_initialised():
        raise DatabaseError(f"database {app.db.safe_url} is not initialised: nothing to back up")
    current = _schema_current(app)
    actor = _check_admin(app) if not current else None
    if current:
        with app.session() as session:
            user = app.acting_user(session)
            access.require(app, session, user, "database", "read")
            actor = user.username
    now = cst_now()
    target = output or config.data_dir("backups", database_url=app.db.url) / \
        f"crdesk-backup-{now.strftime('%Y%m%dT%H%M%S')}.tar.gz"
    manifest: dict[str, Any] = {"format": FORMAT, "created_at": now.isoformat(), **_versions(app), "files": {}}
    with tempfile.TemporaryDirectory(prefix="crdesk-backup-") as tmp:
        work = Path(tmp)
        if app.db.dialect == "sqlite":
            db_name = "database.sqlite"
            src = sqlite3.connect(_sqlite_file(app.db.url))
            dst = sqlite3.connect(work / db_name)
            with dst:
                src.backup(dst)
            src.close()
            dst.close()
            manifest["dump_tool"] = f"sqlite3 {sqlite3.sqlite_version} backup API"
        else:
            from core.backup import postgres

            db_name = "database.dump"
            manifest["dump_tool"] = postgres.dump(app, work / db_name)
        members = [(work / db_name, db_name), *_data_files(app)]
        manifest["files"] = {name: {"sha256": _sha256(path), "size": path.stat().st_size} for path, name in members}
        manifest_path = work / "manifest.json"
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        partial = target.with_name(target.name + ".partial")
        config.write_private(partial, b"")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(manifest_path, "manifest.json")
            for path, name in members:
                tar.add(path, name)
        partial.replace(target)
    if current:
        with app.session() as session:
            audit.record(session, actor=actor, action=BACKUP_ACTION, entity="database", entity_id=target.name[:64],
                         after={"files": len(manifest["files"]), "crdesk": __version__})
    _write_marker(app, target, now)
    return BackupResult(target, manifest)


def _schema_current(app: CrDesk) -> bool:
    branches = ["core", *[n for n in app.enabled_plugins() if app.catalog.manifests[n].migrations_dir]]
    with app.db.engine.connect() as conn:
        return all(s.state == "up to date" for s in app.migrations.status(conn, branches))


def _check_admin(app: CrDesk) -> str:
    """Before an upgrade the models may be newer than the tables: check the admin role in plain SQL."""
    from core.errors import PermissionDenied

    name = app.acting_username
    if not name:
        raise PermissionDenied("no acting user: pass --as USERNAME or set $CRDESK_USER")
    with app.db.engine.connect() as conn:
        ok = conn.execute(text("SELECT 1 FROM app_user u JOIN user_role r ON r.user_id = u.id "
                               "WHERE u.username = :name AND u.active = :on AND r.role_code = 'admin'"),
                          {"name": name, "on": True}).first()
    if ok is None:
        raise PermissionDenied(f"user {name!r} may not back up the database: only admin may before an upgrade")
    return name


def _marker(app: CrDesk) -> Path:
    return config.data_dir("backups", database_url=app.db.url) / ".last-backup.json"


def _write_marker(app: CrDesk, target: Path, now: dt.datetime) -> None:
    """Also outside the database, so the check before an upgrade works whatever the schema's age."""
    record = {"database": app.db.safe_url, "archive": str(target), "at": now.isoformat()}
    config.write_private(_marker(app), json.dumps(record, ensure_ascii=False).encode("utf-8"))


def backed_up_today(app: CrDesk) -> bool:
    """Whether a ``crdesk backup`` of this database completed today (China Standard Time)."""
    from core.workdays import cst_date, cst_today

    with app.db.engine.connect() as conn:
        at = conn.execute(text("SELECT at FROM audit_log WHERE action = :a AND entity = 'database' "
                               "ORDER BY id DESC LIMIT 1"), {"a": BACKUP_ACTION}).scalar()
    if isinstance(at, str):
        at = dt.datetime.fromisoformat(at)
    if at is not None:
        if at.tzinfo is None:
            at = at.replace(tzinfo=dt.timezone.utc)
        if cst_date(at) == cst_today():
            return True
    try:
        record = json.loads(_marker(app).read_text(encoding="utf-8"))
    except (OSError, ValueError, CrdeskError):
        return False
    return (record.get("database") == app.db.safe_url
            and dt.datetime.fromisoformat(record["at"]).date() == cst_today())


def read_manifest(archive: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile("manifest.json")
            if member is None:
                raise KeyError("manifest.json")
            manifest: dict[str, Any] = json.loads(member.read().decode("utf-8"))
    except FileNotFoundError:
        raise ValidationError(f"备份文件 {archive} 不存在") from None
    except (tarfile.TarError, KeyError, OSError, ValueError):
        raise ValidationError(f"{archive} 不是 crdesk 备份（没有可读的 manifest.json）") from None
    if manifest.get("format") != FORMAT:
        raise ValidationError(f"{archive}：备份格式 {manifest.get('format')!r} 不受支持（本版本为 {FORMAT}）")
    return manifest


def _check_empty(app: CrDesk, data_root: Path) -> None:
    try:
        tables = inspect(app.db.engine).get_table_names()
    except CrdeskError:
        raise
    except Exception:
        app.db.check_connection()
        raise
    if tables:
        raise ValidationError(f"目标数据库 {app.db.safe_url} 不是空的（已有 {len(tables)} 张表）：只能恢复到空数据库")
    if data_root.is_dir() and any(p for p in data_root.iterdir() if p.name != "backups"):
        raise ValidationError(f"数据文件夹 {data_root} 不是空的：只能恢复到空的数据文件夹")


def restore(app: CrDesk, archive: Path) -> dict[str, Any]:
    """Restore ``archive`` into this (empty) database and (empty) data folder; every file checked first."""
    manifest = read_manifest(archive)
    app.db.check_connection()
    if manifest["backend"] != app.db.dialect:
        raise ValidationError(f"备份来自 {manifest['backend']}，目标数据库是 {app.db.dialect}：请恢复到同类数据库")
    settings = config.current()
    data_root = settings.data_root(app.db.url)
    _check_empty(app, data_root)
    with tempfile.TemporaryDirectory(prefix="crdesk-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")
        for name, meta in manifest["files"].items():
            path = work / name
            if not path.is_file() or _sha256(path) != meta["sha256"]:
                raise ValidationError(f"{archive}：{name} 缺失或已损坏（sha256 不符），未做任何恢复")
        if app.db.dialect == "sqlite":
            target = _sqlite_file(app.db.url)
            app.db.dispose()
            src = sqlite3.connect(work / "database.sqlite")
            dst = sqlite3.connect(target)
            with dst:
                src.backup(dst)
            src.close()
            dst.close()
            target.chmod(0o600)
        else:
            from core.backup import postgres

            postgres.restore(app, work / "database.dump")
        for name in manifest["files"]:
            top, _, rest = name.partition("/")
            if top == "data":
                dest = data_root / rest
            elif top == "attachments":
                dest = (settings.attachments_dir or data_root / "attachments") / rest
            else:
                continue
            config.ensure_private_dir(dest.parent)
            shutil.copyfile(work / name, dest)
            dest.chmod(0o600)
    app.reload_plugins()
    return manifest
