"""CR-D6, CR-D7, CR-D8, CR-M1, CR-M2, CR-M3: membership, intake statistics, not-returned lists signed for by
售后部 (an unsigned one escalates), and the month's expired items."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from openpyxl import load_workbook
from pypdf import PdfReader

from core.workdays import CST
from tests.cr_system_support import NOW, YESTERDAY, Store, open_store


@pytest.fixture
def store(run_cli, tmp_path: Path) -> Store:
    with time_machine.travel(NOW, tick=False):
        return open_store(run_cli, tmp_path, plugins="cr_system,sales_followup")


def xlsx_rows(path: Path, sheet: str) -> list[tuple]:
    return list(load_workbook(path)[sheet].iter_rows(min_row=2, values_only=True))


def pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def test_intake_statistics_of_the_n3_n2_and_n6_n5_cohorts(store: Store, tmp_path: Path) -> None:
    with time_machine.travel(NOW, tick=False):
        for key in ("intake_n3_n2", "intake_n6_n5"):
            store.cli("reports", "render", f"cr_system.{key}", "--period", YESTERDAY.isoformat(), "--format",
                      "xlsx", "-o", f"{key}.xlsx", user="cr1")
    n3 = {r[0]: r for r in xlsx_rows(tmp_path / "intake_n3_n2.xlsx", "交车月份 2026-08 至 2026-09")}
    assert n3["赵磊"][5] == "已入库" and n3["赵磊"][3] == "首保(5K)" and n3["孙丽"][5] == "未入库"
    n6 = {r[0]: r for r in xlsx_rows(tmp_path / "intake_n6_n5.xlsx", "交车月份 2026-05 至 2026-06")}
    assert set(n6) == {"周杰"} and n6["周杰"][5] == "未入库"


def test_not_returned_lists_are_signed_for_and_an_unsigned_one_escalates(store: Store, tmp_path: Path) -> None:
    with time_machine.travel(NOW, tick=False):
        store.cli("reports", "render", "cr_system.not_returned_n3_5", "--period", "2026-11", "-o", "n3_5.pdf",
                  user="cr1")
        text_ = pdf_text(tmp_path / "n3_5.pdf")
        assert "孙丽" in text_ and "赵磊" not in text_ and "8007" in text_ and "13800138007" not in text_
        out = store.cli("cr", "lists", "hand-over", "n3_5", "--month", "2026-11", user="cr1").output
        assert "1 vehicles" in out and "2026-12-01 17:30" in out
        store.cli("cr", "lists", "hand-over", "n6_8", "--month", "2026-11", user="cr1")
        again = store.cli("cr", "lists", "hand-over", "n3_5", "--month", "2026-11", user="cr1", ok=False)
        assert again.exit_code == 2 and "already" in again.output
        assert store.cli("cr", "lists", "sign-for", "n3_5", "--month", "2026-11", user="clerk",
                         ok=False).exit_code == 3
        store.cli("cr", "lists", "sign-for", "n3_5", "--month", "2026-11", user="smgr")
    late = dt.datetime(2026, 12, 2, 10, 0, tzinfo=CST)
    with time_machine.travel(late, tick=False):
        store.cli("tasks", "generate", "--date", "2026-12-02")
        escalated = [t for t in store.json("tasks", "list", "--status", "open", user="mgr")
                     if t["key"] == "cr_system.list_signoff_overdue"]
        assert len(escalated) == 1 and "N-6至N-8月" in escalated[0]["title"]
        status = {r["kind"]: r for r in store.json("cr", "lists", "status", user="cr1")}
        assert status["n3_5"]["received_by"] == "smgr" and status["n6_8"]["received_by"] == ""
        store.cli("reports", "render", "cr_system.expired", "--period", "2026-12", "--format", "xlsx", "-o",
                  "expired.xlsx", user="cr1")
        unsigned = [r[0] for r in xlsx_rows(tmp_path / "expired.xlsx", "未签收名单及信函")]
        assert unsigned == ["N-6至N-8月交车客户未入库名单（2026-11）"]
        overdue = {r[0]: r[3] for r in xlsx_rows(tmp_path / "expired.xlsx", "逾期任务")}
        assert overdue.get("参加销售或售后晨会，晨会后检查部门卫生责任区域") == "未完成"  # due 09:30, now 10:00
        assert "整理当天数据，填写日报交部门经理（附件一）" not in overdue  # due 17:30: not yet late
        store.cli("cr", "lists", "sign-for", "n6_8", "--month", "2026-11", user="desk")
        assert [t for t in store.json("tasks", "list", "--status", "open", user="mgr")
                if t["key"] == "cr_system.list_signoff_overdue"] == []


def test_membership_rate_against_the_target_with_the_owners_to_invite(store: Store, tmp_path: Path) -> None:
    with time_machine.travel(NOW, tick=False):
        for no, name, phone in (("M001", "张伟", "13800138001"), ("M002", "李娜", "13800138002")):
            store.cli("members", "join", "--no", no, "--name", name, "--phone", phone)
        store.cli("reports", "render", "cr_system.membership", "--period", "2026-11", "--format", "xlsx", "-o",
                  "members.xlsx", user="cr1")
    figures = dict((r[0], r[1]) for r in xlsx_rows(tmp_path / "members.xlsx", "关键指标"))
    assert figures["车主数"] == 8 and figures["注册会员"] == 2 and figures["注册率"] == pytest.approx(0.25)
    assert figures["目标"] == pytest.approx(0.3)
    invite = [r[0] for r in xlsx_rows(tmp_path / "members.xlsx", "待邀请注册车主")]
    assert len(invite) == 6 and "张伟" not in invite and "周杰" in invite


def test_membership_needs_the_one_members_table_of_sales_followup(run_cli, tmp_path: Path) -> None:
    with time_machine.travel(NOW, tick=False):
        s = open_store(run_cli, tmp_path)
        out = s.cli("reports", "render", "cr_system.membership", "--period", "2026-11", user="cr1", ok=False)
    assert out.exit_code == 2 and "sales_followup" in out.output
