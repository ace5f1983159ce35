"""Filling a form by answering prompts, field by field, re-asking until each answer is valid."""
from __future__ import annotations

from typing import Any

import click

from core.forms.spec import Field, FormSpec
from core.forms.validate import FormInvalid, check_answer


def _question(f: Field) -> str:
    text = f.label_zh + ("" if f.required else "(可不填)")
    if f.type in ("choice", "multi_choice"):
        options = " / ".join(f"{c.value}={c.label_zh}" for c in f.choices)
        text += f" [{options}]" + (" 多选用逗号分隔" if f.type == "multi_choice" else "")
    elif f.type == "rating":
        lo, hi = f.bounds
        text += f" [{lo}–{hi}]"
    elif f.type == "date":
        text += " [YYYY-MM-DD]"
    elif f.type == "datetime":
        text += " [YYYY-MM-DD HH:MM]"
    elif f.type == "attachment":
        text += " [文件路径]"
    return text


def _ask(spec: FormSpec, f: Field, check: Any) -> Any:
    if f.help_zh:
        click.echo(f"  {f.help_zh}")
    while True:
        raw = click.prompt(_question(f), default="", show_default=False)
        try:
            return raw, check(raw)
        except FormInvalid as exc:
            click.echo(f"  ✗ {'; '.join(exc.problems)}", err=True)


def prompt_answers(spec: FormSpec) -> dict[str, Any]:
    """Raw answers for ``spec`` (validated again as a whole by the caller)."""
    raw: dict[str, Any] = {}
    typed: dict[str, Any] = {}
    click.echo(f"{spec.title_zh} ({spec.key} v{spec.version})")
    for f in spec.fields:
        if f.show_if is not None and not f.show_if.holds(typed.get(f.show_if.field)):
            continue
        if f.type == "rows":
            raw[f.name] = _prompt_rows(spec, f)
            continue
        answer, value = _ask(spec, f, lambda r, f=f: check_answer(spec, f.name, r))
        if value is not None:
            raw[f.name], typed[f.name] = answer, value
    return raw


def _prompt_rows(spec: FormSpec, f: Field) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    click.echo(f"{f.label_zh}:逐行填写" + (f"({f.help_zh})" if f.help_zh else ""))
    table = FormSpec(key=spec.key, version=spec.version, title_zh=f.label_zh, fields=f.columns)
    while click.confirm(f"  添加第 {len(rows) + 1} 行?", default=not rows and f.required):
        row: dict[str, Any] = {}
        typed: dict[str, Any] = {}
        for col in f.columns:
            if col.show_if is not None and not col.show_if.holds(typed.get(col.show_if.field)):
                continue
            answer, value = _ask(table, col, lambda r, c=col: check_answer(table, c.name, r))
            if value is not None:
                row[col.name], typed[col.name] = answer, value
        rows.append(row)
    return rows
