"""``crdesk duties --role manager``: all twenty MGR- duties carried by the manager plugin."""
from __future__ import annotations

import json

import time_machine

from tests.manager_support import NOW, manager_app


def test_duties_show_twenty_of_twenty_carried(make_app, run_cli):
    with time_machine.travel(NOW, tick=False):
        manager_app(make_app)
        rows = json.loads(run_cli("duties", "--role", "manager", "--json").output)
    assert len(rows) == 20
    missing = [r["duty_id"] for r in rows if not r["covered"]]
    assert missing == [], [r for r in rows if not r["covered"]]
    assert {r["plugin"] for r in rows} == {"manager"}
