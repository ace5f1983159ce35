"""The database layer: one declarative ``Base``, engines for SQLite and PostgreSQL, migrations."""
from core.db.base import Base
from core.db.engine import Database, default_url

__all__ = ["Base", "Database", "default_url"]
