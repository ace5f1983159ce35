"""The ``crdesk`` command line.

Core command groups are imported lazily (so ``crdesk --help`` stays fast) and
plugins add theirs through the ``register_commands`` hook once the database
says which plugins are enabled.
"""
from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from core import __version__
from core.errors import CrdeskError

#: command name -> "module:attribute", imported only when the command is used.
CORE_COMMANDS: dict[str, str] = {
    "init": "core.cli.init_cmd:init",
    "plugins": "core.cli.plugins_cmd:plugins",
    "db": "core.cli.db_cmd:db",
    "duties": "core.cli.duties_cmd:duties",
    "settings": "core.cli.settings_cmd:settings",
    "sms": "core.cli.sms_cmd:sms",
    "import": "core.cli.import_cmd:import_",
    "import-kinds": "core.cli.import_cmd:import_kinds_cmd",
    "customers": "core.cli.customers_cmd:customers",
    "stores": "core.cli.stores_cmd:stores",
    "users": "core.cli.users_cmd:users",
    "audit": "core.cli.audit_cmd:audit",
    "service-types": "core.cli.stores_cmd:service_types",
    "reports": "core.cli.reports_cmd:reports",
    "forms": "core.cli.forms_cmd:forms",
    "approvals": "core.cli.approvals_cmd:approvals",
    "tasks": "core.cli.tasks_cmd:tasks",
    "agenda": "core.cli.agenda_cmd:agenda",
    "calendar": "core.cli.calendar_cmd:calendar",
    "attachments": "core.cli.attachments_cmd:attachments",
    "doctor": "core.cli.doctor_cmd:doctor",
    "backup": "core.cli.backup_cmd:backup",
    "restore": "core.cli.backup_cmd:restore",
}

_PLUGIN_COMMANDS = "crdesk.plugin_commands"


class AppContext:
    """Holds the global options and builds the :class:`core.app.CrDesk` on first use."""

    def __init__(self, database_url: str | None, acting_user: str | None, strict: bool, debug: bool) -> None:
        self.database_url = database_url
        self.acting_user = acting_user
        self.strict = strict
        self.debug = debug
        self._app: Any = None

    @property
    def app(self) -> Any:
        if self._app is None:
            from core.app import CrDesk

            self._app = CrDesk(self.database_url, acting_user=self.acting_user, strict=self.strict)
        return self._app

    def close(self) -> None:
        """Give the database connections back when the command ends (a group's server has a connection limit)."""
        if self._app is not None:
            self._app.db.dispose()


def _database_exists(url: str | None) -> bool:
    from core.db.engine import default_url

    url = url or default_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1] if "///" in url else ""
        return bool(path) and path != ":memory:" and os.path.exists(path)
    return True


