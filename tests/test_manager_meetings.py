"""Meetings (MGR-D1, W1, W2) with action items that become tasks, the 9:30 kanban check (MGR-D2) and the one
approvals inbox with the remaining budget (MGR-FUND)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import time_machine
from pypdf import PdfReader

from core.workdays import CST
from tests.approvals_support import attachments_in_tmp  # noqa: F401  (autouse)
from tests.manager_support import NOW, manager_app, write_yaml

MONDAY = dt.datetime(2026, 11, 23, 8, 0, tzinfo=CST)


def minutes(kind: str, day: str, actions: list[dict]) -> dict:
    return {"kind": kind, "held_on": day,
            "attendees": [{"username": "wang", "present": "present"}, {"username": "li", "present": "present"},
                          {"username": "sun", "present": "leave"}],
            "summary": "上周回访完成率92%", "decisions": "本周重点:首保回厂邀约", "actions": actions}


@pytest.fixture
def cli(make_app, run_cli):
    with time_machine.travel(NOW, tick=False):
        manager_app(make_app)
    with time_machine.travel(MONDAY, tick=False):
        yield run_cli


def _tasks(cli, *args: str) -> dict[str, dict]:
    return {t["key"]: t for t in json.loads(cli("tasks", "list", *args, "--json").output)}


def test_monday_meetings_close_their_tasks_and_action_items_land_on_owners_agendas(cli, tmp_path: Path):
    cli("tasks", "generate", "--date", "2026-11-23")
    tasks = _tasks(cli, "--role", "manager")
    assert {"manager.morning_meeting", "manager.kanban_check", "manager.company_meeting",
            "manager.department_meeting", "manager.ad_effect", "manager.weekly_analysis"} <= set(tasks)
    refused = cli("tasks", "done", str(tasks["manager.department_meeting"]["id"]), user="wang", ok=False)
    assert refused.exit_code == 2 and "部门例会" in refused.output

    bad = minutes("department", "2026-11-23", [{"owner": "nobody", "item": "整理无效号码", "due_on": "2026-11-25"}])
    wrong = cli("meetings", "record", "--data", str(write_yaml(tmp_path / "bad.yaml", bad)), user="wang", ok=False)
    assert wrong.exit_code == 2 and "行动项第1行 负责人" in wrong.output and "nobody" in wrong.output
    assert "manager.action_item" not in _tasks(cli, "--user", "li")

    good = minutes("department", "2026-11-23", [
        {"owner": "li", "item": "整理无效号码清单交销售部", "due_on": "2026-11-25"},
        {"owner": "sun", "item": "更新e-CRB看板", "due_on": "2026-11-24"}])
    out = json.loads(cli("meetings", "record", "--data", str(write_yaml(tmp_path / "m.yaml", good)), "--json",
                         user="wang").output)
    assert len(out["tasks"]) == 2
    li = _tasks(cli, "--user", "li")["manager.action_item"]
    assert "整理无效号码清单交销售部" in li["title"] and li["due_at"].startswith("2026-11-25T17:30")
    again = cli("meetings", "record", "--data", str(tmp_path / "m.yaml"), user="wang", ok=False)
    assert again.exit_code == 2 and "已记录" in again.output
    cli("tasks", "done", str(tasks["manager.department_meeting"]["id"]), user="wang")
    company = minutes("company", "2026-11-23", [])
    cli("meetings", "record", "--data", str(write_yaml(tmp_path / "c.yaml", company)), user="wang")
    cli("tasks", "done", str(tasks["manager.company_meeting"]["id"]), user="wang")
    morning = minutes("morning", "2026-11-23", [])
    cli("meetings", "record", "--data", str(write_yaml(tmp_path / "d.yaml", morning)), user="wang")
    cli("tasks", "done", str(tasks["manager.morning_meeting"]["id"]), user="wang")
    done = _tasks(cli, "--role", "manager", "--status", "done")
    assert {"manager.morning_meeting", "manager.company_meeting", "manager.department_meeting"} <= set(done)
    denied = cli("meetings", "record", "--data", str(tmp_path / "d.yaml"), user="li", ok=False)
    assert denied.exit_code == 3


def test_kanban_check_shows_which_inputs_arrived(cli, tmp_path: Path):
    cli("tasks", "generate", "--date", "2026-11-23")
    cli("cr", "kanban", "sales", "--date", "2026-11-22", "--orders", "5", "--deliveries", "3", user="sun")
    pdf = tmp_path / "kanban.pdf"
    cli("reports", "render", "manager.kanban_check", "--period", "2026-11-22", "-o", str(pdf), user="wang")
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "看板数据检查" in text and "已到" in text and "未到" in text
    task = _tasks(cli, "--role", "manager")["manager.kanban_check"]
    cli("tasks", "done", str(task["id"]), user="wang")


def test_inbox_lists_waiting_requests_with_remaining_budget(cli, tmp_path: Path):
    past = cli("budgets", "set", "--period", "2026-10", "--category", "广告费", "--amount", "50000", user="wang",
               ok=False)
    assert past.exit_code == 2 and "已于 2026-10-31 结束" in past.output and len(past.output.strip().splitlines()) == 1
    cli("budgets", "set", "--period", "2026-11", "--category", "广告费", "--amount", "30000", user="wang")
    denied = cli("budgets", "set", "--period", "2026-11", "--category", "礼品", "--amount", "100", user="li", ok=False)
    assert denied.exit_code == 3
    pay = {"subject": "广告费 11月报纸广告", "payee": "广州日报社", "contract_no": "GZTH-2026-118", "amount": "26000.00"}
    cli("approvals", "submit", "pay", "--data", str(write_yaml(tmp_path / "p1.yaml", pay)), user="mkt")
    over = {"subject": "广告费 网络广告", "payee": "汽车之家", "contract_no": "GZTH-2026-120", "amount": "8000.00"}
    cli("approvals", "submit", "pay", "--data", str(write_yaml(tmp_path / "p2.yaml", over)), user="mkt")
    rows = json.loads(cli("manager", "inbox", "--json", user="wang").output)
    assert [r["request"] for r in rows] == [1, 2]
    assert rows[0]["category"] == "广告费" and rows[0]["remaining"] == "-4,000.00" and rows[0]["overspend"]
    assert rows[1]["amount"] == "8,000.00" and rows[1]["remaining"] == "-4,000.00"
    pdf = tmp_path / "budget.pdf"
    cli("reports", "render", "manager.budget", "--period", "2026-11", "-o", str(pdf), user="wang")
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "部门费用预算执行表" in text and "广告费" in text and "超支项目" in text
    csv = tmp_path / "budget.csv"
    cli("reports", "render", "manager.budget", "--period", "2026-11", "--format", "csv", "-o", str(csv), user="wang")
    line = next(x for x in csv.read_text(encoding="utf-8-sig").splitlines() if "广告费" in x)
    assert "30000" in line.replace(",", "").replace(".00", "") and "-4000" in line.replace(",", "").replace(".00", "")


def test_gm_needs_an_override_reason_to_approve_an_overspending_request(cli, tmp_path: Path):
    cli("budgets", "set", "--period", "2026-Q4", "--category", "广告费", "--amount", "20000", user="wang")
    pay = {"subject": "广告费 报纸半版", "payee": "广州日报社", "contract_no": "GZTH-2026-118", "amount": "26000.00"}
    cli("approvals", "submit", "pay", "--data", str(write_yaml(tmp_path / "p.yaml", pay)), user="mkt")
    photo, copy = tmp_path / "inv.jpg", tmp_path / "c.pdf"
    photo.write_bytes(b"\xff\xd8\xff\xe0 invoice")
    copy.write_bytes(b"%PDF-1.4 contract")
    cli("approvals", "approve", "1", user="wang")
    cli("approvals", "approve", "1", "--attach", f"invoice_photo={photo}", "--attach", f"contract_copy={copy}",
        user="kuai")
    for who in ("cai", "zhao"):
        cli("approvals", "approve", "1", user=who)
    refused = cli("approvals", "approve", "1", user="qian", ok=False)
    assert refused.exit_code == 2 and "超出2026-Q4「广告费」预算 6,000.00 元" in refused.output
    assert json.loads(cli("approvals", "show", "1", "--json", user="qian").output)["status"] == "pending"
    cli("approvals", "approve", "1", "--comment", "年末促销追加投放,下季度预算中调剂", user="qian")
    assert json.loads(cli("approvals", "show", "1", "--json", user="qian").output)["status"] == "approved"
