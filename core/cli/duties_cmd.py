"""``crdesk duties``: which duty of the manual is carried by which plugin and mechanism."""
from __future__ import annotations

import click

from core.cli import get_app
from core.cli.output import emit_rows, json_option


@click.command()
@click.option("--role", "role", metavar="ROLE", help="Only duties of this role (manager, marketing, cr, sales_fu, "
              "service_fu, approval).")
@click.option("--uncovered", is_flag=True, help="Only duties no enabled plugin carries yet.")
@json_option
@click.pass_context
def duties(ctx: click.Context, role: str | None, uncovered: bool, as_json: bool) -> None:
    """Every duty ID of the catalogue with the plugin and mechanism that carries it."""
    from core.duties import coverage

    app = get_app(ctx)
    app.check_schema()
    rows = [r.as_dict() for r in coverage(app, role=role)]
    carried = sum(1 for r in rows if r["covered"])
    total = len(rows)
    if uncovered:
        rows = [r for r in rows if not r["covered"]]
    emit_rows(rows, [("duty_id", "duty"), ("role", "role"), ("plugin", "plugin"),
                     ("mechanisms", "carried by"), ("description", "duty")],
              as_json=as_json, title="duty coverage")
    if not as_json:
        click.echo(f"{carried} of {total} carried(已承担 {carried}/{total} 项职责)")
