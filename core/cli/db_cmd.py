"""``crdesk db``: schema status and upgrades."""
from __future__ import annotations

import click

from core.cli import get_app
from core.cli.output import emit_rows, json_option, success, warn
from core.errors import ValidationError


@click.group()
def db() -> None:
    """Database schema: status and upgrade."""


@db.command("status")
@json_option
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """The migration state of core and every enabled plugin."""
    app = get_app(ctx)
    app.db.check_connection()
    branches = ["core"]
    if app.is_initialised():
        branches += [n for n in app.enabled_plugins() if app.catalog.manifests[n].migrations_dir]
    with app.db.engine.connect() as conn:
        rows = [{"branch": s.branch, "current": list(s.current), "heads": list(s.heads), "state": s.state}
                for s in app.migrations.status(conn, branches)]
    emit_rows(rows, [("branch", "branch"), ("current", "database at"), ("heads", "code at"), ("state", "state")],
              as_json=as_json, title=f"schema of {app.db.safe_url}")
    pending = [r["branch"] for r in rows if r["state"] != "up to date"]
    if pending or not app.is_initialised():
        if not as_json:
            warn("数据库尚未初始化：运行 `crdesk init`" if not app.is_initialised()
                 else f"需要处理：{'、'.join(pending)} 待升级，先 `crdesk backup` 再 `crdesk db upgrade`")
        ctx.exit(1)


@db.command("upgrade")
@click.option("--no-backup", is_flag=True, help="Upgrade even though no `crdesk backup` was taken today.")
@click.pass_context
def upgrade(ctx: click.Context, no_backup: bool) -> None:
    """Upgrade core and every enabled plugin to the code's migrations (data migrations included).

    Refused unless `crdesk backup` completed today (China time) or --no-backup is given.
    """
    from core.backup import backed_up_today
    from core.plugin_lifecycle import upgrade_all

    app = get_app(ctx)
    app.db.check_connection()
    if not app.is_initialised():
        raise click.UsageError("the database is not initialised: run `crdesk init` first")
    app.db.check_can_create_tables()
    if not no_backup and not backed_up_today(app):
        raise ValidationError("今天还没有备份：先运行 `crdesk backup`，或确认不需要时加 --no-backup")
    for change in upgrade_all(app):
        click.echo(f"{change.name} {change.version}: {change.action}")
    success("database schema is up to date")
