"""``crdesk audit list`` in China time with --store, --since/--until and --action; renders and opens audited."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from core import audit
from core.workdays import CST
from tests.sales_followup_support import Store, open_store


@pytest.fixture
def store(run_cli, tmp_path: Path, make_app, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("CRDESK_ATTACHMENTS", str(tmp_path / "attachments"))
    s = open_store(run_cli, tmp_path)
    run_cli("stores", "add", "fs01", "广汽丰田佛山店", "--city", "佛山")
    run_cli("users", "add", "fmgr", "--role", "manager", "--dept", "cr", "--store", "fs01")
    app = make_app(acting_user="admin")
    # A week before the store was set up (the suite's clock is 2026-11-27 10:00), so the days hold only these.
    late, early = (dt.datetime(2026, 11, 20, 23, 30, tzinfo=CST), dt.datetime(2026, 11, 21, 0, 30, tzinfo=CST))
    with app.session() as session:
        audit.record_many(session, [
            audit.AuditRecord("mgr", "change", "setting", "x@1", {"v": 1}, {"v": 2}, at=late),
            audit.AuditRecord("fmgr", "change", "setting", "x@2", {"v": 1}, {"v": 3}, at=early),
            audit.AuditRecord("mgr", "reveal", "customer", "1", None, {"fields": ["phone"]}, at=early),
        ])
    return s


def test_times_are_china_time_and_since_until_are_local_days(store: Store) -> None:
    day = store.json("audit", "list", "--since", "2026-11-21", "--until", "2026-11-21", user="admin")
    assert [(e["actor"], e["entity_id"]) for e in day] == [("mgr", "1"), ("fmgr", "x@2")]
    assert day[0]["at"].startswith("2026-11-21T00:30:00+08:00")
    before = store.json("audit", "list", "--until", "2026-11-20", "--since", "2026-11-20", user="admin")
    assert [e["entity_id"] for e in before] == ["x@1"]
    minutes = store.json("audit", "list", "--since", "2026-11-20 23:00", "--until", "2026-11-20 23:30", user="admin")
    assert [e["entity_id"] for e in minutes] == ["x@1"]
    table = store.cli("audit", "list", "--since", "2026-11-21", "--until", "2026-11-21", user="admin").output
    assert "2026-11-21" in table and "00:30" in table and "16:30" not in table and "CST" in table
    bad = store.cli("audit", "list", "--since", "27/11/2026", user="admin", ok=False)
    assert bad.exit_code == 2 and "--since '27/11/2026'" in bad.output


def test_action_and_store_filters_and_the_readers_scope(store: Store) -> None:
    reveals = store.json("audit", "list", "--action", "reveal", user="admin")
    assert [e["action"] for e in reveals] == ["reveal"]
    fs = store.json("audit", "list", "--store", "fs01", "--since", "2026-11-20", "--until", "2026-11-21", user="admin")
    assert [(e["actor"], e["store"]) for e in fs] == [("fmgr", "fs01")]
    mine = store.json("audit", "list", "--limit", "1000", user="mgr")
    assert mine and {e["actor"] for e in mine} <= {"mgr", "sf1", "cr1", "clerk1", "smgr", "dgm", "gm"}
    refused = store.cli("audit", "list", "--store", "fs01", user="mgr", ok=False)
    assert refused.exit_code == 3 and "outside your stores (gz01)" in refused.output


def test_report_renders_and_opens_are_audited(store: Store, tmp_path: Path) -> None:
    cli = store.cli
    out = cli("reports", "render", "sales_followup.weekly_callbacks", "--format", "csv", "-o", str(tmp_path / "a.csv"),
              user="sf1").output
    entry_id = out.rsplit("#", 1)[1].strip()
    cli("reports", "open", entry_id, "-o", str(tmp_path / "b.csv"), user="mgr")
    rendered = store.json("audit", "list", "--action", "render", user="mgr")
    assert rendered[0]["actor"] == "sf1" and rendered[0]["entity"] == "report"
    assert rendered[0]["after"]["key"] == "sales_followup.weekly_callbacks" and rendered[0]["after"]["store"] == "gz01"
    opened = store.json("audit", "list", "--action", "open", user="mgr")
    assert [(e["actor"], e["entity_id"]) for e in opened] == [("mgr", entry_id)]
    assert json.loads(json.dumps(opened[0]["after"]))["sha256"] == rendered[0]["after"]["sha256"]
