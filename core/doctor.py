"""``crdesk doctor``: what an administrator's monitoring asks every morning, one check per line.

Each check says 正常 (ok) or 需处理 (attention) with a one-line reason and no
personal data; any attention makes the command exit non-zero so a timer or a
monitoring system can alert.
"""
from __future__ import annotations

import ctypes.util
import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from core import config
from core.errors import CrdeskError

if TYPE_CHECKING:
    from core.app import CrDesk

OK = "ok"
ATTENTION = "attention"
STATUS_ZH = {OK: "正常", ATTENTION: "需处理"}


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    status: str
    detail: str

    def as_row(self) -> dict[str, str]:
        return {"check": self.key, "title": self.title, "status": self.status,
                "status_zh": STATUS_ZH[self.status], "detail": self.detail}


def _database(app: CrDesk) -> Check:
    try:
        app.db.check_connection()
    except CrdeskError as exc:
        return Check("database", "数据库连接", ATTENTION, str(exc))
    return Check("database", "数据库连接", OK, app.db.safe_url)


def _schema(app: CrDesk) -> Check:
    if not app.is_initialised():
        return Check("schema", "数据库结构", ATTENTION, "数据库尚未初始化：运行 `crdesk init`")
    branches = ["core", *[n for n in app.enabled_plugins() if app.catalog.manifests[n].migrations_dir]]
    try:
        with app.db.engine.connect() as conn:
            behind = [s.branch for s in app.migrations.status(conn, branches) if s.state != "up to date"]
    except CrdeskError as exc:
        return Check("schema", "数据库结构", ATTENTION, str(exc))
    if behind:
        return Check("schema", "数据库结构", ATTENTION, f"待升级：{'、'.join(behind)}；先 `crdesk backup` 再 `crdesk db upgrade`")
    return Check("schema", "数据库结构", OK, f"已是最新（{len(branches)} 个分支）")


def _morning_run(app: CrDesk, today: dt.date) -> Check:
    from core.models import AuditEntry, Store, TaskWatermark

    title = "每日任务生成（tasks generate）"
    with app.session() as session:
        stores = dict(session.execute(select(Store.id, Store.code)).all())
        marks = dict(session.execute(select(TaskWatermark.store_id, TaskWatermark.last_day)).all())
        last = session.scalar(select(AuditEntry).where(AuditEntry.action == "generate",
                                                       AuditEntry.entity == "task_generation")
                              .order_by(AuditEntry.id.desc()).limit(1))
        result = ""
        if last is not None and last.after:
            result = (f"；最近一次新建 {last.after.get('created', 0)} 个任务、"
                      f"升级 {last.after.get('escalated', 0)} 个（{last.entity_id}）")
    if not stores:
        return Check("morning_run", title, ATTENTION, "还没有门店：先 `crdesk stores add`")
    behind = sorted(code for sid, code in stores.items() if marks.get(sid) is None or marks[sid] < today)
    if behind:
        seen = [d for d in marks.values() if d is not None]
        when = f"最近一次生成到 {max(seen).isoformat()}" if seen else "从未运行"
        return Check("morning_run", title, ATTENTION,
                     f"{'、'.join(behind)} 今天（{today.isoformat()}）的任务尚未生成，{when}：检查 crdesk-tasks.timer{result}")
    return Check("morning_run", title, OK, f"所有门店已生成到 {today.isoformat()}{result}")


def _calendar(today: dt.date) -> Check:
    from core.workdays import is_year_known, known_years

    years = sorted({today.year, (today + dt.timedelta(days=365)).year})
    missing = [y for y in years if not is_year_known(y)]
    title = "工作日日历（未来一年）"
    if missing:
        return Check("calendar", title, ATTENTION,
                     f"chinesecalendar 不含 {'、'.join(map(str, missing))} 年的官方放假安排（已知 "
                     f"{known_years().start}–{known_years().stop - 1}）：升级 chinesecalendar，或用 "
                     "`crdesk calendar` 录入国务院通知")
    return Check("calendar", title, OK, f"{years[0]}–{years[-1]} 年均有官方日历")


