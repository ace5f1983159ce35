"""``crdesk import KIND FILE``: bring a DMS export in, all rows or none."""
from __future__ import annotations

from pathlib import Path

import click

from core.cli import get_app
from core.cli.output import emit_record, json_option, success, to_json, warn


@click.command("import")
@click.argument("kind")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check every row and report, but write nothing.")
@click.option("--store", "store_code", metavar="CODE", help="Store the rows belong to (needed with several stores).")
@click.option("--encoding", type=click.Choice(["auto", "utf-8", "gb18030"]), default="auto", show_default=True,
              help="Text encoding of a CSV file.")
@json_option
@click.pass_context
def import_(ctx: click.Context, kind: str, file: Path, dry_run: bool, store_code: str | None, encoding: str,
            as_json: bool) -> None:
    """Import FILE (CSV or XLSX with the DMS's Chinese headers) as KIND: customers, deliveries, service-visits …"""
    from core.importer import ImportFailed, run_import

    app = get_app(ctx)
    app.check_schema()
    try:
        if as_json or not _is_terminal():
            result = run_import(app, kind, file, store_code=store_code, dry_run=dry_run, encoding=encoding)
        else:
            result = _with_progress(app, kind, file, store_code, dry_run, encoding)
    except ImportFailed as exc:
        if as_json:
            click.echo(to_json({**exc.result.as_dict(), "ok": False}))
            ctx.exit(exc.exit_code)
        raise
    if as_json:
        click.echo(to_json({**result.as_dict(), "ok": True}))
        return
    emit_record(result.as_dict(), as_json=False, labels=[("kind", "kind"), ("file", "file"), ("store", "store"),
                                                          ("rows", "rows read"), ("created", "created"),
                                                          ("updated", "updated"), ("unchanged", "unchanged")])
    for message in result.warnings:
        warn(message)
    success("dry run: everything checked, nothing written" if dry_run else "imported")


def _is_terminal() -> bool:
    import sys

    return sys.stderr.isatty()


def _with_progress(app: object, kind: str, file: Path, store_code: str | None, dry_run: bool, encoding: str
                   ) -> object:
    from rich.console import Console
    from rich.progress import Progress

    from core.importer import run_import

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"importing {file.name}", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        return run_import(app, kind, file, store_code=store_code, dry_run=dry_run, encoding=encoding,
                          progress=advance)


@click.command("import-kinds")
@json_option
@click.pass_context
def import_kinds_cmd(ctx: click.Context, as_json: bool) -> None:
    """List import kinds with their columns and accepted headers."""
    from core.cli.output import emit_rows
    from core.importer import import_kinds

    app = get_app(ctx)
    app.check_schema()
    rows = [{"kind": k.name, "title": k.title_zh, "key": "+".join(k.natural_key), "column": c.name,
             "required": c.required, "headers": " / ".join(c.aliases)}
            for k in import_kinds(app).values() for c in k.columns]
    emit_rows(rows, [("kind", "kind"), ("title", "名称"), ("key", "natural key"), ("column", "column"),
                     ("required", "required"), ("headers", "headers")], as_json=as_json)
