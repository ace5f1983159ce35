"""``crdesk plugins``: list, inspect, enable, disable and purge plugins."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from core.cli import get_app
from core.cli.output import emit_record, emit_rows, json_option, success, warn


@click.group()
def plugins() -> None:
    """See and change which plugins this database runs."""


def _rows(app: Any) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from core.models import PluginState

    states: dict[str, Any] = {}
    if app.is_initialised():
        with app.session() as session:
            states = {s.name: s for s in session.scalars(select(PluginState))}
    rows = []
    for name in app.catalog.order(app.catalog.manifests):
        m = app.catalog.manifests[name]
        state = states.get(name)
        rows.append({
            "name": name, "version": m.version, "summary": m.summary, "source": m.source,
            "depends": list(m.depends), "covers": list(m.covers),
            "enabled": bool(state and state.enabled),
            "installed_version": state.installed_version if state else None,
            "state": "enabled" if state and state.enabled else ("disabled (data kept)" if state else "not installed"),
        })
    return rows


@plugins.command("list")
@json_option
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Every plugin crdesk can see, with versions, dependencies and the duty IDs it covers."""
    app = get_app(ctx)
    rows = _rows(app)
    emit_rows(rows, [("name", "plugin"), ("version", "version"), ("state", "state"),
                     ("depends", "depends"), ("covers", "covers duties")],
              as_json=as_json, title="crdesk plugins", empty="no plugins found")
    for name, error in sorted(app.catalog.broken.items()):
        warn(f"plugin {name!r} could not be read and was skipped: {error}")
    if app.is_initialised():
        for failure in app.host.failures:
            warn(f"plugin {failure.name!r} failed to load and was skipped: {failure.error}")


@plugins.command("info")
@click.argument("name")
@json_option
@click.pass_context
def info(ctx: click.Context, name: str, as_json: bool) -> None:
    """Everything about one plugin: manifest, state, hooks it implements, tables it owns."""
    app = get_app(ctx)
    manifest = app.catalog.get(name)
    row = next(r for r in _rows(app) if r["name"] == name)
    from core.plugin_host import PluginHost

    host = PluginHost(app.catalog)
    host.load([name], strict=True)
    row.update({
        "description": manifest.description, "path": str(manifest.path), "module": manifest.module,
        "hooks": host.hook_names(name),
        "tables": sorted(m.__tablename__ for m in host.hooks.models().get(name, [])),
        "dependents": app.catalog.dependents(name, app.catalog.manifests),
    })
    emit_record(row, as_json=as_json)


@plugins.command("enable")
@click.argument("names", nargs=-1, required=True)
@click.pass_context
def enable(ctx: click.Context, names: tuple[str, ...]) -> None:
    """Enable plugins (and what they depend on), applying their migrations."""
    from core.plugin_lifecycle import enable as do_enable

    app = get_app(ctx)
    app.check_schema()
    for change in do_enable(app, list(names)):
        success(f"{change.name} {change.version}: {change.action}")


@plugins.command("disable")
@click.argument("names", nargs=-1, required=True)
@click.pass_context
def disable(ctx: click.Context, names: tuple[str, ...]) -> None:
    """Disable plugins; their data stays and comes back when re-enabled."""
    from core.plugin_lifecycle import disable as do_disable

    app = get_app(ctx)
    app.check_schema()
    for change in do_disable(app, list(names)):
        success(f"{change.name}: {change.action}" + (" (its data is kept)" if change.action == "disabled" else ""))


@plugins.command("purge")
@click.argument("name")
@click.option("--backup-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the backup of the plugin's tables is written first (default: backups/ in the data folder).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def purge(ctx: click.Context, name: str, backup_dir: Path | None, yes: bool) -> None:
    """Delete a disabled plugin's tables and data, after writing a backup (mode 0600)."""
    from core import config
    from core.plugin_lifecycle import purge as do_purge

    app = get_app(ctx)
    app.check_schema()
    app.catalog.get(name)
    backup_dir = backup_dir or config.data_dir("backups", database_url=app.db.url)
    if not yes:
        click.confirm(f"Delete all data of plugin {name!r} (a backup is written to {backup_dir})?", abort=True)
    target = do_purge(app, name, backup_dir)
    success(f"{name}: data deleted; backup written to {target}")