def _font() -> Check:
    from core.reports.fonts import find_cjk_font

    try:
        font = find_cjk_font()
    except CrdeskError as exc:
        return Check("cjk_font", "中文字体", ATTENTION, str(exc))
    return Check("cjk_font", "中文字体", OK, font.family)


def _harfbuzz() -> Check:
    title = "libharfbuzz-subset0（PDF 字体子集）"
    if ctypes.util.find_library("harfbuzz-subset") is None:
        return Check("harfbuzz", title, ATTENTION, "未安装：`apt-get install libharfbuzz-subset0`（否则 PDF 生成很慢）")
    return Check("harfbuzz", title, OK, "已安装")


def _writable(folder: Path) -> str | None:
    try:
        config.ensure_private_dir(folder)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except (CrdeskError, OSError) as exc:
        return f"{folder}: {getattr(exc, 'strerror', None) or exc}"
    return None


def _folders(app: CrDesk) -> Check:
    title = "数据文件夹可写"
    settings = config.current()
    try:
        root = settings.data_root(app.db.url)
    except CrdeskError as exc:
        return Check("data_dir", title, ATTENTION, str(exc))
    folders = [root, settings.attachments_dir or root / "attachments", root / "exports", root / "backups"]
    folders += [p.parent for p in (settings.sms_outbox, settings.log_file) if p is not None]
    problems = [p for p in (_writable(f) for f in dict.fromkeys(folders)) if p]
    if problems:
        return Check("data_dir", title, ATTENTION, "不可写：" + "；".join(problems))
    return Check("data_dir", title, OK, str(root))


def _legacy_attachments(app: CrDesk) -> Check | None:
    """Up to 0.1.0 attachments lived beside a SQLite file or in ~/.crdesk: say where to move them."""
    from sqlalchemy.engine import make_url

    settings = config.current()
    try:
        target = settings.attachments_dir or settings.data_root(app.db.url) / "attachments"
    except CrdeskError:
        return None
    old = [Path.home() / ".crdesk" / "attachments"]
    url = make_url(app.db.url)
    if app.db.dialect == "sqlite" and url.database not in (None, "", ":memory:"):
        old.append(Path(url.database).resolve().parent / "attachments")
    found = [p for p in old if p.is_dir() and p.resolve() != target.resolve() and any(p.rglob("*"))]
    if not found:
        return None
    return Check("legacy_attachments", "旧附件文件夹", ATTENTION,
                 f"{'、'.join(map(str, found))} 中还有旧版本保存的附件：移动到 {target}（见 CHANGELOG.md）")


def _pg_dump(app: CrDesk) -> Check | None:
    if app.db.dialect != "postgresql":
        return None
    from core.backup.postgres import check_pg_dump

    try:
        return Check("pg_dump", "pg_dump 版本", OK, check_pg_dump(app))
    except CrdeskError as exc:
        return Check("pg_dump", "pg_dump 版本", ATTENTION, str(exc))


def run_checks(app: CrDesk, today: dt.date | None = None) -> list[Check]:
    """Every check, in the order an administrator fixes things (later checks need the database)."""
    from core.workdays import cst_today

    today = today or cst_today()
    checks = [_database(app)]
    if checks[0].status == OK:
        checks.append(_schema(app))
        if checks[-1].status == OK:
            checks.append(_morning_run(app, today))
        pg = _pg_dump(app)
        if pg is not None:
            checks.append(pg)
    checks += [_calendar(today), _font(), _harfbuzz(), _folders(app)]
    legacy = _legacy_attachments(app)
    if legacy is not None:
        checks.append(legacy)
    return checks


def exit_code(checks: list[Check]) -> int:
    return 1 if any(c.status != OK for c in checks) else 0
