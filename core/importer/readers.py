"""Streaming readers for the files DMS exports: CSV (UTF-8 with or without BOM, GB18030) and XLSX.

Rows are yielded one at a time with their spreadsheet row number (the header
is row 1), so memory does not grow with the file.
"""
from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from core.errors import ValidationError

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
ENCODINGS = ("auto", "utf-8", "gb18030")
_SNIFF = 1 << 16
#: The largest cell accepted (the csv module's own limit): no DMS field is anywhere near it.
MAX_CELL = 128 * 1024


class _CountingReader(io.RawIOBase):
    """Counts the bytes read so a progress bar can follow a CSV file."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        self.done += n or 0
        return n or 0

    def close(self) -> None:
        self._raw.close()
        super().close()


@dataclass
class Table:
    """An open file: its header row and its data rows."""

    path: Path
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    total: int
    encoding: str | None
    _counter: _CountingReader | None = None
    _row_total: bool = False
    _last_row: int = 0

    def progress(self, row: int) -> int:
        """How far the reader is, in the same unit as ``total`` (bytes for CSV, rows for XLSX)."""
        return row if self._row_total else (self._counter.done if self._counter else 0)


def _fail(path: Path, message: str) -> ValidationError:
    return ValidationError(f"{path.name}: {message}; nothing was imported")


def _detect_encoding(path: Path, sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(sample, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        raise _fail(path, "is neither UTF-8 nor GB18030 text") from None


def open_table(path: Path, *, encoding: str = "auto") -> Table:
    """Open ``path`` as CSV or XLSX by its name, checking its content matches."""
    if not path.exists():
        raise ValidationError(f"{path}: no such file")
    suffix = path.suffix.lower()
    with path.open("rb") as fh:
        head = fh.read(_SNIFF)
    if suffix == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _fail(path, "is an old Excel .xls workbook: save it as .xlsx or CSV")
    if suffix in XLSX_SUFFIXES:
        if not head.startswith(b"PK\x03\x04"):
            raise _fail(path, "is named .xlsx but is not an Excel workbook")
        return _open_xlsx(path)
    if suffix not in CSV_SUFFIXES:
        raise _fail(path, f"is not a CSV or XLSX file (name ends {suffix or 'without a suffix'!r})")
    if not head.strip(b"\xef\xbb\xbf \r\n\t"):
        raise _fail(path, "is empty")
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _fail(path, "is not a text (CSV) file")
    if encoding not in ENCODINGS:
        raise ValidationError(f"unknown encoding {encoding!r}; use one of {', '.join(ENCODINGS)}")
    if encoding == "auto":
        encoding = _detect_encoding(path, head)
    elif encoding == "utf-8" and head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    return _open_csv(path, encoding)


def _not_encoding(path: Path, row: int, encoding: str) -> ValidationError:
    hint = ("it looks like GB18030 (what Chinese Excel writes): drop --encoding or pass --encoding gb18030"
            if encoding.startswith("utf") else "check the file's encoding")
    return ValidationError(
        f"{path.name}: row {row}: the file is not valid {encoding} text; {hint}; nothing was imported")


def _open_csv(path: Path, encoding: str) -> Table:
    counter = _CountingReader(path.open("rb"))
    stream = io.TextIOWrapper(io.BufferedReader(counter, 1 << 20), encoding=encoding, newline="")
    try:
        first_line = stream.readline()
    except UnicodeDecodeError:
        stream.close()
        raise _not_encoding(path, 1, encoding) from None
    if first_line == "":
        stream.close()
        raise _fail(path, "is empty")
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    header = next(csv.reader([first_line], delimiter=delimiter), [])
    reader = csv.reader(stream, delimiter=delimiter)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        try:
            for record in reader:
                number += 1
                yield number, record
        except UnicodeDecodeError:
            raise _not_encoding(path, number + 1, encoding) from None
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise ValidationError(f"{path.name}: row {number + 1}: a cell is larger than "
                                      f"{MAX_CELL // 1024} KB; nothing was imported") from None
            raise ValidationError(f"{path.name}: row {number + 1}: not readable as CSV ({exc}); "
                                  "nothing was imported") from None
        finally:
            stream.close()

    return Table(path, list(header), rows(), path.stat().st_size, encoding, counter)


def _open_xlsx(path: Path) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _fail(path, f"cannot be read as an Excel workbook ({exc.__class__.__name__})") from None
    sheet = workbook.worksheets[0]
    it = sheet.iter_rows(values_only=True)
    number = 0
    header: list[Any] | None = None
    for values in it:
        number += 1
        if any(v not in (None, "") for v in values):
            header = list(values)
            break
    if header is None:
        workbook.close()
        raise _fail(path, "is empty")
    start = number

    def rows() -> Iterator[tuple[int, list[Any]]]:
        n = start
        try:
            for values in it:
                n += 1
                yield n, list(values)
        finally:
            workbook.close()

    total = sheet.max_row or 0
    return Table(path, ["" if h is None else str(h) for h in header], rows(), total, None, None, True)
