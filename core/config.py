"""One configuration: ``crdesk.toml`` (``--config`` / ``$CRDESK_CONFIG``), overridden by environment variables.

Every setting a site changes lives here, so an administrator has one file to
read and one table to look up (docs/configuration.md). Files holding personal
data are written through :func:`write_private` / :func:`append_private`
(mode 0600) into folders made by :func:`data_dir` (mode 0700).
"""
from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from core.errors import ValidationError

ENV_CONFIG = "CRDESK_CONFIG"
DEFAULT_DATABASE_URL = "sqlite:///crdesk.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


@dataclass(frozen=True)
class Option:
    """One setting: its key in ``crdesk.toml``, the variable that overrides it, and what it is for."""

    key: str
    env: str
    kind: str  # "str", "path", "list"
    doc: str


OPTIONS: tuple[Option, ...] = (
    Option("database_url", "CRDESK_DATABASE_URL", "str",
           "数据库地址：sqlite:///路径 或 postgresql+psycopg://用户@主机:端口/库名（默认 sqlite:///crdesk.db）"),
    Option("data_dir", "CRDESK_DATA_DIR", "path",
           "数据文件夹（附件、导出、备份、短信发件箱），权限 0700；SQLite 默认在数据库文件旁的 <文件名>-data，"
           "PostgreSQL 必须设置（门店共享的文件夹）"),
    Option("attachments_dir", "CRDESK_ATTACHMENTS", "path", "附件文件夹（默认 数据文件夹/attachments）"),
    Option("template_dir", "CRDESK_TEMPLATE_DIR", "path", "门店自定义报表模板文件夹（覆盖内置模板）"),
    Option("sms_outbox", "CRDESK_SMS_OUTBOX", "path",
           "无短信网关插件时的发件箱文件（默认 数据文件夹/sms-outbox.jsonl，权限 0600）"),
    Option("plugin_packages", "CRDESK_PLUGIN_PACKAGES", "list", "本店插件的 Python 包名（逗号分隔）"),
    Option("audit_key", "CRDESK_AUDIT_KEY", "str", "审计链的 HMAC 密钥（保存在数据库之外）"),
    Option("log_level", "CRDESK_LOG_LEVEL", "str", "日志级别：DEBUG、INFO、WARNING、ERROR（默认 WARNING）"),
    Option("log_file", "CRDESK_LOG_FILE", "path",
           "日志文件（按大小轮转，权限 0600）；不设置时日志写到标准错误，适合 journald"),
)
_BY_KEY = {o.key: o for o in OPTIONS}


@dataclass(frozen=True)
class Settings:
    """The effective configuration of one run; ``source`` is the file it was read from, if any."""

    database_url: str | None = None
    data_dir: Path | None = None
    attachments_dir: Path | None = None
    template_dir: Path | None = None
    sms_outbox: Path | None = None
    plugin_packages: tuple[str, ...] = ()
    audit_key: str | None = None
    log_level: str = "WARNING"
    log_file: Path | None = None
    source: Path | None = None
    origins: Mapping[str, str] = field(default_factory=dict)

    def database(self) -> str:
        return self.database_url or DEFAULT_DATABASE_URL

    def data_root(self, database_url: str | None = None) -> Path:
        """The data folder: configured, else ``<db name>-data`` next to a SQLite file."""
        if self.data_dir is not None:
            return self.data_dir
        url = make_url(database_url or self.database())
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            db_file = Path(url.database).resolve()
            return db_file.parent / f"{db_file.stem}-data"
        raise ValidationError("没有配置数据文件夹：PostgreSQL 需要在 crdesk.toml 设置 data_dir "
                              "（或环境变量 CRDESK_DATA_DIR），指向门店共享的文件夹")


_explicit_path: Path | None = None


def use_config_file(path: Path | None) -> None:
    """The file named by ``--config`` for this process (``None``: ``$CRDESK_CONFIG`` or no file)."""
    global _explicit_path
    _explicit_path = path


def config_path(environ: Mapping[str, str] | None = None) -> Path | None:
    env = os.environ if environ is None else environ
    if _explicit_path is not None:
        return _explicit_path
    value = env.get(ENV_CONFIG, "").strip()
    return Path(value) if value else None


