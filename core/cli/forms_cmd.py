"""``crdesk forms``: the forms plugins register, filling one in, and reading submissions."""
from __future__ import annotations

from typing import Any

import click

from core.cli import get_app
from core.cli.output import emit_record, emit_rows, json_option, success
from core.forms.spec import TYPE_LABELS_ZH

FIELD_COLUMNS = [("name", "field"), ("label_zh", "问题"), ("type_zh", "类型"), ("required", "必填"),
                 ("detail", "选项 / 范围 / 条件 / 说明")]


@click.group()
def forms() -> None:
    """Forms plugins contribute (questionnaires, request forms, tracking tables)."""


@forms.command("list")
@json_option
@click.pass_context
def list_forms(ctx: click.Context, as_json: bool) -> None:
    """Every form of the enabled plugins, with its version and how many submissions it has."""
    from sqlalchemy import func, select

    from core.forms import form_specs
    from core.models import FormSubmission, FormVersion

    app = get_app(ctx)
    app.check_schema()
    with app.session() as session:
        counts = dict(session.execute(
            select(FormVersion.form_key, func.count(FormSubmission.id))
            .join(FormSubmission, FormSubmission.form_version_id == FormVersion.id, isouter=True)
            .group_by(FormVersion.form_key)).all())
    rows = [{"key": s.key, "version": s.version, "title_zh": s.title_zh, "fields": len(s.fields),
             "duties": list(s.duties), "submissions": counts.get(s.key, 0)} for s in form_specs(app).values()]
    emit_rows(rows, [("key", "form"), ("version", "v"), ("title_zh", "名称"), ("fields", "fields"),
                     ("submissions", "submissions"), ("duties", "duties")],
              as_json=as_json, title="forms", empty="no forms: enable plugins that contribute some")


@forms.command("show")
@click.argument("key")
@json_option
@click.pass_context
def show_form(ctx: click.Context, key: str, as_json: bool) -> None:
    """The questions of form KEY."""
    from core.forms import find_form

    spec = find_form(get_app(ctx), key)
    if as_json:
        emit_record(spec.as_dict(), as_json=True)
        return
    rows = [_field_row(f) for f in spec.fields]
    for f in spec.fields:
        rows.extend(_field_row(c, prefix=f"{f.name}.") for c in f.columns)
    emit_rows(rows, FIELD_COLUMNS, as_json=False, title=f"{spec.title_zh}  {spec.key} v{spec.version}")


def _field_row(f: Any, prefix: str = "") -> dict[str, Any]:
    lo, hi = f.bounds
    return {"name": prefix + f.name, "type": f.type, "label_zh": f.label_zh, "required": f.required,
            "choices": [f"{c.value}={c.label_zh}" for c in f.choices],
            "bounds": "" if lo is None and hi is None else f"{'' if lo is None else lo}–{'' if hi is None else hi}",
            "show_if": f"{f.show_if.field} ∈ {', '.join(f.show_if.values) or 'answered'}" if f.show_if else "",
            "help_zh": f.help_zh, "type_zh": TYPE_LABELS_ZH[f.type], "detail": _detail(f, lo, hi)}


def _detail(f: Any, lo: Any, hi: Any) -> str:
    parts = [" ".join(f"{c.value}={c.label_zh}" for c in f.choices)]
    if lo is not None or hi is not None:
        parts.append(f"{'' if lo is None else lo}–{'' if hi is None else hi}")
    if f.show_if:
        parts.append(f"仅当 {f.show_if.field} = {'/'.join(f.show_if.values) or '已填'}")
    parts.append(f.help_zh)
    return "; ".join(p for p in parts if p)


@forms.command("fill")
@click.argument("key")
@click.option("--data", "data_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Answers as JSON or YAML; without it, crdesk asks field by field.")
@json_option
@click.pass_context
def fill(ctx: click.Context, key: str, data_file: str | None, as_json: bool) -> None:
    """Fill in form KEY and save the submission."""
    from core.forms import attachment_store, find_form
    from core.forms import store as form_store
    from core.forms.answers_file import load_answers

    app = get_app(ctx)
    app.check_schema()
    spec = find_form(app, key)
    if data_file:
        data = load_answers(data_file)
    else:
        from core.forms.prompts import prompt_answers

        data = prompt_answers(spec)
    with app.session() as session:
        user = app.acting_user(session)
        submission = form_store.submit(session, spec, data, store=attachment_store(app), user_id=user.id,
                                       store_id=user.store_id)
        record = {"submission": submission.id, "form": spec.key, "version": spec.version,
                  "answers": form_store.read(session, submission.id)}
    if as_json:
        emit_record(record, as_json=True)
    else:
        success(f"saved submission {record['submission']} of {spec.title_zh} ({spec.key} v{spec.version})")


@forms.command("submissions")
@click.argument("key")
@json_option
@click.pass_context
def submissions(ctx: click.Context, key: str, as_json: bool) -> None:
    """Every submission of form KEY with its answers."""
    from core.forms import find_form
    from core.forms import store as form_store
    from core.models import User

    app = get_app(ctx)
    app.check_schema()
    spec = find_form(app, key)
    with app.session() as session:
        subs = form_store.list_submissions(session, spec.key, app.acting_user(session))
        answers = form_store.read_many(session, [s.id for s in subs])
        names = {u.id: u.username for u in session.query(User).filter(
            User.id.in_({s.submitted_by_id for s in subs if s.submitted_by_id}))}
        rows = [{"id": s.id, "version": s.form_version.version, "submitted_by": names.get(s.submitted_by_id or 0),
                 "submitted_at": s.submitted_at, "answers": answers.get(s.id, {})} for s in subs]
    if as_json:
        emit_rows(rows, [], as_json=True)
        return
    for row in rows:
        row["summary"] = "; ".join(f"{k}={_short(v)}" for k, v in row["answers"].items())
    emit_rows(rows, [("id", "id"), ("version", "v"), ("submitted_by", "by"), ("submitted_at", "at"),
                     ("summary", "answers")], as_json=False, title=f"{spec.title_zh} submissions",
              empty=f"no submissions of {spec.key} yet")


def _short(value: Any) -> str:
    if isinstance(value, list):
        return f"[{len(value)} rows]" if value and isinstance(value[0], dict) else ",".join(map(str, value))
    text = str(value)
    return text if len(text) <= 24 else text[:23] + "…"
