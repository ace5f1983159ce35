"""What an import kind declares: its columns with the header aliases DMS exports use, its key and its writer."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.app import CrDesk
    from core.models import Store


def header_token(text: str) -> str:
    """A header as compared with aliases: no spaces, BOM, case or full-width brackets."""
    text = text.replace("\ufeff", "").replace("（", "(").replace("）", ")").replace("：", "")
    return re.sub(r"\s+", "", text).lower()


@dataclass(frozen=True)
class Column:
    """One field of a row: its name in code, the headers that carry it, and how to read a cell.

    ``parse`` gets the cell (text from CSV; text, number or date from XLSX)
    and returns the value, or raises ``ValueError`` whose message tells the
    user what is wrong. An empty cell of an optional column becomes ``default``.
    """

    name: str
    aliases: tuple[str, ...]
    parse: Callable[[Any], Any]
    required: bool = True
    default: Any = None
    doc: str = ""
    #: The longest text the target column holds; checked here so SQLite (which would store more) and
    #: PostgreSQL (which would fail mid-import) refuse the same cells with the same line.
    max_length: int | None = None


@dataclass
class ImportContext:
    """What a writer works with: the open transaction, the target store, and a per-import cache."""

    app: CrDesk
    session: Session
    store: Store
    actor: str | None
    cache: dict[str, Any] = field(default_factory=dict)


@dataclass
class BatchOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    #: ids of records created or changed (passed to ``on_records_imported``).
    ids: list[int] = field(default_factory=list)
    #: imported, but a person should look (shown as ``warning:`` lines and in ``--json``)
    warnings: list[str] = field(default_factory=list)


#: ``(column name, message)`` problems a row check finds beyond single cells.
RowCheck = Callable[[ImportContext, dict[str, Any]], Sequence[tuple[str, str]]]
Writer = Callable[[ImportContext, list[dict[str, Any]]], BatchOutcome]


@dataclass(frozen=True)
class ImportKind:
    """A file import ``crdesk import NAME FILE`` runs.

    ``natural_key`` names the columns that identify a record, so importing the
    same file twice changes nothing. ``write`` receives batches of parsed rows
    and writes them with bulk statements (never a query per row).
    """

    key: str
    name: str
    title_zh: str
    entity: str
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]
    write: Writer
    check_row: RowCheck | None = None
    duties: tuple[str, ...] = ()
    batch_size: int = 5000
    doc: str = ""

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)
