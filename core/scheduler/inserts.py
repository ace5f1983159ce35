"""INSERT … ON CONFLICT DO NOTHING on SQLite and PostgreSQL: how generation stays idempotent under concurrency."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.models.tasks import Task


def insert_tasks_ignoring_duplicates(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert task rows with one executemany; a row whose ``dedupe_key`` exists is skipped by the database.

    The unique constraint, not a prior SELECT, decides: two processes
    inserting the same task at once leave exactly one row. No RETURNING:
    a plain executemany is what psycopg pipelines and SQLite runs fastest;
    callers count what they created by its ``created_at``.
    """
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    stmt = module.insert(Task.__table__).on_conflict_do_nothing(index_elements=["dedupe_key"])
    session.execute(stmt, list(rows))


def insert_task_if_absent(session: Session, row: dict[str, Any]) -> int | None:
    """Insert one task row; its id, or ``None`` when a task with its ``dedupe_key`` already exists."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    stmt = (module.insert(Task.__table__).on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(Task.__table__.c.id))
    new_id: int | None = session.execute(stmt, row).scalar()
    return new_id
