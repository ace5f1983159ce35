"""CR-D1, CR-W1, CR-M4..M7, CR-SYS and coverage: every CR duty carried and on the agenda at its time; the
routine forms close their tasks; APR-PROMO-REIMB runs its six steps; the car-care school needs an approved
APR-SMS campaign."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import time_machine

from core.workdays import CST
from tests.cr_system_support import NOW, Store, open_store

CR_DUTIES = {f"CR-D{i}" for i in range(1, 10)} | {"CR-W1", "CR-W2", "CR-W3"} | \
    {f"CR-M{i}" for i in range(1, 8)} | {"CR-SYS"}
#: Days of November 2026 on which the CR specialist's calendar duties fall due (5th, 10th, 20th, 25th, a
#: Friday, the last day which is a Monday).
DAYS = ["2026-11-05", "2026-11-10", "2026-11-20", "2026-11-25", "2026-11-27", "2026-11-30"]


@pytest.fixture
def store(run_cli, tmp_path: Path) -> Store:
    with time_machine.travel(NOW, tick=False):
        return open_store(run_cli, tmp_path)


def cr_tasks(store: Store) -> dict[str, dict]:
    return {t["key"]: t for t in store.json("tasks", "list", "--status", "open", user="cr1") if t["role"] == "cr"}


def test_all_twenty_cr_duties_are_carried_and_come_due(store: Store) -> None:
    rows = store.json("duties", "--role", "cr")
    assert {r["duty_id"] for r in rows} == CR_DUTIES
    assert all(r["covered"] and r["plugin"] == "cr_system" for r in rows), [r for r in rows if not r["covered"]]
    assert {"APR-LETTER", "APR-PROMO-REIMB"} <= {r["duty_id"] for r in store.json("duties", "--role", "approval")
                                                  if r["covered"] and r["plugin"] == "cr_system"}
    due: set[str] = set()
    for day in DAYS:
        with time_machine.travel(dt.datetime.fromisoformat(f"{day}T08:00:00+08:00"), tick=False):
            store.cli("tasks", "generate", "--date", day)
            for task in store.json("tasks", "list", user="cr1"):
                if task["role"] == "cr":
                    due.update(task["duties"])
    assert CR_DUTIES <= due, sorted(CR_DUTIES - due)


def fill(store: Store, form: str, answers: dict) -> None:
    path = store.write(f"{form}.json", json.dumps(answers, ensure_ascii=False))
    store.cli("forms", "fill", form, "--data", str(path), user="cr1")


def done(store: Store, key: str, ok: bool = True) -> int:
    task = cr_tasks(store)[key]
    return store.cli("tasks", "done", str(task["id"]), user="cr1", ok=ok).exit_code


def test_the_routine_forms_close_their_tasks(store: Store) -> None:
    monday = dt.datetime(2026, 11, 30, 9, 0, tzinfo=CST)  # a Monday and the month's last day
    with time_machine.travel(monday, tick=False):
        store.cli("tasks", "generate", "--date", "2026-11-30")
        for key in ("cr_system.morning", "cr_system.monday_meeting", "cr_system.attendance"):
            assert done(store, key, ok=False) == 2  # nothing filled in yet
        fill(store, "cr_system.morning_check", {"date": "2026-11-30", "meeting": "service", "hygiene_ok": "no",
                                                "hygiene_issues": "资料柜积尘，已整改"})
        fill(store, "cr_system.meeting", {"date": "2026-11-30", "attendees": "陈经理、黄小燕",
                                          "review": "上周感谢信全部寄出", "plan": "本周完成未入库名单移交"})
        fill(store, "cr_system.attendance", {"month": "2026-11", "staff": [
            {"name": "黄小燕", "present": 21, "leave": 0, "late": 0},
            {"name": "陈经理", "present": 20, "leave": 1, "late": 0}]})
        for key in ("cr_system.morning", "cr_system.monday_meeting", "cr_system.attendance"):
            assert done(store, key) == 0
        bad = store.write("supplies.json", json.dumps({"month": "12月", "items": []}, ensure_ascii=False))
        out = store.cli("forms", "fill", "cr_system.office_supplies", "--data", str(bad), user="cr1", ok=False)
        assert out.exit_code == 2 and "month" in out.output


def test_next_months_office_supplies_go_to_the_admin_department(store: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    with time_machine.travel(dt.datetime(2026, 11, 25, 9, 0, tzinfo=CST), tick=False):
        store.cli("tasks", "generate", "--date", "2026-11-25")
        assert done(store, "cr_system.office_supplies", ok=False) == 2
        fill(store, "cr_system.office_supplies", {"month": "2026-12", "items": [
            {"item": "A4复印纸", "spec": "70g", "quantity": 10, "unit": "包"},
            {"item": "信封", "quantity": 500, "unit": "个"}]})
        assert done(store, "cr_system.office_supplies") == 0
        store.cli("reports", "render", "cr_system.office_supplies", "--period", "2026-12", "--format", "xlsx",
                  "-o", "supplies.xlsx", user="adm")
    rows = list(load_workbook(tmp_path / "supplies.xlsx")["2026-12 办公用品采购明细"].iter_rows(min_row=2,
                                                                                              values_only=True))
    assert [(r[0], r[2], r[3]) for r in rows] == [("A4复印纸", 10, "包"), ("信封", 500, "个")]


def test_promo_items_reimbursement_runs_its_six_steps(store: Store) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=CST), tick=False):
        store.cli("tasks", "generate", "--date", "2026-11-20")
        assert done(store, "cr_system.promo_reimbursement", ok=False) == 2
        path = store.write("reimb.json", json.dumps({
            "subject": "11月厂家促销品报销", "month": "2026-11", "total": "1860",
            "lines": [{"department": "sales", "item": "车模", "quantity": 20, "amount": "1200"},
                      {"department": "service", "item": "雨伞", "quantity": 30, "amount": "660"}]},
            ensure_ascii=False))
        store.cli("approvals", "submit", "cr_system.promo_reimbursement", "--data", str(path), user="cr1")
        assert done(store, "cr_system.promo_reimbursement") == 0
        assert store.cli("approvals", "approve", "1", user="acct", ok=False).exit_code == 3  # not before 部门经理
        for user in ("mgr", "acct", "fin", "dgm"):
            assert "pending" in store.cli("approvals", "approve", "1", user=user).output
        assert "approved" in store.cli("approvals", "approve", "1", user="gm").output


def test_the_car_care_school_needs_an_approved_sms_campaign(store: Store) -> None:
    with time_machine.travel(NOW, tick=False):
        sms = store.write("sms.json", json.dumps({
            "subject": "汽车养护学堂12月课程邀约", "requesting_department": "cr", "purpose": "邀请车主参加养护课程",
            "audience": "buyers", "message": "12月5日汽车养护学堂：冬季用车保养，欢迎报名。", "send_date": "2026-11-28",
            "count": 5}, ensure_ascii=False))
        store.cli("approvals", "submit", "core.sms_request", "--data", str(sms), user="cr1")
        session = store.write("school.json", json.dumps({
            "session_date": "2026-12-05", "topic": "冬季用车保养", "sms_request": 1,
            "signups": [{"name": "张伟", "plate": "粤A80000", "attended": "yes"},
                        {"name": "李娜", "attended": "no"}]}, ensure_ascii=False))
        early = store.cli("cr", "school", "record", "--data", str(session), user="cr1", ok=False)
        assert early.exit_code == 2 and "not approved" in early.output
        for user in ("mgr", "dgm", "gm"):
            store.cli("approvals", "approve", "1", user=user)
        out = store.cli("cr", "school", "record", "--data", str(session), user="cr1").output
        assert "2 signed up, 1 attended" in out
        assert store.cli("cr", "school", "record", "--data", str(session), user="desk", ok=False).exit_code == 3


def test_the_weekly_report_closes_the_friday_task(store: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    with time_machine.travel(NOW, tick=False):  # Friday
        store.cli("tasks", "generate", "--date", "2026-11-27")
        assert done(store, "cr_system.weekly_report", ok=False) == 2
        store.cli("reports", "render", "cr_system.weekly", "--period", "2026-W48", "--format", "xlsx", "-o",
                  "weekly.xlsx", user="cr1")
        assert "cr_system.weekly_report" not in cr_tasks(store)  # the render completed it
    days = {r[0]: r for r in load_workbook(tmp_path / "weekly.xlsx")["每日明细"].iter_rows(min_row=2,
                                                                                        values_only=True)}
    assert len(days) == 7 and days[dt.datetime(2026, 11, 26)][1] == 5  # Thursday's five deliveries
