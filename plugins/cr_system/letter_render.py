"""Printing a letter batch in parts: worker processes, one committed part at a time, pikepdf merge.

WeasyPrint keeps a whole document in memory and does not give it back, and
each document pays ~0.3 s of font subsetting: so letters are laid out 100–200
per part in worker processes that are replaced every few parts. Each part is
committed as soon as it is rendered; after a crash, ``render`` lays out only
the parts that are missing, so no letter is ever printed twice. The label sheet
(A4, 2 × 7) is its own part, in the letters' order.
"""

from __future__ import annotations

import base64
import hashlib
import io
import multiprocessing
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from core.errors import ValidationError
from plugins.cr_system.letters import letters_of
from plugins.cr_system.models import LETTER_KINDS, SIGNER_ROLES, SIGNER_TITLES, LetterBatch, LetterPart

if TYPE_CHECKING:
    from core.app import CrDesk

TEMPLATES = {"purchase": "cr_system/purchase_letter.html", "service": "cr_system/service_letter.html"}
LABELS_TEMPLATE = "cr_system/labels.html"
LABEL_PART = 0
#: Parts a worker process lays out before it is replaced.
RECYCLE_AFTER = 4


@dataclass(frozen=True)
class PartJob:
    part_no: int
    first_seq: int
    last_seq: int
    html: str


def _render_job(job: PartJob, asset_dirs: list[Path]) -> tuple[int, bytes, int]:
    """Worker: lay out one part (a complete HTML document)."""
    from core.reports.pdf import html_to_pdf

    result = html_to_pdf(job.html, asset_dirs)
    return job.part_no, result.content, result.pages


def _signature(site_dir: Path | None, kind: str) -> str | None:
    """``signature-gm.png`` / ``signature-service_manager.png`` from the site folder, as a data URI."""
    if site_dir is None:
        return None
    for ext, mime in (("png", "image/png"), ("jpg", "image/jpeg"), ("svg", "image/svg+xml")):
        path = site_dir / f"signature-{SIGNER_ROLES[kind]}.{ext}"
        if path.is_file():
            return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"
    return None


def _signer_name(session: Any, store_id: int, kind: str) -> str:
    from core.people import users_with_role

    people = users_with_role(session, SIGNER_ROLES[kind], store_id=store_id)
    return people[0].full_name if people else ""


def plan(app: CrDesk, session: Any, batch: LetterBatch, *, template_dir: str | Path | None = None) -> list[PartJob]:
    """Every part of the batch as HTML: letter parts 1..n of ``per_part`` letters, then the label sheet (0)."""
    from core.models import Store
    from core.reports.engine import page_context, report_font
    from core.reports.environment import build_environment, site_template_dir

    letters = letters_of(session, batch.id)
    if not letters:
        raise ValidationError(f"batch {batch.id} has no letters to print")
    site_dir = site_template_dir(template_dir)
    env = build_environment(app, site_dir, report_font("pdf"))
    store = session.get(Store, batch.store_id)
    base = page_context(title=LETTER_KINDS[batch.kind], subtitle=batch.day.isoformat(), store=store,
                        printed_by="", orientation="portrait", site_dir=site_dir, fmt="pdf", confidential=False)
    base["signer"] = {"title": SIGNER_TITLES[batch.kind], "name": _signer_name(session, batch.store_id, batch.kind),
                      "image": _signature(site_dir, batch.kind)}
    rows = [{"name": x.name, "salutation": "", "postcode": x.postcode, "address": x.address, "model": x.model,
             "plate": x.plate, "advisor": x.advisor, "day": f"{batch.day.year}年{batch.day.month}月{batch.day.day}日",
             "seq": x.seq} for x in letters]
    template = env.get_template(TEMPLATES[batch.kind])
    jobs = []
    for n, start in enumerate(range(0, len(rows), batch.per_part), start=1):
        chunk = rows[start:start + batch.per_part]
        html = template.render({**base, "letters": chunk, "labels": []})
        jobs.append(PartJob(n, chunk[0]["seq"], chunk[-1]["seq"], html))
    labels = env.get_template(LABELS_TEMPLATE).render({**base, "letters": [], "labels": rows})
    jobs.append(PartJob(LABEL_PART, rows[0]["seq"], rows[-1]["seq"], labels))
    return jobs


