"""Month ranges (``2026-07..2026-09``) as the README's ``sms queue`` example writes them."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from core.reports.periods import parse_period
from tests.sales_followup_support import open_store

ROOT = Path(__file__).resolve().parent.parent


def test_a_range_of_months_or_quarters_spans_whole_periods() -> None:
    period = parse_period("2026-07..2026-09")
    assert (period.start, period.end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert parse_period(period.code) == period
    assert parse_period("2026-Q1..2026-05").end == dt.date(2026, 5, 31)
    assert "--delivered 2026-07..2026-09" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_sms_queue_takes_the_readme_month_range(run_cli, tmp_path) -> None:
    store = open_store(run_cli, tmp_path)  # deliveries in November 2026 (today is 2026-11-27)
    request = store.write("sms.yaml", "subject: 冬季免费检测邀约\nrequesting_department: sales\n"
                          "purpose: 邀请新车主参加冬季免费检测\naudience: buyers\nmessage: 冬季免费检测本周六开始，欢迎预约\n"
                          "send_date: 2026-11-27\ncount: 7\n")
    rid = str(store.json("approvals", "submit", "sms_request", "--data", str(request), user="sf1")["id"])
    for approver in ("mgr", "dgm", "gm"):
        run_cli("approvals", "approve", rid, "--comment", "同意", user=approver)
    queued = json.loads(run_cli("sms", "queue", "--approval", rid, "--delivered", "2026-10..2026-11", "--json",
                                user="cr1").stdout)
    assert queued["queued"] == 7
