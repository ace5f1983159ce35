"""PostgreSQL backups with ``pg_dump``/``pg_restore`` of the same major version as the server.

A ``pg_dump`` older than the server refuses to run and a newer one writes
archives an older ``pg_restore`` cannot read, so crdesk insists on the
server's major version (Debian: ``postgresql-client-15`` for PostgreSQL 15).
The password never goes on a command line: it comes from ``~/.pgpass`` or,
when the URL carries one, the child's ``PGPASSWORD``.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, quote, unquote

from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.errors import DatabaseError

if TYPE_CHECKING:
    from core.app import CrDesk


def server_major(app: CrDesk) -> int:
    with app.db.engine.connect() as conn:
        return int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000


def _tool(name: str, major: int) -> Path:
    """Debian keeps each major version's client in /usr/lib/postgresql/N/bin; prefer the server's."""
    debian = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    if debian.is_file():
        return debian
    found = shutil.which(name)
    if found is None:
        raise DatabaseError(f"找不到 {name}：安装 postgresql-client-{major}（与服务器 PostgreSQL {major} 同一版本）")
    return Path(found)


def tool_major(path: Path) -> int:
    out = subprocess.run([str(path), "--version"], capture_output=True, text=True, check=False, timeout=30).stdout
    match = re.search(r"\)\s+(\d+)", out)
    if match is None:
        raise DatabaseError(f"无法识别 {path} 的版本：{out.strip()[:80]}")
    return int(match.group(1))


def matching_tool(app: CrDesk, name: str) -> Path:
    """``pg_dump``/``pg_restore`` of the server's major version, or one line saying what to install."""
    major = server_major(app)
    path = _tool(name, major)
    mine = tool_major(path)
    if mine != major:
        raise DatabaseError(f"{path} 是 PostgreSQL {mine} 的版本，而服务器是 PostgreSQL {major}：安装 "
                            f"postgresql-client-{major}，版本一致才能备份和恢复")
    return path


def check_pg_dump(app: CrDesk) -> str:
    path = matching_tool(app, "pg_dump")
    return f"{path}（PostgreSQL {tool_major(path)}，与服务器一致）"


def libpq_target(url: str) -> tuple[str, dict[str, str], str | None]:
    """A libpq URI without the password, the environment carrying it, and the schema of ``search_path``."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    user = quote(parsed.username or "", safe="")
    host = parsed.host or ""
    port = f":{parsed.port}" if parsed.port else ""
    auth = f"{user}@" if user else ""
    query = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in parsed.query.items()
                     if isinstance(v, str))
    uri = f"postgresql://{auth}{host}{port}/{parsed.database or ''}" + (f"?{query}" if query else "")
    options = parsed.query.get("options")
    schema = None
    if isinstance(options, str):
        found = re.search(r"search_path(?:%3D|=)([A-Za-z0-9_]+)", unquote(options))
        schema = found.group(1) if found else None
    return uri, env, schema


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False, timeout=3600)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["(无输出)"])[-1]
        raise DatabaseError(f"{what} 失败：{reason}")


def dump(app: CrDesk, target: Path) -> str:
    """``pg_dump -Fc`` of the database (or of the URL's ``search_path`` schema) into ``target``."""
    tool = matching_tool(app, "pg_dump")
    uri, env, schema = libpq_target(app.db.url)
    args = [str(tool), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", f"--dbname={uri}"]
    if schema:
        args.append(f"--schema={schema}")
    _run(args, env, "pg_dump")
    return f"pg_dump {tool_major(tool)}"


def restore(app: CrDesk, source: Path) -> None:
    """``pg_restore`` into the (empty) database, as the connecting role, in one transaction."""
    tool = matching_tool(app, "pg_restore")
    uri, env, _schema = libpq_target(app.db.url)
    _run([str(tool), "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
          f"--dbname={uri}", str(source)], env, "pg_restore")
