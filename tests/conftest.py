"""Shared fixtures: a fresh real database per test, on SQLite or PostgreSQL.

The backend comes from ``CRDESK_TEST_DATABASE_URL``: unset means a SQLite
file in the test's temporary folder; a PostgreSQL URL means a fresh schema
per test in that database, dropped afterwards. No database is mocked.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text

from core.app import CrDesk
from core.cli import cli
from core.workdays import CST

PG_ENV = "CRDESK_TEST_DATABASE_URL"

#: The moment every test runs at unless it travels elsewhere: a Friday morning in Guangzhou.
#: Tests never read the machine's date (``faketime`` runs in CI prove it).
PINNED_NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=CST)
_session_travel = time_machine.travel(PINNED_NOW, tick=False)


def pytest_configure(config: pytest.Config) -> None:
    """Pin the clock before collection too: some test modules compute ``TODAY`` at import."""
    _session_travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    _session_travel.stop()


@pytest.fixture(autouse=True)
def _pinned_clock() -> Iterator[None]:
    """Every test starts at :data:`PINNED_NOW`, whatever an earlier test did with the clock."""
    with time_machine.travel(PINNED_NOW, tick=False):
        yield


def backend() -> str:
    return "postgresql" if os.environ.get(PG_ENV, "").startswith("postgres") else "sqlite"


def pytest_report_header(config: pytest.Config) -> str:
    return f"crdesk test database: {backend()} ({os.environ.get(PG_ENV) or 'SQLite files in tmp'})"


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database that belongs to this test alone."""
    base = os.environ.get(PG_ENV)
    if not base or not base.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'crdesk.db'}"
        return
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def make_app(db_url: str) -> Iterator[object]:
    """Build :class:`CrDesk` objects on this test's database; all are disposed afterwards.

    An app built without ``acting_user`` is set-up code acting as the system
    (``system=True``: permission checks pass); pass ``acting_user`` to act as a
    user and have every check apply, as the CLI does.
    """
    apps: list[CrDesk] = []

    def factory(**kwargs: object) -> CrDesk:
        kwargs.setdefault("database_url", db_url)
        kwargs.setdefault("system", "acting_user" not in kwargs)
        app = CrDesk(**kwargs)  # type: ignore[arg-type]
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.db.dispose()


@pytest.fixture
def run_cli(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    """Run ``crdesk ARGS`` through click's runner against this test's database."""
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str, user: str | None = "admin", input: str | None = None, ok: bool = True) -> Result:
        prefix = ["--db", db_url] + (["--as", user] if user else [])
        result = CliRunner().invoke(cli, [*prefix, *args], input=input, catch_exceptions=False)
        if ok and result.exit_code != 0:
            raise AssertionError(f"crdesk {' '.join(args)} exited {result.exit_code}:\n{result.output}")
        return result

    return invoke


@pytest.fixture(autouse=True)
def _data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No configuration file from the machine; on PostgreSQL the data folder is the test's own (SQLite: next to
    the test's database file, the default)."""
    from core import config

    monkeypatch.delenv("CRDESK_CONFIG", raising=False)
    if backend() == "postgresql":
        monkeypatch.setenv("CRDESK_DATA_DIR", str(tmp_path / "crdesk-data"))
    yield
    config.use_config_file(None)


@pytest.fixture(autouse=True)
def _fail_on_fonttools_fallback(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """WeasyPrint silently falls back to fontTools without libharfbuzz-subset0 (~0.8 s per font face)."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    yield
    slow = [r.getMessage() for r in caplog.records if "instead of HarfBuzz" in r.getMessage()]
    if slow:
        pytest.fail("WeasyPrint fell back to fontTools: install libharfbuzz-subset0 (" + slow[0] + ")")
