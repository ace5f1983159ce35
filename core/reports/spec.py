"""What a plugin contributes to describe one report: :class:`ReportSpec`.

The spec keeps the data function and the template apart: the data function
queries the database and returns plain data (the shape is documented in
``docs/reports.md`` and checked by :func:`check_data`), the template only
lays it out. XLSX and CSV are produced from the same data without a template.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from core.errors import ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.app import CrDesk
    from core.models import Store
    from core.reports.periods import Period

    DataFunction = Callable[[CrDesk, Session, Period, Store | None], Mapping[str, Any]]
    """``(app, session, period, store)`` → plain data; ``store`` is None for "all stores"."""
else:
    DataFunction = Callable[..., Mapping[str, Any]]
PeriodKind = Literal["day", "week", "month", "quarter", "range"]
Format = Literal["pdf", "xlsx", "csv", "html"]
ColumnType = Literal["text", "int", "decimal", "percent", "date", "datetime", "phone"]

PERIOD_KINDS: tuple[str, ...] = ("day", "week", "month", "quarter", "range")
PERIOD_KIND_ZH = {"day": "日报", "week": "周报", "month": "月报", "quarter": "季报", "range": "任意时段"}
FORMATS: tuple[str, ...] = ("pdf", "xlsx", "csv", "html")
COLUMN_TYPES: tuple[str, ...] = ("text", "int", "decimal", "percent", "date", "datetime", "phone")



@dataclass(frozen=True)
class ReportSpec:
    """A report ``crdesk reports render KEY`` can produce.

    ``kind="letters"`` makes a mail-merge report: the data holds ``letters``
    (one dict per recipient) and the PDF has one letter per recipient followed
    by an address-label sheet; letters carry no page counter or 内部资料 mark.
    """

    key: str
    title_zh: str
    period: PeriodKind
    roles: tuple[str, ...]
    data: DataFunction
    #: Unprefixed names go through the loader chain, so a site folder can override them.
    template: str = "report.html"
    formats: tuple[str, ...] = FORMATS
    duties: tuple[str, ...] = ()
    #: Key of the task schedule a render of this report completes (see ``on_report_rendered``).
    completes_task: str | None = None
    orientation: Literal["portrait", "landscape"] = "portrait"
    kind: Literal["report", "letters"] = "report"
    description: str = ""
    #: Long reports are rendered in parts of about this many rows, in parallel; 0 renders in one go.
    chunk_rows: int = 800
    extra: Mapping[str, Any] = field(default_factory=dict)
    #: The entity whose ``reveal`` right lets ``reports render --reveal`` print full numbers (audited);
    #: None: the report never shows them.
    reveal_entity: str | None = None

    def __post_init__(self) -> None:
        if self.period not in PERIOD_KINDS:
            raise ValidationError(f"report {self.key!r}: period {self.period!r} is not one of {', '.join(PERIOD_KINDS)}")
        bad = [f for f in self.formats if f not in FORMATS]
        if bad:
            raise ValidationError(f"report {self.key!r}: unknown formats {bad}; use {', '.join(FORMATS)}")
        if self.kind == "letters" and set(self.formats) - {"pdf", "html"}:
            raise ValidationError(f"report {self.key!r}: letters render only as pdf or html")
        if not self.roles:
            raise ValidationError(f"report {self.key!r}: name at least one role that may run it")

    @property
    def plugin(self) -> str:
        return self.key.split(".", 1)[0]


def check_data(key: str, data: Mapping[str, Any], *, kind: str = "report") -> dict[str, Any]:
    """Validate a data function's result and fill the optional parts.

    A clear error here names the report and the faulty table, instead of a
    Jinja2 ``UndefinedError`` deep in a template.
    """
    if not isinstance(data, Mapping):
        raise ValidationError(f"report {key!r}: the data function returned {type(data).__name__}, not a dict")
    out = dict(data)
    out.setdefault("tables", [])
    out.setdefault("figures", [])
    out.setdefault("charts", [])
    if kind == "letters":
        out.setdefault("letters", [])
        if not isinstance(out["letters"], list) or not all(isinstance(r, Mapping) and r.get("name")
                                                            for r in out["letters"]):
            raise ValidationError(f"report {key!r}: data['letters'] must be a list of dicts, each with a 'name'")
    for i, table in enumerate(out["tables"]):
        where = f"report {key!r}, table {i + 1}"
        if not isinstance(table, Mapping) or "columns" not in table or "rows" not in table:
            raise ValidationError(f"{where}: a table needs 'title', 'columns' and 'rows'")
        for col in table["columns"]:
            if "key" not in col or "label" not in col:
                raise ValidationError(f"{where}: every column needs 'key' and 'label'")
            if col.get("type", "text") not in COLUMN_TYPES:
                raise ValidationError(f"{where}: column {col['key']!r} has unknown type {col.get('type')!r}; "
                                      f"use one of {', '.join(COLUMN_TYPES)}")
    out["tables"] = [{**t, "title": t.get("title", ""), "columns": columns(t), "rows": list(t["rows"])}
                     for t in out["tables"]]
    for fig in out["figures"]:
        if not isinstance(fig, Mapping) or "label" not in fig or "value" not in fig:
            raise ValidationError(f"report {key!r}: every key figure needs 'label' and 'value'")
    return out


def columns(table: Mapping[str, Any]) -> list[dict[str, str]]:
    """A table's columns with ``type`` filled in (default ``text``)."""
    return [{"key": c["key"], "label": c["label"], "type": c.get("type", "text")} for c in table["columns"]]
