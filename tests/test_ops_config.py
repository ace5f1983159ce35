"""crdesk.toml and the data folder: one file for the settings, env vars override, personal files are 0600."""
from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from core import config
from core.errors import ValidationError
from tests.approvals_support import staffed_app
from tests.conftest import backend


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_file_values_and_environment_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    toml = tmp_path / "crdesk.toml"
    toml.write_text('database_url = "sqlite:////srv/crdesk/crdesk.db"\ndata_dir = "/srv/crdesk/data"\n'
                    'plugin_packages = ["gz_local", "fs_local"]\naudit_key = "k1"\nlog_level = "info"\n',
                    encoding="utf-8")
    for option in config.OPTIONS:
        monkeypatch.delenv(option.env, raising=False)
    monkeypatch.setenv("CRDESK_CONFIG", str(toml))
    settings = config.current()
    assert settings.database() == "sqlite:////srv/crdesk/crdesk.db"
    assert settings.data_dir == Path("/srv/crdesk/data") and settings.plugin_packages == ("gz_local", "fs_local")
    assert settings.audit_key == "k1" and settings.log_level == "INFO" and settings.source == toml
    monkeypatch.setenv("CRDESK_DATA_DIR", "/var/lib/crdesk")
    monkeypatch.setenv("CRDESK_PLUGIN_PACKAGES", "only_this")
    settings = config.current()
    assert settings.data_dir == Path("/var/lib/crdesk") and settings.plugin_packages == ("only_this",)
    assert settings.origins["data_dir"] == "CRDESK_DATA_DIR" and settings.origins["audit_key"] == str(toml)


def test_bad_config_file_is_one_line(tmp_path: Path, run_cli) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('databse_url = "x"\n', encoding="utf-8")
    result = run_cli("--config", str(bad), "db", "status", ok=False)
    assert result.exit_code == 2 and "未知的设置项 'databse_url'" in result.output
    assert "Traceback" not in result.output
    bad.write_text('log_level = "LOUD"\n', encoding="utf-8")
    assert "log_level" in run_cli("--config", str(bad), "db", "status", ok=False).output
    missing = run_cli("--config", str(tmp_path / "nope.toml"), "db", "status", ok=False)
    assert missing.exit_code == 2 and "不存在" in missing.output


