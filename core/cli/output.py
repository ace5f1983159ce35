"""The one way commands print: ``--json`` for scripts, rich tables for people.

Times: people read them in the store's local time (``2026-12-01 18:00``, no
zone label: the store's clock is the only one staff know); ``--json`` carries
ISO 8601 in the store's zone with its offset (``2026-12-01T18:00:00+08:00``).
Both go through :func:`core.clock.local`, so a UTC value from the database and
a local one print the same. rich is imported only when a table is printed,
keeping ``crdesk --help`` fast.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import click

from core.clock import local

F = TypeVar("F", bound=Callable[..., Any])

Column = tuple[str, str]  # (key in the row dict, header shown to people)


def json_option(fn: F) -> F:
    """Add ``--json`` to a listing command (the value arrives as ``as_json``)."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(fn)


def iso_time(value: dt.datetime) -> str:
    """A moment for scripts: ISO 8601 in the store's time zone, with its offset."""
    return local(value).isoformat(timespec="seconds")


def local_time(value: dt.datetime) -> str:
    """A moment for people: ``YYYY-MM-DD HH:MM`` in the store's time zone."""
    return local(value).strftime("%Y-%m-%d %H:%M")


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return iso_time(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    return str(value)


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dt.datetime):
        return local_time(value)
    return str(value)


def emit_rows(rows: Sequence[Mapping[str, Any]], columns: Sequence[Column], *, as_json: bool,
              title: str | None = None, empty: str = "nothing to show") -> None:
    """Print ``rows`` as JSON (every key) or as a table of ``columns``."""
    if as_json:
        click.echo(to_json(list(rows)))
        return
    if not rows:
        click.echo(empty)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for key, header in columns:
        # a date or time reads as one unit: never fold it over two lines (free text folds instead)
        values = [row.get(key) for row in rows]
        width = 16 if any(isinstance(v, dt.datetime) for v in values) else (
            10 if any(isinstance(v, dt.date) for v in values) else None)
        table.add_column(header, overflow="fold", no_wrap=width is not None, min_width=width)
    for row in rows:
        table.add_row(*(_cell(row.get(key)) for key, _ in columns))
    Console(soft_wrap=False).print(table)


def emit_record(record: Mapping[str, Any], *, as_json: bool, labels: Iterable[Column] | None = None) -> None:
    """Print one record as JSON or as ``label: value`` lines."""
    if as_json:
        click.echo(to_json(dict(record)))
        return
    pairs = list(labels) if labels is not None else [(k, k) for k in record]
    width = max((len(label) for _k, label in pairs), default=0)
    for key, label in pairs:
        click.echo(f"{label.ljust(width)}  {_cell(record.get(key))}")


def success(message: str) -> None:
    click.secho(message, fg="green")


def warn(message: str) -> None:
    click.secho(f"warning: {message}", fg="yellow", err=True)
