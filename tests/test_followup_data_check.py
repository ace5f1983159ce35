"""SF-D3 / SV-D3 done the way the specialist does it, the number to dial, the phone opt-out, duty coverage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.duties import Rule, _Reach
from core.vin import with_check_digit
from tests.sales_followup_support import Store, open_store


@pytest.fixture
def store(run_cli, tmp_path: Path) -> Store:
    s = open_store(run_cli, tmp_path)
    run_cli("users", "add", "sf2", "--role", "sales_fu", "--dept", "cr", "--name", "吴婷")
    lines = ["客户姓名,手机号码,车架号,车牌号,车型,交车日期,销售顾问",
             f"孙丽,13800138011,{with_check_digit('LVGBE40K0KG900001')},,凯美瑞,{s.day(1)},王强",
             f"周强,13800138012,{with_check_digit('LVGBE40K0KG900002')},粤A99999,雷凌,{s.day(1)},陈明"]
    run_cli("import", "deliveries", str(s.write("昨日交车.csv", "\n".join(lines) + "\n")))
    return s


def test_yesterdays_deliveries_are_worked_through_before_the_task_closes(store: Store) -> None:
    store.cli("tasks", "generate")
    task = next(t for t in store.json("tasks", "list", "--status", "open", user="sf1")
                if t["key"] == "sales_followup.data_update")
    listed = {r["customer"]: r for r in store.json("sales-fu", "deliveries", user="sf1")}
    assert listed["孙丽"]["missing"] == "地址、第二电话、车牌" and listed["孙丽"]["state"] == "待处理"
    assert listed["周强"]["missing"] == "地址、第二电话"

    refused = store.cli("tasks", "done", str(task["id"]), user="sf1", ok=False)
    assert refused.exit_code != 0 and "sales-fu deliveries" in refused.output

    sun, zhou = listed["孙丽"]["customer_id"], listed["周强"]["customer_id"]
    store.cli("calls", "correct", str(sun), "--address", "广州市天河区体育西路1号", "--phone2", "13900139011",
              "--plate", "粤A12345", user="sf1")
    store.cli("calls", "correct", str(zhou), "--checked", "--note", "客户不愿提供地址", user="sf1")
    pending = store.json("sales-fu", "deliveries", "--pending", user="sf1")
    assert pending == []
    store.cli("tasks", "done", str(task["id"]), user="sf1")

    changes = store.json("audit", "list", "--entity", "customer", "--id", str(sun), user="mgr")
    change = next(c for c in changes if c["action"] == "change")
    assert "体育西路" in json.dumps(change, ensure_ascii=False)  # before/after kept
    plate = store.json("audit", "list", "--entity", "vehicle", user="mgr")
    assert any("粤A12345" in json.dumps(p, ensure_ascii=False) for p in plate)

    again = store.cli("calls", "correct", str(zhou), "--plate", "粤B00000", user="sf1", ok=False)
    assert again.exit_code == 2 and "DMS" in again.output  # an existing plate is not replaced
    bad = store.cli("calls", "correct", str(sun), "--phone2", "12", user="sf1", ok=False)
    assert bad.exit_code == 2 and "--phone2" in bad.output and "Traceback" not in bad.output
    denied = store.cli("calls", "correct", str(sun), "--address", "x", user="clerk1", ok=False)
    assert denied.exit_code == 3


def test_the_assignee_sees_the_number_to_dial_and_it_is_audited(store: Store) -> None:
    line = f"何敏,13800138021,{with_check_digit('LVGBE40K0KG900003')},粤A77777,汉兰达,{store.day(4)},王强"
    store.cli("import", "deliveries", str(store.write("交车4.csv", "客户姓名,手机号码,车架号,车牌号,车型,交车日期,销售顾问\n"
                                                      + line + "\n")))
    store.cli("tasks", "generate")
    call = next(t for t in store.json("tasks", "list", "--status", "open", user="mgr")
                if t["key"] == "sales_followup.callback" and "何敏" in t["title"])
    users = {"吴婷": "sf2", "刘敏": "sf1"}
    owner = users[call["assignee"]] if call["assignee"] in users else call["assignee"]
    other = "sf2" if owner == "sf1" else "sf1"
    shown = store.json("calls", "show", str(call["id"]), user=owner)
    assert shown["phone"].startswith("138") and "*" not in shown["phone"] and not shown["masked"]
    dials = [a for a in store.json("audit", "list", "--actor", owner, user="mgr") if a["action"] == "dial"]
    assert len(dials) == 1
    masked = store.cli("calls", "show", str(call["id"]), user=other, ok=False)
    assert masked.exit_code == 3 or "*" in json.loads(masked.output)["phone"]
    manager_view = store.json("calls", "show", str(call["id"]), user="mgr")
    assert "*" in manager_view["phone"]


def test_a_phone_opt_out_stops_the_sales_callback(store: Store) -> None:
    refused = store.json("customers", "search", "孙丽", user="mgr")[0]["id"]
    store.cli("customers", "consent", str(refused), "--channel", "phone", "--refuse", "--source", "电话回访", user="mgr")
    store.cli("tasks", "generate", "--date", store.day(-3).isoformat())
    titles = [t["title"] for t in store.json("tasks", "list", "--status", "open", user="mgr")
              if t["key"] == "sales_followup.callback"]
    assert any("周强" in t for t in titles) and not any("孙丽" in t for t in titles)


def test_covered_duties_name_a_reachable_mechanism(store: Store) -> None:
    store.cli("plugins", "enable", "service_followup")
    rows = store.json("duties", user="mgr")
    mine = [r for r in rows if r["duty_id"].startswith(("SF-", "SV-"))]
    assert len(mine) == 31 and all(r["covered"] for r in mine), [r for r in mine if not r["covered"]]
    kinds = ("schedule ", "form ", "approval chain ", "report ", "rule ")
    for row in rows:
        if row["covered"]:
            assert any(m.startswith(kinds) for m in row["mechanisms"]), row
    sf_d3 = next(r for r in mine if r["duty_id"] == "SF-D3")
    assert "rule followup.contact_correction" in sf_d3["mechanisms"]
    assert "schedule sales_followup.data_update" in sf_d3["mechanisms"]


def test_a_mechanism_naming_a_missing_command_is_not_reachable(make_app) -> None:
    from core.setup import initialise

    app = make_app(acting_user="admin")
    initialise(app, plugins=["sales_followup"])
    reach = _Reach(app, set(), {})
    assert reach.problem("rule", Rule("x.y", "t", ("SF-D3",), commands=("calls correct",))) is None
    assert "does not exist" in (reach.problem("rule", Rule("x.z", "t", ("SF-D3",), commands=("calls nope",))) or "")
