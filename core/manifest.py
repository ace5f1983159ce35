"""Plugin manifests: inert ``__manifest__.py`` dicts read without importing the plugin.

As in Odoo, a manifest is a literal dict so that discovery, dependency
resolution and ``crdesk plugins list`` never execute plugin code.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import ManifestError

NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
VERSION_RE = re.compile(r"^\d+(\.\d+){1,3}$")
DUTY_RE = re.compile(r"^[A-Z]+-[A-Z0-9-]+$")

_REQUIRED = {"name": str, "version": str, "summary": str}
_OPTIONAL: dict[str, Any] = {
    "depends": (list, []),
    "covers": (list, []),
    "description": (str, ""),
    "author": (str, ""),
    "license": (str, ""),
}


@dataclass(frozen=True)
class PluginManifest:
    """What a plugin says about itself; ``path`` is the plugin's folder."""

    name: str
    version: str
    summary: str
    path: Path
    module: str
    depends: tuple[str, ...] = ()
    covers: tuple[str, ...] = ()
    description: str = ""
    author: str = ""
    license: str = ""
    source: str = "builtin"  # "builtin" or "entry-point"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def migrations_dir(self) -> Path | None:
        d = self.path / "migrations"
        return d if d.is_dir() else None

    @property
    def templates_dir(self) -> Path | None:
        d = self.path / "templates"
        return d if d.is_dir() else None


def read_manifest(path: Path, *, module: str, expected_name: str | None = None,
                  source: str = "builtin") -> PluginManifest:
    """Parse and validate ``path/__manifest__.py``; errors name the plugin and the field."""
    label = expected_name or path.name
    file = path / "__manifest__.py"
    if not file.is_file():
        raise ManifestError(f"plugin {label!r}: no __manifest__.py in {path}")
    try:
        data = ast.literal_eval(file.read_text(encoding="utf-8"))
    except (ValueError, SyntaxError) as exc:
        raise ManifestError(
            f"plugin {label!r}: {file} is not a literal dict ({exc.__class__.__name__}: {exc})"
        ) from None
    if not isinstance(data, dict):
        raise ManifestError(f"plugin {label!r}: {file} must contain a dict, got {type(data).__name__}")

    def fail(field_name: str, why: str) -> ManifestError:
        return ManifestError(f"plugin {label!r}: manifest field {field_name!r} {why} ({file})")

    for key, typ in _REQUIRED.items():
        if key not in data:
            raise fail(key, "is missing")
        if not isinstance(data[key], typ) or not data[key].strip():
            raise fail(key, f"must be a non-empty {typ.__name__}")
    if not NAME_RE.match(data["name"]):
        raise fail("name", "must be snake_case letters, digits and underscores")
    if expected_name is not None and data["name"] != expected_name:
        raise fail("name", f"is {data['name']!r} but the plugin is registered as {expected_name!r}")
    if not VERSION_RE.match(data["version"]):
        raise fail("version", f"must look like 1.0 or 1.2.3, got {data['version']!r}")
    values: dict[str, Any] = {}
    for key, (typ, default) in _OPTIONAL.items():
        value = data.get(key, default)
        if not isinstance(value, typ):
            raise fail(key, f"must be a {typ.__name__}")
        values[key] = value
    for dep in values["depends"]:
        if not isinstance(dep, str) or not NAME_RE.match(dep):
            raise fail("depends", f"has an invalid plugin name {dep!r}")
        if dep == data["name"]:
            raise fail("depends", "names the plugin itself")
    for duty in values["covers"]:
        if not isinstance(duty, str) or not DUTY_RE.match(duty):
            raise fail("covers", f"has an invalid duty ID {duty!r}")
    known = set(_REQUIRED) | set(_OPTIONAL)
    extra = {k: v for k, v in data.items() if k not in known}
    return PluginManifest(
        name=data["name"], version=data["version"], summary=data["summary"].strip(),
        path=path, module=module, depends=tuple(values["depends"]), covers=tuple(values["covers"]),
        description=values["description"], author=values["author"], license=values["license"],
        source=source, extra=extra,
    )