def done_parts(session: Any, batch_id: int) -> set[int]:
    return set(session.scalars(select(LetterPart.part_no).where(LetterPart.batch_id == batch_id)))


def render(app: CrDesk, batch_id: int, *, workers: int = 2, template_dir: str | Path | None = None,
           progress: Callable[[int, int], None] | None = None) -> int:
    """Render the batch's missing parts, committing each; returns how many parts were rendered now."""
    from core.reports.environment import template_dirs, site_template_dir
    from core.reports.fonts import find_cjk_font

    find_cjk_font()
    with app.session() as session:
        batch = session.get(LetterBatch, batch_id)
        if batch is None:
            raise ValidationError(f"no letter batch {batch_id}: see `crdesk cr letters list`")
        every = plan(app, session, batch, template_dir=template_dir)
        done = done_parts(session, batch_id)
        jobs = [j for j in every if j.part_no not in done]
        total = len(every)
    dirs = [Path(d) for d in template_dirs(app, site_template_dir(template_dir))]

    def store(part_no: int, content: bytes, pages: int) -> None:
        job = next(j for j in jobs if j.part_no == part_no)
        with app.session() as session:
            session.add(LetterPart(batch_id=batch_id, part_no=part_no, first_seq=job.first_seq,
                                   last_seq=job.last_seq, pages=pages, content=content,
                                   sha256=hashlib.sha256(content).hexdigest()))
        if progress is not None:
            progress(total - len(jobs) + len(finished), total)

    finished: list[int] = []
    if jobs:
        import importlib

        importlib.import_module("weasyprint")  # loaded once, inherited by the forked workers
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        size = max(1, min(workers, len(jobs)))
        # a fresh pool every RECYCLE_AFTER parts per worker: WeasyPrint's memory goes back to the system
        for start in range(0, len(jobs), size * RECYCLE_AFTER):
            rnd = jobs[start:start + size * RECYCLE_AFTER]
            with ProcessPoolExecutor(max_workers=size, mp_context=multiprocessing.get_context(method)) as pool:
                pending = {pool.submit(_render_job, j, dirs) for j in rnd}
                while pending:
                    ready, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in ready:
                        part_no, content, pages = fut.result()
                        finished.append(part_no)
                        store(part_no, content, pages)
    with app.session() as session:
        batch = session.get(LetterBatch, batch_id)
        if batch.status == "prepared" and len(done_parts(session, batch_id)) == total:
            batch.status = "rendered"
    return len(finished)


def _parts(session: Any, batch_id: int) -> list[LetterPart]:
    batch = session.get(LetterBatch, batch_id)
    if batch is None or batch.status == "prepared":
        raise ValidationError(f"batch {batch_id} is not completely printed: `crdesk cr letters render {batch_id}`")
    return list(session.scalars(select(LetterPart).where(LetterPart.batch_id == batch_id)
                                .order_by(LetterPart.part_no)))


def labels_pdf(session: Any, batch_id: int) -> bytes:
    """The A4 address-label sheet, in the letters' order."""
    return next(p.content for p in _parts(session, batch_id) if p.part_no == LABEL_PART)


def merged(session: Any, batch_id: int) -> tuple[bytes, int]:
    """The batch's letter parts in order, merged into one PDF with pikepdf; (pdf, pages)."""
    import pikepdf

    ordered = [p for p in _parts(session, batch_id) if p.part_no != LABEL_PART]
    out = pikepdf.Pdf.new()
    sources = []
    for part in ordered:
        src = pikepdf.Pdf.open(io.BytesIO(part.content))
        sources.append(src)
        out.pages.extend(src.pages)
    buf = io.BytesIO()
    out.save(buf)
    pages = len(out.pages)
    for src in sources:
        src.close()
    return buf.getvalue(), pages
