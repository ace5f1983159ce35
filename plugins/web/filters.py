"""Jinja2 filters of the web pages: local times, masked numbers, labels."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jinja2

from core.workdays import CST


def local(value: Any, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Aware datetimes in China Standard Time, the way people read them."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone(CST).strftime(fmt) if value.tzinfo else value.strftime(fmt)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def install(env: jinja2.Environment) -> None:
    env.filters["local"] = local
