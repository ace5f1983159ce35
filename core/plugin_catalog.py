"""Finding plugins and putting them in dependency order, without importing any.

Built-in plugins are the folders of the ``plugins`` package; third-party
plugins register a package under the entry-point group ``crdesk.plugins``.
Both are described by the same :class:`~core.manifest.PluginManifest`.
"""
from __future__ import annotations

import graphlib
import importlib.util
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path

from core.errors import PluginError
from core.manifest import PluginManifest, read_manifest

ENTRY_POINT_GROUP = "crdesk.plugins"
BUILTIN_PACKAGE = "plugins"
ENV_LOCAL = "CRDESK_PLUGIN_PACKAGES"


@dataclass
class PluginCatalog:
    """Every plugin this installation can see, and those that could not be read."""

    manifests: dict[str, PluginManifest] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)

    @classmethod
    def discover(cls, *, strict: bool = False, builtin_package: str = BUILTIN_PACKAGE,
                 use_entry_points: bool = True, local_packages: Iterable[str] | None = None) -> PluginCatalog:
        """Read every manifest: built-in folders, local plugin packages, then entry points.

        ``local_packages`` (default: ``$CRDESK_PLUGIN_PACKAGES``, comma-separated) are importable
        packages whose sub-folders are plugins, for a store's own plugins that are not packaged.
        """
        catalog = cls()
        catalog._add_package(builtin_package, source="builtin")
        if local_packages is None:
            from core import config

            local_packages = list(config.current().plugin_packages)
        for package in local_packages:
            catalog._add_package(package, source="local")
        if use_entry_points:
            for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
                try:
                    catalog.add(_entry_point_manifest(ep.name, ep.value))
                except PluginError as exc:
                    if strict:
                        raise
                    catalog.broken[ep.name] = str(exc)
        return catalog

    def _add_package(self, package: str, *, source: str) -> None:
        try:
            spec = importlib.util.find_spec(package)
        except ImportError:
            spec = None
        if spec is None or not spec.submodule_search_locations:
            raise PluginError(f"plugin package {package!r} cannot be found (check {ENV_LOCAL} and sys.path)")
        folder = Path(next(iter(spec.submodule_search_locations)))
        for path in sorted(folder.iterdir()):
            if (path / "__manifest__.py").is_file():
                # A malformed manifest in a folder crdesk was pointed at is always fatal.
                self.add(read_manifest(path, module=f"{package}.{path.name}", expected_name=path.name,
                                       source=source))

    def add(self, manifest: PluginManifest) -> None:
        if manifest.name in self.manifests:
            other = self.manifests[manifest.name]
            raise PluginError(
                f"two plugins are named {manifest.name!r}: {other.module} and {manifest.module}; "
                "uninstall one of them"
            )
        self.manifests[manifest.name] = manifest

    def get(self, name: str) -> PluginManifest:
        try:
            return self.manifests[name]
        except KeyError:
            known = ", ".join(sorted(self.manifests)) or "none"
            hint = f" (it failed to load: {self.broken[name]})" if name in self.broken else ""
            raise PluginError(f"unknown plugin {name!r}{hint}; known plugins: {known}") from None

    def closure(self, names: Iterable[str]) -> set[str]:
        """``names`` plus everything they depend on; unknown dependencies name the chain."""
        result: set[str] = set()

        def visit(name: str, chain: tuple[str, ...]) -> None:
            if name not in self.manifests:
                if not chain:
                    self.get(name)  # raises "unknown plugin"
                path = " → ".join((*chain, name))
                raise PluginError(f"plugin {chain[0]!r} needs {name!r}, which is not installed ({path})")
            if name in result:
                return
            result.add(name)
            for dep in self.manifests[name].depends:
                visit(dep, (*chain, name))

        for name in names:
            visit(name, ())
        return result

    def order(self, names: Iterable[str]) -> list[str]:
        """Dependencies first; ties broken by name so every run loads in the same order."""
        selected = self.closure(names)
        sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
        for name in sorted(selected):
            sorter.add(name, *self.manifests[name].depends)
        try:
            sorter.prepare()
        except graphlib.CycleError as exc:
            cycle = exc.args[1]
            raise PluginError(
                "plugins depend on each other in a cycle: " + " → ".join(reversed(cycle))
            ) from None
        ordered: list[str] = []
        while sorter.is_active():
            ready = sorted(sorter.get_ready())
            ordered.extend(ready)
            sorter.done(*ready)
        return ordered

    def dependents(self, name: str, among: Iterable[str]) -> list[str]:
        """The plugins of ``among`` that need ``name``, directly or through others."""
        return sorted(n for n in among if n != name and name in self.closure([n]))


def _entry_point_manifest(name: str, value: str) -> PluginManifest:
    module = value.split(":", 1)[0].strip()
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError) as exc:
        raise PluginError(f"plugin {name!r}: cannot locate package {module!r}: {exc}") from None
    if spec is None or not spec.submodule_search_locations:
        raise PluginError(f"plugin {name!r}: entry point {value!r} must name a package (a folder)")
    path = Path(next(iter(spec.submodule_search_locations)))
    return read_manifest(path, module=module, expected_name=name, source="entry-point")
