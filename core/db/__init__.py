"""The database layer: one declarative ``Base``, engines for SQLite and PostgreSQL, migrations.

``Base`` is resolved lazily so that commands which never touch the ORM (``crdesk --help``)
do not pay for importing it.
"""
from __future__ import annotations

from typing import Any

from core.db.engine import Database, default_url

__all__ = ["Base", "Database", "default_url"]


def __getattr__(name: str) -> Any:
    if name == "Base":
        from core.db.base import Base

        return Base
    raise AttributeError(name)
