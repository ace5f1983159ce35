"""``crdesk doctor``: is this installation healthy? Non-zero exit when anything needs attention."""
from __future__ import annotations

import click

from core.cli import get_app
from core.cli.output import emit_rows, json_option


@click.command()
@json_option
@click.pass_context
def doctor(ctx: click.Context, as_json: bool) -> None:
    """Database, schema, this morning's task run, calendar, fonts, data folders (exit 1 when any needs attention)."""
    from core.doctor import exit_code, run_checks

    app = get_app(ctx)
    checks = run_checks(app)
    emit_rows([c.as_row() for c in checks], [("title", "检查项"), ("status_zh", "状态"), ("detail", "说明")],
              as_json=as_json, title="crdesk doctor")
    ctx.exit(exit_code(checks))
