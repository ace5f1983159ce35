"""Logging: a rotating file (mode 0600) or plain stderr lines journald can take, never a full phone number.

``log_level`` and ``log_file`` come from crdesk.toml / ``$CRDESK_LOG_LEVEL`` /
``$CRDESK_LOG_FILE``. Under systemd, leave ``log_file`` unset: stderr goes
to the journal, which adds its own time stamps.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import re
from typing import IO

from core import config

LOGGER = "crdesk"
_MARK = "_crdesk_handler"
# Mainland mobiles (with or without +86), and any other run of 7+ digits that could be a phone.
_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)\d{4}(\d{4})(?!\d)|(?<!\d)(\d{3})\d{1,8}(\d{4})(?!\d)")


def mask_digits(text: str) -> str:
    """Hide the middle of every phone-like number (keeps the first 3 and last 4 digits)."""
    def _sub(m: re.Match[str]) -> str:
        head, tail = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        return f"{head}****{tail}"
    return _PHONE.sub(_sub, text)


class _PrivateRotatingFile(logging.handlers.RotatingFileHandler):
    """A rotating file whose every generation is created mode 0600."""

    def _open(self) -> IO[str]:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding)


class MaskPhones(logging.Filter):
    """Rewrites each record's message so no full phone number reaches a log."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_digits(record.getMessage())
        record.args = None
        return True


def configure(settings: config.Settings) -> logging.Logger:
    """Install crdesk's one handler (replacing one installed earlier in this process)."""
    logger = logging.getLogger(LOGGER)
    for handler in [h for h in logger.handlers if getattr(h, _MARK, False)]:
        logger.removeHandler(handler)
        handler.close()
    handler: logging.Handler
    if settings.log_file is not None:
        config.ensure_private_dir(settings.log_file.parent)
        handler = _PrivateRotatingFile(settings.log_file, maxBytes=5 << 20, backupCount=5,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    else:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("crdesk %(levelname)s %(name)s: %(message)s"))
    setattr(handler, _MARK, True)
    handler.addFilter(MaskPhones())
    logger.addHandler(handler)
    logger.setLevel(settings.log_level)
    logger.propagate = False
    return logger


def get(name: str) -> logging.Logger:
    """A logger under ``crdesk`` (e.g. ``get("backup")``)."""
    return logging.getLogger(f"{LOGGER}.{name}")
