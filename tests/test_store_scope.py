"""One store scope for every query and write: a GZ01 user neither sees nor changes FS01's records."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.scope_support import FS_SECRETS, Dealer, open_dealer, store_rows


@pytest.fixture
def dealer(run_cli, tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Dealer:
    monkeypatch.setenv("CRDESK_ATTACHMENTS", str(tmp_path / "attachments"))
    return open_dealer(run_cli, tmp_path, db_url)


def leaks(output: str) -> list[str]:
    return [s for s in FS_SECRETS if s in output]


def test_gz01_staff_see_no_fs01_task_call_complaint_or_report(dealer: Dealer) -> None:
    cli, ids = dealer.cli, dealer.ids
    assert leaks(cli("tasks", "list", "--json", user="f_manager").output)  # FS01's own manager does see them
    for args, user in [
        (("tasks", "list"), "g_manager"), (("tasks", "list", "--json"), "g_sales_fu"),
        (("calls", "list", "--json"), "g_sales_fu"), (("complaints", "list", "--json"), "g_manager"),
        (("reports", "history", "--json"), "g_manager"), (("audit", "list", "--json"), "g_manager"),
        (("agenda", "--json"), "g_sales_fu"), (("customers", "search", "佛山"), "g_manager"),
    ]:
        out = cli(*args, user=user).output
        assert not leaks(out), (args, leaks(out))
    for args, user in [
        (("tasks", "show", ids["fs_task"]), "g_manager"), (("tasks", "explain", ids["fs_task"]), "g_manager"),
        (("complaints", "show", ids["fs_complaint"]), "g_manager"),
        (("reports", "open", ids["fs_report"]), "g_manager"),
        (("agenda", "--user", "f_sales_fu"), "g_manager"), (("tasks", "list", "--user", "f_sales_fu"), "g_manager"),
        (("customers", "show", ids["fs_customer"]), "g_manager"),
    ]:
        out = cli(*args, user=user, ok=False)
        assert out.exit_code in (2, 3, 4) and not leaks(out.output) and "Traceback" not in out.output, (args, out.output)


def test_gz01_staff_change_nothing_of_fs01(dealer: Dealer) -> None:
    cli, ids = dealer.cli, dealer.ids
    before = store_rows(dealer.db_url)
    refused = [
        (("tasks", "done", ids["fs_task"]), "g_sales_fu"),
        (("calls", "log", ids["fs_call_task"], "--outcome", "busy"), "g_sales_fu"),
        (("complaints", "respond", ids["fs_complaint"], "--note", "x"), "g_sales_fu"),
        (("complaints", "close", ids["fs_complaint"], "--result", "x"), "g_manager"),
        (("reports", "render", "sales_followup.weekly_callbacks", "--store", "FS01", "--format", "csv"), "g_sales_fu"),
        (("import", "deliveries", "GZ01交车明细.csv", "--store", "FS01"), "g_cr"),
        (("users", "set-head", "cr", "f_manager", "--store", "GZ01"), "admin"),
        (("users", "away", "g_sales_fu", "--until", "2030-01-01", "--delegate", "f_sales_fu"), "admin"),
        (("settings", "set", "followup.invalid_threshold", "5", "--store", "FS01"), "g_manager"),
        (("settings", "set", "followup.invalid_threshold", "5"), "g_manager"),
    ]
    for args, user in refused:
        out = cli(*args, user=user, ok=False)
        assert out.exit_code in (2, 3), (args, out.output)
        assert "Traceback" not in out.output
    assert store_rows(dealer.db_url) == before


def test_a_render_for_another_store_never_closes_its_task(dealer: Dealer) -> None:
    """The weekly summary rendered by FS01 closed FS01's duty, not GZ01's; GZ01 cannot render for FS01."""
    tasks = dealer.json("tasks", "list", "--status", "done", user="admin")
    closed = [t for t in tasks if t["key"] == "sales_followup.weekly_summary"]
    assert closed and all(t["store_id"] == closed[0]["store_id"] for t in closed)
    stores = {s["code"]: s for s in dealer.json("stores", "list")}
    assert len(stores) == 2
    out = dealer.cli("reports", "render", "sales_followup.weekly_callbacks", "--store", "FS01", user="g_manager",
                     ok=False)
    assert out.exit_code == 3 and "outside your stores (GZ01)" in out.output
