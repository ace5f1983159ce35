"""CR-D5, CR-D3, MGR-D2's check: the two 9:30 inputs, the missing one chased, the kanban and the daily report."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import time_machine
from openpyxl import load_workbook
from pypdf import PdfReader

from core.workdays import CST
from tests.cr_system_support import NOW, YESTERDAY, Store, open_store

AT = {hm: dt.datetime(2026, 11, 27, *hm, tzinfo=CST) for hm in ((9, 10), (9, 31), (9, 45))}


@pytest.fixture
def store(run_cli, tmp_path: Path) -> Store:
    with time_machine.travel(NOW, tick=False):
        return open_store(run_cli, tmp_path)


def pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


ROLES = {"desk": "service_desk", "clerk": "sales_clerk", "mgr": "manager", "cr1": "cr"}


def open_tasks(store: Store, user: str, key: str) -> list[dict]:
    """Open tasks of ``key`` on the agenda of ``user``'s role."""
    return [t for t in store.json("tasks", "list", "--status", "open", user=user)
            if t["key"] == key and t["role"] == ROLES[user]]


def test_a_missing_input_at_930_is_chased_and_the_late_one_is_marked(store: Store, tmp_path: Path) -> None:
    store.cli("settings", "set", "cr_system.target_deliveries", "40", "--store", "gz01")
    with time_machine.travel(AT[(9, 10)], tick=False):
        store.cli("cr", "kanban", "sales", "--orders", "7", "--deliveries", "5", user="clerk")
        # the front desk cannot enter the sales figures, nor can a salesman's clerk the service ones
        assert store.cli("cr", "kanban", "sales", "--orders", "1", "--deliveries", "1", user="desk",
                         ok=False).exit_code == 3
    with time_machine.travel(AT[(9, 31)], tick=False):
        store.cli("tasks", "generate", "--date", "2026-11-27")
        chased = open_tasks(store, "desk", "cr_system.kanban_missing")
        assert len(chased) == 1 and "5K及10K入库" in chased[0]["title"]
        assert open_tasks(store, "clerk", "cr_system.kanban_missing") == []  # sales came in time
        told = open_tasks(store, "mgr", "cr_system.kanban_missing_manager")
        assert len(told) == 1 and "售后前台" in told[0]["title"]
        store.cli("tasks", "generate", "--date", "2026-11-27")  # a re-run chases nobody twice
        assert len(open_tasks(store, "desk", "cr_system.kanban_missing")) == 1
    with time_machine.travel(AT[(9, 45)], tick=False):
        out = store.cli("cr", "kanban", "service", "--5k", "3", "--10k", "2", user="desk").output
        assert "迟于9:30" in out
        assert open_tasks(store, "desk", "cr_system.kanban_missing") == []
        states = {s["source"]: s for s in store.json("cr", "kanban", "status", user="cr1")}
        assert states["sales"]["arrived"] and not states["sales"]["late"]
        assert states["service"]["arrived"] and states["service"]["late"]
        assert states["service"]["entered_at"] == "2026-11-27T09:45:00+08:00"

        store.cli("reports", "render", "cr_system.kanban", "--period", YESTERDAY.isoformat(), "-o", "kanban.pdf",
                  user="cr1")
        text_ = pdf_text(tmp_path / "kanban.pdf")
        assert "客户部日常业务管理看板" in text_ and "交车台数" in text_ and "12.5%" in text_  # 5 of 40
        assert len(PdfReader(str(tmp_path / "kanban.pdf")).pages) == 1
        store.cli("reports", "render", "cr_system.kanban", "--period", YESTERDAY.isoformat(), "--format", "xlsx",
                  "-o", "kanban.xlsx", user="cr1")
        sheet = load_workbook(tmp_path / "kanban.xlsx")["看板数据"]
        rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=2, values_only=True)}
        assert rows["交车台数"][:3] == (5, 5, 40) and rows["5K入库台数"][:2] == (3, 3)

        # the CR specialist's own kanban task is done once both inputs are in
        store.cli("tasks", "generate", "--date", "2026-11-27")
        task = open_tasks(store, "cr1", "cr_system.kanban")[0]
        store.cli("tasks", "done", str(task["id"]), user="cr1")


def test_bad_kanban_input_gets_one_clear_line_and_changes_nothing(store: Store) -> None:
    with time_machine.travel(NOW, tick=False):
        future = store.cli("cr", "kanban", "sales", "--date", "2026-11-28", "--orders", "1", "--deliveries", "1",
                           user="clerk", ok=False)
        assert future.exit_code == 2 and "future day" in future.output and "Traceback" not in future.output
        negative = store.cli("cr", "kanban", "service", "--5k", "-1", "--10k", "0", user="desk", ok=False)
        assert negative.exit_code == 2 and "negative" in negative.output
        wrong = store.write("figures.csv", "日期,交车数量\n2026-11-25,3\n")
        bad = store.cli("cr", "kanban", "import", str(wrong), user="clerk", ok=False)
        assert bad.exit_code == 2 and "figures.csv" in bad.output and len(bad.output.strip().splitlines()) == 1
        half = store.write("half.csv", "日期,订车,交车\n2026-11-24,4,3\n2026-11-25,x,2\n")
        bad = store.cli("cr", "kanban", "import", str(half), user="clerk", ok=False)
        assert bad.exit_code == 2 and "row 3" in bad.output and "订车" in bad.output
        good = store.write("good.csv", "日期,订车,交车\n2026-11-24,4,3\n2026-11-25,6,2\n")
        store.cli("cr", "kanban", "import", str(good), user="clerk")
        late_row = store.write("late.csv", "日期,订车,交车\n2026-11-23,1,1\n2026-11-30,1,1\n")
        bad = store.cli("cr", "kanban", "import", str(late_row), user="clerk", ok=False)
        assert bad.exit_code == 2 and "row 3" in bad.output
        assert not store.json("cr", "kanban", "status", "--date", "2026-11-23", user="cr1")[0]["arrived"]
        assert store.json("cr", "kanban", "status", "--date", "2026-11-25", user="cr1")[0]["arrived"]


def test_the_daily_report_compiles_the_days_work(store: Store, tmp_path: Path) -> None:
    with time_machine.travel(NOW, tick=False):
        store.cli("tasks", "generate", "--date", "2026-11-26")
        store.cli("reports", "render", "cr_system.daily", "--period", YESTERDAY.isoformat(), "-o", "daily.pdf",
                  user="cr1")
        store.cli("reports", "render", "cr_system.daily", "--period", YESTERDAY.isoformat(), "--format", "xlsx",
                  "-o", "daily.xlsx", user="cr1")
    text_ = pdf_text(tmp_path / "daily.pdf")
    assert "客户部日报" in text_ and "制表：CR专员" in text_
    rows = {r[0]: r[1] for r in load_workbook(tmp_path / "daily.xlsx")["业务数据"].iter_rows(min_row=2,
                                                                                           values_only=True)}
    assert rows["交车台数"] == 5 and rows["入库台数"] == 1 and rows["其中10K二保"] == 1 and rows["感谢信"] == 0
    assert "新增投诉" not in rows  # the follow-up plugins are not enabled in this store