class CrdeskGroup(click.Group):
    """Lazily resolves core commands and plugin commands; turns CrdeskError into one line."""

    def _plugin_group(self, ctx: click.Context) -> click.Group:
        root = ctx.find_root()
        group = root.meta.get(_PLUGIN_COMMANDS)
        if group is None:
            group = click.Group("plugins")
            root.meta[_PLUGIN_COMMANDS] = group
            obj = root.obj if isinstance(root.obj, AppContext) else _context_from_meta(root)
            root.call_on_close(obj.close)
            if _database_exists(obj.database_url):
                try:
                    app = obj.app
                    if app.is_initialised():
                        app.hooks.commands(group, app)
                except CrdeskError:
                    if obj.debug:
                        raise
        return group

    def _extend(self, ctx: click.Context, group: click.Group) -> None:
        """A plugin extends a core group (``crdesk users password``) by registering a group of the same name."""
        core_names = group.__dict__.setdefault("_crdesk_core_names", frozenset(group.commands))
        for name in [n for n in group.commands if n not in core_names]:  # from an earlier app in this process
            del group.commands[name]
        extension = self._plugin_group(ctx).commands.get(group.name or "")
        if isinstance(extension, click.Group):
            group.commands.update({n: c for n, c in extension.commands.items() if n not in core_names})

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(CORE_COMMANDS) | set(self.commands) | set(self._plugin_group(ctx).commands)
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name in CORE_COMMANDS:
            module, attr = CORE_COMMANDS[cmd_name].split(":")
            command: click.Command = getattr(importlib.import_module(module), attr)
            if isinstance(command, click.Group):
                self._extend(ctx, command)
            return command
        return self._plugin_group(ctx).commands.get(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        from core import workdays

        workdays.reset_provisional_years()
        try:
            result = super().invoke(ctx)
            _warn_provisional(workdays)
            return result
        except CrdeskError as exc:
            from core import logs

            logs.get("cli").info("%s failed: %s", ctx.invoked_subcommand or "crdesk", exc)
            if ctx.meta.get("crdesk.debug"):
                raise
            click.secho(f"crdesk: {exc}", fg="red", err=True)
            ctx.exit(exc.exit_code)
        except Exception as exc:
            from sqlalchemy.exc import OperationalError

            if ctx.meta.get("crdesk.debug") or not isinstance(exc, OperationalError):
                raise
            reason = str(exc.orig or exc).strip().splitlines()[0]
            click.secho(f"crdesk: database error: {reason} (run with --debug for details)", fg="red", err=True)
            ctx.exit(1)


def _warn_provisional(workdays: Any) -> None:
    """One plain line per command that used a day of a year whose holiday notice is not loaded."""
    years = workdays.provisional_years_used()
    if years:
        from core.cli.output import warn

        warn(workdays.provisional_message(years))


def _context_from_meta(root: click.Context) -> AppContext:
    """Global options seen so far (``--help`` may come before the rest are parsed), else the environment."""
    meta = root.meta.get("crdesk.early", {})
    return AppContext(meta.get("db") or os.environ.get("CRDESK_DATABASE_URL"),
                      meta.get("as") or os.environ.get("CRDESK_USER"),
                      bool(meta.get("strict")), bool(meta.get("debug")))


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Eager options are seen before ``--help`` lists plugin commands."""
    ctx.meta.setdefault("crdesk.early", {})[param.name or ""] = value
    if param.name == "config":
        from pathlib import Path

        from core import config

        config.use_config_file(Path(value) if value else None)
    if param.name == "debug" and value:
        ctx.meta["crdesk.debug"] = True
    return value


@click.group(cls=CrdeskGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config", envvar="CRDESK_CONFIG", is_eager=True, callback=_remember, metavar="FILE",
              help="Configuration file crdesk.toml (env CRDESK_CONFIG); environment variables override it.")
@click.option("--db", "db", envvar="CRDESK_DATABASE_URL", is_eager=True, callback=_remember,
              metavar="URL", help="Database URL (default sqlite:///crdesk.db; env CRDESK_DATABASE_URL).")
@click.option("--as", "as", envvar="CRDESK_USER", is_eager=True, callback=_remember, metavar="USER",
              help="Act as this staff user (env CRDESK_USER): permissions and the audit log use it.")
@click.option("--strict", is_flag=True, is_eager=True, callback=_remember,
              help="Fail when a third-party plugin cannot be loaded instead of skipping it.")
@click.option("--debug", is_flag=True, is_eager=True, callback=_remember,
              help="Show tracebacks instead of one-line errors.")
@click.version_option(__version__, "--version", prog_name="crdesk")
@click.pass_context
def cli(ctx: click.Context, db: str | None, strict: bool, debug: bool, **kwargs: Any) -> None:
    """crdesk: the Customer Relations department's duties, tasks, approvals and reports."""
    from core import config, logs

    settings = config.current()
    logs.configure(settings)
    ctx.obj = AppContext(db or settings.database_url, kwargs.get("as"), strict, debug)
    ctx.call_on_close(ctx.obj.close)


def get_app(ctx: click.Context) -> Any:
    """The :class:`core.app.CrDesk` for this invocation."""
    obj = ctx.find_root().obj
    assert isinstance(obj, AppContext)
    return obj.app


def main() -> None:
    cli.main(prog_name="crdesk", args=sys.argv[1:])
