"""The form validator: pure, no database, no files.

It turns raw answers (from JSON, YAML, prompts or code) into typed values —
``Decimal`` for numbers and money, ``date``/aware ``datetime``, E.164 phones —
or refuses the whole submission with every problem listed.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from core import clock
from core.errors import ValidationError
from core.forms.spec import Field, FormSpec
from core.phones import PhoneError, normalise_phone

CHINA = clock.STORE_TZ
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
CENT = Decimal("0.01")


class FormInvalid(ValidationError):
    """A submission with at least one problem; ``problems`` lists each as a sentence."""

    def __init__(self, form_key: str, problems: list[str]) -> None:
        self.form_key = form_key
        self.problems = problems
        super().__init__(f"form {form_key} was not saved: " + "; ".join(problems))


class _Problem(Exception):
    pass


def validate(spec: FormSpec, data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the typed answers of ``data`` or raise :class:`FormInvalid` listing every problem.

    Hidden conditional fields must be left empty; unknown fields are refused so a
    typo in a data file is not silently dropped. Attachment answers stay references
    (a file path or a sha256) that the form store resolves.
    """
    if not isinstance(data, Mapping):
        raise FormInvalid(spec.key, [f"the answers must be a mapping of field names, not {type(data).__name__}"])
    problems: list[str] = []
    unknown = sorted(str(k) for k in data if not spec.has_field(str(k)))
    if unknown:
        problems.append(f"unknown field(s) {', '.join(unknown)}; the form has "
                        f"{', '.join(f.name for f in spec.fields)}")
    out: dict[str, Any] = {}
    for f in spec.fields:
        raw = data.get(f.name)
        visible = f.show_if is None or f.show_if.holds(out.get(f.show_if.field))
        if not visible:
            if not _empty(raw):
                problems.append(f"{_label(f)} applies only when {f.show_if.field!r} is "  # type: ignore[union-attr]
                                f"{_values_text(f)}; leave it empty")
            continue
        if _empty(raw):
            if f.required:
                problems.append(f"{_label(f)} is required")
            continue
        try:
            out[f.name] = _value(f, raw)
        except _Problem as exc:
            problems.append(f"{_label(f)}: {exc}")
    if problems:
        raise FormInvalid(spec.key, problems)
    return out


def _label(f: Field) -> str:
    return f"{f.label_zh} ({f.name})"


def _values_text(f: Field) -> str:
    assert f.show_if is not None
    return " or ".join(repr(v) for v in f.show_if.values) if f.show_if.values else "answered"


def _empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "") or (isinstance(raw, (list, tuple)) and not raw)


def _value(f: Field, raw: Any) -> Any:
    kind = f.type
    if kind in ("text", "long_text"):
        return _text(f, raw)
    if kind in ("number", "money", "rating"):
        return _number(f, raw)
    if kind == "date":
        return _date(raw)
    if kind == "datetime":
        return _datetime(raw)
    if kind == "choice":
        return _choice(f, raw)
    if kind == "multi_choice":
        return _multi_choice(f, raw)
    if kind == "phone":
        return _phone(raw)
    if kind == "attachment":
        return _attachment(raw)
    return _rows(f, raw)


def _text(f: Field, raw: Any) -> str:
    if not isinstance(raw, (str, int)) or isinstance(raw, bool):
        raise _Problem(f"expected text, got {type(raw).__name__}")
    value = str(raw).strip()
    if f.type == "text" and "\n" in value:
        raise _Problem("must be a single line")
    if f.min is not None and len(value) < f.min:
        raise _Problem(f"needs at least {f.min} characters")
    if f.max is not None and len(value) > f.max:
        raise _Problem(f"allows at most {f.max} characters, got {len(value)}")
    if f.pattern is not None and not re.fullmatch(f.pattern, value):
        raise _Problem(f"{value!r} does not have the expected form ({f.help_zh or f.pattern})")
    return value


def _number(f: Field, raw: Any) -> Decimal | int:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str, Decimal)):
        raise _Problem(f"expected a number, got {type(raw).__name__}")
    try:
        value = Decimal(str(raw).strip().replace(",", "")) if not isinstance(raw, Decimal) else raw
    except InvalidOperation:
        raise _Problem(f"{raw!r} is not a number") from None
    if not value.is_finite():
        raise _Problem(f"{raw!r} is not a number")
    lo, hi = f.bounds
    if lo is not None and value < lo:
        raise _Problem(f"{value} is below the minimum {lo}")
    if hi is not None and value > hi:
        raise _Problem(f"{value} is above the maximum {hi}")
    if abs(value) >= Decimal("1e12"):
        raise _Problem(f"{raw!r} is too large for a form answer")
    if f.type == "money":
        if value != value.quantize(CENT):
            raise _Problem(f"{raw!r} is not an amount in yuan with at most two decimals (分)")
        return value.quantize(CENT)
    if f.type == "rating":
        if value != value.to_integral_value():
            raise _Problem(f"a rating is a whole number, got {raw!r}")
        return int(value)
    if value.as_tuple().exponent < -4:  # type: ignore[operator]
        raise _Problem(f"{raw!r} has more precision than a form number keeps (4 decimals)")
    return value


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        raise _Problem("expected a date without a time")
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise _Problem(f"{raw!r} is not a date (YYYY-MM-DD)")


