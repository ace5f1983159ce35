"""The catch-up marker: a run for a future day does not move it; absurd ``--date`` values are refused."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import select

from core.models import TaskWatermark
from core.scheduler.generate import generate
from tests.scheduler_support import Dealer, cli_env, dealer  # noqa: F401 - fixtures

D = dt.date


def _marker(dealer: Dealer) -> dt.date | None:
    with dealer.app.session() as s:
        return s.scalar(select(TaskWatermark.last_day).where(TaskWatermark.store_id == dealer.store_id))


def test_generating_a_future_day_leaves_the_catch_up_marker_so_missed_days_still_come(dealer: Dealer) -> None:
    generate(dealer.app, D(2026, 11, 23))  # today is 2026-11-27 (pinned)
    dealer.add_deliveries((D(2026, 11, 23), "张三", None))  # its call opens on 11-24
    generate(dealer.app, D(2026, 12, 2))  # planning ahead
    assert _marker(dealer) == D(2026, 11, 23)
    summary = generate(dealer.app)  # the normal morning run
    assert summary.covered["GZ1"] == (D(2026, 11, 24), D(2026, 11, 27))
    assert _marker(dealer) == D(2026, 11, 27)
    assert [t.title for t in dealer.tasks("duty_demo.callback")] == ["交车满意度回访 · 张三"]


@pytest.mark.usefixtures("cli_env")
def test_dates_outside_a_sane_range_are_refused_in_one_line(dealer: Dealer, run_cli: Any) -> None:
    for day in ("2028-01-05", "2019-06-01"):
        out = run_cli("tasks", "generate", "--date", day, ok=False)
        assert out.exit_code == 2 and len(out.output.strip().splitlines()) == 1
        assert out.output.startswith(f"crdesk: --date {day}: 只能生成 2026-10-27 至 2027-11-28 之间的任务")
    assert _marker(dealer) is None
    ok = json.loads(run_cli("tasks", "generate", "--date", "2027-11-28", "--json").stdout)
    assert ok["day"] == "2027-11-28" and _marker(dealer) is None
