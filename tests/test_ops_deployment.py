"""docs/deployment.md's steps that can run here: build the wheel, run crdesk from it (not the source tree).

PostgreSQL: a new login role cannot create tables in a database it does not own
(PostgreSQL 15), and `crdesk init` says so in one line; once the role owns the
database, `init` works. SQLite: the database file and the data folder are private.
"""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import PG_ENV, backend

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built wheel, unpacked: what `pip install crdesk-*.whl` puts into site-packages."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for package in ("core", "plugins"):
        shutil.copytree(ROOT / package, src / package, ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist),
                    str(src)], check=True, capture_output=True, timeout=600)
    wheel = next(dist.glob("crdesk-*.whl"))
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        zf.extractall(site)
    assert "core/templates/base.html" in names and "core/data/duties.csv" in names
    assert "plugins/sales_followup/migrations/sales_followup_0001_members.py" in names
    return site


def _crdesk(site: Path, cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`crdesk ARGS` importing crdesk only from the unpacked wheel (the dependencies come from this venv)."""
    full = {**os.environ, **env, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"}
    full.pop(PG_ENV, None)
    code = "import sys, core; assert core.__file__.startswith(sys.argv[1]), core.__file__; " \
           "from core.cli import cli; cli.main(args=sys.argv[2:], prog_name='crdesk')"
    return subprocess.run([sys.executable, "-c", code, str(site), *args], cwd=cwd, env=full, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.skipif(backend() != "sqlite", reason="the SQLite install; the PostgreSQL one is the next test")
def test_wheel_install_on_sqlite(wheel_site: Path, tmp_path: Path) -> None:
    home = tmp_path / "srv"
    home.mkdir()
    env = {"CRDESK_DATABASE_URL": f"sqlite:///{home / 'crdesk.db'}", "CRDESK_USER": "admin"}
    for args in (("init",), ("stores", "add", "GZ01", "广汽丰田广州天河店"),
                 ("reports", "render", "sales_followup.satisfaction", "--period", "2026-10"), ("db", "status")):
        done = _crdesk(wheel_site, tmp_path, env, *args)
        assert done.returncode == 0, done.stderr + done.stdout
    assert stat.S_IMODE((home / "crdesk.db").stat().st_mode) == 0o600
    pdf = home / "crdesk-data" / "exports" / "销售满意度回访报表_2026-10.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and stat.S_IMODE(pdf.stat().st_mode) == 0o600
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.skipif(backend() != "postgresql", reason="needs the PostgreSQL server (CRDESK_TEST_DATABASE_URL)")
def test_wheel_install_on_a_database_its_role_owns(wheel_site: Path, tmp_path: Path) -> None:
    base = make_url(os.environ[PG_ENV])
    suffix = uuid.uuid4().hex[:10]
    role, dbname = f"crdesk_{suffix}", f"crdesk_{suffix}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        conn.execute(text(f'CREATE DATABASE "{dbname}"'))  # owned by postgres: the mistake of the guide's step
    url = base.set(username=role, password=None, database=dbname).render_as_string(hide_password=False)
    env = {"CRDESK_DATABASE_URL": url, "CRDESK_USER": "admin", "CRDESK_DATA_DIR": str(tmp_path / "data")}
    try:
        refused = _crdesk(wheel_site, tmp_path, env, "init")
        assert refused.returncode == 1
        lines = [line for line in refused.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and "PostgreSQL 15" in lines[0] and f"createdb --owner={role}" in lines[0]
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{dbname}" OWNER TO "{role}"'))
        for args in (("init",), ("stores", "add", "GZ01", "广汽丰田广州天河店"), ("db", "status"),
                     ("backup", "-o", str(tmp_path / "first.tar.gz"))):
            done = _crdesk(wheel_site, tmp_path, env, *args)
            assert done.returncode == 0, done.stderr + done.stdout
        doctor = _crdesk(wheel_site, tmp_path, env, "doctor", "--json")
        assert '"check": "pg_dump"' in doctor.stdout and '"check": "schema"' in doctor.stdout
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()
