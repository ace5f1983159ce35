"""WeasyPrint is loaded only when a PDF is made; without a Chinese font, PDFs are refused clearly."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.reports import fonts
from tests.reports_support import ReportsEnv
from tests.reports_support import reports_env_fixture  # noqa: F401  (the reports_env fixture)

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys
from click.testing import CliRunner
from core.cli import cli
db = sys.argv[1]
for fmt in sys.argv[2:]:
    r = CliRunner().invoke(cli, ["--db", db, "--as", "lily", "reports", "render", "rpt_base.satisfaction",
                                 "--period", "2026-10", "--format", fmt, "-o", "probe." + fmt])
    assert r.exit_code == 0, r.output
    print(fmt, "weasyprint" in sys.modules)
"""


def _probe(db_url: str, formats: list[str], cwd: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CRDESK_PLUGIN_PACKAGES": "tests.fixture_plugins.reports"}
    out = subprocess.run([sys.executable, "-c", PROBE, db_url, *formats], capture_output=True, text=True, env=env,
                         cwd=cwd, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_weasyprint_is_imported_only_for_pdf(reports_env: ReportsEnv, db_url: str) -> None:
    help_run = subprocess.run([sys.executable, "-c", "import sys; from core.cli import main; sys.argv=['crdesk', "
                               "'reports', '--help']\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
                               "print('weasyprint' in sys.modules)"],
                              capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert help_run.stdout.strip().endswith("False"), help_run.stdout + help_run.stderr
    assert _probe(db_url, ["csv", "xlsx", "html", "pdf"], reports_env.tmp).splitlines() == [
        "csv False", "xlsx False", "html False", "pdf True"]


def test_no_chinese_font_means_a_clear_refusal(reports_env: ReportsEnv, monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig></fontconfig>')
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))  # a machine with no fonts at all
    fonts.find_cjk_font.cache_clear()
    try:
        result = reports_env.run("reports", "render", "rpt_base.satisfaction", "--period", "2026-10", user="lily",
                                 ok=False)
    finally:
        fonts.find_cjk_font.cache_clear()
    assert result.exit_code == 1
    assert "no Chinese (CJK) font is installed" in result.output and "fonts-noto-cjk" in result.output
    assert not list(reports_env.tmp.glob("*.pdf"))
