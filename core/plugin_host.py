"""The pluggy manager and the typed calls core makes through it.

Core registers its own contributions (``core.builtin_hooks``) first and then
each enabled plugin in dependency order, all the same way. Core code calls
hooks only through :class:`Hooks`, whose methods flatten, validate and sort
what plugins return (tox's typed wrapper; pluggy #191).
"""
from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pluggy

from core import PROJECT, hookspecs
from core.errors import PluginError
from core.plugin_catalog import PluginCatalog

if TYPE_CHECKING:
    import click
    import jinja2
    from sqlalchemy.orm import Session

    from core.app import CrDesk

CORE_PLUGIN = "core"
CORE_HOOK_MODULES = ("core.builtin_hooks",)


@dataclass(frozen=True)
class LoadFailure:
    name: str
    error: str


class PluginHost:
    """A pluggy manager holding core and the loaded plugins."""

    def __init__(self, catalog: PluginCatalog) -> None:
        self.catalog = catalog
        self.pm = pluggy.PluginManager(PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.loaded: list[str] = []
        self.failures: list[LoadFailure] = []
        for module_name in CORE_HOOK_MODULES:
            self.pm.register(importlib.import_module(module_name), name=f"{CORE_PLUGIN}:{module_name}")
        self.hooks = Hooks(self)

    def load(self, names: Iterable[str], *, strict: bool = False) -> None:
        """Register ``names`` and their dependencies, dependencies first.

        A third-party plugin that fails to import is reported and skipped with
        everything that depends on it; ``strict`` makes that fatal instead.
        """
        skipped: set[str] = set()
        for name in self.catalog.order(names):
            if name in self.loaded:
                continue
            manifest = self.catalog.manifests[name]
            blocked = [d for d in manifest.depends if d in skipped]
            if blocked:
                skipped.add(name)
                self.failures.append(LoadFailure(name, f"needs {blocked[0]!r}, which failed to load"))
                continue
            try:
                module = _import_hooks(manifest.module)
            except Exception as exc:  # noqa: BLE001 - any import error of foreign code
                if strict or manifest.source == "builtin":
                    raise PluginError(f"plugin {name!r} failed to import: {exc.__class__.__name__}: {exc}") from exc
                skipped.add(name)
                self.failures.append(LoadFailure(name, f"{exc.__class__.__name__}: {exc}"))
                continue
            self.pm.register(module, name=name)
            self.loaded.append(name)
        self.pm.check_pending()

    def plugin_of(self, impl: pluggy.HookImpl) -> str:
        return CORE_PLUGIN if impl.plugin_name.startswith(CORE_PLUGIN + ":") else impl.plugin_name

    def hook_names(self, name: str) -> list[str]:
        """The hooks plugin ``name`` implements (for ``crdesk plugins info``)."""
        plugin = self.pm.get_plugin(name)
        if plugin is None:
            return []
        return sorted(c.name for c in self.pm.get_hookcallers(plugin) or [])


def _import_hooks(module: str) -> ModuleType:
    hooks_module = f"{module}.hooks"
    if importlib.util.find_spec(hooks_module) is not None:
        return importlib.import_module(hooks_module)
    return importlib.import_module(module)


class Hooks:
    """Typed calls of every hook; the only way core reaches plugins."""

    def __init__(self, host: PluginHost) -> None:
        self._host = host

    # -- collecting -------------------------------------------------------
    def collect(self, hook_name: str, **kwargs: Any) -> list[Any]:
        """Call ``hook_name`` on every plugin and merge keyed items.

        Every item needs a ``key`` starting with ``"<plugin>."`` (core uses
        ``"core."``); a duplicate key or a foreign prefix is refused, naming the
        plugin, so two plugins cannot silently replace each other's items.
        """
        caller = getattr(self._host.pm.hook, hook_name)
        seen: dict[str, str] = {}
        items: list[Any] = []
        for impl in caller.get_hookimpls():
            plugin = self._host.plugin_of(impl)
            result = impl.function(**{k: kwargs[k] for k in impl.argnames})
            for item in result or ():
                key = getattr(item, "key", None)
                if not isinstance(key, str) or not key.startswith(plugin + "."):
                    raise PluginError(
                        f"plugin {plugin!r}: {hook_name} returned an item with key {key!r}; "
                        f"keys must start with {plugin + '.'!r}"
                    )
                if key in seen:
                    raise PluginError(f"plugins {seen[key]!r} and {plugin!r} both register {key!r} ({hook_name})")
                seen[key] = plugin
                items.append(item)
        return sorted(items, key=lambda i: i.key)

    def models(self) -> dict[str, list[type]]:
        """Model classes per plugin, for purge backups and migration checks."""
        out: dict[str, list[type]] = {}
        for impl in self._host.pm.hook.register_models.get_hookimpls():
            out.setdefault(self._host.plugin_of(impl), []).extend(impl.function() or ())
        return out

    def import_kinds(self, app: CrDesk) -> list[Any]:
        return self.collect("register_import_kinds", app=app)

    def task_schedules(self, app: CrDesk) -> list[Any]:
        return self.collect("register_task_schedules", app=app)

    def assignment_strategies(self, app: CrDesk) -> list[Any]:
        return self.collect("register_assignment_strategies", app=app)

    def forms(self, app: CrDesk) -> list[Any]:
        return self.collect("register_forms", app=app)

    def approval_chains(self, app: CrDesk) -> list[Any]:
        return self.collect("register_approval_chains", app=app)

    def reports(self, app: CrDesk) -> list[Any]:
        return self.collect("register_reports", app=app)

    def permissions(self, app: CrDesk) -> list[Any]:
        return self.collect("register_permissions", app=app)

    def rules(self, app: CrDesk) -> list[Any]:
        return self.collect("register_rules", app=app)

    def settings(self, app: CrDesk) -> list[Any]:
        return self.collect("register_settings", app=app)

    def web_routes(self, app: CrDesk) -> list[Any]:
        return self.collect("register_web_routes", app=app)

    def menu_items(self, app: CrDesk) -> list[Any]:
        return self.collect("register_menu_items", app=app)

    # -- deciding (firstresult) --------------------------------------------
    def sms_gateway(self, app: CrDesk) -> Any:
        return self._host.pm.hook.resolve_sms_gateway(app=app)

    # -- preparing --------------------------------------------------------
    def commands(self, cli: click.Group, app: CrDesk) -> None:
        self._host.pm.hook.register_commands(cli=cli, app=app)

    def prepare_jinja2_environment(self, env: jinja2.Environment, app: CrDesk) -> None:
        self._host.pm.hook.prepare_jinja2_environment(env=env, app=app)

    # -- events -----------------------------------------------------------
    def records_imported(self, app: CrDesk, session: Session, kind: str, record_ids: list[int]) -> None:
        self._host.pm.hook.on_records_imported(app=app, session=session, kind=kind, record_ids=record_ids)

    def task_completed(self, app: CrDesk, session: Session, task: Any) -> None:
        self._host.pm.hook.on_task_completed(app=app, session=session, task=task)

    def tasks_generated(self, app: CrDesk, session: Session, day: dt.date, moment: dt.datetime) -> None:
        self._host.pm.hook.on_tasks_generated(app=app, session=session, day=day, moment=moment)

    def user_deactivated(self, app: CrDesk, session: Session, user: Any, successor: Any) -> None:
        self._host.pm.hook.on_user_deactivated(app=app, session=session, user=user, successor=successor)

    def approval_decided(self, app: CrDesk, session: Session, request: Any, decision: Any) -> None:
        self._host.pm.hook.on_approval_decided(app=app, session=session, request=request, decision=decision)

    def plugin_state_changed(self, app: CrDesk, session: Session, name: str, enabled: bool) -> None:
        self._host.pm.hook.on_plugin_state_changed(app=app, session=session, name=name, enabled=enabled)

    def report_rendered(self, app: CrDesk, session: Session, spec: Any, entry: Any) -> None:
        self._host.pm.hook.on_report_rendered(app=app, session=session, spec=spec, entry=entry)
