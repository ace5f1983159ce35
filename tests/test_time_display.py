"""People read times in the store's local time; ``--json`` carries ISO 8601 with the offset."""
from __future__ import annotations

import datetime as dt
import json

import time_machine

from core.cli.output import iso_time, local_time, to_json
from core.workdays import CST
from tests.people_support import store_app

UTC = dt.timezone.utc


def test_one_convention_for_people_and_for_scripts() -> None:
    stored = dt.datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # 2026-12-01 00:00 in Guangzhou
    assert local_time(stored) == "2026-12-01 00:00"
    assert iso_time(stored) == "2026-12-01T00:00:00+08:00"
    assert json.loads(to_json({"at": stored, "day": dt.date(2026, 12, 1)})) == {
        "at": "2026-12-01T00:00:00+08:00", "day": "2026-12-01"}


def test_audit_list_shows_the_store_time_without_a_utc_label(make_app, run_cli) -> None:
    store_app(make_app)
    with time_machine.travel(dt.datetime(2026, 12, 1, 7, 30, tzinfo=CST), tick=False):  # UTC: 11-30 23:30
        run_cli("users", "add", "zhou", "--role", "service_desk", "--dept", "service")
    table = run_cli("audit", "list", "--entity", "user").output
    assert "2026-12-01 07:30" in table and "UTC" not in table and "2026-11-30 23:30" not in table
    entries = json.loads(run_cli("audit", "list", "--entity", "user", "--json").output)
    assert "2026-12-01T07:30:00+08:00" in {e["at"] for e in entries}


def test_complaint_first_response_due_is_said_in_store_time(run_cli, tmp_path) -> None:
    from tests.sales_followup_support import open_store

    store = open_store(run_cli, tmp_path)
    customer = store.json("customers", "search", "杨帆")[0]["id"]
    with time_machine.travel(dt.datetime(2026, 11, 30, 23, 30, tzinfo=CST), tick=False):
        said = run_cli("complaints", "open", "--customer", str(customer), "--origin", "sales", "--tier", "important",
                       "--category", "交车延误", "--text", "交车比约定晚两天", user="sf1").output
        opened = store.json("complaints", "list", user="sf1")
    due = dt.datetime.fromisoformat(opened[0]["first_response_due"])
    assert due.utcoffset() == dt.timedelta(hours=8)
    assert f"首次响应期限 {due:%Y-%m-%d %H:%M}" in said and "UTC" not in said
