"""The Jinja2 environment every report, letter and document renders with.

Templates are looked up datasette-style, first match wins:

1. the site folder (``--template-dir`` or ``$CRDESK_TEMPLATE_DIR``): a store's overrides;
2. each loaded plugin's ``templates/`` folder, dependents before what they depend on;
3. core's ``templates/`` (``base.html``, ``macros.html``, ``report.css`` …).

Every layer is also reachable with a prefix (``core:base.html``,
``<plugin>:x.html``) so an override can extend the template it replaces.
"""
from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from core.reports import charts
from core.reports.periods import CST

if TYPE_CHECKING:
    from core.app import CrDesk

ENV_TEMPLATE_DIR = "CRDESK_TEMPLATE_DIR"
CORE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"  # shipped inside the wheel


def site_template_dir(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    from core import config

    value = explicit or config.current().template_dir or None
    return Path(value).resolve() if value else None


def template_dirs(app: CrDesk, site_dir: Path | None) -> list[Path]:
    """The folders searched for templates, in lookup order (also the folders PDFs may read assets from)."""
    dirs: list[Path] = []
    if site_dir is not None:
        dirs.append(site_dir)
    for name in reversed(app.host.loaded):
        tdir = app.catalog.manifests[name].templates_dir
        if tdir is not None:
            dirs.append(tdir.resolve())
    dirs.append(CORE_TEMPLATES)
    return dirs


def _autoescape(name: str | None) -> bool:
    return not (name or "").endswith((".css", ".txt"))


def build_environment(app: CrDesk, site_dir: Path | None = None, font: Any = None) -> jinja2.Environment:
    """A fresh environment with the loader chain, crdesk's filters and the plugins' additions.

    ``font`` (a :class:`core.reports.fonts.CjkFont`) is a global so imported macros see it too.
    """
    prefixed: dict[str, jinja2.BaseLoader] = {"core": jinja2.FileSystemLoader(CORE_TEMPLATES)}
    for name in app.host.loaded:
        tdir = app.catalog.manifests[name].templates_dir
        if tdir is not None:
            prefixed[name] = jinja2.FileSystemLoader(tdir)
    if site_dir is not None:
        prefixed["site"] = jinja2.FileSystemLoader(site_dir)
    chain = [jinja2.FileSystemLoader(d) for d in template_dirs(app, site_dir)]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.PrefixLoader(prefixed, delimiter=":"), *chain]),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = format_cell
    env.filters["css_string"] = css_string
    env.filters["cst"] = to_cst
    env.globals["chart"] = render_chart
    env.globals["font"] = font if font is not None else {"family": "sans-serif"}
    app.hooks.prepare_jinja2_environment(env, app)
    return env


def format_cell(value: Any, type_: str = "text") -> str:
    """How a table cell reads in a PDF or HTML report (XLSX keeps the typed value)."""
    if value is None or value == "":
        return ""
    if type_ == "phone":
        return mask_phone(str(value))
    if type_ == "percent":
        return f"{float(value) * 100:.1f}%"
    if type_ == "decimal":
        return f"{Decimal(str(value)):,.2f}"
    if type_ == "int":
        return f"{int(value):,}"
    if isinstance(value, dt.datetime):
        return to_cst(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def mask_phone(number: str) -> str:
    """138****1234: GB/T 35273 §7.2 display restriction for phone numbers on paper and screens."""
    digits = number.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def to_cst(value: dt.datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An aware datetime as the store's staff read it (CST)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(CST).strftime(fmt)


def css_string(value: Any) -> Markup:
    """Quote text for a CSS ``content:`` string (margin boxes show store names and titles)."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return Markup(f'"{text}"')


def render_chart(spec: dict[str, Any], font_family: str = "sans-serif") -> Markup:
    return Markup(charts.svg(spec, font_family=font_family))
