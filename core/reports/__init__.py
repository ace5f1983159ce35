"""The report engine: registered reports as PDF, XLSX, CSV and HTML, letters, one-off documents, the archive.

Importing this package is cheap: WeasyPrint, openpyxl and pypdf are imported
only when a file of their format is made.
"""
from core.reports.engine import RenderedReport, find_report, render_document, render_report, report_specs
from core.reports.periods import Period, parse_period, period_for
from core.reports.spec import ReportSpec, check_data

__all__ = ["Period", "RenderedReport", "ReportSpec", "check_data", "find_report", "parse_period", "period_for",
           "render_document", "render_report", "report_specs"]
