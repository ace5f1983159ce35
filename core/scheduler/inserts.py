"""INSERT … ON CONFLICT DO NOTHING on SQLite and PostgreSQL: how generation stays idempotent under concurrency."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.models.tasks import Task


_MISSING = object()


def _bound_column(values: list[Any], process: Any) -> list[Any]:
    """One column's values through its type's bind processor, once per distinct value."""
    if process is None:
        return values
    cache: dict[Any, Any] = {}
    out: list[Any] = []
    append = out.append
    for value in values:
        if value is None:
            append(None)
        elif type(value) is dict:
            append(process(value))
        else:
            marker = tuple(value) if type(value) is list else value
            bound = cache.get(marker, _MISSING)
            if bound is _MISSING:
                bound = cache[marker] = process(value)
            append(bound)
    return out


def insert_tasks_ignoring_duplicates(session: Session, rows: Sequence[dict[str, Any]]) -> int:
    """Insert task rows with one executemany; a row whose ``dedupe_key`` exists is skipped by the database.

    The unique constraint, not a prior SELECT, decides: two processes
    inserting the same task at once leave exactly one row. Returns how
    many rows were inserted (the driver's row count of the executemany), so
    callers count what they created without relying on distinct timestamps
    (a pinned clock gives two runs the same "now").

    The statement is compiled once and the column types' bind processors run
    once per distinct value (a morning's tasks share their open, due and
    creation times and duty lists), then the rows go to the driver's
    executemany: per-row work stays close to bare SQL.
    """
    if not rows:
        return 0
    conn = session.connection()
    dialect = conn.dialect
    table = Task.__table__
    keys = list(rows[0])
    module = postgresql if dialect.name == "postgresql" else sqlite
    compiled = module.insert(table).on_conflict_do_nothing(index_elements=["dedupe_key"]).compile(
        dialect=dialect, column_keys=keys)
    order = list(compiled.positiontup or ()) if dialect.positional else keys
    columns = [_bound_column([row[k] for row in rows],
                             table.c[k].type.dialect_impl(dialect).bind_processor(dialect)) for k in order]
    if dialect.positional:
        params: list[Any] = list(zip(*columns))
    else:
        params = [dict(zip(order, values)) for values in zip(*columns)]
    result = conn.exec_driver_sql(compiled.string, params)
    return max(int(result.rowcount), 0)


def insert_task_if_absent(session: Session, row: dict[str, Any]) -> int | None:
    """Insert one task row; its id, or ``None`` when a task with its ``dedupe_key`` already exists."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    stmt = (module.insert(Task.__table__).on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(Task.__table__.c.id))
    new_id: int | None = session.execute(stmt, row).scalar()
    return new_id
