"""Running one import: one transaction per file, all rows or none.

Rows are parsed and checked as they stream in and written in batches with
bulk statements. Once a bad row is seen nothing more is written, but every
further row is still checked so the report lists all bad rows (up to a
limit); the transaction is then rolled back. Duplicate keys inside the file
are found with an 8-byte hash per row, and a second pass names their rows.
"""
from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core import audit, clock
from core.access import require
from core.errors import ValidationError
from core.importer.cells import parse_date
from core.importer.readers import MAX_CELL, Table, open_table
from core.importer.spec import BatchOutcome, ImportContext, ImportKind, header_token
from core.people import working_store

MAX_ERRORS = 50
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        value = f" (value {self.value!r})" if self.value else ""
        return f"{self.file}: {where}: {self.message}{value}"


@dataclass
class ImportResult:
    kind: str
    file: str
    store: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    #: imported, but worth a look (dates after today)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "file": self.file, "store": self.store, "dry_run": self.dry_run,
                "rows": self.rows, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "errors": [e.__dict__ for e in self.errors],
                "warnings": list(self.warnings)}


class ImportFailed(ValidationError):
    """The file has bad rows; nothing was written. ``result.errors`` lists them."""

    def __init__(self, result: ImportResult, total_bad: int) -> None:
        self.result = result
        more = f"\n  … and {total_bad - len(result.errors)} more" if total_bad > len(result.errors) else ""
        lines = "\n  ".join(str(e) for e in result.errors)
        super().__init__(f"{result.file}: {total_bad} problem(s), nothing was imported:\n  {lines}{more}")


class _DryRun(Exception):
    pass


def import_kinds(app: Any) -> dict[str, ImportKind]:
    """Every registered kind by its CLI name."""
    return {k.name: k for k in app.hooks.import_kinds(app)}


def _column_map(kind: ImportKind, table: Table) -> list[tuple[int, Any]]:
    tokens = [header_token(str(h)) for h in table.headers]
    out: list[tuple[int, Any]] = []
    missing: list[str] = []
    for column in kind.columns:
        aliases = [header_token(a) for a in (column.name, *column.aliases)]
        index = next((i for i, t in enumerate(tokens) if t in aliases), None)
        if index is None:
            if column.required:
                missing.append(f"{column.aliases[0] if column.aliases else column.name} "
                               f"(or {'/'.join(column.aliases[1:]) or column.name})")
            continue
        out.append((index, column))
    if missing:
        found = ", ".join(str(h) for h in table.headers if str(h).strip()) or "none"
        raise ValidationError(
            f"{table.path.name}: row 1: missing column(s) {'; '.join(missing)}; headers found: {found}; "
            "nothing was imported")
    return out


#: How many rows above the header a file may carry (a report title, a merged two-level header).
HEADER_SEARCH_ROWS = 10


def _find_header(kind: ImportKind, table: Table) -> list[tuple[int, Any]]:
    """Map the kind's columns, finding the header row below a title row or a merged two-level header.

    DMS exports often start with a title (《交车明细表》 2026-11) or group
    headers merged over two rows (客户信息 over 姓名/电话); the header is the
    first row, within a few, that carries every required column, with a blank
    cell taking the text above it (a cell merged down from the upper row).
    """
    try:
        return _column_map(kind, table)
    except ValidationError as first_error:
        previous = list(table.headers)
        for _ in range(HEADER_SEARCH_ROWS):
            try:
                _number, cells = next(table.rows)
            except StopIteration:
                break
            row = ["" if c is None else str(c).strip() for c in cells]
            merged = [c or (previous[i] if i < len(previous) else "") for i, c in enumerate(row)]
            for candidate in (row, merged):
                table.headers = candidate
                try:
                    return _column_map(kind, table)
                except ValidationError:
                    continue
            previous = merged
        raise first_error from None


def _key_hash(values: tuple[Any, ...]) -> int:
    """64 bits per key; a collision only costs the second pass, which compares real keys."""
    return hash(values) & 0xFFFF_FFFF_FFFF_FFFF