def _coerce(option: Option, value: object, where: str) -> object:
    if option.kind == "list":
        if isinstance(value, str):
            return tuple(p.strip() for p in value.split(",") if p.strip())
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(v.strip() for v in value if v.strip())
        raise ValidationError(f"{where}: {option.key} 应为字符串列表")
    if not isinstance(value, str):
        raise ValidationError(f"{where}: {option.key} 应为字符串")
    if option.kind == "path":
        return Path(value).expanduser() if value.strip() else None
    if option.key == "log_level":
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValidationError(f"{where}: log_level 应为 {'、'.join(LOG_LEVELS)} 之一，而不是 {value!r}")
        return level
    return value.strip() or None


def _read_file(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError:
        raise ValidationError(f"配置文件 {path} 不存在") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"配置文件 {path} 格式错误：{exc}") from None
    except OSError as exc:
        raise ValidationError(f"配置文件 {path} 无法读取：{exc.strerror}") from None
    section = raw.pop("crdesk", None)
    if isinstance(section, dict):
        raw = {**section, **raw}
    unknown = sorted(k for k in raw if k not in _BY_KEY)
    if unknown:
        raise ValidationError(f"配置文件 {path}：未知的设置项 {unknown[0]!r}（可用：{'、'.join(_BY_KEY)}）")
    return raw


def load(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """The file's values, each overridden by its environment variable when that is set and not empty."""
    env = os.environ if environ is None else environ
    path = path or config_path(env)
    values: dict[str, object] = {}
    origins: dict[str, str] = {}
    if path is not None:
        for key, value in _read_file(path).items():
            values[key] = _coerce(_BY_KEY[key], value, str(path))
            origins[key] = str(path)
    for option in OPTIONS:
        raw = env.get(option.env)
        if raw is not None and raw.strip():
            values[option.key] = _coerce(option, raw, f"环境变量 {option.env}")
            origins[option.key] = option.env
    return Settings(**values, source=path, origins=origins)  # type: ignore[arg-type]


def current() -> Settings:
    """The configuration now (re-read each time: cheap, and tests may change the environment)."""
    return load()


def data_dir(*parts: str, database_url: str | None = None, settings: Settings | None = None) -> Path:
    """A folder inside the data folder, created (with its parents in the data folder) mode 0700."""
    settings = settings or current()
    root = settings.data_root(database_url)
    target = root.joinpath(*parts)
    for folder in [root, *[root.joinpath(*parts[:i + 1]) for i in range(len(parts))]]:
        ensure_private_dir(folder)
    return target


def ensure_private_dir(folder: Path) -> Path:
    """Create ``folder`` mode 0700 (its parents as the umask says); tighten it if it exists and is ours."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if folder.stat().st_uid == os.getuid() and folder.stat().st_mode & 0o077:
            folder.chmod(0o700)
    except OSError as exc:
        raise ValidationError(f"无法创建文件夹 {folder}：{exc.strerror}") from None
    return folder


def _open_private(path: Path, flags: int) -> int:
    try:
        fd = os.open(path, flags | os.O_CREAT, 0o600)
    except FileNotFoundError:
        raise ValidationError(f"无法写入 {path}：文件夹 {path.parent} 不存在") from None
    except IsADirectoryError:
        raise ValidationError(f"无法写入 {path}：这是一个文件夹") from None
    except OSError as exc:
        raise ValidationError(f"无法写入 {path}：{exc.strerror}") from None
    os.fchmod(fd, 0o600)
    return fd


def write_private(path: Path, content: bytes) -> Path:
    """Write ``content`` to ``path`` readable by its owner only (0600), replacing what was there."""
    fd = _open_private(path, os.O_WRONLY | os.O_TRUNC)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    return path


def append_private(path: Path, line: str) -> Path:
    """Append one line to ``path`` (mode 0600), flushed to disk before returning."""
    fd = _open_private(path, os.O_WRONLY | os.O_APPEND)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())
    return path


def export_path(output: Path | None, filename: str, *, database_url: str | None = None) -> Path:
    """Where an export goes: the file the user named, else ``exports/`` in the data folder (never the cwd)."""
    if output is not None:
        return output
    return data_dir("exports", database_url=database_url) / Path(filename).name
