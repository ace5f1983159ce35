"""The restore drill: backup → restore into an empty database → `audit verify` passes → data equal; upgrades."""
from __future__ import annotations

import json
import os
import stat
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.engine import make_url

from core import config
from core.cli import cli
from tests.approvals_support import staffed_app
from tests.conftest import PG_ENV, backend


def _invoke(url: str, *args: str, user: str | None = "admin") -> Result:
    prefix = ["--db", url] + (["--as", user] if user else [])
    return CliRunner().invoke(cli, [*prefix, *args], catch_exceptions=False)


def _snapshot(url: str) -> dict[str, list[str]]:
    """Every row of every table, as sorted text, to compare two databases."""
    engine = create_engine(url)
    try:
        meta = MetaData()
        meta.reflect(engine)
        with engine.connect() as conn:
            return {name: sorted(json.dumps([str(v) for v in row], ensure_ascii=False)
                                 for row in conn.execute(table.select()))
                    for name, table in meta.tables.items()}
    finally:
        engine.dispose()


@pytest.fixture
def empty_target(tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Path]]:
    """A second, empty database (and its data folder) to restore into."""
    if backend() == "sqlite":
        folder = tmp_path / "restored"
        folder.mkdir()
        yield f"sqlite:///{folder / 'crdesk.db'}", folder / "crdesk-data"
        return
    name = f"restore_{uuid.uuid4().hex[:12]}"
    admin = create_engine(os.environ[PG_ENV], isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    source = make_url(db_url)
    yield source.set(database=name).render_as_string(hide_password=False), tmp_path / "restored-data"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def _site(make_app, run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRDESK_ATTACHMENTS", raising=False)
    monkeypatch.setenv("CRDESK_PLUGIN_PACKAGES", "tests.fixture_plugins.approvals")
    staffed_app(make_app)
    data = tmp_path / "pay.yaml"
    data.write_text("subject: 报纸广告款\npayee: 广州日报社\ncontract_no: GZTH-2026-118\namount: '8800.00'\n",
                    encoding="utf-8")
    contract = tmp_path / "合同.pdf"
    contract.write_bytes(b"%PDF contract for the drill")
    run_cli("approvals", "submit", "pay", "--data", str(data), "--attach", f"contract_copy={contract}", user="mkt")
    run_cli("approvals", "approve", "1", user="wang")


def test_restore_drill(make_app, run_cli, db_url: str, tmp_path: Path, empty_target,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    _site(make_app, run_cli, tmp_path, monkeypatch)
    before = _snapshot(db_url)
    source_root = config.current().data_root(db_url)

    out = json.loads(run_cli("backup", "--json").output)
    archive = Path(out["path"])
    logged = [e for e in json.loads(run_cli("audit", "list", "--json").output) if e["action"] == "backup"]
    assert [(e["actor"], e["entity_id"]) for e in logged] == [("admin", archive.name)]
    assert archive.parent == source_root / "backups" and stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert out["crdesk"] and out["backend"] == backend() and any(r.startswith("core_") for r in out["revisions"])
    assert out["plugins"]["dealer_chains"]["enabled"] is True
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and any(n.startswith("data/attachments/") for n in names)
    assert not any(n.startswith("data/backups") for n in names)

    target_url, target_root = empty_target
    if backend() == "postgresql":
        monkeypatch.setenv("CRDESK_DATA_DIR", str(target_root))
    restored = _invoke(target_url, "restore", str(archive), user=None)
    assert restored.exit_code == 0, restored.output
    assert "已恢复" in restored.output

    assert _snapshot(target_url) == before
    verify = _invoke(target_url, "audit", "verify")
    assert verify.exit_code == 0, verify.output
    assert _invoke(target_url, "db", "status").exit_code == 0
    got = _invoke(target_url, "attachments", "get", "1", "-o", str(tmp_path / "back.pdf"), user="cai")
    assert got.exit_code == 0, got.output
    assert (tmp_path / "back.pdf").read_bytes() == b"%PDF contract for the drill"

    again = _invoke(target_url, "restore", str(archive), user=None)
    assert again.exit_code == 2 and "不是空的" in again.output


def test_backup_needs_admin_and_a_damaged_archive_restores_nothing(make_app, run_cli, db_url: str, tmp_path: Path,
                                                                   empty_target,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _site(make_app, run_cli, tmp_path, monkeypatch)
    refused = run_cli("backup", user="mkt", ok=False)
    assert refused.exit_code == 3
    archive = Path(json.loads(run_cli("backup", "--json", "-o", str(tmp_path / "b.tar.gz")).output)["path"])
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data: Any = src.extractfile(member)
            if member.name.startswith("data/attachments/"):
                import io

                payload = b"tampered"
                member.size = len(payload)
                data = io.BytesIO(payload)
            dst.addfile(member, data)
    target_url, target_root = empty_target
    if backend() == "postgresql":
        monkeypatch.setenv("CRDESK_DATA_DIR", str(target_root))
    result = _invoke(target_url, "restore", str(damaged), user=None)
    assert result.exit_code == 2 and "已损坏" in result.output
    assert _snapshot(target_url) == {} or all(not rows for rows in _snapshot(target_url).values())
    assert _invoke(target_url, "restore", str(tmp_path / "pay.yaml"), user=None).exit_code == 2


def test_upgrade_needs_todays_backup_and_is_audited(run_cli, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRDESK_PLUGIN_PACKAGES", "tests.fixture_plugins.platform")
    run_cli("init", "--plugins", "alpha")
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE plugin_state SET installed_version = '0.9' WHERE name = 'alpha'"))
        conn.execute(text("DROP TABLE alpha_note"))
        conn.execute(text("DELETE FROM alembic_version WHERE version_num = 'alpha_0001'"))
    engine.dispose()
    status = run_cli("db", "status", ok=False)
    assert status.exit_code == 1 and "待升级" in status.output
    refused = run_cli("db", "upgrade", ok=False)
    assert refused.exit_code == 2 and "今天还没有备份" in refused.output
    assert run_cli("backup", user="ghost", ok=False).exit_code == 3  # checked in SQL: the schema is older
    run_cli("backup")
    run_cli("db", "upgrade")
    assert run_cli("db", "status").exit_code == 0
    entries = json.loads(run_cli("audit", "list", "--json").output)
    upgrade = next(e for e in entries if e["action"] == "upgrade")
    assert upgrade["before"]["plugins"] == {"alpha": "0.9"} and upgrade["after"]["plugins"] == {"alpha": "1.0.0"}
    assert upgrade["actor"] == "admin"
