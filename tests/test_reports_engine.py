"""The report engine end to end: registered reports rendered through the CLI and read back."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import re
import pytest
from openpyxl import load_workbook

from core.reports import render_document
from core.reports.fonts import find_cjk_font
from tests.reports_support import ReportsEnv, embedded_fonts, page_count, page_texts, pdf_text
from tests.reports_support import reports_env_fixture  # noqa: F401  (the reports_env fixture)


def _squeeze(text: str) -> str:
    """pdftotext -layout may drop the spaces inside "第 1 页 / 共 2 页"."""
    return re.sub(r"\s+", "", text)


def _only_cjk_fonts(content: bytes) -> None:
    """No glyph can fall back to a missing-character box: every font in the PDF is the embedded CJK face."""
    family = find_cjk_font().pdf_name
    fonts = embedded_fonts(content)
    assert fonts, "the PDF has no fonts at all"
    assert all(f.startswith(family) and "NOT EMBEDDED" not in f for f in fonts), fonts


def test_pdf_report_is_chinese_text_with_letterhead_and_page_counter(reports_env: ReportsEnv) -> None:
    result = reports_env.run("reports", "render", "rpt_base.satisfaction", "--period", "2026-10",
                             "-o", "回访报表.pdf", user="lily")
    assert "回访报表.pdf" in result.output
    content = (reports_env.tmp / "回访报表.pdf").read_bytes()
    pages = page_texts(content)
    assert len(pages) == page_count(content) >= 1
    text = pdf_text(content)
    for expected in ("销售满意度回访报表", "广汽丰田天河店", "2026年10月", "客户姓名", "回访日期", "张伟",
                     "满意度分布", "非常满意", "内部资料", "打印人 李丽", "回访总数", "（非常满意 + 满意）÷ 回访总数",
                     "制表：销售回访专员", "粤A12345"):
        assert expected in text, expected
    for number, page in enumerate(pages, start=1):
        assert f"第{number}页/共{len(pages)}页" in _squeeze(page)
    assert "\ufffd" not in text
    assert "138****0000" in text and "13800000000" not in text  # phones are masked on paper (GB/T 35273 §7.2)
    _only_cjk_fonts(content)


def test_long_report_is_rendered_in_parts_with_numbering_across_them(
        reports_env: ReportsEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RPT_ROWS", "240")
    monkeypatch.setenv("RPT_CHUNK", "60")  # 244 rows → 6 evenly filled parts on 2 workers
    reports_env.run("reports", "render", "rpt_base.satisfaction", "--period", "2026-10", "-o", "long.pdf",
                    user="lily")
    content = (reports_env.tmp / "long.pdf").read_bytes()
    pages = page_texts(content)
    assert 7 <= len(pages) <= 16  # ~38 rows a page, and each part starts a page
    for number, page in enumerate(pages, start=1):
        assert f"第{number}页/共{len(pages)}页" in _squeeze(page), number
        assert "销售满意度回访报表" in page  # running header on every page
    text = "".join(pages)
    assert "回访明细（续）" in text
    assert text.count("满意度分布") == 1  # front matter only once
    assert re.search(r"\b240\s+\S+\s+138\*\*\*\*0239", text)  # the last row made it
    assert text.count("制表：销售回访专员") == 1
    _only_cjk_fonts(content)


def test_xlsx_has_typed_cells_frozen_filterable_header_one_sheet_per_table(reports_env: ReportsEnv) -> None:
    reports_env.run("reports", "render", "rpt_base.satisfaction", "--period", "2026-10", "--format", "xlsx",
                    "-o", "r.xlsx", user="lily")
    wb = load_workbook(reports_env.tmp / "r.xlsx")
    assert wb.sheetnames == ["关键指标", "回访明细", "满意度汇总"]
    ws = wb["回访明细"]
    assert [c.value for c in ws[1]] == ["序号", "客户姓名", "电话", "车牌", "回访日期", "满意度", "得分", "推荐意愿", "备注"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:I")
    assert ws.max_row == 13
    first = [c.value for c in ws[2]]
    assert first[:4] == [1, "张伟", "138****0000", "粤A·10000"]
    assert first[4] == dt.datetime(2026, 10, 1) and ws["E2"].number_format == "yyyy-mm-dd"
    assert isinstance(first[6], (int, float)) and first[6] == 60
    assert ws["H3"].value == pytest.approx(0.1) and ws["H3"].number_format == "0.0%"
    assert ws.column_dimensions["I"].width > ws.column_dimensions["A"].width  # the long Chinese note
    assert wb["关键指标"]["B2"].value == 12


def test_csv_opens_in_chinese_excel(reports_env: ReportsEnv) -> None:
    reports_env.run("reports", "render", "rpt_base.satisfaction", "--period", "2026-10", "--format", "csv",
                    "-o", "r.csv", user="lily")
    raw = (reports_env.tmp / "r.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["回访明细"]
    assert rows[1][:2] == ["序号", "客户姓名"]
    assert rows[2][:5] == ["1", "张伟", "138****0000", "粤A·10000", "2026-10-01"]
    assert ["满意度汇总"] in rows


def test_history_lists_every_render_and_open_returns_the_same_file(reports_env: ReportsEnv) -> None:
    reports_env.run("reports", "render", "rpt_base.satisfaction", "--period", "2026-10", "-o", "a.pdf", user="lily")
    reports_env.run("reports", "render", "rpt_base.satisfaction", "--period", "2026-09", "--format", "csv",
                    "-o", "b.csv", user="lily")
    history = json.loads(reports_env.run("reports", "history", "--json", user="lily").output)
    assert [(h["key"], h["period"], h["format"], h["rendered_by"], h["store"]) for h in history] == [
        ("rpt_base.satisfaction", "2026-09", "csv", "lily", "TH"),
        ("rpt_base.satisfaction", "2026-10", "pdf", "lily", "TH")]
    assert all(h["created_at"].endswith("+08:00") for h in history)  # staff read times in CST
    original = (reports_env.tmp / "a.pdf").read_bytes()
    pdf_entry = history[1]
    assert pdf_entry["sha256"] == hashlib.sha256(original).hexdigest()
    assert pdf_entry["params"]["period"] == "2026-10" and pdf_entry["pages"] == page_count(original)
    reports_env.run("reports", "open", str(pdf_entry["id"]), "-o", "again.pdf", user="lily")
    assert (reports_env.tmp / "again.pdf").read_bytes() == original
    refused = reports_env.run("reports", "open", str(pdf_entry["id"]), "-o", "x.pdf", user="ken", ok=False)
    assert refused.exit_code == 3 and "may not open archived report" in refused.output
    missing = reports_env.run("reports", "open", "999", user="lily", ok=False)
    assert missing.exit_code == 2 and "no archived report #999" in missing.output
    table = reports_env.run("reports", "history", user="lily").output
    assert "销售满意度回访报表" in table


def test_user_without_the_role_is_refused_and_nothing_is_archived(reports_env: ReportsEnv) -> None:
    result = reports_env.run("reports", "render", "rpt_base.satisfaction", "--period", "2026-10", user="ken",
                             ok=False)
    assert result.exit_code == 3
    assert "may not run rpt_base.satisfaction 《销售满意度回访报表》" in result.output
    assert "Traceback" not in result.output
    assert json.loads(reports_env.run("reports", "history", "--json").output) == []
    reports_env.run("reports", "render", "rpt_base.satisfaction", "--period", "2026-10", "--format", "csv",
                    user="admin")  # admin may run every report


def test_list_shows_titles_periods_roles_and_what_the_user_may_run(reports_env: ReportsEnv) -> None:
    rows = json.loads(reports_env.run("reports", "list", "--json", user="lily").output)
    by_key = {r["key"]: r for r in rows}
    assert by_key["rpt_base.satisfaction"]["title"] == "销售满意度回访报表"
    assert by_key["rpt_base.satisfaction"]["period"] == "month"
    assert by_key["rpt_base.satisfaction"]["roles"] == ["sales_fu", "manager"]
    assert by_key["rpt_base.satisfaction"]["duties"] == ["SF-RPT"]
    assert by_key["rpt_base.purchase_letters"]["formats"] == ["pdf", "html"]
    assert by_key["rpt_base.satisfaction"]["may_run"] and not by_key["rpt_base.purchase_letters"]["may_run"]
    table = reports_env.run("reports", "list", user="lily").output
    assert "相关汽车品牌广州市场广告投放统计周报" in table and "周报" in table
    assert "销售回访专员, 客户经理" in table


@pytest.mark.parametrize(("args", "message"), [
    (["rpt_base.satisfaction", "--period", "2026-W45"], "this report is a month report: give --period like 2026-10"),
    (["rpt_base.satisfaction", "--period", "2026-13"], "month must be 01..12"),
    (["rpt_base.nope", "--period", "2026-10"], "unknown report 'rpt_base.nope'"),
    (["rpt_base.satisfaction", "--period", "2026-10", "--store", "XX"], "unknown store 'XX' for --store; your stores: TH"),
    (["rpt_base.purchase_letters", "--format", "xlsx"], "renders as pdf, html, not xlsx"),
])
def test_bad_render_requests_get_one_clear_line(reports_env: ReportsEnv, args: list[str], message: str) -> None:
    result = reports_env.run("reports", "render", *args, ok=False)
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_site_folder_overrides_a_template_and_brings_the_logo(reports_env: ReportsEnv) -> None:
    site = reports_env.tmp / "site"
    site.mkdir()
    (site / "callbacks.html").write_text(
        '{% extends "rpt_base:callbacks.html" %}{% block heading %}{{ super() }}<p>本店自定义说明</p>{% endblock %}',
        encoding="utf-8")
    (site / "logo-TH.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
                                      '<rect width="40" height="20" fill="red"/></svg>', encoding="utf-8")
    reports_env.run("reports", "render", "rpt_base.satisfaction", "--period", "2026-10", "--template-dir", str(site),
                    "-o", "site.pdf", user="lily")
    content = (reports_env.tmp / "site.pdf").read_bytes()
    text = pdf_text(content)
    assert "本店自定义说明" in text and "张伟" in text
    html = reports_env.run("reports", "render", "rpt_base.satisfaction", "--period", "2026-10", "--format", "html",
                           "--template-dir", str(site), "-o", "site.html", user="lily")
    assert html.exit_code == 0
    page = (reports_env.tmp / "site.html").read_text(encoding="utf-8")
    assert 'src="data:image/svg+xml;base64,' in page and "本店自定义说明" in page


def test_dependent_plugin_template_overrides_its_dependency(reports_env: ReportsEnv) -> None:
    reports_env.run("plugins", "enable", "rpt_child")
    reports_env.run("reports", "render", "rpt_base.satisfaction", "--period", "2026-10", "--format", "html",
                    "-o", "child.html", user="lily")
    page = (reports_env.tmp / "child.html").read_text(encoding="utf-8")
    assert "天河分店补充说明" in page and "回访明细" in page


def test_hook_on_report_rendered(reports_env: ReportsEnv) -> None:
    from tests.fixture_plugins.reports.rpt_base.hooks import RENDERED

    RENDERED.clear()
    reports_env.run("reports", "render", "rpt_base.satisfaction", "--period", "2026-10", "--format", "csv",
                    user="lily")
    history = json.loads(reports_env.run("reports", "history", "--json").output)
    assert RENDERED == [{"key": "rpt_base.satisfaction", "task": "rpt_base.monthly_report",
                         "entry_id": history[0]["id"], "format": "csv", "by": "lily"}]


def test_hook_prepare_jinja2_environment_filter_reaches_templates(reports_env: ReportsEnv) -> None:
    reports_env.run("reports", "render", "rpt_base.satisfaction", "--period", "2026-10", "--format", "html",
                    "-o", "r.html", user="lily")
    assert "车牌示例：粤A12345" in (reports_env.tmp / "r.html").read_text(encoding="utf-8")


def test_render_document_makes_a_one_off_pdf_in_the_report_layout(reports_env: ReportsEnv) -> None:
    site = reports_env.tmp / "docs"
    site.mkdir()
    (site / "signoff.html").write_text(
        '{% extends "base.html" %}{% import "macros.html" as m %}{% block content %}'
        '<p>申请事项：{{ subject }}</p>{{ m.table(steps) }}{% endblock %}', encoding="utf-8")
    steps = {"title": "审批记录", "continued": False,
             "columns": [{"key": "role", "label": "审批人", "type": "text"},
                         {"key": "at", "label": "时间", "type": "datetime"}],
             "rows": [{"role": "总经理 陈志远", "at": dt.datetime(2026, 10, 5, 2, 30, tzinfo=dt.timezone.utc)}]}
    content = render_document(reports_env.app, "signoff.html", {"subject": "<b>十月广告投放</b>", "steps": steps},
                              title="签批单", store={"name": "广汽丰田天河店"}, printed_by="李丽",
                              template_dir=site)
    text = pdf_text(content)
    for expected in ("签批单", "广汽丰田天河店", "申请事项：<b>十月广告投放</b>", "总经理 陈志远", "2026-10-05 10:30",
                     "打印人 李丽"):
        assert expected in text, expected
    assert "第1页/共1页" in _squeeze(text)
    _only_cjk_fonts(content)
    html = render_document(reports_env.app, "signoff.html", {"subject": "<b>x</b>", "steps": steps}, title="签批单",
                           fmt="html", template_dir=site).decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in html  # autoescape on


def test_pdf_worker_warnings_reach_the_parent_and_remote_urls_are_refused(
        reports_env: ReportsEnv, caplog: pytest.LogCaptureFixture) -> None:
    from core.reports.environment import CORE_TEMPLATES
    from core.reports.pdf import parts_to_pdf

    secret = reports_env.tmp / "outside.png"
    secret.write_bytes(b"not an image")
    part = ('<html><body><p>客户</p><img src="http://127.0.0.1:9/x.png">'
            f'<img src="{secret.as_uri()}"></body></html>')
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        result = parts_to_pdf([part, part], [CORE_TEMPLATES])
    assert result.pages == 2
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "only read local template files" in messages
    assert "outside the template folders" in messages


def test_landscape_weekly_report_prints_on_a4_landscape(reports_env: ReportsEnv) -> None:
    from pypdf import PdfReader

    reports_env.run("reports", "render", "rpt_base.weekly_ads", "--period", "2026-W45", "-o", "ads.pdf", user="lily")
    content = (reports_env.tmp / "ads.pdf").read_bytes()
    box = PdfReader(io.BytesIO(content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape in points
    text = pdf_text(content)
    assert "相关汽车品牌广州市场广告投放统计周报" in text and "2026年第45周（11月2日—11月8日）" in text
    assert "广州日报" in text and "本期" not in text


def test_a_broken_site_template_is_reported_in_one_line(reports_env: ReportsEnv) -> None:
    site = reports_env.tmp / "broken"
    site.mkdir()
    (site / "callbacks.html").write_text('{% extends "report.html" %}{% block content %}{{ no_such.thing }}'
                                         '{% endblock %}', encoding="utf-8")
    result = reports_env.run("reports", "render", "rpt_base.satisfaction", "--period", "2026-10", "--template-dir",
                             str(site), user="lily", ok=False)
    assert result.exit_code == 2
    assert "template 'callbacks.html' uses something the data does not have: 'no_such' is undefined" in result.output
    (site / "callbacks.html").write_text("{% if %}", encoding="utf-8")
    result = reports_env.run("reports", "render", "rpt_base.satisfaction", "--period", "2026-10", "--format", "html",
                             "--template-dir", str(site), user="lily", ok=False)
    assert result.exit_code == 2 and "callbacks.html, line 1:" in result.output
    assert json.loads(reports_env.run("reports", "history", "--json").output) == []


def test_render_into_a_missing_folder_is_one_line_and_archives_nothing(reports_env: ReportsEnv) -> None:
    result = reports_env.run("reports", "render", "rpt_base.satisfaction", "--period", "2026-10", "--format", "csv",
                             "-o", "没有的文件夹/满意度.csv", ok=False)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.strip().splitlines() == [
        "crdesk: -o 没有的文件夹/满意度.csv: 文件夹 没有的文件夹 不存在；请先创建它或换一个位置"]
    assert json.loads(reports_env.run("reports", "history", "--json").output) == []
