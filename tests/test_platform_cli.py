"""The admin's view: ``crdesk`` through click's runner and once as a real subprocess."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.platform_support import ROOT, install_distributions


@pytest.fixture
def fixture_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRDESK_PLUGIN_PACKAGES", "tests.fixture_plugins.platform")


def test_init_and_plugin_listing(run_cli, fixture_plugins) -> None:
    out = run_cli("init", "--plugins", "beta").output
    assert "plugin alpha 1.0.0: installed" in out and "plugin beta 0.2: installed" in out
    rows = {r["name"]: r for r in json.loads(run_cli("plugins", "list", "--json").output)}
    assert rows["alpha"]["enabled"] and rows["beta"]["enabled"] and not rows["gamma"]["enabled"]
    assert rows["alpha"]["covers"] == ["CR-M4"]
    assert rows["beta"]["depends"] == ["alpha"]
    assert rows["gamma"]["state"] == "not installed"
    table = run_cli("plugins", "list").output
    assert "alpha" in table and "1.0.0" in table and "CR-M4" in table


def test_plugin_commands_appear_only_when_enabled(run_cli, fixture_plugins) -> None:
    run_cli("init", "--plugins", "alpha")
    assert "alpha" in run_cli("--help").output
    assert run_cli("alpha", "note", "首保提醒").output.strip() == "noted: 首保提醒"
    run_cli("plugins", "disable", "alpha")
    assert "alpha" not in run_cli("--help").output.split("Commands:")[1]
    result = run_cli("alpha", "note", "x", ok=False)
    assert result.exit_code != 0 and "No such command 'alpha'" in result.output


def test_plugin_info(run_cli, fixture_plugins) -> None:
    run_cli("init", "--plugins", "alpha")
    info = json.loads(run_cli("plugins", "info", "alpha", "--json").output)
    assert info["tables"] == ["alpha_note"]
    assert {"register_commands", "register_models"} <= set(info["hooks"])
    assert info["dependents"] == ["beta", "gamma"]


def test_disable_dependency_refused_in_one_line(run_cli, fixture_plugins) -> None:
    run_cli("init", "--plugins", "gamma")
    result = run_cli("plugins", "disable", "alpha", ok=False)
    assert result.exit_code == 1
    assert result.output.strip() == "crdesk: cannot disable 'alpha': beta, gamma depend(s) on it; disable those first"


def test_unknown_plugin_is_one_clear_line(run_cli, fixture_plugins) -> None:
    run_cli("init", "--plugins", "alpha")
    result = run_cli("plugins", "enable", "nosuch", ok=False)
    assert result.exit_code == 1
    assert "unknown plugin 'nosuch'" in result.output and "Traceback" not in result.output


def test_purge_needs_confirmation_and_writes_backup(run_cli, fixture_plugins, tmp_path: Path) -> None:
    run_cli("init", "--plugins", "alpha")
    run_cli("alpha", "note", "保留")
    run_cli("plugins", "disable", "alpha")
    aborted = run_cli("plugins", "purge", "alpha", input="n\n", ok=False)
    assert aborted.exit_code == 1
    out = run_cli("plugins", "purge", "alpha", "--yes", "--backup-dir", str(tmp_path / "bk")).output
    assert "backup written to" in out
    assert len(list((tmp_path / "bk").glob("alpha-1.0.0-*.json.gz"))) == 1


def test_db_status_and_upgrade(run_cli, fixture_plugins) -> None:
    run_cli("init", "--plugins", "alpha")
    rows = {r["branch"]: r for r in json.loads(run_cli("db", "status", "--json").output)}
    assert rows["alpha"]["state"] == "up to date" and rows["core"]["state"] == "up to date"
    refused = run_cli("db", "upgrade", ok=False)
    assert refused.exit_code == 2 and "`crdesk backup`" in refused.output
    assert "database schema is up to date" in run_cli("db", "upgrade", "--no-backup").output


def test_commands_refuse_uninitialised_database(run_cli) -> None:
    result = run_cli("duties", ok=False)
    assert result.exit_code == 1
    assert "is not initialised: run `crdesk init`" in result.output


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from core.cli import cli

    result = CliRunner().invoke(cli, ["--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "duties"])
    assert result.exit_code == 1
    assert result.output.startswith("crdesk: cannot connect to postgresql+psycopg://nobody@127.0.0.1:1/none")
    result = CliRunner().invoke(cli, ["--db", "mysql://x@y/z", "duties"])
    assert result.exit_code == 1 and "unsupported database 'mysql'" in result.output


def test_duties_lists_every_catalogue_id(run_cli, fixture_plugins) -> None:
    from core.duties import catalogue

    run_cli("init", "--plugins", "alpha")
    rows = json.loads(run_cli("duties", "--json").output)
    assert [r["duty_id"] for r in rows] == [d.duty_id for d in catalogue()]
    by_id = {r["duty_id"]: r for r in rows}
    assert by_id["CR-M4"]["plugin"] == "alpha" and by_id["CR-M4"]["mechanisms"] == ["rule alpha.supplies"]
    cr_rows = json.loads(run_cli("duties", "--role", "cr", "--json").output)
    assert {r["role"] for r in cr_rows} == {"cr"}
    bad = run_cli("duties", "--role", "boss", ok=False)
    assert bad.exit_code == 2 and "unknown role 'boss'" in bad.output


def test_version() -> None:
    from click.testing import CliRunner

    from core import __version__
    from core.cli import cli

    assert CliRunner().invoke(cli, ["--version"]).output.strip() == f"crdesk, version {__version__}"


@pytest.fixture(scope="module")
def installed_plugins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    install_distributions(target, ROOT / "examples" / "crdesk-walkin", ROOT / "tests" / "data" / "crdesk-broken")
    return target


def crdesk(db_url: str, site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}
    env.pop("CRDESK_PLUGIN_PACKAGES", None)
    return subprocess.run([sys.executable, "-m", "core", "--db", db_url, "--as", "admin", *args],
                          capture_output=True, text=True, env=env, cwd=site, timeout=120)


def test_entry_point_plugin_installed_from_a_distribution(db_url: str, installed_plugins: Path) -> None:
    init = crdesk(db_url, installed_plugins, "init", "--plugins", "walkin")
    assert init.returncode == 0, init.stderr
    listing = crdesk(db_url, installed_plugins, "plugins", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    rows = {r["name"]: r for r in json.loads(listing.stdout)}
    assert rows["walkin"]["source"] == "entry-point" and rows["walkin"]["enabled"]
    assert rows["broken"]["state"] == "not installed"  # its manifest is readable; its code is not
    assert crdesk(db_url, installed_plugins, "walkin", "add", "--channel", "visit", "--name", "陈先生").returncode == 0
    entries = json.loads(crdesk(db_url, installed_plugins, "walkin", "list", "--json").stdout)
    assert [(e["customer_name"], e["recorded_by"]) for e in entries] == [("陈先生", "admin")]


def test_broken_entry_point_plugin_is_reported_and_skipped(db_url: str, installed_plugins: Path) -> None:
    assert crdesk(db_url, installed_plugins, "init", "--plugins", "walkin").returncode == 0
    enable = crdesk(db_url, installed_plugins, "plugins", "enable", "broken")
    assert enable.returncode == 1
    assert "plugin 'broken' failed to import: ModuleNotFoundError" in enable.stderr
    assert "Traceback" not in enable.stderr
    assert crdesk(db_url, installed_plugins, "walkin", "list").returncode == 0


def test_broken_plugin_enabled_earlier_is_skipped_with_a_warning(db_url: str, installed_plugins: Path,
                                                                make_app) -> None:
    assert crdesk(db_url, installed_plugins, "init", "--plugins", "walkin").returncode == 0
    from core.models import PluginState

    app = make_app()
    with app.session() as s:  # as if the broken release was installed after the plugin was enabled
        s.add(PluginState(name="broken", enabled=True, installed_version="0.1.0"))
    listing = crdesk(db_url, installed_plugins, "plugins", "list")
    assert listing.returncode == 0
    assert "plugin 'broken' failed to load and was skipped: ModuleNotFoundError" in listing.stderr
    strict = crdesk(db_url, installed_plugins, "--strict", "plugins", "list")
    assert strict.returncode == 1 and "plugin 'broken' failed to import" in strict.stderr


def test_help_does_not_import_heavy_modules(tmp_path: Path) -> None:
    code = ("import sys; from core.cli import cli; from click.testing import CliRunner; "
            "r = CliRunner().invoke(cli, ['--help']); assert r.exit_code == 0, r.output; "
            "print(','.join(m for m in ('weasyprint', 'alembic', 'openpyxl', 'rich', 'psycopg') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert out.stdout.strip() == ""


def test_failed_enable_is_one_line_and_changes_nothing(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRDESK_PLUGIN_PACKAGES", "tests.fixture_plugins.failing")
    run_cli("init", "--plugins", "")
    result = run_cli("plugins", "enable", "faulty", ok=False)
    assert result.exit_code == 1
    assert "enabling 'faulty' failed in its migrations" in result.output and "Traceback" not in result.output
    rows = {r["name"]: r for r in json.loads(run_cli("plugins", "list", "--json").output)}
    assert rows["faulty"]["state"] == "not installed"
