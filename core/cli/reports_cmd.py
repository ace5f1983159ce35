"""``crdesk reports``: list, render, and re-open the reports the enabled plugins offer."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from core import config
from core.cli import get_app
from core.cli.output import emit_rows, json_option, success

FORMAT_CHOICE = click.Choice(["pdf", "xlsx", "csv", "html"])


@click.group()
def reports() -> None:
    """The department's reports as PDF, Excel and CSV; every render is archived."""


@reports.command("list")
@json_option
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Every report the enabled plugins offer, with its title, period and who may run it."""
    from sqlalchemy import select

    from core.models import Role
    from core.reports.engine import may_run, report_specs

    app = get_app(ctx)
    app.check_schema()
    with app.session() as session:
        role_zh = {code: name for code, name in session.execute(select(Role.code, Role.name_zh))}
        user = app.acting_user(session) if app.acting_username else None
        rows = _rows(report_specs(app), user, may_run, role_zh)
    emit_rows(rows, [("key", "report"), ("title", "title"), ("period_zh", "period"), ("roles_zh", "who may run it"),
                     ("formats", "formats"), ("duties", "duties")] + ([("may_run", "you may run")] if user else []),
              as_json=as_json, title="reports", empty="no reports: enable a plugin that offers some")


def _rows(specs: list[Any], user: Any, may_run: Any, role_zh: dict[str, str]) -> list[dict[str, Any]]:
    from core.reports.spec import PERIOD_KIND_ZH

    rows = []
    for s in specs:
        row = {"key": s.key, "title": s.title_zh, "period": s.period, "period_zh": PERIOD_KIND_ZH[s.period],
               "roles": list(s.roles), "roles_zh": [role_zh.get(r, r) for r in s.roles],
               "formats": list(s.formats), "duties": list(s.duties), "kind": s.kind, "plugin": s.plugin}
        if user is not None:
            row["may_run"] = may_run(s, user)
        rows.append(row)
    return rows


@reports.command("render")
@click.argument("key")
@click.option("--period", "period", metavar="P",
              help="2026-10, 2026-W45, 2026-Q4, 2026-10-05 or 2026-10-01..2026-10-15 (default: the last complete period).")
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="pdf", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write, mode 0600 (default: <title>_<period>.<format> in exports/ of the data folder).")
@click.option("--store", "store", metavar="CODE", help="Store code (default: your store, or the only store).")
@click.option("--template-dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              envvar="CRDESK_TEMPLATE_DIR", help="Site folder whose templates override the built-in ones.")
@click.option("--reveal", is_flag=True, help="Print full phone numbers where the report allows it (needs the right; "
              "audited).")
@click.pass_context
def render(ctx: click.Context, key: str, period: str | None, fmt: str, output: Path | None, store: str | None,
           template_dir: Path | None, reveal: bool) -> None:
    """Render report KEY for a period, write the file and archive it."""
    from core.reports.engine import render_report

    app = get_app(ctx)
    app.check_schema()
    _check_folder(output)
    with app.session() as session:  # a file that cannot be written leaves no archive entry behind
        result = render_report(app, session, key, period=period, fmt=fmt, store=store, template_dir=template_dir,
                               reveal=reveal)
        target = config.export_path(output, result.filename, database_url=app.db.url)
        _write(target, result.content)
    pages = f"{result.pages} pages, " if result.pages is not None else ""
    success(f"wrote {target} ({pages}{len(result.content):,} bytes); archived as #{result.archive_id}")


def _check_folder(target: Path | None) -> None:
    """Refuse, before any work, a file whose folder does not exist (one line, exit 2)."""
    from core.errors import ValidationError

    if target is None:
        return
    folder = target.parent
    if not folder.is_dir():
        raise ValidationError(f"-o {target}: 文件夹 {folder} 不存在；请先创建它或换一个位置")


def _write(target: Path, content: bytes) -> None:
    from core.errors import ValidationError

    try:
        config.write_private(target, content)
    except OSError as exc:
        raise ValidationError(f"-o {target}: 无法写入（{exc.strerror or exc.__class__.__name__}）") from None


@reports.command("history")
@click.option("--key", "key", metavar="KEY", help="Only renders of this report.")
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
@json_option
@click.pass_context
def history(ctx: click.Context, key: str | None, limit: int, as_json: bool) -> None:
    """Archived renders, newest first."""
    from sqlalchemy import select

    from core.models import Store
    from core.reports.archive import as_row
    from core.reports.archive import history as load_history

    app = get_app(ctx)
    app.check_schema()
    with app.session() as session:
        codes = dict(session.execute(select(Store.id, Store.code)).all())
        me = app.acting_user(session)
        rows = [as_row(e, codes) for e in load_history(session, key=key, limit=limit, user=me)]
    emit_rows(rows, [("id", "#"), ("created_at", "rendered (CST)"), ("key", "report"), ("title", "title"),
                     ("period", "period"), ("store", "store"), ("format", "format"), ("pages", "pages"),
                     ("rendered_by", "by"), ("filename", "file")],
              as_json=as_json, title="report archive", empty="no report has been rendered yet")


@reports.command("open")
@click.argument("entry_id", metavar="ID", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write, mode 0600 (default: the archived file name in exports/ of the data folder).")
@click.pass_context
def open_(ctx: click.Context, entry_id: int, output: Path | None) -> None:
    """Write archived render ID to a file, exactly as it was produced (sha256 checked)."""
    from core.reports.engine import open_archived

    app = get_app(ctx)
    app.check_schema()
    with app.session() as session:
        entry = open_archived(app, session, entry_id, app.acting_user(session))
        content, filename, digest = entry.content, entry.filename, entry.sha256
    target = config.export_path(output, filename, database_url=app.db.url)
    _check_folder(target)
    _write(target, content)
    success(f"wrote {target} (archived #{entry_id}, sha256 {digest[:12]}…)")
