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
