"""Bulk statements on plain tables (SQLAlchemy Core executemany), the only way imports write.

Core statements skip the ORM's per-row bookkeeping, which costs more than
the database itself at import volumes. Time stamps are set by the database
(``CURRENT_TIMESTAMP`` in the statement) rather than bound per row.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, bindparam, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import sqltypes
from sqlalchemy.types import TypeDecorator

from core import clock


def _sqlite_converter(type_: Any) -> Any:
    """How SQLAlchemy's SQLite types store a value sqlite3 cannot bind as is (``None``: bound unchanged)."""
    if isinstance(type_, sqltypes.Date):
        return dt.date.isoformat
    if isinstance(type_, sqltypes.Numeric):
        return float
    if isinstance(type_, sqltypes.Boolean):
        return int
    return None


_IN_CHUNK = 900  # stays under every backend's bound-parameter limit


def _table(model: Any) -> Table:
    return model.__table__  # type: ignore[no-any-return]


def _stamps(table: Table, *names: str) -> dict[str, Any]:
    return {n: func.current_timestamp() for n in names if n in table.c}


def insert_rows(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """``INSERT`` every row (all rows carry the same keys)."""
    if not rows:
        return
    table = _table(model)
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        _pg_copy(session, table, rows)
        return
    if conn.dialect.name != "sqlite" or any(isinstance(table.c[n].type, (TypeDecorator, sqltypes.DateTime))
                                            for n in rows[0]):
        session.execute(table.insert().values(_stamps(table, "created_at", "updated_at")), list(rows))
        return
    # SQLite: one prepared statement straight to sqlite3's executemany. SQLAlchemy's per-value
    # type processing costs more than SQLite's insert itself; dates, decimals and booleans get
    # the same text SQLAlchemy's SQLite types would store.
    names = list(rows[0])
    stamps = [n for n in ("created_at", "updated_at") if n in table.c and n not in names]
    columns = ", ".join(f'"{n}"' for n in [*names, *stamps])
    now = clock.utcnow().strftime("'%Y-%m-%d %H:%M:%S.%f'")  # UTCDateTime's SQLite text
    values = ", ".join(["?"] * len(names) + [now] * len(stamps))
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({values})'
    # column-wise with map(): the per-row Python work stays in C
    columns_ = []
    for n in names:
        values_ = list(map(itemgetter(n), rows))
        convert = _sqlite_converter(table.c[n].type)
        if convert is not None:
            values_ = [None if v is None else convert(v) for v in values_]
        columns_.append(values_)
    params = list(zip(*columns_))
    conn.exec_driver_sql(sql, params)


def insert_returning_ids(session: Session, model: Any, rows: Sequence[dict[str, Any]],
                         key: Sequence[str], *, scope: dict[str, Any] | None = None) -> dict[Any, int]:
    """Insert ``rows`` and map each row's ``key`` (one column: its value; several: a tuple) to its new id.

    PostgreSQL: ids are drawn from the table's sequence in one query, then the
    rows go in with ``COPY``. SQLite gives a
    new row the largest id plus one while the transaction holds the write
    lock, so the ids are known once the maximum moved by exactly the row
    count; otherwise they are looked up by key (``scope`` completes a key
    unique only within a store).
    """
    if not rows:
        return {}
    table = _table(model)
    keys = [r[key[0]] if len(key) == 1 else tuple(r[k] for k in key) for r in rows]
    if session.connection().dialect.name == "postgresql":
        ids = list(session.connection().exec_driver_sql(
            f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) FROM generate_series(1, {len(rows)})"
        ).scalars())
        _pg_copy(session, table, [{"id": i, **r} for i, r in zip(ids, rows)])
        return dict(zip(keys, ids))
    if session.connection().dialect.name != "sqlite":
        stmt = (table.insert().values(_stamps(table, "created_at", "updated_at"))
                .returning(table.c.id, *(table.c[k] for k in key)))
        result = session.execute(stmt, list(rows))
        return {(r[1] if len(key) == 1 else tuple(r[1:])): r[0] for r in result}
    before = session.connection().exec_driver_sql(f'SELECT max(id) FROM "{table.name}"').scalar() or 0
    insert_rows(session, model, rows)
    after = session.connection().exec_driver_sql(f'SELECT max(id) FROM "{table.name}"').scalar() or 0
    if after - before == len(rows):
        return dict(zip(keys, range(before + 1, after + 1)))
    found = fetch_in(session, model, ("id", *key), key[0], list(dict.fromkeys(k[0] if len(key) > 1 else k
                                                                                for k in keys)), scope=scope)
    wanted = set(keys)
    out: dict[Any, int] = {}
    for id_, *values in found:
        k = values[0] if len(key) == 1 else tuple(values)
        if k in wanted:
            out[k] = id_
    return out


