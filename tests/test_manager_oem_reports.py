"""The four OEM reports of the first working day (MGR-M4) as PDF and XLSX in their fixed columns, the store stock
imported from the DMS export, and a month without data refused with one line."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import time_machine
from openpyxl import load_workbook
from pypdf import PdfReader

from core.workdays import CST
from tests.approvals_support import attachments_in_tmp  # noqa: F401  (autouse)
from tests.manager_support import NOW, manager_app, write_yaml
from tests.marketing_support import price_table
from tests.people_support import DELIVERY_HEADER, vin, write_csv, write_xlsx

FIRST_WORKDAY = dt.datetime(2026, 12, 1, 9, 0, tzinfo=CST)
STOCK_HEADER = ["盘点日期", "车架号", "车型", "颜色", "入库日期"]


def _pdf(path: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages)


def _headers(path: Path) -> list[str]:
    """The header row of the first data sheet (the first sheet holds the key figures)."""
    sheet = load_workbook(path).worksheets[1]
    return [c for c in next(sheet.iter_rows(values_only=True)) if c]


def test_oem_reports_render_on_the_first_working_day(make_app, run_cli, tmp_path: Path):
    cli = run_cli
    with time_machine.travel(NOW, tick=False):
        manager_app(make_app)
        rows = [[f"客户{i}", f"1381234{i:04d}", vin(i), f"粤A{i:05d}", "凯美瑞" if i % 3 else "汉兰达",
                 f"2026-11-{1 + i:02d}", "谢顾问"] for i in range(6)]
        cli("import", "deliveries", str(write_csv(tmp_path / "d.csv", DELIVERY_HEADER, rows)), user="admin")
        cli("approvals", "submit", "price", "--data",
            str(write_yaml(tmp_path / "p.yaml", price_table("2026-11-15", "179800.00", "172800.00"))), user="mkt")
    with time_machine.travel(FIRST_WORKDAY, tick=False):
        cli("tasks", "generate", "--date", "2026-12-01")
        task = {t["key"]: t for t in json.loads(cli("tasks", "list", "--role", "manager", "--json").output)}[
            "manager.oem_reports"]
        assert task["due_at"].startswith("2026-12-01T17:00")
        empty = cli("reports", "render", "manager.store_stock", "--period", "2026-11", "-o", str(tmp_path / "s.pdf"),
                    user="wang", ok=False)
        assert empty.exit_code == 2 and "《店头库存表》" in empty.output and "没有库存导入" in empty.output
        assert len(empty.output.strip().splitlines()) == 1 and not (tmp_path / "s.pdf").exists()
        stock = [["2026-11-30", vin(100 + i), "凯美瑞", "珍珠白", "2026-08-01" if i == 0 else "2026-11-10"]
                 for i in range(3)]
        cli("import", "stock", str(write_xlsx(tmp_path / "库存.xlsx", STOCK_HEADER, stock)), user="wang")
        cli("import", "stock", str(tmp_path / "库存.xlsx"), user="wang")  # a re-import duplicates nothing
        refused = cli("tasks", "done", str(task["id"]), user="wang", ok=False)
        assert refused.exit_code == 2
        expected = {
            "competitors": ("竞争对手情报表", ["调查日期", "品牌类别", "品牌", "车型", "配置", "厂家指导价(元)",
                                               "实际成交价(元)", "优惠幅度(元)", "促销措施"], "雅阁"),
            "staff_tracking": ("人员跟踪表", ["姓名", "部门", "岗位", "在职状态", "本月完成任务", "本月逾期任务"],
                               "王建国"),
            "buyers": ("已购车用户分析表", ["车型", "交车台数", "占比"], "汉兰达"),
            "store_stock": ("店头库存表", ["车型", "颜色", "库存台数", "平均库龄(天)", "库龄超90天"], "珍珠白"),
        }
        for key, (title, columns, sample) in expected.items():
            pdf, xlsx = tmp_path / f"{key}.pdf", tmp_path / f"{key}.xlsx"
            cli("reports", "render", f"manager.{key}", "--period", "2026-11", "-o", str(pdf), user="wang")
            cli("reports", "render", f"manager.{key}", "--period", "2026-11", "--format", "xlsx", "-o", str(xlsx),
                user="wang")
            text = _pdf(pdf)
            assert title in text and sample in text, (key, text[:300])
            assert _headers(xlsx) == columns
        stock_text = _pdf(tmp_path / "store_stock.pdf")
        assert "3" in stock_text and "1" in stock_text  # three in stock, one over 90 days
        cli("tasks", "done", str(task["id"]), user="wang")
