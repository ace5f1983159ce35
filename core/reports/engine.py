"""Rendering: registered reports (``render_report``) and one-off documents (``render_document``).

The steps are always the same: the data function reads the database, the
template lays the data out (PDF, HTML) or the data is written directly
(XLSX, CSV), the file is archived and ``on_report_rendered`` fires, all in
the caller's transaction.
"""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import mimetypes
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from core import audit, clock
from core.errors import PermissionDenied, ValidationError
from core.reports.environment import build_environment, site_template_dir, template_dirs
from core.reports.fonts import CjkFont, FontMissing, find_cjk_font
from core.reports.pdf import MAX_WORKERS
from core.reports.periods import CST, Period, period_for
from core.reports.spec import FORMATS, ReportSpec, check_data

if TYPE_CHECKING:
    import jinja2
    from sqlalchemy.orm import Session

    from core.app import CrDesk
    from core.models import Store, User

ADMIN_ROLE = "admin"
#: Audit actions of the report archive: a render, and a re-open of an archived file (both hold customer data).
RENDER, OPEN = "render", "open"
#: Letters per part when a mail merge is rendered in parallel parts.
LETTERS_PER_PART = 200
MEDIA_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8", "csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class RenderedReport:
    content: bytes
    fmt: str
    filename: str
    pages: int | None
    archive_id: int | None
    sha256: str

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.fmt]


# -- looking things up -------------------------------------------------------
def report_specs(app: CrDesk) -> list[ReportSpec]:
    return list(app.hooks.reports(app))


def find_report(app: CrDesk, key: str) -> ReportSpec:
    specs = {s.key: s for s in report_specs(app)}
    if key not in specs:
        known = ", ".join(sorted(specs)) or "none (enable a plugin that offers reports)"
        raise ValidationError(f"unknown report {key!r}; reports: {known}")
    return specs[key]


def may_run(spec: ReportSpec, user: User) -> bool:
    return user.has_role(ADMIN_ROLE, *spec.roles)


def check_may_run(spec: ReportSpec, user: User) -> None:
    if not may_run(spec, user):
        raise PermissionDenied(f"user {user.username!r} may not run {spec.key} 《{spec.title_zh}》: "
                               f"it needs one of the roles {', '.join(spec.roles)}")


def check_may_open(app: CrDesk, entry: Any, user: User) -> None:
    """An archived file holds customer data: only admin, its author, or who may run the report re-opens it,
    and only when the render's store is in the user's scope."""
    from sqlalchemy.orm import object_session

    from core import scope

    session = object_session(entry)
    if session is not None and entry.user_id != user.id:
        scope.check(session, user, entry.store_id, f"archived report #{entry.id}")
    if user.has_role(ADMIN_ROLE) or entry.user_id == user.id:
        return
    spec = {s.key: s for s in report_specs(app)}.get(entry.report_key)
    if spec is None or not may_run(spec, user):
        raise PermissionDenied(f"user {user.username!r} may not open archived report #{entry.id} ({entry.report_key}): "
                               "only admin, its author or a user who may run the report can")


def open_archived(app: CrDesk, session: Session, entry_id: int, user: User) -> Any:
    """Archived render ``entry_id`` for ``user`` (checked like :func:`check_may_open`); every open is audited."""
    from core.reports.archive import load

    entry = load(session, entry_id)
    check_may_open(app, entry, user)
    audit.record(session, actor=user.username, action=OPEN, entity="report", entity_id=entry.id,
                 after={"key": entry.report_key, "period": entry.period, "sha256": entry.sha256})
    return entry


def resolve_store(session: Session, code: str | None, user: User | None) -> Store | None:
    """``--store CODE``; without it the acting user's store, else the only store, else all stores (None)."""
    from core.models import Store

    if code is not None and user is not None:
        from core import scope

        return scope.store(session, user, code)
    if code is not None:
        store = session.scalar(select(Store).where(Store.code == code))
        if store is None:
            codes = ", ".join(session.scalars(select(Store.code).order_by(Store.code))) or "none"
            raise ValidationError(f"unknown store {code!r} for --store; stores: {codes}")
        return store
    if user is not None and user.store_id is not None:
        return session.get(Store, user.store_id)
    stores = list(session.scalars(select(Store).limit(2)))
    return stores[0] if len(stores) == 1 else None


