"""``crdesk backup`` and ``crdesk restore``: one archive holds the database and the data folder."""
from __future__ import annotations

from pathlib import Path

import click

from core.cli import get_app
from core.cli.output import emit_record, json_option, success


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Archive to write, mode 0600 (default: backups/crdesk-backup-<time>.tar.gz in the data folder).")
@json_option
@click.pass_context
def backup(ctx: click.Context, output: Path | None, as_json: bool) -> None:
    """Back up the database (SQLite backup API / pg_dump) and the data folder into one archive (admin)."""
    from core.backup import create

    result = create(get_app(ctx), output)
    if as_json:
        emit_record({"path": str(result.path), **result.manifest}, as_json=True)
        return
    success(f"备份完成：{result.path}（{len(result.manifest['files'])} 个文件，crdesk {result.manifest['crdesk']}，"
            f"{result.manifest['dump_tool']}）")


@click.command()
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def restore(ctx: click.Context, archive: Path) -> None:
    """Restore ARCHIVE into an empty database and an empty data folder (then run `crdesk audit verify`)."""
    from core.backup import restore as do_restore

    manifest = do_restore(get_app(ctx), archive)
    success(f"已恢复 {archive}（{manifest['created_at']} 的备份，crdesk {manifest['crdesk']}，"
            f"{len(manifest['files'])} 个文件）；请运行 `crdesk audit verify` 和 `crdesk db status`")
