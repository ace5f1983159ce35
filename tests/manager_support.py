"""A store staffed for the manager plugin (with marketing and cr_system, which it reads), for the manager tests."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from core.app import CrDesk
from core.workdays import CST
from tests.marketing_support import marketing_app

#: The tests' "now": a Friday in the store's November.
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=CST)
PLUGINS = ("marketing", "cr_system", "manager")


def manager_app(make_app: Callable[..., CrDesk]) -> CrDesk:
    return marketing_app(make_app, plugins=PLUGINS)


def write_yaml(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