# -- the page context every template gets ------------------------------------
def _store_dict(store: Any) -> dict[str, Any] | None:
    if store is None:
        return None
    if isinstance(store, Mapping):
        return {"id": None, "code": "", "name": "", "city": "", "address": "", "phone": "", "letterhead": "",
                **store}
    return {"id": store.id, "code": store.code, "name": store.name, "city": store.city,
            "address": store.address, "phone": store.phone, "letterhead": getattr(store, "letterhead", "") or ""}


def _logo(site_dir: Path | None, store: Mapping[str, Any] | None) -> str | None:
    """``logo-<store code>.*`` or ``logo.*`` from the site template folder, embedded as a data URI."""
    if site_dir is None:
        return None
    names = ([f"logo-{store['code']}"] if store and store.get("code") else []) + ["logo"]
    for name in names:
        for ext in ("svg", "png", "jpg"):
            path = site_dir / f"{name}.{ext}"
            if path.is_file():
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"
    return None


def report_font(fmt: str) -> CjkFont:
    """The CJK font every report and letter uses; a PDF needs it, an HTML preview may fall back."""
    if fmt == "pdf":
        return find_cjk_font()
    try:
        return find_cjk_font()
    except FontMissing:  # an HTML preview can still use the browser's fonts
        return CjkFont("sans-serif", "", True)


def page_context(*, title: str, subtitle: str, store: Any, printed_by: str, orientation: str,
                 site_dir: Path | None, fmt: str, confidential: bool = True) -> dict[str, Any]:
    store_d = _store_dict(store)
    now = clock.now()
    return {"title": title, "subtitle": subtitle, "store": store_d, "logo": _logo(site_dir, store_d),
            "font": report_font(fmt), "orientation": orientation, "printed_at": now.strftime("%Y-%m-%d %H:%M"),
            "letter_date": f"{now.year}年{now.month}月{now.day}日", "printed_by": printed_by,
            "confidential": confidential, "page_counter": True, "signatures": [], "signer": {},
            "part": {"index": 0, "count": 1, "first": True, "last": True}}


