"""``crdesk tasks``, ``crdesk agenda`` and ``crdesk calendar`` as a user runs them."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.scheduler_support import Dealer, cli_env, dealer  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("cli_env")
D = dt.date


def test_generate_then_the_follow_up_specialist_sees_todays_calls_in_deadline_order(dealer: Dealer,
                                                                                  run_cli: Any) -> None:
    dealer.add_deliveries((D(2026, 11, 20), "张三", dealer.users["sf1"]), (D(2026, 11, 21), "李四", dealer.users["sf1"]))
    out = json.loads(run_cli("tasks", "generate", "--date", "2026-11-24", "--json").output)
    assert out["created"] >= 2 and out["by_schedule"]["duty_demo.callback"] == 2
    again = json.loads(run_cli("tasks", "generate", "--date", "2026-11-24", "--json").output)
    assert again["created"] == 0
    agenda = json.loads(run_cli("agenda", "--date", "2026-11-24", "--json", user="sf1").output)
    titles = [[t["title"] for t in g["tasks"]] for g in agenda["groups"]]
    assert titles == [["交车满意度回访 · 张三"], ["交车满意度回访 · 李四"]]
    assert [g["due"] for g in agenda["groups"]] == ["2026-11-25 17:30", "2026-11-26 17:30"]
    people = run_cli("agenda", "--date", "2026-11-24", user="sf1").output
    assert "交车满意度回访 · 张三" in people and "SF-D4" in people


def test_the_manager_sees_what_is_overdue_across_the_department(dealer: Dealer, run_cli: Any) -> None:
    run_cli("tasks", "generate", "--date", "2026-11-23")
    run_cli("tasks", "generate", "--date", "2026-11-26")
    agenda = json.loads(run_cli("agenda", "--date", "2026-11-26", "--json", user="mgr").output)
    overdue = {t["title"] for t in agenda["department_overdue"]}
    assert "参加早会" in overdue
    assert all(t["status"] == "overdue" for t in agenda["department_overdue"])
    text = run_cli("agenda", "--date", "2026-11-26", user="mgr").output
    assert "部门逾期任务" in text


def test_list_show_done_and_explain(dealer: Dealer, run_cli: Any) -> None:
    [delivery] = dealer.add_deliveries((D(2026, 11, 20), "张三", None))
    run_cli("tasks", "generate", "--date", "2026-11-23")
    rows = json.loads(run_cli("tasks", "list", "--role", "sales_fu", "--json").output)
    [call] = rows
    assert call["status"] == "open" or call["status"] == "overdue"
    why = json.loads(run_cli("tasks", "explain", str(call["id"]), "--json").output)
    assert why["plugin"] == "duty_demo" and why["schedule"] == "duty_demo.callback"
    assert why["source"] == f"duty_demo.delivery #{delivery}" and why["duties"][0].startswith("SF-D4 ")
    assert why["anchor_date"] == "2026-11-20"
    shown = run_cli("tasks", "show", str(call["id"])).output
    assert "交车满意度回访 · 张三" in shown
    refused = run_cli("tasks", "done", str(call["id"]), user="sv1", ok=False)
    assert refused.exit_code != 0 and "not on sv1's agenda" in refused.output
    run_cli("tasks", "done", str(call["id"]), user="sf1")
    assert json.loads(run_cli("tasks", "list", "--status", "done", "--json").output)[0]["id"] == call["id"]
    missing = run_cli("tasks", "explain", "99999", ok=False)
    assert missing.exit_code != 0 and "no task 99999" in missing.output and "Traceback" not in missing.output


def test_tasks_done_refuses_until_the_report_is_rendered(dealer: Dealer, run_cli: Any) -> None:
    run_cli("tasks", "generate", "--date", "2026-11-23")
    [ad] = [t for t in json.loads(run_cli("tasks", "list", "--json").output) if t["key"] == "duty_demo.ad_stats"]
    refused = run_cli("tasks", "done", str(ad["id"]), user="mgr", ok=False)
    assert refused.exit_code == 2 and "render 《销售店广宣及效果统计表》" in refused.output


def test_calendar_show_and_set(dealer: Dealer, run_cli: Any) -> None:
    days = json.loads(run_cli("calendar", "show", "2026-10", "--json").output)
    work = [d["date"] for d in days if d["workday"]]
    assert work[0] == "2026-10-08" and "2026-10-10" in work
    assert "first working day 2026-10-08" in run_cli("calendar", "show", "2026-10").output
    run_cli("calendar", "set", "2026-10-08", "holiday", "--store", "GZ1", "--note", "店庆", user="mgr")
    days = json.loads(run_cli("calendar", "show", "2026-10", "--store", "GZ1", "--json").output)
    assert [d["date"] for d in days if d["workday"]][0] == "2026-10-09"
    group = json.loads(run_cli("calendar", "show", "2026-10", "--json").output)
    assert [d["date"] for d in group if d["workday"]][0] == "2026-10-08"  # only the store changed
    denied = run_cli("calendar", "set", "2026-10-09", "holiday", user="sf1", ok=False)
    assert denied.exit_code == 3


def test_an_unknown_year_is_announced_once_per_command_in_one_plain_line(dealer: Dealer, run_cli: Any) -> None:
    from core.workdays import known_years

    year = known_years().stop
    result = run_cli("calendar", "show", f"{year}-02")
    lines = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert lines == [f"warning: {year} 年的国务院放假通知尚未载入，工作日按法定节假日规则推算（临时，不含调休）；"
                     "通知发布后请管理员用 `crdesk calendar import 文件` 载入"]
    assert "Warning" not in result.output and ".py" not in result.output
    gen = run_cli("tasks", "generate", "--date", f"{year}-02-02")
    assert sum(f"{year} 年的国务院放假通知尚未载入" in line for line in gen.output.splitlines()) == 1


def test_week_agenda_and_list_filters(dealer: Dealer, run_cli: Any) -> None:
    run_cli("tasks", "generate", "--date", "2026-11-23")
    run_cli("tasks", "generate", "--date", "2026-11-25")
    day = json.loads(run_cli("agenda", "--date", "2026-11-25", "--json", user="mk1").output)
    week = json.loads(run_cli("agenda", "--date", "2026-11-25", "--week", "--json", user="mk1").output)
    assert sum(len(g["tasks"]) for g in week["groups"]) >= sum(len(g["tasks"]) for g in day["groups"]) >= 1
    overdue = json.loads(run_cli("tasks", "list", "--date", "2026-11-25", "--status", "overdue", "--json").output)
    assert overdue and {t["status"] for t in overdue} == {"overdue"}
    mine = json.loads(run_cli("tasks", "list", "--user", "sv1", "--json").output)
    assert mine and {t["role"] for t in mine} == {"service_fu"}
    role = json.loads(run_cli("agenda", "--role", "service_fu", "--date", "2026-11-25", "--json", user="mgr").output)
    assert role["subject"] == "role service_fu" and role["groups"]
    bad = run_cli("tasks", "list", "--status", "late", ok=False)
    assert bad.exit_code == 2 and "unknown status 'late'" in bad.output