def _datetime(raw: Any) -> dt.datetime:
    value: dt.datetime | None = None
    if isinstance(raw, dt.datetime):
        value = raw
    elif isinstance(raw, str):
        try:
            value = dt.datetime.fromisoformat(raw.strip())
        except ValueError:
            value = None
    if value is None:
        raise _Problem(f"{raw!r} is not a date and time (YYYY-MM-DD HH:MM)")
    if value.tzinfo is None:  # people type China Standard Time
        value = value.replace(tzinfo=CHINA)
    return value


def _choice(f: Field, raw: Any) -> str:
    value = str(raw).strip() if isinstance(raw, (str, int)) and not isinstance(raw, bool) else None
    offered = f.choice_values()
    if value not in offered:
        labels = ", ".join(f"{c.value} ({c.label_zh})" for c in f.choices)
        raise _Problem(f"{raw!r} is not one of the choices offered: {labels}")
    return value  # type: ignore[return-value]


def _multi_choice(f: Field, raw: Any) -> list[str]:
    items = raw if isinstance(raw, (list, tuple)) else [s for s in str(raw).split(",")] if isinstance(raw, str) else None
    if items is None:
        raise _Problem(f"expected a list of choices, got {type(raw).__name__}")
    chosen: list[str] = []
    for item in items:
        value = _choice(f, item)
        if value in chosen:
            raise _Problem(f"{value!r} is chosen twice")
        chosen.append(value)
    if f.min is not None and len(chosen) < f.min:
        raise _Problem(f"choose at least {f.min}")
    if f.max is not None and len(chosen) > f.max:
        raise _Problem(f"choose at most {f.max}")
    return [v for v in f.choice_values() if v in chosen]


def _phone(raw: Any) -> str:
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise _Problem(f"expected a phone number, got {type(raw).__name__}")
    try:
        return normalise_phone(str(raw))
    except PhoneError as exc:
        raise _Problem(f"{raw!r} is {exc}") from None


def _attachment(raw: Any) -> str:
    if isinstance(raw, Mapping):
        raw = raw.get("sha256")
    if not isinstance(raw, str):
        raise _Problem("expected a file path or a stored attachment's sha256")
    return raw.strip()


def _rows(f: Field, raw: Any) -> list[dict[str, Any]]:
    if not isinstance(raw, (list, tuple)):
        raise _Problem(f"expected a list of rows, got {type(raw).__name__}")
    if f.min is not None and len(raw) < f.min:
        raise _Problem(f"needs at least {f.min} rows")
    if f.max is not None and len(raw) > f.max:
        raise _Problem(f"allows at most {f.max} rows")
    rows: list[dict[str, Any]] = []
    for number, row in enumerate(raw, start=1):
        if not isinstance(row, Mapping):
            raise _Problem(f"row {number} must be a mapping of column names")
        unknown = sorted(str(k) for k in row if str(k) not in {c.name for c in f.columns})
        if unknown:
            raise _Problem(f"row {number} has unknown column(s) {', '.join(unknown)}")
        clean: dict[str, Any] = {}
        for col in f.columns:
            cell = row.get(col.name)
            if col.show_if is not None and not col.show_if.holds(clean.get(col.show_if.field)):
                continue
            if _empty(cell):
                if col.required:
                    raise _Problem(f"row {number}: {_label(col)} is required")
                continue
            try:
                clean[col.name] = _value(col, cell)
            except _Problem as exc:
                raise _Problem(f"row {number}: {_label(col)}: {exc}") from None
        rows.append(clean)
    return rows


def is_sha256(value: str) -> bool:
    return bool(SHA256_RE.match(value))


def check_answer(spec: FormSpec, name: str, raw: Any) -> Any:
    """One field's typed value, for prompting field by field; raises :class:`FormInvalid` naming the problem."""
    f = spec.field(name)
    if _empty(raw):
        if f.required:
            raise FormInvalid(spec.key, [f"{_label(f)} is required"])
        return None
    try:
        return _value(f, raw)
    except _Problem as exc:
        raise FormInvalid(spec.key, [f"{_label(f)}: {exc}"]) from None