# -- splitting long reports ---------------------------------------------------
def split_tables(tables: Sequence[Mapping[str, Any]], chunk_rows: int) -> list[list[dict[str, Any]]]:
    """Cut the tables, in order, into parts of about ``chunk_rows`` rows.

    A table cut across parts keeps its columns and title in each; later
    slices are marked ``continued`` (the title then reads ``…（续）``).
    """
    total = sum(len(t["rows"]) for t in tables)
    if chunk_rows <= 0 or total <= chunk_rows * 1.5:
        return [[{**t, "continued": False} for t in tables]]
    # as many parts as needed, rounded up to keep every worker busy until the end, evenly filled
    count = -(-total // chunk_rows)
    count = min(total, -(-count // MAX_WORKERS) * MAX_WORKERS)
    quotas = [total // count + (1 if i < total % count else 0) for i in range(count)]
    parts: list[list[dict[str, Any]]] = [[]]
    room = quotas[0]
    for t in tables:
        rows = list(t["rows"])
        start = 0
        if not rows:
            parts[-1].append({**t, "continued": False})
            continue
        while start < len(rows):
            if room == 0:
                room = quotas[len(parts)]
                parts.append([])
            piece = rows[start:start + room]
            parts[-1].append({**t, "rows": piece, "continued": start > 0})
            start += len(piece)
            room -= len(piece)
    return parts


def _with_part(context: dict[str, Any], index: int, count: int, **extra: Any) -> dict[str, Any]:
    return {**context, **extra, "part": {"index": index, "count": count, "first": index == 0,
                                         "last": index == count - 1}}


class TemplateFailed(ValidationError):
    """A report or document template could not be found or rendered (a plugin or site-folder bug)."""


def _render(env: jinja2.Environment, template: str, context: Mapping[str, Any]) -> str:
    """Render, turning Jinja2's errors into one line that names the template file and line."""
    import jinja2

    try:
        return env.get_template(template).render(context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateFailed(f"template {exc.name!r} was not found in the site folder, the plugins' "
                             "templates/ or core's templates/") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateFailed(f"template {exc.filename or exc.name}, line {exc.lineno}: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateFailed(f"template {template!r} uses something the data does not have: {exc.message}") from None


def _pdf_from_contexts(env: jinja2.Environment, template: str, contexts: list[dict[str, Any]],
                       asset_dirs: list[Path], numbered: bool) -> tuple[bytes, int]:
    from core.reports.pdf import html_to_pdf, parts_to_pdf

    if len(contexts) == 1:
        result = html_to_pdf(_render(env, template, contexts[0]), asset_dirs)
        return result.content, result.pages
    parts = [_render(env, template, {**c, "page_counter": False}) for c in contexts]
    base = contexts[0]

    def page_numbers(total: int) -> str:
        return _render(env, "page_numbers.html", {"font": base["font"], "orientation": base["orientation"],
                                                  "pages": total})

    result = parts_to_pdf(parts, asset_dirs, page_numbers if numbered else None)
    return result.content, result.pages


# -- registered reports -------------------------------------------------------
def safe_filename(title: str, period: Period, fmt: str) -> str:
    return _UNSAFE_FILENAME.sub("_", f"{title}_{period.code.replace('..', '_')}") + f".{fmt}"


_REVEAL = "crdesk.report_reveal"


def revealing(session: Session) -> bool:
    """True while a report is rendered with ``--reveal`` (checked and audited): its data may print full numbers."""
    return bool(session.info.get(_REVEAL))


def render_report(app: CrDesk, session: Session, key: str, *, period: str | None = None, fmt: str = "pdf",
                  store: str | None = None, template_dir: str | Path | None = None,
                  archive: bool = True, reveal: bool = False) -> RenderedReport:
    """Render report ``key`` as the acting user, archive it and fire ``on_report_rendered``.

    Refuses (PermissionDenied) when the acting user has none of the report's roles. ``reveal`` prints full
    numbers where the report allows it (``ReportSpec.reveal_entity``), for a user with ``reveal`` on that entity;
    the reveal is audited.
    """
    from core.reports.archive import archive_render, sha256

    spec = find_report(app, key)
    user = app.acting_user(session)
    check_may_run(spec, user)
    if fmt not in FORMATS:
        raise ValidationError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")
    if fmt not in spec.formats:
        raise ValidationError(f"report {key} renders as {', '.join(spec.formats)}, not {fmt}")
    the_period = period_for(spec.period, period)
    the_store = resolve_store(session, store, user)
    site_dir = site_template_dir(template_dir)
    if reveal:
        from core import access

        if spec.reveal_entity is None:
            raise ValidationError(f"report {key} has no numbers to reveal; render it without --reveal")
        access.require(app, session, user, spec.reveal_entity, "reveal")
        audit.record(session, actor=user.username, action=audit.REVEAL, entity="report", entity_id=key,
                     after={"period": the_period.code, "store": the_store.code if the_store else None})
    session.info[_REVEAL] = reveal
    try:
        data = check_data(key, spec.data(app, session, the_period, the_store), kind=spec.kind)
    finally:
        session.info.pop(_REVEAL, None)
    if data.get("title_zh") and data["title_zh"] != spec.title_zh:
        # the data may name the report for its store (the city of a market report)
        spec = dataclasses.replace(spec, title_zh=str(data["title_zh"]))
    content, pages = _render_spec(app, spec, data, fmt=fmt, period=the_period, store=the_store,
                                  printed_by=user.full_name or user.username, site_dir=site_dir)
    filename = safe_filename(spec.title_zh, the_period, fmt)
    entry_id = None
    if archive:
        params = {"period": the_period.code, "store": the_store.code if the_store else None, "format": fmt,
                  "template_dir": str(site_dir) if site_dir else None, **({"reveal": True} if reveal else {})}
        entry = archive_render(session, key=key, title=spec.title_zh, period=the_period.code, params=params,
                               fmt=fmt, store=the_store, user=user, filename=filename, content=content, pages=pages)
        audit.record(session, actor=user.username, action=RENDER, entity="report", entity_id=entry.id,
                     after={"key": key, "period": the_period.code, "store": params["store"], "format": fmt,
                            "sha256": entry.sha256})
        app.hooks.report_rendered(app, session, spec, entry)
        entry_id = entry.id
    return RenderedReport(content, fmt, filename, pages, entry_id, sha256(content))


def _render_spec(app: CrDesk, spec: ReportSpec, data: dict[str, Any], *, fmt: str, period: Period,
                 store: Store | None, printed_by: str, site_dir: Path | None) -> tuple[bytes, int | None]:
    if fmt == "xlsx":
        from core.reports.xlsx import workbook_bytes

        return workbook_bytes(spec.title_zh, data), None
    if fmt == "csv":
        from core.reports.csv_format import csv_bytes

        return csv_bytes(data), None
    env = build_environment(app, site_dir, report_font(fmt))
    template = "letters.html" if spec.kind == "letters" and spec.template == "report.html" else spec.template
    base = page_context(title=spec.title_zh, subtitle=period.label_zh, store=store, printed_by=printed_by,
                        orientation=spec.orientation, site_dir=site_dir, fmt=fmt)
    base.update({k: v for k, v in data.items() if k not in ("tables",)})
    base["period"] = period
    if spec.kind == "letters":
        letters = list(data["letters"])
        base["labels"] = letters
        if fmt == "html" or spec.chunk_rows <= 0 or len(letters) <= LETTERS_PER_PART * 1.5:
            contexts = [_with_part(base, 0, 1, letters=letters)]
        else:
            slices = [letters[i:i + LETTERS_PER_PART] for i in range(0, len(letters), LETTERS_PER_PART)]
            n = len(slices) + 1
            contexts = [_with_part(base, i, n, letters=s, labels=[]) for i, s in enumerate(slices)]
            contexts.append(_with_part(base, n - 1, n, letters=[]))
        numbered = False
    else:
        chunks = [[{**t, "continued": False} for t in data["tables"]]] if fmt == "html" else \
            split_tables(data["tables"], spec.chunk_rows)
        contexts = [_with_part(base, i, len(chunks), tables=c) for i, c in enumerate(chunks)]
        numbered = True
    if fmt == "html":
        return _render(env, template, contexts[0]).encode("utf-8"), None
    return _pdf_from_contexts(env, template, contexts, template_dirs(app, site_dir), numbered)


# -- one-off documents ----------------------------------------------------------
def render_document(app: CrDesk, template: str, context: Mapping[str, Any], *, title: str, fmt: str = "pdf",
                    subtitle: str = "", store: Any = None, printed_by: str | None = None,
                    orientation: str = "portrait", confidential: bool = True,
                    template_dir: str | Path | None = None) -> bytes:
    """A document that is not a registered report (e.g. the approvals engine's 签批单), in the same layout.

    ``template`` usually extends ``core:base.html`` and fills ``content``; it
    receives ``context`` plus the page context (title, store, font, printed_at …).
    ``store`` is a :class:`core.models.Store`, a dict with ``name`` (and
    optionally ``code``, ``address``, ``phone``) or None. Nothing is archived.
    """
    if fmt not in ("pdf", "html"):
        raise ValidationError(f"documents render as pdf or html, not {fmt!r}")
    site_dir = site_template_dir(template_dir)
    env = build_environment(app, site_dir, report_font(fmt))
    base = page_context(title=title, subtitle=subtitle, store=store,
                        printed_by=printed_by or app.acting_username or "", orientation=orientation,
                        site_dir=site_dir, fmt=fmt, confidential=confidential)
    base.update(context)
    if fmt == "html":
        return _render(env, template, base).encode("utf-8")
    content, _pages = _pdf_from_contexts(env, template, [base], template_dirs(app, site_dir), True)
    return content
