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


def test_the_service_functions_apply_the_scope_too(dealer: Dealer, make_app) -> None:
    """What the CLI calls refuses on its own: the web front and scripts inherit the store rule."""
    from core import scope, staff
    from core.customers import customer_details
    from core.errors import CrdeskError, PermissionDenied
    from core.forms.store import list_submissions
    from core.people import set_away, set_head, user_by_name
    from core.reports.archive import history
    from core.reports.engine import open_archived
    from core.scheduler.actions import complete, get_task
    from plugins.followup import complaints

    app = make_app(acting_user="g_manager")
    ids = {k: int(v) for k, v in dealer.ids.items() if v.isdigit()}
    before = store_rows(dealer.db_url)
    attempts = {
        "get_task": lambda s, me: get_task(s, ids["fs_task"], me),
        "complete": lambda s, me: complete(app, s, ids["fs_task"], me),
        "complaints.get": lambda s, me: complaints.get(s, ids["fs_complaint"], me),
        "open_archived": lambda s, me: open_archived(app, s, ids["fs_report"], me),
        "customer_details": lambda s, me: customer_details(app, s, me, ids["fs_customer"]),
        "scope.store": lambda s, me: scope.store(s, me, "FS01"),
        "set_head": lambda s, me: set_head(s, store=scope.store(s, user_by_name(s, "admin"), "FS01"), dept="cr",
                                           username="g_manager", actor="g_manager"),
        "set_away": lambda s, me: set_away(s, username="f_sales_fu", until=None, actor="g_manager"),
        "deactivate": lambda s, me: staff.deactivate(app, s, user_by_name(s, "admin"), "g_sales_fu",
                                                     reassign_to="f_sales_fu"),
        "set_store": lambda s, me: staff.set_store(app, s, me, "FS01", phone="1"),
    }
    for name, attempt in attempts.items():
        with pytest.raises(CrdeskError) as refused, app.session() as s:
            attempt(s, app.acting_user(s))
        message = str(refused.value)
        assert isinstance(refused.value, PermissionDenied) or "another store" in message \
            or message.startswith("no customer"), (name, message)
        assert not leaks(str(refused.value)), name
    with app.session() as s:
        me = app.acting_user(s)
        assert [e.id for e in history(s, user=me)] == []
        assert list_submissions(s, "core.sms_request", me) == []
    assert store_rows(dealer.db_url) == before
