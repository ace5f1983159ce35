"""Engines and sessions for SQLite (the embedded default) and PostgreSQL (dealer groups)."""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

from core.errors import DatabaseError

ENV_URL = "CRDESK_DATABASE_URL"
#: Execution option of a session's connection: it will write (SQLite starts it with BEGIN IMMEDIATE).
WRITE_OPTION = "crdesk_write"
#: Per thread: how many sessions are open on each database URL (nested ones do not take the write lock).
_OPEN = threading.local()


def default_url() -> str:
    """``--db`` falls back to ``$CRDESK_DATABASE_URL``, then ``crdesk.toml``, then ``crdesk.db`` here."""
    from core import config

    return config.current().database()


def _normalise(url: str) -> str:
    # ``postgresql://`` would pick psycopg2, which crdesk does not install.
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(engine: Engine) -> None:
    """Foreign keys on, WAL, and transactions that also cover DDL.

    pysqlite only opens a transaction before DML, so a failed migration would
    leave half its tables behind; SQLAlchemy's documented recipe takes over
    BEGIN so that enabling a plugin is all-or-nothing on SQLite too.

    A unit of work (``Database.session()``) starts with ``BEGIN IMMEDIATE``:
    it takes the write lock first, so while an import holds it the command
    waits (``busy_timeout``) instead of failing with "database is locked" when
    a transaction that read first tries to write after the other committed.
    Read-only sessions and schema inspection keep a plain deferred ``BEGIN``
    and read alongside a writer (WAL).
    """
    memory = engine.url.database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")


class Database:
    """An engine plus a session factory for one database URL."""

    def __init__(self, url: str | None = None, *, echo: bool = False) -> None:
        self.url = _normalise(url or default_url())
        try:
            parsed = make_url(self.url)
        except ArgumentError:
            raise DatabaseError(
                f"cannot parse database URL {self.url!r}: use sqlite:///FILE or "
                "postgresql+psycopg://USER@HOST:PORT/DBNAME"
            ) from None
        self.dialect = parsed.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise DatabaseError(f"unsupported database {self.dialect!r}: crdesk runs on SQLite or PostgreSQL")
        # Errors never print bound parameters: a failed statement must not dump customers' data.
        kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        if self.dialect == "postgresql":
            kwargs["pool_pre_ping"] = True
        try:
            self.engine = create_engine(self.url, **kwargs)
        except Exception as exc:  # a missing driver, bad options
            raise DatabaseError(f"cannot use database {self.safe_url}: {exc}") from None
        if self.dialect == "sqlite":
            _sqlite_pragmas(self.engine)
        self._sessionmaker: sessionmaker[Session] | None = None

    @property
    def sessionmaker(self) -> sessionmaker[Session]:
        """The ORM is imported on first use, keeping ORM-free commands fast to start."""
        if self._sessionmaker is None:
            from sqlalchemy.orm import sessionmaker

            self._sessionmaker = sessionmaker(self.engine, expire_on_commit=False)
        return self._sessionmaker

    @property
    def safe_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    def check_connection(self) -> None:
        """Fail with one clear line when the database cannot be reached."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise DatabaseError(
                f"cannot connect to {self.safe_url}: {reason}; check --db / ${ENV_URL}"
            ) from None

    def make_private(self) -> None:
        """A SQLite file holds customers' data: readable by its owner only (its -wal/-shm files follow it)."""
        if self.dialect != "sqlite":
            return
        database = make_url(self.url).database
        if database and database != ":memory:":
            from pathlib import Path

            path = Path(database)
            if path.is_file() and path.stat().st_uid == os.getuid():
                path.chmod(0o600)

    def check_can_create_tables(self) -> None:
        """PostgreSQL 15 took CREATE on ``public`` from ordinary roles: say so in one line, before migrating."""
        if self.dialect != "postgresql":
            return
        self.check_connection()
        with self.engine.connect() as conn:
            user, schema, allowed = conn.execute(text(
                "SELECT current_user, current_schema(), "
                "CASE WHEN current_schema() IS NULL THEN false "
                "ELSE has_schema_privilege(current_schema(), 'CREATE') END")).one()
            path = conn.execute(text("SHOW search_path")).scalar_one()
        if schema is None:
            raise DatabaseError(f"数据库 {self.safe_url} 的 search_path（{path}）中没有可用的模式：请先创建它")
        if not allowed:
            raise DatabaseError(
                f"角色 {user} 不能在模式 {schema} 中建表（PostgreSQL 15 起普通登录角色默认没有 public 的 CREATE 权限）："
                f"让它拥有数据库（createdb --owner={user} crdesk），或 GRANT CREATE ON SCHEMA {schema} TO {user}"
            )

    def has_table(self, name: str) -> bool:
        try:
            return inspect(self.engine).has_table(name)
        except OperationalError:
            self.check_connection()
            raise

    @contextmanager
    def session(self, *, readonly: bool = False) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error.

        ``readonly`` sessions do not take SQLite's write lock up front (they
        can still write, but then may meet "database is locked"). A session
        opened while this thread already holds one on the same database is
        nested (a read inside a unit of work): it does not take the lock
        either, or it would wait for its own thread.
        """
        depth = _OPEN.__dict__.setdefault(self.url, 0)
        _OPEN.__dict__[self.url] = depth + 1
        try:
            with self.sessionmaker() as session, session.begin():
                if not readonly and depth == 0:
                    session.connection(execution_options={WRITE_OPTION: True})
                yield session
        finally:
            _OPEN.__dict__[self.url] -= 1

    def dispose(self) -> None:
        self.engine.dispose()
