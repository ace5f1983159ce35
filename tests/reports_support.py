"""Helpers for the report-engine tests: a database with the report fixture plugins, PDF inspection."""
from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from core.app import CrDesk
from core.models import Store, User, UserRole

PLUGINS = "tests.fixture_plugins.reports"


@dataclass
class ReportsEnv:
    app: CrDesk
    run: Any  # the run_cli fixture
    tmp: Path


@pytest.fixture(name="reports_env")
def reports_env_fixture(run_cli: Any, make_app: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> ReportsEnv:
    """An initialised database running ``rpt_base``, with store TH and users lily (sales_fu), carol (cr), ken."""
    monkeypatch.setenv("CRDESK_PLUGIN_PACKAGES", PLUGINS)
    monkeypatch.delenv("CRDESK_TEMPLATE_DIR", raising=False)
    monkeypatch.setenv("COLUMNS", "250")  # rich folds long Chinese titles in a narrow terminal
    for var in ("RPT_ROWS", "RPT_CHUNK", "RPT_LETTERS"):
        monkeypatch.delenv(var, raising=False)
    run_cli("init", "--plugins", "rpt_base")
    app = make_app()
    with app.session() as s:
        store = Store(code="TH", name="广汽丰田天河店", address="广州市天河区中山大道1号", phone="020-88888888")
        s.add(store)
        s.flush()
        for username, full_name, role in (("lily", "李丽", "sales_fu"), ("carol", "陈晓", "cr"),
                                          ("ken", "黄建", "service_fu")):
            user = User(username=username, full_name=full_name, store_id=store.id)
            user.roles.append(UserRole(role_code=role))
            s.add(user)
    return ReportsEnv(app, run_cli, tmp_path)


def pdf_text(content: bytes) -> str:
    """The PDF's text as poppler's pdftotext extracts it (what a copy-paste or a search finds)."""
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def page_texts(content: bytes) -> list[str]:
    return pdf_text(content).split("\f")[:-1]


def page_count(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def embedded_fonts(content: bytes) -> set[str]:
    """Base names of every font used on any page (subset prefixes removed), and whether each is embedded."""
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            base = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
            descendants = font.get("/DescendantFonts") or [font]
            embedded = any("/FontFile" in d.get_object().get("/FontDescriptor", {}).get_object()
                           or "/FontFile2" in d.get_object().get("/FontDescriptor", {}).get_object()
                           or "/FontFile3" in d.get_object().get("/FontDescriptor", {}).get_object()
                           for d in descendants)
            names.add(base if embedded else f"{base} (NOT EMBEDDED)")
    return names