def test_config_file_names_the_database(tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from core.cli import cli

    monkeypatch.delenv("CRDESK_DATABASE_URL", raising=False)
    toml = tmp_path / "crdesk.toml"
    toml.write_text(f"database_url = {json.dumps(db_url)}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    init = runner.invoke(cli, ["--config", str(toml), "--as", "admin", "init"], catch_exceptions=False)
    assert init.exit_code == 0, init.output
    status = runner.invoke(cli, ["--config", str(toml), "db", "status", "--json"], catch_exceptions=False)
    assert status.exit_code == 0 and json.loads(status.output)[0]["state"] == "up to date"
    assert not (tmp_path / "crdesk.db").exists() or db_url.endswith("crdesk.db")


def test_sqlite_data_folder_is_next_to_the_database_and_private(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRDESK_DATA_DIR", raising=False)
    settings = config.load(environ={})
    url = f"sqlite:///{tmp_path / 'store' / 'gz01.db'}"
    folder = config.data_dir("exports", database_url=url, settings=settings)
    assert folder == tmp_path / "store" / "gz01-data" / "exports"
    assert _mode(folder) == 0o700 and _mode(folder.parent) == 0o700
    written = config.write_private(folder / "客户.xlsx", b"data")
    assert _mode(written) == 0o600
    with pytest.raises(ValidationError, match="data_dir"):
        config.data_dir(database_url="postgresql+psycopg://crdesk@db/crdesk", settings=settings)


def test_sms_outbox_defaults_to_the_data_folder_mode_0600(make_app, db_url: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from core.sms.gateways import FileGateway

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CRDESK_SMS_OUTBOX", raising=False)
    app = staffed_app(make_app)
    gateway = app.hooks.sms_gateway(app)
    assert isinstance(gateway, FileGateway)
    gateway.send("13812345678", "您好", message_id=1)
    outbox = config.current().data_root(db_url) / "sms-outbox.jsonl"
    assert gateway.path == outbox and _mode(outbox) == 0o600
    assert json.loads(outbox.read_text(encoding="utf-8"))["phone"] == "13812345678"
    assert not (tmp_path / "sms-outbox.jsonl").exists()


def test_purge_backup_lands_in_the_data_folder_mode_0600(run_cli, db_url: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRDESK_PLUGIN_PACKAGES", "tests.fixture_plugins.platform")
    run_cli("init")
    run_cli("plugins", "enable", "alpha")
    run_cli("plugins", "disable", "alpha")
    out = run_cli("plugins", "purge", "alpha", "--yes").output
    backups = list((config.current().data_root(db_url) / "backups").glob("alpha-*.json.gz"))
    assert len(backups) == 1 and backups[0].name in out.replace("\n", "")
    assert _mode(backups[0]) == 0o600 and _mode(backups[0].parent) == 0o700
    assert not (tmp_path / "crdesk-backups").exists()


def test_attachments_live_in_the_data_folder_and_are_fetched_with_the_right(make_app, run_cli, db_url: str,
                                                                            tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRDESK_ATTACHMENTS", raising=False)
    monkeypatch.setenv("CRDESK_PLUGIN_PACKAGES", "tests.fixture_plugins.approvals")
    staffed_app(make_app)
    data = tmp_path / "pay.yaml"
    data.write_text("subject: 报纸广告款\npayee: 广州日报社\ncontract_no: GZTH-2026-118\namount: '8800.00'\n",
                    encoding="utf-8")
    contract = tmp_path / "合同.pdf"
    contract.write_bytes(b"%PDF contract")
    run_cli("approvals", "submit", "pay", "--data", str(data), "--attach", f"contract_copy={contract}", user="mkt")
    root = config.current().data_root(db_url) / "attachments"
    stored = [p for p in root.rglob("*") if p.is_file()]
    assert len(stored) == 1 and _mode(stored[0]) == 0o600 and _mode(root) == 0o700
    assert not (Path.home() / ".crdesk" / "attachments" / stored[0].name[:2] / stored[0].name).exists()

    out = tmp_path / "取回.pdf"
    run_cli("attachments", "get", "1", "-o", str(out), user="cai")
    assert out.read_bytes() == b"%PDF contract" and _mode(out) == 0o600
    run_cli("attachments", "get", stored[0].name, "-o", str(tmp_path / "own.pdf"), user="mkt")
    refused = run_cli("attachments", "get", "1", "-o", str(tmp_path / "no.pdf"), user="seller", ok=False)
    assert refused.exit_code == 3 and not (tmp_path / "no.pdf").exists()
    assert run_cli("attachments", "get", "99", "-o", str(tmp_path / "x"), ok=False).exit_code != 0
    fetched = [e for e in json.loads(run_cli("audit", "list", "--json").output) if e["action"] == "attachment.fetch"]
    assert sorted(e["actor"] for e in fetched) == ["cai", "mkt"]


def test_report_export_default_is_the_data_folder(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crdesk.db'}"
    settings_root = config.load(environ={}).data_root(url)
    if backend() == "postgresql":
        assert settings_root == tmp_path / "crdesk-data"
    target = config.export_path(None, "../销售满意度回访报表_2026-10.pdf", database_url=url)
    assert target.parent == settings_root / "exports" and target.name == "销售满意度回访报表_2026-10.pdf"
    assert config.export_path(tmp_path / "x.pdf", "ignored.pdf") == tmp_path / "x.pdf"


def test_every_setting_is_in_the_one_table() -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    for option in config.OPTIONS:
        assert f"| `{option.key}` | `{option.env}` |" in doc
