"""The staff lifecycle: a leaver's work moves to a colleague with nothing lost, role changes and transfers,
a staff list imported all or nothing, and store details that reach the reports."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.people_support import write_xlsx
from tests.sales_followup_support import Store, open_store


@pytest.fixture
def store(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("CRDESK_ATTACHMENTS", str(tmp_path / "attachments"))
    s = open_store(run_cli, tmp_path)
    run_cli("users", "add", "sf2", "--role", "sales_fu", "--dept", "cr", "--name", "何敏仪")
    for back in range(9, -1, -1):
        run_cli("tasks", "generate", "--date", s.day(back).isoformat())
    return s


def open_tasks(store: Store, user: str = "admin") -> list[dict]:
    return store.json("tasks", "list", "--status", "open,overdue", user=user)


def test_deactivate_hands_every_open_task_to_the_successor_and_locks_the_leaver_out(store: Store) -> None:
    cli = store.cli
    mine = sorted(t["id"] for t in open_tasks(store) if t["assignee"] == "sf1")
    assert mine, "sf1 had call tasks to hand over"
    cli("users", "away", "sf2", "--until", store.day(-5).isoformat(), "--delegate", "sf1")
    out = cli("users", "deactivate", "sf1", "--reassign-to", "sf2", "--json").output
    assert f'"reassigned_tasks": {mine}'.replace(" ", "") in out.replace(" ", "").replace("\n", "")
    after = {t["id"]: t["assignee"] for t in open_tasks(store)}
    assert all(after[i] == "sf2" for i in mine) and "sf1" not in after.values()
    agenda = store.json("agenda", "--week", user="sf2")
    assert set(mine) <= {t["id"] for g in agenda["groups"] for t in g["tasks"]}
    locked = cli("tasks", "list", user="sf1", ok=False)
    assert locked.exit_code == 3 and "inactive user 'sf1'" in locked.output
    users = {u["username"]: u for u in store.json("users", "list")}
    assert users["sf1"]["active"] is False and users["sf2"]["delegate"] is None
    again = cli("users", "away", "mgr", "--until", store.day(-3).isoformat(), "--delegate", "sf1", ok=False)
    assert again.exit_code == 2 and "deactivated" in again.output
    entry = store.json("audit", "list", "--action", "deactivate")[0]
    assert entry["actor"] == "admin" and entry["after"]["successor"] == "sf2"
    assert sorted(entry["after"]["reassigned_tasks"]) == mine


def test_deactivate_without_successor_returns_tasks_to_the_role_queue(store: Store) -> None:
    cli = store.cli
    mine = {t["id"] for t in open_tasks(store) if t["assignee"] == "sf1"}
    cli("users", "deactivate", "sf1")
    queue = {t["id"]: t for t in open_tasks(store)}
    assert all(queue[i]["assignee"] is None and queue[i]["role"] == "sales_fu" for i in mine)
    seen = {t["id"] for t in store.json("tasks", "list", "--user", "sf2", "--status", "open,overdue")}
    assert mine <= seen  # the colleague of the same role now has them on the agenda
    refused = cli("users", "deactivate", "sf2", user="mgr", ok=False)
    assert refused.exit_code == 3  # only who may change staff


def test_role_change_and_store_transfer(store: Store) -> None:
    cli = store.cli
    cli("stores", "add", "gz02", "广汽丰田番禺店", "--city", "广州")
    mine = {t["id"] for t in open_tasks(store) if t["assignee"] == "sf1"}
    cli("users", "set", "cr1", "--role", "manager", "--role", "cr", "--name", "黄主管")
    users = {u["username"]: u for u in store.json("users", "list")}
    assert users["cr1"]["roles"] == ["cr", "manager"] and users["cr1"]["name"] == "黄主管"
    cli("users", "set", "sf1", "--store", "gz02")
    users = {u["username"]: u for u in store.json("users", "list")}
    assert users["sf1"]["store"] == "gz02" and users["sf1"]["dept"] == "cr"
    left = {t["id"]: t for t in open_tasks(store)}
    assert all(left[i]["assignee"] is None for i in mine)  # the work stays with gz01's role queue
    assert store.json("tasks", "list", user="sf1") == []  # gz02 has no task yet, gz01's are out of reach
    bad = cli("users", "set", "sf1", "--role", "boss", ok=False)
    assert bad.exit_code == 2 and "unknown role 'boss'" in bad.output
    change = store.json("audit", "list", "--entity", "user", "--action", "change")[0]
    assert change["before"]["store"] == "gz01" and change["after"]["store"] == "gz02"


def test_group_manager_spans_the_stores_granted(store: Store) -> None:
    cli = store.cli
    cli("stores", "add", "fs01", "广汽丰田佛山店", "--city", "佛山")
    cli("users", "add", "boss", "--role", "group_manager", "--role", "manager", "--dept", "cr", "--store", "fs01")
    assert [s["code"] for s in store.json("stores", "list", user="boss")] == ["fs01"]
    assert store.json("tasks", "list", user="boss") == []
    cli("users", "set", "boss", "--grant-store", "gz01")
    assert [s["code"] for s in store.json("stores", "list", user="boss")] == ["fs01", "gz01"]
    assert len(store.json("tasks", "list", user="boss")) == len(open_tasks(store))
    refused = cli("users", "set", "boss", "--grant-store", "gz01", user="mgr", ok=False)
    assert refused.exit_code == 3


STAFF_HEADER = ["用户名", "姓名", "角色", "部门", "门店"]


def test_staff_import_is_all_or_nothing_with_one_line_per_bad_cell(store: Store, tmp_path: Path) -> None:
    cli = store.cli
    bad = store.write("员工.csv", "用户名,姓名,角色,部门,门店\n"
                      "zhou,周敏,销售回访专员,客户部,gz01\n"
                      "wu,吴刚,老板,客户部,gz01\n"
                      "zhou,周敏,cr,cr,gz01\n"
                      "chen,陈晨,cr,仓库,xx99\n")
    out = cli("users", "import", str(bad), ok=False)
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert "员工.csv, row 3, 角色: unknown role '老板'" in out.output
    assert "员工.csv, row 4, 用户名: 'zhou' is already on row 2" in out.output
    assert "员工.csv, row 5, 部门: unknown department '仓库'" in out.output
    assert "员工.csv, row 5, 门店: store 'xx99'" in out.output
    assert "zhou" not in {u["username"] for u in store.json("users", "list")}
    good = write_xlsx(tmp_path / "员工.xlsx", STAFF_HEADER,
                      [["zhou", "周敏", "销售回访专员", "客户部", "gz01"], ["wu", "吴刚", "cr、sales_fu", "cr", ""],
                       ["sf1", "刘敏", "sales_fu", "cr", "gz01"]])
    assert "2 added, 0 updated, 1 unchanged" in cli("users", "import", str(good)).output
    assert "0 added, 0 updated, 3 unchanged" in cli("users", "import", str(good)).output
    users = {u["username"]: u for u in store.json("users", "list")}
    assert users["zhou"]["roles"] == ["sales_fu"] and users["wu"]["roles"] == ["cr", "sales_fu"]
    assert users["wu"]["store"] == "gz01"


def test_stores_set_reaches_the_report_letterhead(store: Store, tmp_path: Path) -> None:
    cli = store.cli
    cli("stores", "set", "gz01", "--letterhead", "广州天河丰田汽车销售服务有限公司", "--address", "广州市天河区黄埔大道西1号",
        "--phone", "020-12345678", "--sms-signature", "【天河丰田】", "--city", "广州")
    row = store.json("stores", "list")[0]
    assert row["letterhead"] == "广州天河丰田汽车销售服务有限公司" and row["sms_signature"] == "【天河丰田】"
    refused = cli("stores", "set", "gz01", "--phone", "1", user="mgr", ok=False)
    assert refused.exit_code == 3
    pdf = tmp_path / "周报.pdf"
    cli("reports", "render", "sales_followup.weekly_callbacks", "-o", str(pdf), user="sf1")
    content = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "广州天河丰田汽车销售服务有限公司" in content and "020-12345678" in content
    entry = store.json("audit", "list", "--entity", "store")[0]
    assert entry["after"]["letterhead"] == "广州天河丰田汽车销售服务有限公司"


def test_the_ad_log_follows_the_store_city_and_its_own_newspapers(store: Store, tmp_path: Path) -> None:
    cli = store.cli
    cli("stores", "add", "fs01", "广汽丰田佛山店", "--city", "佛山")
    cli("users", "add", "fsf", "--role", "sales_fu", "--dept", "cr", "--store", "fs01")
    week = f"{store.today.isocalendar()[0]}-W{store.today.isocalendar()[1]:02d}"
    cli("ads", "log", "--paper", "佛山日报", "--brand", "本田", "--model", "雅阁", user="fsf")

    def render(user: str, name: str) -> str:
        path = tmp_path / name
        cli("reports", "render", "followup.ad_weekly", "--period", week, "--format", "csv", "-o", str(path), user=user)
        return path.read_text(encoding="utf-8-sig")

    foshan = render("fsf", "fs.csv")
    assert "佛山日报" in foshan and "珠江时报" in foshan and "广州日报" not in foshan
    guangzhou = render("sf1", "gz.csv")
    assert "广州日报" in guangzhou and "新快报" in guangzhou and "佛山日报" not in guangzhou
    history = {e["store"]: e["title"] for e in store.json("reports", "history")}
    assert history == {"fs01": "相关汽车品牌佛山市场广告投放统计周报", "gz01": "相关汽车品牌广州市场广告投放统计周报"}
    cli("stores", "set", "fs01", "--city", "佛山市")
    cli("settings", "set", "followup.newspapers", "佛山日报,南方都市报佛山版", "--store", "fs01", user="mgr", ok=False)
    cli("settings", "set", "followup.newspapers", "佛山日报,南方都市报佛山版", "--store", "fs01")
    own = render("fsf", "fs2.csv")
    assert "南方都市报佛山版" in own and "珠江时报" not in own


def test_hook_on_user_deactivated(store: Store) -> None:
    """The follow-up plugin hands a leaver's open complaint cases to the successor."""
    cli = store.cli
    cli("complaints", "open", "--customer", "1", "--origin", "sales", "--category", "服务态度",
        "--text", "交车慢", user="sf1")
    case = store.json("complaints", "list")[0]["id"]
    cli("complaints", "assign", str(case), "--to", "sf1")
    assert store.json("complaints", "show", str(case))["handler"] == "刘敏"  # sf1
    cli("users", "deactivate", "sf1", "--reassign-to", "sf2")
    assert store.json("complaints", "show", str(case))["handler"] == "何敏仪"  # sf2, the successor