def fetch_in(session: Session, model: Any, columns: Sequence[str], column: str, values: Sequence[Any], *,
             scope: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """``SELECT columns WHERE column IN values`` (and the ``scope`` equalities), in chunks.

    On SQLite the statement goes straight to sqlite3 (compiling thousands of
    bound IN parameters costs more than the lookup), with the column types'
    result processing applied so values compare equal to parsed ones.
    """
    table = _table(model)
    scope = scope or {}
    out: list[tuple[Any, ...]] = []
    if not values:
        return out
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # one array parameter instead of hundreds of placeholders psycopg would have to parse
        where = "".join(f'"{k}" = %s AND ' for k in scope)
        sql = (f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table.name}" '
               f'WHERE {where}"{column}" = ANY(%s)')
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.execute(sql, (*scope.values(), list(values)))
        return [tuple(r) for r in cursor.fetchall()]
    if conn.dialect.name != "sqlite":
        cols = [table.c[c] for c in columns]
        where = [table.c[k] == v for k, v in scope.items()]
        for i in range(0, len(values), _IN_CHUNK):
            out.extend(tuple(r) for r in session.execute(
                select(*cols).where(*where, table.c[column].in_(values[i:i + _IN_CHUNK]))))
        return out
    processors = [table.c[c].type._cached_result_processor(conn.dialect, None) for c in columns]
    to_db = _sqlite_converter(table.c[column].type)
    head = (f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table.name}" WHERE '
            + "".join(f'"{k}" = ? AND ' for k in scope))
    for i in range(0, len(values), _IN_CHUNK):
        chunk = values[i:i + _IN_CHUNK]
        params = [*scope.values(), *(map(to_db, chunk) if to_db else chunk)]
        sql = f'{head}"{column}" IN ({",".join("?" * len(chunk))})'
        rows = conn.exec_driver_sql(sql, tuple(params)).fetchall()
        if any(processors):
            rows = [tuple(p(v) if p else v for p, v in zip(processors, r)) for r in rows]
        out.extend(tuple(r) for r in rows)
    return out


def _pg_copy(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """``COPY … FROM STDIN`` on the session's own connection (same transaction); stamps set here."""
    names = list(rows[0])
    stamps = [n for n in ("created_at", "updated_at") if n in table.c and n not in names]
    now = clock.utcnow()
    columns = ", ".join(f'"{n}"' for n in [*names, *stamps])
    driver = session.connection().connection.driver_connection
    statement = f'COPY "{table.name}" ({columns}) FROM STDIN'
    with driver.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
        tail = (now,) * len(stamps)
        for row in rows:
            copy.write_row((*(row[n] for n in names), *tail))


def update_by_id(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """``UPDATE … WHERE id = :id`` for every row; each row holds ``id`` and the same columns to set."""
    if not rows:
        return
    table = _table(model)
    columns = [k for k in rows[0] if k != "id"]
    stmt = (table.update().where(table.c.id == bindparam("p_id"))
            .values({**{k: bindparam(f"p_{k}") for k in columns}, **_stamps(table, "updated_at")}))
    session.execute(stmt, [{f"p_{k}": v for k, v in row.items()} for row in rows])
