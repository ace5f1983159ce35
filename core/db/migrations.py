"""Alembic, driven per branch: one branch for core, one per plugin.

Each plugin keeps its revisions in ``plugins/<name>/migrations``; the root
revision carries ``branch_labels = ("<name>",)``. Enabling a plugin upgrades
its branch to its heads inside the caller's transaction, so a failure leaves
the schema as it was (PostgreSQL and, through the BEGIN recipe in
:mod:`core.db.engine`, SQLite).
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection

from core.errors import DatabaseError

CORE_BRANCH = "core"
CORE_MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


@dataclass(frozen=True)
class BranchStatus:
    branch: str
    current: tuple[str, ...]
    heads: tuple[str, ...]

    @property
    def state(self) -> str:
        if not self.current:
            return "not installed"
        if set(self.current) == set(self.heads):
            return "up to date"
        return "needs upgrade"


class MigrationRunner:
    """Upgrade, downgrade and inspect the Alembic branches of core and plugins."""

    def __init__(self, plugin_locations: Mapping[str, Path]) -> None:
        self.locations: dict[str, Path] = {CORE_BRANCH: CORE_MIGRATIONS / "versions"}
        for name, path in sorted(plugin_locations.items()):
            self.locations[name] = Path(path).resolve()
        self.config = Config()
        self.config.set_main_option("script_location", str(CORE_MIGRATIONS))
        self.config.set_main_option("path_separator", "os")
        self.config.set_main_option(
            "version_locations", os.pathsep.join(str(p) for p in self.locations.values())
        )
        self.script = ScriptDirectory.from_config(self.config)

    # -- inspection -------------------------------------------------------
    def branch_of(self, revision: str) -> str | None:
        try:
            script = self.script.get_revision(revision)
        except CommandError:  # a revision of a newer crdesk, or of a plugin no longer installed
            return None
        if script is None:
            return None
        path = Path(script.path).resolve().parent
        for name, loc in self.locations.items():
            if path == loc:
                return name
        return None

    def heads(self, branch: str) -> tuple[str, ...]:
        return tuple(sorted(h for h in self.script.get_heads() if self.branch_of(h) == branch))

    def current(self, conn: Connection) -> tuple[str, ...]:
        return tuple(sorted(MigrationContext.configure(conn).get_current_heads()))

    def status(self, conn: Connection, branches: list[str]) -> list[BranchStatus]:
        """Where each branch stands; a revision counts as applied when the database's heads stand on it.

        Alembic drops a ``depends_on`` target from ``alembic_version`` once a revision that depends on it
        is applied (a plugin's first revision on core, ``sales_followup`` on ``followup``), so the version
        table alone does not say which branches are installed.
        """
        current = self.current(conn)
        for rev in current:
            if self.branch_of(rev) is None:
                raise DatabaseError(
                    f"the database is at migration {rev!r}, which this crdesk does not know: "
                    "it was written by a newer crdesk or by a plugin that is no longer installed"
                )
        applied = self._applied(current)
        out = []
        for b in branches:
            mine = [r for r in applied if self.branch_of(r) == b]
            below = {d for r in mine for d in self._downs(r)}
            out.append(BranchStatus(b, tuple(sorted(r for r in mine if r not in below)), self.heads(b)))
        return out

    def _downs(self, rev: str) -> tuple[str, ...]:
        script = self.script.get_revision(rev)
        down = script.down_revision if script else None
        return (down,) if isinstance(down, str) else tuple(down or ())

    def _applied(self, current: tuple[str, ...]) -> set[str]:
        """Every revision the current heads stand on: ancestors and ``depends_on`` targets."""
        seen: set[str] = set()
        stack = list(current)
        while stack:
            rev = stack.pop()
            if rev in seen:
                continue
            seen.add(rev)
            script = self.script.get_revision(rev)
            for linked in (script.down_revision, script.dependencies) if script else ():
                if linked:
                    stack.extend([linked] if isinstance(linked, str) else linked)
        return seen

    def installed(self, conn: Connection, branch: str) -> bool:
        return any(self.branch_of(r) == branch for r in self._applied(self.current(conn)))

    # -- changes ----------------------------------------------------------
    def upgrade(self, conn: Connection, branch: str) -> None:
        """Bring ``branch`` to its heads inside the connection's transaction."""
        if branch not in self.locations:
            raise DatabaseError(f"no migrations are known for {branch!r}")
        for head in self.heads(branch):
            self._run(conn, head, upgrade=True)

    def downgrade_to_base(self, conn: Connection, branch: str) -> None:
        """Remove every revision of ``branch`` (its tables), inside the connection's transaction."""
        if self.installed(conn, branch):
            self._run(conn, f"{branch}@base", upgrade=False)

    def _run(self, conn: Connection, destination: str, *, upgrade: bool) -> None:
        script = self.script

        def step(rev: tuple[str, ...], _context: object) -> list[object]:
            if upgrade:
                return script._upgrade_revs(destination, rev)
            return script._downgrade_revs(destination, rev)

        with EnvironmentContext(self.config, script, fn=step, destination_rev=destination) as env:
            env.configure(connection=conn, render_as_batch=True)
            with env.begin_transaction():
                env.run_migrations()