def run_import(app: Any, kind_name: str, path: Path, *, store_code: str | None = None, dry_run: bool = False,
               encoding: str = "auto", max_errors: int = MAX_ERRORS, progress: Progress | None = None
               ) -> ImportResult:
    """Import ``path`` as ``kind_name`` for the acting user; raises :class:`ImportFailed` listing bad rows."""
    kinds = import_kinds(app)
    kind = kinds.get(kind_name)
    if kind is None:
        raise ValidationError(f"unknown import kind {kind_name!r}; kinds are {', '.join(sorted(kinds))}")
    outcome: ImportResult | None = None
    try:
        with app.session() as session:
            user = app.acting_user(session)
            require(app, session, user, kind.entity, "create")
            require(app, session, user, kind.entity, "change")
            store = working_store(session, user, store_code)
            outcome = ImportResult(kind.name, path.name, store.code, dry_run)
            ctx = ImportContext(app, session, store, user.username)
            _run(ctx, kind, path, outcome, encoding, max_errors, progress)
            file_hash = _sha256(path)
            audit.record(session, actor=user.username, action=audit.IMPORT, entity=kind.entity,
                         entity_id=f"{kind.name}:{file_hash[:16]}",
                         after={"kind": kind.name, "file": path.name, "sha256": file_hash, "store": store.code,
                                "rows": outcome.rows, "created": outcome.created, "updated": outcome.updated,
                                "unchanged": outcome.unchanged})
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    assert outcome is not None
    return outcome


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _run(ctx: ImportContext, kind: ImportKind, path: Path, result: ImportResult, encoding: str,
         max_errors: int, progress: Progress | None) -> None:
    table = open_table(path, encoding=encoding)
    columns = _find_header(kind, table)
    key_names = kind.natural_key
    hashes = [array("Q") for _ in range(256)]  # bucketed by the top byte, so each sorts on its own
    batch: list[dict[str, Any]] = []
    batch_keys: dict[tuple[Any, ...], int] = {}
    bad = 0
    name = path.name

    def error(row: int, column: str, value: Any, message: str) -> None:
        nonlocal bad
        bad += 1
        if len(result.errors) < max_errors:
            result.errors.append(RowError(name, row, column, "" if value is None else str(value), message))

    def flush() -> None:
        if not batch:
            return
        if not bad:
            out: BatchOutcome = kind.write(ctx, batch)
            result.created += out.created
            result.updated += out.updated
            result.unchanged += out.unchanged
            result.warnings += out.warnings
            if out.ids:
                ctx.app.hooks.records_imported(ctx.app, ctx.session, kind.name, out.ids)
        batch.clear()
        batch_keys.clear()
        if progress is not None:
            progress(table.progress(last_row), table.total)

    last_row = 1
    today = clock.today()
    date_columns = [c.name for _i, c in columns if c.parse is parse_date]
    future: dict[str, tuple[int, Any, int]] = {}
    headers = {c.name: str(table.headers[i]) for i, c in columns}
    absent = {c.name: c.default for c in kind.columns if c.name not in headers}
    plan = [(index, column.name, column.parse, column.required, column.default, headers[column.name],
             column.max_length) for index, column in columns]
    width = max(index for index, *_ in plan) + 1
    for number, cells in table.rows:
        last_row = number
        if not any(cells):
            continue
        if len(cells) < width:
            cells = [*cells, *[None] * (width - len(cells))]
        row: dict[str, Any] = {"_row": number, **absent}
        problems: list[tuple[str, Any, str]] = []
        empty = 0
        for index, name_, parse, required, default, header, max_length in plan:
            value = cells[index]
            if type(value) is str:
                value = value.strip()
                if len(value) > MAX_CELL:
                    problems.append((header, value[:20] + "…", f"the cell is larger than {MAX_CELL // 1024} KB"))
                    continue
            if value is None or value == "":
                empty += 1
                if required:
                    problems.append((header, "", "is empty"))
                row[name_] = default
                continue
            try:
                row[name_] = parse(value)
            except ValueError as exc:
                problems.append((header, value, str(exc)))
                continue
            parsed = row[name_]
            if max_length is not None and isinstance(parsed, str) and len(parsed) > max_length:
                problems.append((header, parsed[:20] + "…", f"longer than {max_length} characters"))
        if empty == len(plan):
            continue  # a blank line (or only columns this kind does not read)
        result.rows += 1
        row_ok = not problems
        for header, value, message in problems:
            error(number, header, value, message)
        if row_ok and kind.check_row is not None:
            for col, message in kind.check_row(ctx, row):
                error(number, headers.get(col, col), row.get(col), message)
                row_ok = False
        if not row_ok:
            continue
        for col in date_columns:
            if row.get(col) is not None and row[col] > today:
                future.setdefault(col, (number, row[col], 0))
                first_row, first_day, n = future[col]
                future[col] = (first_row, first_day, n + 1)
        key = tuple(row[k] for k in key_names)
        first = batch_keys.get(key)
        if first is not None:
            error(number, "/".join(headers[k] for k in key_names), "/".join(map(str, key)),
                  f"same key as row {first}: each record may appear only once per file")
            continue
        digest = _key_hash(key)
        hashes[digest >> 56].append(digest)
        batch_keys[key] = number
        batch.append(row)
        if len(batch) >= kind.batch_size:
            flush()
    flush()
    if result.rows == 0 and not bad:
        if progress is not None:
            progress(table.total, table.total)
    _find_duplicates(ctx, kind, path, encoding, columns, hashes, error)
    if bad:
        raise ImportFailed(result, bad)
    for col, (first_row, first_day, n) in future.items():
        result.warnings.append(f"{name}: {n} row(s) with {headers[col]} after today {today} "
                               f"(first: row {first_row}, {first_day}); imported as written — check the DMS export")


def _find_duplicates(ctx: ImportContext, kind: ImportKind, path: Path, encoding: str, columns: list[tuple[int, Any]],
                     hashes: list[array], error: Callable[[int, str, Any, str], None]) -> None:
    """Keys repeated across batches: sort the hashes bucket by bucket, then re-read the file to name the rows."""
    suspects: set[int] = set()
    for bucket in hashes:
        ordered = sorted(bucket)
        suspects.update(a for a, b in zip(ordered, ordered[1:]) if a == b)
    if not suspects:
        return
    table = open_table(path, encoding=encoding)
    _find_header(kind, table)  # skip the same title rows as the first pass
    key_cols = [(i, c) for i, c in columns if c.name in kind.natural_key]
    key_cols.sort(key=lambda ic: kind.natural_key.index(ic[1].name))
    first_row: dict[tuple[Any, ...], int] = {}
    header = "/".join(str(table.headers[i]) for i, _c in key_cols)
    for number, cells in table.rows:
        try:
            key = tuple(c.parse(cells[i]) for i, c in key_cols)
        except (ValueError, IndexError, TypeError):
            continue
        if _key_hash(key) not in suspects:
            continue
        if key in first_row:
            error(number, header, "/".join(map(str, key)),
                  f"same key as row {first_row[key]}: each record may appear only once per file")
        else:
            first_row[key] = number
