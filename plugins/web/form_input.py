"""Forms in the browser: a FormSpec's answers from a posted form, and problems in Chinese next to each field.

The domain's validator (:func:`core.forms.validate`) stays the authority; this
module only reads the browser's fields into the shape it expects and words
each field's problem in Chinese for the person filling the form.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal, InvalidOperation
from typing import Any

from core.forms.spec import Field, FormSpec
from core.forms.validate import FormInvalid, check_answer
from core.phones import PhoneError, normalise_phone

#: Blank rows offered for a repeating table.
TABLE_ROWS = 5


def _raw(form: Any, name: str, f: Field) -> Any:
    if f.type == "multi_choice":
        return [v for v in form.getlist(name) if v]
    if f.type == "attachment":
        upload = form.get(name)
        if upload is None or isinstance(upload, str) or not getattr(upload, "filename", ""):
            return None
        suffix = "." + upload.filename.rsplit(".", 1)[-1] if "." in upload.filename else ""
        with tempfile.NamedTemporaryFile(delete=False, suffix=suffix, prefix="crdesk-upload-") as fh:
            upload.file.seek(0)
            fh.write(upload.file.read())
        return fh.name
    if f.type == "rows":
        rows = []
        for i in range(TABLE_ROWS):
            row = {c.name: _raw(form, f"{name}-{i}-{c.name}", c) for c in f.columns}
            row = {k: v for k, v in row.items() if v not in (None, "", [])}
            if row:
                rows.append(row)
        return rows
    value = form.get(name)
    return value.strip() if isinstance(value, str) else value


def answers_from(spec: FormSpec, form: Any, prefix: str = "") -> dict[str, Any]:
    """The answers of ``spec`` from a posted form; hidden (``show_if``) and empty fields are left out."""
    out: dict[str, Any] = {}
    for f in spec.fields:
        raw = _raw(form, prefix + f.name, f)
        if f.show_if is not None and not f.show_if.holds(out.get(f.show_if.field)):
            continue
        if raw not in (None, "", []):
            out[f.name] = raw
    return out


def problems_zh(spec: FormSpec, answers: dict[str, Any]) -> dict[str, str]:
    """Field name → what is wrong, in Chinese; empty when the domain's validator accepts every field."""
    out: dict[str, str] = {}
    for f in spec.fields:
        if f.show_if is not None and not f.show_if.holds(answers.get(f.show_if.field)):
            continue
        raw = answers.get(f.name)
        try:
            check_answer(spec, f.name, raw)
        except FormInvalid as exc:
            out[f.name] = _why(f, raw, exc.problems[0])
    return out


def _why(f: Field, raw: Any, english: str) -> str:
    label = f"「{f.label_zh}」"
    if raw in (None, "", []):
        return f"请填写{label}"
    lo, hi = f.bounds
    if f.type in ("text", "long_text"):
        if f.type == "text" and "\n" in str(raw):
            return f"{label}只能填一行"
        if f.min is not None and len(str(raw)) < f.min:
            return f"{label}至少 {f.min} 个字"
        if f.max is not None and len(str(raw)) > f.max:
            return f"{label}最多 {f.max} 个字，现在是 {len(str(raw))} 个"
        return f"{label}格式不对" + (f"：{f.help_zh}" if f.help_zh else "")
    if f.type in ("number", "money", "rating"):
        try:
            value = Decimal(str(raw).replace(",", ""))
        except InvalidOperation:
            return f"{label}须填数字"
        if lo is not None and value < lo:
            return f"{label}不能小于 {lo}"
        if hi is not None and value > hi:
            return f"{label}不能大于 {hi}"
        if f.type == "money":
            return f"{label}须为以元为单位、最多两位小数的金额"
        if f.type == "rating":
            return f"{label}须为整数分"
        return f"{label}的数值无效"
    if f.type == "date":
        return f"{label}须为日期（如 {dt.date(2026, 11, 27).isoformat()}）"
    if f.type == "datetime":
        return f"{label}须为日期和时间（如 2026-11-27 10:00）"
    if f.type == "choice":
        return f"请从{label}的选项中选择一项"
    if f.type == "multi_choice":
        if f.min is not None and isinstance(raw, list) and len(raw) < f.min:
            return f"{label}至少选 {f.min} 项"
        if f.max is not None and isinstance(raw, list) and len(raw) > f.max:
            return f"{label}最多选 {f.max} 项"
        return f"请从{label}的选项中选择"
    if f.type == "phone":
        try:
            normalise_phone(str(raw))
        except PhoneError:
            return f"{label}不是有效的电话号码"
    if f.type == "attachment":
        return f"{label}的文件无法读取"
    if f.type == "rows":
        if f.min is not None and isinstance(raw, list) and len(raw) < f.min:
            return f"{label}至少填 {f.min} 行"
        if f.max is not None and isinstance(raw, list) and len(raw) > f.max:
            return f"{label}最多 {f.max} 行"
        return f"{label}有一行填写有误（{english}）"
    return f"{label}填写有误"
