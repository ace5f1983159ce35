"""Helpers for the platform tests: catalogs over the fixture plugins, installed test distributions."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from core.plugin_catalog import PluginCatalog

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = "tests.fixture_plugins"


def fixture_catalog(*scenarios: str) -> PluginCatalog:
    """A catalog of the built-in plugins plus the fixture scenarios, without entry points."""
    return PluginCatalog.discover(use_entry_points=False,
                                  local_packages=[f"{FIXTURES}.{s}" for s in scenarios])


def install_distributions(target: Path, *projects: Path) -> None:
    """pip-install test distributions into ``target`` the way a dealer installs a plugin."""
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), *map(str, projects)],
        check=True, capture_output=True, text=True,
    )
