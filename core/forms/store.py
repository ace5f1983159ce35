"""Saving and reading form submissions: one answer row per field, versions frozen once used.

Answers are written with one executemany per submission. Reading back uses the
spec stored with the submission's form version, so an old submission reads
the same after its plugin moved on to a newer version.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from core.errors import ValidationError
from core.forms.attachments import AttachmentStore, check_readable
from core.forms.spec import Field, FormSpec
from core.db.base import utcnow
from core.forms.validate import FormInvalid, is_sha256, validate
from core.models.forms import Attachment, FormAnswer, FormSubmission, FormVersion
from core.models.people import User


class FrozenFormChanged(ValidationError):
    """A plugin changed a form version that already has submissions."""


def ensure_version(session: Session, spec: FormSpec) -> FormVersion:
    """The stored version of ``spec``; a changed spec may replace an unused version only."""
    cache = session.info.setdefault("crdesk.form_versions", {})
    known = cache.get((spec.key, spec.version, spec.fingerprint))
    if known is not None:
        return known
    row = session.scalar(select(FormVersion).where(FormVersion.form_key == spec.key,
                                                   FormVersion.version == spec.version))
    fingerprint = spec.fingerprint
    if row is None:
        row = FormVersion(form_key=spec.key, version=spec.version, title_zh=spec.title_zh,
                          fingerprint=fingerprint, spec=spec.as_dict())
        session.add(row)
        session.flush()
        cache[(spec.key, spec.version, fingerprint)] = row
        return row
    if row.fingerprint == fingerprint:
        cache[(spec.key, spec.version, fingerprint)] = row
        return row
    if submission_count(session, row.id):
        newest = session.scalar(select(func.max(FormVersion.version)).where(FormVersion.form_key == spec.key)) or 0
        raise FrozenFormChanged(
            f"form {spec.key} version {spec.version} is frozen (it has submissions) but its fields changed; "
            f"the plugin must register the changed form as version {newest + 1}")
    row.spec, row.fingerprint, row.title_zh = spec.as_dict(), fingerprint, spec.title_zh
    cache[(spec.key, spec.version, fingerprint)] = row
    return row


def submission_count(session: Session, version_id: int) -> int:
    return session.scalar(select(func.count()).select_from(FormSubmission)
                          .where(FormSubmission.form_version_id == version_id)) or 0


def submit(session: Session, spec: FormSpec, data: Mapping[str, Any], *, store: AttachmentStore,
           user_id: int | None, store_id: int | None) -> FormSubmission:
    """Validate ``data``, store its attachments and write one answer row per field.

    Everything is checked (answers, then every attachment file) before anything
    is written, so a refused submission leaves no trace.
    """
    values = validate(spec, data)
    pending = _check_attachments(session, spec, values)
    version = ensure_version(session, spec)
    stored = _store_attachments(session, spec, values, pending, store, user_id)
    submission = FormSubmission(form_version_id=version.id, submitted_by_id=user_id, store_id=store_id)
    session.add(submission)
    session.flush()
    rows = answer_rows(spec, submission.id, values, stored)
    if rows:
        session.execute(insert(FormAnswer.__table__), rows)
    return submission


def submit_many(session: Session, spec: FormSpec, items: Sequence[Mapping[str, Any]], *, user_id: int | None,
                store_id: int | None) -> list[int]:
    """Save many submissions without attachments (imports, bulk surveys) with two executemany statements.

    All items are validated first; one bad item refuses the lot, naming its position.
    """
    values_list: list[dict[str, Any]] = []
    for number, data in enumerate(items, start=1):
        try:
            values = validate(spec, data)
        except FormInvalid as exc:
            raise FormInvalid(spec.key, [f"item {number}: {p}" for p in exc.problems]) from None
        if any(f.type == "attachment" and f.name in values for f in spec.fields):
            raise ValidationError(f"item {number}: submit forms with attachments one by one")
        values_list.append(values)
    if not values_list:
        return []
    version = ensure_version(session, spec)
    now = utcnow()
    ids = list(session.scalars(
        insert(FormSubmission.__table__).returning(FormSubmission.id, sort_by_parameter_order=True),
        [{"form_version_id": version.id, "submitted_by_id": user_id, "store_id": store_id, "submitted_at": now}
         for _ in values_list]))
    rows = [row for sid, values in zip(ids, values_list) for row in answer_rows(spec, sid, values, {})]
    if rows:
        session.execute(insert(FormAnswer.__table__), rows)
    return ids


def _check_attachments(session: Session, spec: FormSpec, values: Mapping[str, Any]) -> dict[str, str]:
    """Attachment answers that are files still to store; refuses missing or unreadable ones."""
    pending: dict[str, str] = {}
    for f in spec.fields:
        if f.type == "attachment" and f.name in values:
            ref = values[f.name]
            if is_sha256(ref) and session.scalar(select(Attachment.id).where(Attachment.sha256 == ref)):
                continue
            check_readable(ref)
            pending[f.name] = ref
    return pending


def _store_attachments(session: Session, spec: FormSpec, values: Mapping[str, Any], pending: Mapping[str, str],
                       store: AttachmentStore, user_id: int | None) -> dict[str, Attachment]:
    stored: dict[str, Attachment] = {}
    for f in spec.fields:
        if f.type == "attachment" and f.name in values:
            stored[f.name] = (store.put(session, pending[f.name], user_id=user_id)
                              if f.name in pending else store.get(session, values[f.name]))
    return stored


def answer_rows(spec: FormSpec, submission_id: int, values: Mapping[str, Any],
                stored: Mapping[str, Attachment]) -> list[dict[str, Any]]:
    """The ``form_answer`` rows of one validated submission."""
    rows: list[dict[str, Any]] = []
    for f in spec.fields:
        if f.name not in values:
            continue
        value = values[f.name]
        if f.type == "rows":
            for row_no, row in enumerate(value, start=1):
                for col in f.columns:
                    if col.name in row:
                        rows.extend(_answer_rows(submission_id, f.name, col, row[col.name], row_no, col.name))
        elif f.type == "attachment":
            att = stored[f.name]
            rows.append(_row(submission_id, f.name, value_text=att.sha256, attachment_id=att.id))
        else:
            rows.extend(_answer_rows(submission_id, f.name, f, value, 0, ""))
    return rows


def _row(submission_id: int, field: str, *, row_no: int = 0, column: str = "", item: int = 0,
         value_text: str | None = None, value_number: Decimal | int | None = None,
         value_date: dt.date | None = None, value_at: dt.datetime | None = None,
         attachment_id: int | None = None) -> dict[str, Any]:
    return {"submission_id": submission_id, "field": field, "row_no": row_no, "column": column, "item": item,
            "value_text": value_text, "value_number": value_number, "value_date": value_date,
            "value_at": value_at, "attachment_id": attachment_id}


def _answer_rows(submission_id: int, field: str, f: Field, value: Any, row_no: int,
                 column: str) -> list[dict[str, Any]]:
    base = {"row_no": row_no, "column": column}
    if f.type == "multi_choice":
        return [_row(submission_id, field, item=i, value_text=v, **base) for i, v in enumerate(value)]
    if f.type in ("number", "money", "rating"):
        return [_row(submission_id, field, value_number=value, **base)]
    if f.type == "date":
        return [_row(submission_id, field, value_date=value, **base)]
    if f.type == "datetime":
        return [_row(submission_id, field, value_at=value, **base)]
    return [_row(submission_id, field, value_text=value, **base)]


def read(session: Session, submission_id: int) -> dict[str, Any]:
    """The submission's answers as a dict shaped like what was submitted, with typed values."""
    if session.get(FormSubmission, submission_id) is None:
        raise ValidationError(f"no form submission {submission_id}")
    return read_many(session, [submission_id])[submission_id]


