"""``crdesk doctor``: every check an administrator's monitoring needs, exit 1 when one needs attention."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from core.doctor import exit_code, run_checks
from core.workdays import cst_today
from tests.conftest import backend


@pytest.fixture
def site(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no attachments of an older crdesk in ~/.crdesk
    monkeypatch.setenv("CRDESK_PLUGIN_PACKAGES", "tests.fixture_plugins.platform")
    run_cli("init", "--plugins", "alpha")
    run_cli("stores", "add", "GZ01", "广汽丰田广州天河店")
    return run_cli


def _checks(result) -> dict[str, dict[str, str]]:
    return {c["check"]: c for c in json.loads(result.output)}


def test_doctor_names_each_problem_and_exits_1(site, make_app, tmp_path: Path) -> None:
    before = site("doctor", "--json", ok=False)
    assert before.exit_code == 1
    checks = _checks(before)
    expected = {"database", "schema", "morning_run", "calendar", "cjk_font", "harfbuzz", "data_dir"}
    assert expected <= set(checks)
    assert set(checks) - expected == ({"pg_dump"} if backend() == "postgresql" else set())
    assert checks["database"]["status"] == "ok" and checks["schema"]["status"] == "ok"
    assert checks["cjk_font"]["status"] == "ok" and checks["harfbuzz"]["status"] == "ok"
    assert checks["data_dir"]["status"] == "ok"
    assert checks["morning_run"]["status"] == "attention" and "GZ01" in checks["morning_run"]["detail"]
    assert "从未运行" in checks["morning_run"]["detail"]
    if backend() == "postgresql":
        assert checks["pg_dump"]["status"] == "ok" and "一致" in checks["pg_dump"]["detail"]

    site("tasks", "generate")
    app = make_app()
    after = {c.key: c for c in run_checks(app, today=cst_today())}
    assert after["morning_run"].status == "ok"
    table = site("doctor", ok=False).output
    assert "每日任务生成" in table and "正常" in table


def test_calendar_coverage_of_the_next_year(make_app, site) -> None:
    app = make_app()
    known = {c.key: c for c in run_checks(app, today=dt.date(2025, 3, 1))}
    assert known["calendar"].status == "ok"
    unknown = {c.key: c for c in run_checks(app, today=dt.date(2030, 12, 1))}
    assert unknown["calendar"].status == "attention" and "2030、2031" in unknown["calendar"].detail
    assert exit_code(list(unknown.values())) == 1


def test_unwritable_data_folder_and_pending_upgrade(site, db_url: str, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("CRDESK_DATA_DIR", str(blocker / "data"))
    checks = _checks(site("doctor", "--json", ok=False))
    assert checks["data_dir"]["status"] == "attention" and "not-a-folder" in checks["data_dir"]["detail"]

    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alpha_note"))
        conn.execute(text("DELETE FROM alembic_version WHERE version_num = 'alpha_0001'"))
    engine.dispose()
    checks = _checks(site("doctor", "--json", ok=False))
    assert checks["schema"]["status"] == "attention" and "alpha" in checks["schema"]["detail"]
    assert "morning_run" not in checks


def test_unreachable_database_is_reported_not_raised(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from core.cli import cli

    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    result = CliRunner().invoke(cli, ["--db", url, "doctor", "--json"], catch_exceptions=False,
                                env={"CRDESK_DATA_DIR": str(tmp_path / "d")})
    assert result.exit_code == 1
    checks = _checks(result)
    assert checks["database"]["status"] == "attention" and "schema" not in checks


def test_tasks_generate_quiet_prints_nothing_when_all_is_well(site) -> None:
    result = site("tasks", "generate", "--quiet")
    assert result.stdout == ""  # a warning (e.g. a provisional calendar) would still reach stderr and the mail
    assert "task(s) created" in site("tasks", "generate").output


def test_attachments_left_in_the_old_folder_are_reported(site, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    assert "legacy_attachments" not in _checks(site("doctor", "--json", ok=False))
    old = home / ".crdesk" / "attachments" / "ab"
    old.mkdir(parents=True)
    (old / ("ab" + "0" * 62)).write_bytes(b"invoice")
    check = _checks(site("doctor", "--json", ok=False))["legacy_attachments"]
    assert check["status"] == "attention" and str(home / ".crdesk" / "attachments") in check["detail"]
    assert "attachments" in check["detail"].split("移动到 ")[1]
