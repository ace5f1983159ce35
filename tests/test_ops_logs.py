"""Logs: a level from the configuration, a rotating 0600 file or stderr for journald, no full phone numbers."""
from __future__ import annotations

import logging
import logging.handlers
import stat
from pathlib import Path

import pytest

from core import config, logs


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _restore_logging():
    yield
    logs.configure(config.load(environ={}))


def test_log_file_is_private_rotating_and_masks_phones(run_cli, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    log_file = tmp_path / "log" / "crdesk.log"
    monkeypatch.setenv("CRDESK_LOG_FILE", str(log_file))
    monkeypatch.setenv("CRDESK_LOG_LEVEL", "INFO")
    run_cli("init", "--plugins", "")
    failed = run_cli("attachments", "get", "99", "-o", str(tmp_path / "x"), ok=False)
    assert failed.exit_code != 0
    text = log_file.read_text(encoding="utf-8")
    assert "attachments failed" in text and " INFO crdesk.cli: " in text
    assert _mode(log_file) == 0o600 and _mode(log_file.parent) == 0o700

    logs.get("sms").warning("发送给 %s 失败：%s", "13812345678", "网关拒绝 +86 139-0000-1111 以外的号码")
    logs.get("sms").warning("客户电话 020-88886666")
    text = log_file.read_text(encoding="utf-8")
    assert "13812345678" not in text and "138****5678" in text and "88886666" not in text

    handler = next(h for h in logging.getLogger("crdesk").handlers
                   if isinstance(h, logging.handlers.RotatingFileHandler))
    assert handler.backupCount == 5 and handler.maxBytes == 5 << 20
    handler.doRollover()
    assert _mode(log_file) == 0o600 and _mode(Path(str(log_file) + ".1")) == 0o600


def test_without_a_file_lines_go_to_stderr_at_the_configured_level(capsys: pytest.CaptureFixture[str]) -> None:
    logs.configure(config.load(environ={"CRDESK_LOG_LEVEL": "WARNING"}))
    logs.get("doctor").info("not shown")
    logs.get("doctor").warning("shown 13912345678")
    err = capsys.readouterr().err
    assert "not shown" not in err
    assert err.strip() == "crdesk WARNING crdesk.doctor: shown 139****5678"


def test_mask_digits_keeps_dates_and_short_numbers() -> None:
    assert logs.mask_digits("任务 412 于 2026-12-01 到期") == "任务 412 于 2026-12-01 到期"
    assert logs.mask_digits("13812345678") == "138****5678"
