"""The application object: one database, the plugin catalog, and the loaded plugins."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import select, text

from core.clock import Clock
from core.clock import clock as current_clock
from core.db import Database
from core.errors import DatabaseError, PermissionDenied
from core.plugin_catalog import PluginCatalog
from core.plugin_host import Hooks, PluginHost

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.db.migrations import MigrationRunner
    from core.models import User

ENV_USER = "CRDESK_USER"


class CrDesk:
    """What every command and hook receives as ``app``.

    Plugins are loaded lazily from the database's ``plugin_state`` table, so
    each dealership's database decides which plugins it runs.
    """

    def __init__(self, database_url: str | None = None, *, acting_user: str | None = None,
                 strict: bool = False, echo: bool = False, catalog: PluginCatalog | None = None,
                 system: bool = False) -> None:
        self.db = Database(database_url, echo=echo)
        self.strict = strict
        self.catalog = catalog if catalog is not None else PluginCatalog.discover(strict=strict)
        self.acting_username = acting_user or os.environ.get(ENV_USER) or None
        self._host: PluginHost | None = None
        #: True while code acts as the system (first ``init``, set-up code): permission checks pass.
        #: The CLI never sets it; see :meth:`as_system` and docs/security.md.
        self.system = system

    @property
    def clock(self) -> Clock:
        """The one clock (store time zone); see :mod:`core.clock`."""
        return current_clock()

    # -- plugins ------------------------------------------------------------
    @property
    def host(self) -> PluginHost:
        if self._host is None:
            host = PluginHost(self.catalog)
            host.load(self.enabled_plugins(), strict=self.strict)
            self._host = host
        return self._host

    @property
    def hooks(self) -> Hooks:
        return self.host.hooks

    def reload_plugins(self) -> None:
        """Forget loaded plugins; the next use loads the enabled set afresh."""
        self._host = None

    def is_initialised(self) -> bool:
        return self.db.has_table("plugin_state")

    def enabled_plugins(self) -> list[str]:
        if not self.is_initialised():
            return []
        # Plain SQL: listing plugins must not pay for the ORM (``crdesk --help`` start-up time).
        with self.db.engine.connect() as conn:
            names = conn.execute(text("SELECT name FROM plugin_state WHERE enabled = :on"), {"on": True}).scalars()
            return sorted(n for n in names if n in self.catalog.manifests)

    @cached_property
    def migrations(self) -> MigrationRunner:
        from core.db.migrations import MigrationRunner

        return MigrationRunner({m.name: m.migrations_dir for m in self.catalog.manifests.values()
                                if m.migrations_dir is not None})

    def check_schema(self) -> None:
        """Refuse to work on a database that is uninitialised or older than the code."""
        self.db.check_connection()
        if not self.is_initialised():
            raise DatabaseError(f"database {self.db.safe_url} is not initialised: run `crdesk init`")
        branches = ["core", *[n for n in self.enabled_plugins() if self.catalog.manifests[n].migrations_dir]]
        with self.db.engine.connect() as conn:
            behind = [s for s in self.migrations.status(conn, branches) if s.state != "up to date"]
        if behind:
            names = ", ".join(f"{s.branch} ({s.state})" for s in behind)
            raise DatabaseError(
                f"the database schema is older than this crdesk: {names}; run `crdesk db upgrade`"
            )

    # -- sessions and the acting user --------------------------------------
    @contextmanager
    def session(self, *, readonly: bool = False) -> Iterator[Session]:
        """One unit of work; ``readonly`` ones read beside a running import on SQLite (see ``core.db.engine``)."""
        with self.db.session(readonly=readonly) as session:
            yield session

    @contextmanager
    def as_system(self) -> Iterator[None]:
        """Run trusted internal code (the first ``crdesk init`` of an empty database) past permission checks."""
        before, self.system = self.system, True
        try:
            yield
        finally:
            self.system = before

    def acting_user(self, session: Session) -> User:
        """The staff user named by ``--as`` / ``$CRDESK_USER``; everything they do is attributed to them."""
        from core.models import User

        if not self.acting_username:
            raise PermissionDenied("no acting user: pass --as USERNAME or set $CRDESK_USER")
        user = session.scalar(select(User).where(User.username == self.acting_username))
        if user is None or not user.active:
            raise PermissionDenied(f"unknown or inactive user {self.acting_username!r}: see `crdesk users list`")
        return user
