"""HTML → PDF with WeasyPrint, imported only here and only when a PDF is made.

Long documents are laid out in parts by a pool of worker processes (WeasyPrint
holds about 6 MB per laid-out page and uses one core) and merged with pypdf;
``第 x 页 / 共 y 页`` is then stamped from a small page-number document so the
numbering runs across the parts.
"""
from __future__ import annotations

import importlib
import io
import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.reports.fonts import find_cjk_font

log = logging.getLogger("weasyprint")

#: Parts rendered at the same time; the reference box has 2 cores.
MAX_WORKERS = 2


@dataclass(frozen=True)
class PdfResult:
    content: bytes
    pages: int


def _local_fetcher(asset_dirs: Sequence[Path]) -> Any:
    """A WeasyPrint URL fetcher that serves only files inside ``asset_dirs`` and ``data:`` URIs.

    A template can therefore never make the renderer reach the network or
    read files outside the template folders.
    """
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    roots = [Path(d).resolve() for d in asset_dirs]

    class LocalFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if parts.scheme != "file":
                raise ValueError(f"crdesk reports only read local template files, not {url!r}")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(r) for r in roots):
                raise ValueError(f"{path} is outside the template folders")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols=("file", "data"))


def html_to_pdf(html: str, asset_dirs: Sequence[Path]) -> PdfResult:
    """Lay out and write one HTML document in this process."""
    find_cjk_font()  # fail with an install hint rather than print boxes
    import weasyprint

    base = Path(asset_dirs[-1]).resolve()
    document = weasyprint.HTML(string=html, base_url=base.as_uri() + "/",
                               url_fetcher=_local_fetcher(asset_dirs)).render()
    return PdfResult(document.write_pdf(), len(document.pages))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


def _render_part(html: str, asset_dirs: Sequence[Path]) -> tuple[bytes, int, list[tuple[int, str]]]:
    """Worker: one part to PDF, with WeasyPrint's warnings sent back to the parent's log."""
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        result = html_to_pdf(html, asset_dirs)
    finally:
        logger.removeHandler(handler)
    return result.content, result.pages, handler.records


def _workers(parts: int) -> int:
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1, parts))


def parts_to_pdf(parts: Sequence[str], asset_dirs: Sequence[Path],
                 page_numbers: Callable[[int], str] | None = None) -> PdfResult:
    """Render ``parts`` (complete HTML documents) in parallel and merge them in order.

    ``page_numbers(total)`` returns the HTML of a document with ``total``
    pages that carries only the page counters; each of its pages is stamped
    onto the merged page of the same number.
    """
    from pypdf import PdfReader, PdfWriter

    find_cjk_font()
    dirs = [Path(d) for d in asset_dirs]
    if len(parts) == 1:
        results = [_render_part(parts[0], dirs)]
    else:
        importlib.import_module("weasyprint")  # loaded once here, inherited by the forked workers

        # fork: workers start at once with WeasyPrint loaded, and a caller's script needs no __main__ guard
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        ctx = multiprocessing.get_context(method)
        with ProcessPoolExecutor(max_workers=_workers(len(parts)), mp_context=ctx) as pool:
            results = list(pool.map(_render_part, parts, [dirs] * len(parts)))
    writer = PdfWriter()
    total = 0
    for content, pages, records in results:
        for level, message in records:
            log.log(level, "%s", message)
        writer.append(PdfReader(io.BytesIO(content)))
        total += pages
    if page_numbers is not None:
        stamps = PdfReader(io.BytesIO(html_to_pdf(page_numbers(total), dirs).content))
        for page, stamp in zip(writer.pages, stamps.pages):
            page.merge_page(stamp)
            page.compress_content_streams()
    out = io.BytesIO()
    writer.write(out)
    return PdfResult(out.getvalue(), total)
