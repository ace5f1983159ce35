"""Declarative form specs a plugin contributes through ``register_forms``.

A spec is data (no callables), so it can be stored with each form version and
compared: a version with submissions is frozen, and the stored spec is what
its answers are read back with.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from typing import Any

from core.errors import PluginError

#: Every field type a form can use.
FIELD_TYPES = ("text", "long_text", "number", "money", "date", "datetime", "choice", "multi_choice",
               "rating", "phone", "attachment", "rows")
#: Types allowed as columns of a repeating-rows table.
COLUMN_TYPES = tuple(t for t in FIELD_TYPES if t not in ("rows", "attachment"))
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
TYPE_LABELS_ZH = {
    "text": "文本", "long_text": "长文本", "number": "数字", "money": "金额(元)", "date": "日期",
    "datetime": "日期时间", "choice": "单选", "multi_choice": "多选", "rating": "评分", "phone": "电话",
    "attachment": "附件", "rows": "表格",
}


@dataclass(frozen=True)
class Choice:
    value: str
    label_zh: str


@dataclass(frozen=True)
class ShowIf:
    """Show a field only when an earlier answer is one of ``values`` (any non-empty answer if empty)."""

    field: str
    values: tuple[str, ...] = ()

    def holds(self, answer: Any) -> bool:
        if answer is None or answer == "" or answer == []:
            return False
        if not self.values:
            return True
        answers = answer if isinstance(answer, list) else [answer]
        return any(str(a) in self.values for a in answers)


@dataclass(frozen=True)
class Field:
    """One question. ``min``/``max`` bound numbers and ratings, text length, chosen options or table rows."""

    name: str
    type: str
    label_zh: str
    required: bool = False
    help_zh: str = ""
    min: Decimal | int | None = None
    max: Decimal | int | None = None
    pattern: str | None = None
    choices: tuple[Choice, ...] = ()
    show_if: ShowIf | None = None
    columns: tuple[Field, ...] = ()

    @property
    def bounds(self) -> tuple[Decimal | int | None, Decimal | int | None]:
        """Ratings default to 1–5; NPS questions declare ``min=0, max=10``."""
        if self.type == "rating":
            return (1 if self.min is None else self.min, 5 if self.max is None else self.max)
        return (self.min, self.max)

    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "label_zh": self.label_zh,
                               "required": self.required}
        if self.help_zh:
            out["help_zh"] = self.help_zh
        lo, hi = self.min, self.max
        if lo is not None:
            out["min"] = str(lo)
        if hi is not None:
            out["max"] = str(hi)
        if self.pattern:
            out["pattern"] = self.pattern
        if self.choices:
            out["choices"] = [{"value": c.value, "label_zh": c.label_zh} for c in self.choices]
        if self.show_if:
            out["show_if"] = {"field": self.show_if.field, "values": list(self.show_if.values)}
        if self.columns:
            out["columns"] = [c.as_dict() for c in self.columns]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Field:
        show = data.get("show_if")
        return cls(
            name=data["name"], type=data["type"], label_zh=data["label_zh"],
            required=bool(data.get("required")), help_zh=data.get("help_zh", ""),
            min=Decimal(data["min"]) if "min" in data else None,
            max=Decimal(data["max"]) if "max" in data else None,
            pattern=data.get("pattern"),
            choices=tuple(Choice(c["value"], c["label_zh"]) for c in data.get("choices", ())),
            show_if=ShowIf(show["field"], tuple(show["values"])) if show else None,
            columns=tuple(cls.from_dict(c) for c in data.get("columns", ())),
        )


@dataclass(frozen=True)
class FormSpec:
    """A form a plugin owns; ``version`` must grow whenever a used form changes."""

    key: str
    version: int
    title_zh: str
    fields: tuple[Field, ...]
    duties: tuple[str, ...] = ()
    description_zh: str = ""
    _index: dict[str, Field] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {f.name: f for f in self.fields})
        check_spec(self)

    def field(self, name: str) -> Field:
        return self._index[name]

    def has_field(self, name: str) -> bool:
        return name in self._index

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "version": self.version, "title_zh": self.title_zh,
                "description_zh": self.description_zh, "duties": list(self.duties),
                "fields": [f.as_dict() for f in self.fields]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FormSpec:
        return cls(key=data["key"], version=int(data["version"]), title_zh=data["title_zh"],
                   fields=tuple(Field.from_dict(f) for f in data["fields"]),
                   duties=tuple(data.get("duties", ())), description_zh=data.get("description_zh", ""))

    @cached_property
    def fingerprint(self) -> str:
        """sha256 of the spec's content, to notice a changed spec under an unchanged version."""
        body = self.as_dict()
        body.pop("duties")
        return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def check_spec(spec: FormSpec) -> None:
    """Refuse a malformed spec when the plugin builds it, naming the form and the field."""
    where = f"form {spec.key!r}"
    if spec.version < 1:
        raise PluginError(f"{where}: version must be 1 or more")
    _check_fields(where, spec.fields, FIELD_TYPES)


def _check_fields(where: str, fields: tuple[Field, ...], allowed: tuple[str, ...]) -> None:
    seen: list[str] = []
    for f in fields:
        if not NAME_RE.match(f.name):
            raise PluginError(f"{where}: field name {f.name!r} must be lower_snake_case")
        if f.name in seen:
            raise PluginError(f"{where}: field {f.name!r} is declared twice")
        if f.type not in allowed:
            raise PluginError(f"{where}: field {f.name!r} has type {f.type!r}; use one of {', '.join(allowed)}")
        if f.type in ("choice", "multi_choice") and not f.choices:
            raise PluginError(f"{where}: field {f.name!r} ({f.type}) needs choices")
        if f.type == "rows":
            if not f.columns:
                raise PluginError(f"{where}: field {f.name!r} (rows) needs columns")
            _check_fields(f"{where} table {f.name!r}", f.columns, COLUMN_TYPES)
        if f.pattern is not None:
            try:
                re.compile(f.pattern)
            except re.error as exc:
                raise PluginError(f"{where}: field {f.name!r} has an invalid pattern: {exc}") from None
        if f.show_if is not None and f.show_if.field not in seen:
            raise PluginError(f"{where}: field {f.name!r} depends on {f.show_if.field!r}, "
                              "which must be an earlier field")
        seen.append(f.name)
