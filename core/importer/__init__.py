"""The importer framework: DMS exports (CSV or XLSX, Chinese headers) into core or plugin tables.

A kind is an :class:`ImportKind` registered through ``register_import_kinds``;
core registers ``customers``, ``deliveries`` and ``service-visits``. See
``docs/importer.md``.
"""
from core.importer.runner import ImportFailed, ImportResult, RowError, import_kinds, run_import
from core.importer.spec import BatchOutcome, Column, ImportContext, ImportKind

__all__ = ["BatchOutcome", "Column", "ImportContext", "ImportFailed", "ImportKind", "ImportResult", "RowError",
           "import_kinds", "run_import"]
