"""``crdesk settings``: values a dealer can change (thresholds, targets, receiving departments)."""

from __future__ import annotations

import click

from core.cli import get_app
from core.cli.output import emit_rows, json_option, success


@click.group()
def settings() -> None:
    """Plugin settings, per store or for every store."""


def _store_id(session, code: str | None) -> int | None:
    from core.people import store_by_code

    return store_by_code(session, code).id if code else None


@settings.command("list")
@click.option("--store", "store_code", metavar="CODE", help="Show the values in force for this store.")
@json_option
@click.pass_context
def list_(ctx: click.Context, store_code: str | None, as_json: bool) -> None:
    """Every setting the enabled plugins declare, with its value in force."""
    from core import settings as core_settings

    app = get_app(ctx)
    app.check_schema()
    with app.session() as session:
        store_id = _store_id(session, store_code)
        rows = [
            {
                "key": s.key,
                "type": s.type,
                "value": core_settings.get(app, session, s.key, store_id),
                "default": s.default,
                "description": s.description_zh,
                "duties": list(s.duties),
            }
            for s in core_settings.specs(app).values()
        ]
    if not as_json:
        for row in rows:
            row["value"], row["default"] = core_settings.render(row["value"]), core_settings.render(row["default"])
    emit_rows(
        rows,
        [("key", "setting"), ("value", "value"), ("default", "default"), ("description", "说明")],
        as_json=as_json,
        title="settings",
        empty="no enabled plugin declares settings",
    )


@settings.command("set")
@click.argument("key")
@click.argument("value")
@click.option("--store", "store_code", metavar="CODE", help="Only for this store (default: every store).")
@click.pass_context
def set_(ctx: click.Context, key: str, value: str, store_code: str | None) -> None:
    """Change a setting; lists are comma-separated."""
    from core import access, settings as core_settings

    app = get_app(ctx)
    app.check_schema()
    with app.session() as session:
        access.require(app, session, app.acting_user(session), "setting", "change")
        parsed = core_settings.set_value(
            app, session, key, value, store_id=_store_id(session, store_code), actor=app.acting_username
        )
    success(f"{key} = {core_settings.render(parsed)}" + (f" for store {store_code}" if store_code else ""))


@settings.command("unset")
@click.argument("key")
@click.option("--store", "store_code", metavar="CODE")
@click.pass_context
def unset(ctx: click.Context, key: str, store_code: str | None) -> None:
    """Return a setting to the group-wide value or its default."""
    from core import access, settings as core_settings

    app = get_app(ctx)
    app.check_schema()
    with app.session() as session:
        access.require(app, session, app.acting_user(session), "setting", "change")
        removed = core_settings.unset(
            app, session, key, store_id=_store_id(session, store_code), actor=app.acting_username
        )
    click.echo(f"{key}: " + ("reset" if removed else "was not set"))
