"""``crdesk attachments get``: a stored attachment written to a file (mode 0600) for a user with the right."""
from __future__ import annotations

import shutil
from pathlib import Path

import click

from core.cli import get_app
from core.cli.output import success


@click.group()
def attachments() -> None:
    """Files attached to forms and approval requests (invoice photos, contracts)."""


@attachments.command("get")
@click.argument("ref", metavar="ID")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write (mode 0600).")
@click.pass_context
def get(ctx: click.Context, ref: str, output: Path) -> None:
    """Write attachment ID (its number or sha256) to FILE; the fetch is audited."""
    from core import config
    from core.forms.attachments import fetch

    app = get_app(ctx)
    app.check_schema()
    with app.session() as session:
        row, path = fetch(app, session, app.acting_user(session), ref)
        filename, sha = row.filename, row.sha256
        config.write_private(output, b"")
        with path.open("rb") as src, output.open("wb") as dst:
            shutil.copyfileobj(src, dst)
    success(f"已写出附件 {filename} 到 {output}（sha256 {sha[:12]}…）")
