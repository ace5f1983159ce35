"""Two processes generating the same day at the same moment create every task exactly once."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from core.models import Task
from tests.scheduler_support import Dealer, dealer  # noqa: F401 - fixture

ROOT = Path(__file__).resolve().parent.parent
WORKER = """
import datetime as dt, json, sys, time
from core.app import CrDesk
from core.scheduler.generate import generate
from tests.platform_support import fixture_catalog
url, start = sys.argv[1], float(sys.argv[2])
app = CrDesk(url, catalog=fixture_catalog("scheduler"), system=True)
app.enabled_plugins(); app.hooks  # load everything before the start line
while time.time() < start:
    time.sleep(0.001)
summary = generate(app, dt.date(2026, 11, 24))
print(json.dumps({"created": summary.created}))
"""


def test_two_processes_generating_the_same_day_create_nothing_twice(dealer: Dealer, db_url: str) -> None:
    dealer.add_deliveries(*[(dt.date(2026, 11, 21), f"客户{i}", None) for i in range(200)])
    start = time.time() + 3.0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, db_url, str(start)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1])["created"])
    with dealer.app.session() as s:
        total = s.scalar(select(func.count()).select_from(Task))
        distinct = s.scalar(select(func.count(func.distinct(Task.dedupe_key))))
        callbacks = s.scalar(select(func.count()).select_from(Task).where(Task.key == "duty_demo.callback"))
    assert callbacks == 200
    assert total == distinct == sum(results)
