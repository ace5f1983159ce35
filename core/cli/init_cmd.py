"""``crdesk init``: create the schema, the ``admin`` user and enable plugins."""
from __future__ import annotations

import click

from core.cli import get_app
from core.cli.output import success


@click.command()
@click.option("--plugins", "plugin_list", metavar="A,B", help="Plugins to enable, comma-separated (default: every built-in plugin; \"\" for none).")
@click.option("--demo", is_flag=True, help="Fill the database with a believable demo store.")
@click.pass_context
def init(ctx: click.Context, plugin_list: str | None, demo: bool) -> None:
    """Prepare a database: schema, an `admin` user and the chosen plugins."""
    from core.setup import initialise

    app = get_app(ctx)
    names = [n.strip() for n in plugin_list.split(",") if n.strip()] if plugin_list is not None else None
    report = initialise(app, names, demo=demo)
    for line in report:
        click.echo(line)
    success(f"crdesk is ready on {app.db.safe_url}")