def read_many(session: Session, submission_ids: list[int], *, chunk: int = 500) -> dict[int, dict[str, Any]]:
    """Answers of many submissions with one query per ``chunk`` of ids (no query per submission)."""
    specs: dict[int, FormSpec] = {}
    version_of: dict[int, int] = {}
    answers: dict[int, list[Any]] = {i: [] for i in submission_ids}
    for start in range(0, len(submission_ids), chunk):
        ids = submission_ids[start:start + chunk]
        for sid, version_id in session.execute(select(FormSubmission.id, FormSubmission.form_version_id)
                                               .where(FormSubmission.id.in_(ids))):
            version_of[sid] = version_id
        answer = FormAnswer.__table__.c
        for a in session.execute(select(FormAnswer.__table__).where(answer.submission_id.in_(ids))
                                 .order_by(answer.submission_id, answer.row_no, answer.item, answer.id)):
            answers[a.submission_id].append(a)
    for version_id in set(version_of.values()):
        specs[version_id] = FormSpec.from_dict(session.get(FormVersion, version_id).spec)  # type: ignore[union-attr]
    return {sid: _assemble(specs[version_of[sid]], answers[sid]) for sid in submission_ids if sid in version_of}


def _assemble(spec: FormSpec, answers: list[Any]) -> dict[str, Any]:
    """Answer rows (ORM objects or Core rows with the same names) back into the submitted shape."""
    out: dict[str, Any] = {}
    tables: dict[str, dict[int, dict[str, Any]]] = {}
    for a in answers:
        if not spec.has_field(a.field):
            continue
        f = spec.field(a.field)
        if f.type == "rows":
            col = next(c for c in f.columns if c.name == a.column)
            cells = tables.setdefault(a.field, {}).setdefault(a.row_no, {})
            _put(cells, col, a)
        else:
            _put(out, f, a)
    for name, table in tables.items():
        out[name] = [table[n] for n in sorted(table)]
    return {f.name: out[f.name] for f in spec.fields if f.name in out}


def _put(target: dict[str, Any], f: Field, a: Any) -> None:
    if f.type == "multi_choice":
        target.setdefault(f.name, []).append(a.value_text)
    elif f.type == "rating":
        target[f.name] = int(a.value_number) if a.value_number is not None else None
    elif f.type == "money":
        target[f.name] = Decimal(a.value_number).quantize(Decimal("0.01")) if a.value_number is not None else None
    elif f.type == "number":
        target[f.name] = _plain(Decimal(a.value_number)) if a.value_number is not None else None
    elif f.type == "date":
        target[f.name] = a.value_date
    elif f.type == "datetime":
        target[f.name] = a.value_at
    else:
        target[f.name] = a.value_text


def _plain(value: Decimal) -> Decimal:
    """``100.0000`` as ``100`` and ``2.5000`` as ``2.5``, never in exponent notation."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def list_submissions(session: Session, form_key: str, user: User | None = None) -> list[FormSubmission]:
    """Submissions of ``form_key``; with ``user``, only those of the stores in the user's scope."""
    stmt = (select(FormSubmission).join(FormVersion).where(FormVersion.form_key == form_key)
            .order_by(FormSubmission.id))
    if user is not None:
        from core import scope

        stmt = scope.filter(stmt, FormSubmission, session, user)
    return list(session.scalars(stmt))
