"""The callback rule's three failures are three separate attempts: two hours apart, or on different days."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import time_machine

from core.workdays import CST
from tests.sales_followup_support import open_store

START = dt.datetime(2026, 11, 27, 10, 0, tzinfo=CST)


def test_quick_redials_are_one_attempt_and_the_gap_is_a_setting(run_cli, tmp_path: Path) -> None:
    with time_machine.travel(START, tick=False) as clock:
        store = open_store(run_cli, tmp_path)
        for back in range(9, -1, -1):
            run_cli("tasks", "generate", "--date", store.day(back).isoformat())
        rows = store.json("tasks", "list", "--status", "open,overdue")
        task = next(str(r["id"]) for r in rows if r["key"] == "sales_followup.callback" and r["title"].endswith("王芳"))

        def dial(outcome: str) -> dict:
            return json.loads(run_cli("calls", "log", task, "--outcome", outcome, "--json", user="sf1").output)

        for outcome in ("powered_off", "unreachable", "forwarded"):  # three dials within ten minutes
            assert dial(outcome)["invalid_number"] is None
            clock.shift(dt.timedelta(minutes=5))
        clock.move_to(START + dt.timedelta(hours=2, minutes=10))  # second attempt, two hours after the first
        assert dial("powered_off")["invalid_number"] is None
        clock.move_to(START + dt.timedelta(days=1, hours=-1))  # next day, 09:00: third attempt
        third = dial("powered_off")
        assert third["invalid_number"] is not None and third["task_status"] == "cancelled"

        # A dealer may ask for a longer gap: with 4 hours, two dials three hours apart are one attempt.
        run_cli("settings", "set", "followup.failure_min_gap_hours", "4", user="mgr")
        other = next(str(r["id"]) for r in store.json("tasks", "list", "--status", "open,overdue")
                     if r["key"] == "sales_followup.callback" and r["title"].endswith("刘洋"))
        for hours in (0, 3, 6):
            clock.move_to(START + dt.timedelta(days=1, hours=hours))
            out = json.loads(run_cli("calls", "log", other, "--outcome", "unreachable", "--json", user="sf1").output)
        assert out["invalid_number"] is None  # 10:00, 13:00 (same attempt), 16:00: two attempts
        clock.move_to(START + dt.timedelta(days=2))
        out = json.loads(run_cli("calls", "log", other, "--outcome", "unreachable", "--json", user="sf1").output)
        assert out["invalid_number"] is not None


def test_records_imported_after_the_morning_run_still_get_their_tasks(run_cli, tmp_path: Path) -> None:
    from tests.people_support import VISIT_HEADER, vin, write_csv

    with time_machine.travel(START, tick=False) as clock:
        store = open_store(run_cli, tmp_path)
        run_cli("plugins", "enable", "service_followup")
        run_cli("users", "add", "sv1", "--role", "service_fu", "--dept", "cr", "--name", "赵敏")
        run_cli("tasks", "generate")  # the morning run, before the day's deliveries are in
        header = "客户姓名,手机号码,车架号,车牌号,车型,交车日期,销售顾问\n"
        rows = [f"今日车主,13800138031,{vin(31)},粤A31000,凯美瑞,{store.day(0)},王强",
                f"窗口内,13800138032,{vin(32)},粤A32000,雷凌,{store.day(4)},王强",
                f"迟到的,13800138033,{vin(33)},粤A33000,赛那,{store.day(9)},陈明"]
        run_cli("import", "deliveries", str(store.write("补录交车.csv", header + "\n".join(rows) + "\n")))
        write_csv(tmp_path / "入库.csv", VISIT_HEADER,
                  [["R9", vin(34), "粤A34000", "入库客户", "13800138034", store.day(4).isoformat(), "5000", "首保",
                    "陈工", "0"]])
        run_cli("import", "service-visits", str(tmp_path / "入库.csv"))

        tasks = {(t["key"], t["title"].rsplit(" · ", 1)[-1].split(" · ")[0]): t
                 for t in store.json("tasks", "list", "--status", "open,overdue")}
        assert not tasks[("sales_followup.ceremony", "今日车主")]["late"]
        assert not tasks[("sales_followup.callback", "窗口内")]["late"]
        assert tasks[("sales_followup.callback", "迟到的")]["late"]  # N+5 has passed: late, but not lost
        assert any(k == "service_followup.callback" and "入库客户" in t["title"] for (k, _), t in tasks.items())

        clock.move_to(START + dt.timedelta(days=1))
        out = json.loads(run_cli("tasks", "generate", "--json").output)
        assert not {"sales_followup.ceremony", "sales_followup.callback"} & set(out["by_schedule"])
