"""The follow-up base's rules on their own: thresholds a dealer changes, escalations, bad input, the ad log and gifts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.sales_followup_support import Store, open_store


@pytest.fixture
def store(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("CRDESK_ATTACHMENTS", str(tmp_path / "attachments"))
    s = open_store(run_cli, tmp_path)
    for back in range(9, -1, -1):
        run_cli("tasks", "generate", "--date", s.day(back).isoformat())
    return s


def callback(store: Store, name: str) -> str:
    rows = store.json("tasks", "list", "--status", "open,overdue")
    return next(str(r["id"]) for r in rows if r["key"] == "sales_followup.callback" and r["title"].endswith(name))


def test_threshold_and_counted_outcomes_are_settings(store: Store) -> None:
    cli = store.cli
    cli("settings", "set", "followup.invalid_threshold", "2", user="mgr")
    cli("settings", "set", "followup.invalid_outcomes", "powered_off", user="mgr")
    cli("settings", "set", "followup.failure_min_gap_hours", "0", user="mgr")  # every dial an attempt
    task = callback(store, "王芳")
    first = json.loads(cli("calls", "log", task, "--outcome", "forwarded", "--json", user="sf1").output)
    second = json.loads(cli("calls", "log", task, "--outcome", "powered_off", "--json", user="sf1").output)
    assert first["invalid_number"] is None and second["invalid_number"] is None  # forwarded no longer counts
    third = json.loads(cli("calls", "log", task, "--outcome", "powered_off", "--json", user="sf1").output)
    assert third["invalid_number"] is not None and third["task_status"] == "cancelled"


def test_an_answered_call_resets_the_count(store: Store) -> None:
    cli = store.cli
    task = callback(store, "刘洋")
    for outcome in ("powered_off", "unreachable", "refused"):
        cli("calls", "log", task, "--outcome", outcome, user="sf1")
    assert store.json("calls", "invalid", user="sf1") == []


def test_bad_call_input_is_refused_and_nothing_is_logged(store: Store) -> None:
    cli = store.cli
    task = callback(store, "张伟")
    wrong = cli("calls", "log", task, "--outcome", "maybe", user="sf1", ok=False)
    assert wrong.exit_code == 2 and "Invalid value for '--outcome'" in wrong.output
    no_survey = cli("calls", "log", task, "--outcome", "reached", user="sf1", input="", ok=False)
    assert no_survey.exit_code != 0 and "新车交车满意度回访问卷" in no_survey.output  # asked, then aborted
    bad = store.write("bad.yaml", 'data_verified: "yes"\noverall: 9\n')
    invalid = cli("calls", "log", task, "--outcome", "reached", "--survey", str(bad), user="sf1", ok=False)
    assert invalid.exit_code == 2 and "overall" in invalid.output
    not_a_call = next(str(r["id"]) for r in store.json("tasks", "list") if r["key"] == "sales_followup.data_update")
    refused = cli("calls", "log", not_a_call, "--outcome", "busy", user="sf1", ok=False)
    assert refused.exit_code == 2 and "is not a follow-up call" in refused.output
    stranger = cli("calls", "log", task, "--outcome", "busy", user="clerk1", ok=False)
    assert stranger.exit_code == 3
    assert store.json("calls", "list", user="sf1") == []


def test_late_verification_escalates_to_the_receiving_department_head(store: Store) -> None:
    cli = store.cli
    cli("calls", "log", callback(store, "陈静"), "--outcome", "wrong_number", user="sf1")
    cli("calls", "invalid", "--send", user="sf1")
    cli("tasks", "generate", "--date", (store.today + dt.timedelta(days=6)).isoformat())
    verify = [
        t for t in store.json("tasks", "list", "--status", "open,overdue") if t["key"] == "followup.verify_number"
    ]
    assert len(verify) == 1 and verify[0]["escalated_to"] in ("smgr", "赵销售经理")


def test_overdue_complaints_reach_the_cr_manager(store: Store) -> None:
    cli = store.cli
    ids = {store.json("customers", "search", "杨帆")[0]["id"]}
    case = store.json(
        "complaints",
        "open",
        "--customer",
        str(ids.pop()),
        "--origin",
        "sales",
        "--category",
        "服务态度",
        "--text",
        "销售顾问态度冷淡",
        user="sf1",
    )
    cli("tasks", "generate", "--date", (store.today + dt.timedelta(days=10)).isoformat())
    manager = [
        t
        for t in store.json("tasks", "list", "--user", "mgr", "--status", "open,overdue")
        if t["key"] == "followup.complaint_escalation"
    ]
    assert len(manager) == 1 and f"投诉#{case['id']}" in manager[0]["title"]
    assert store.json("complaints", "show", str(case["id"]), user="mgr")["escalated_at"] is not None


def test_ads_log_and_ceremony_gift(store: Store) -> None:
    cli = store.cli
    cli(
        "ads",
        "log",
        "--paper",
        "广州日报",
        "--brand",
        "本田",
        "--model",
        "雅阁",
        "--format",
        "半版",
        "--offer",
        "置换补贴8000元",
        user="sf1",
    )
    ads = store.json("ads", "list", user="sf1")
    assert [(a["newspaper"], a["brand"], a["offer"]) for a in ads] == [("广州日报", "本田", "置换补贴8000元")]
    delivery = next(r for r in store.json("tasks", "list") if r["key"] == "sales_followup.ceremony")["source"]
    answers = store.write(
        "f2f.yaml", 'overall: 5\nsalesperson: 5\nceremony: 4\ndelivery_explanation: 5\nnps: 10\ncomplaint: "no"\n'
    )
    kind, source_id = delivery.split("#")
    out = cli(
        "ceremony",
        "gift",
        kind,
        source_id,
        "--gift",
        "车载香薰",
        "--photo",
        "--form",
        "sales_followup.ceremony_survey",
        "--survey",
        str(answers),
        user="sf1",
    ).output
    assert "with questionnaire" in out
    again = cli("ceremony", "gift", kind, source_id, "--gift", "雨伞", user="sf1", ok=False)
    assert again.exit_code == 2 and "already recorded" in again.output


def test_members_import_and_login_rate(store: Store) -> None:
    cli = store.cli
    today = store.today
    rows = [
        "会员号,姓名,手机号码,注册日期,最近登录时间,会员等级,状态",
        f"M001,张伟,13800138001,{today.replace(day=1).isoformat()},{today.isoformat()} 09:30,普通会员,正常",
        f"M002,李娜,13800138002,{today.replace(day=1).isoformat()},,银卡,正常",
        "M003,王芳,13800138003,2025-05-01,2025-06-01 10:00,普通会员,正常",
        "M004,路人,13800139999,2025-01-01,,普通会员,注销",
    ]
    file = store.write("会员.csv", "\n".join(rows) + "\n")
    cli("import", "members", str(file))
    again = json.loads(cli("import", "members", str(file), "--json").output)
    assert again["created"] == 0 and again["unchanged"] == 4
    stats = store.json("members", "stats", user="sf1")
    assert stats["members"] == 3 and stats["new"] == 2 and stats["logged_in"] == 1
    assert stats["new_by_level"] == {"普通会员": 1, "银卡": 1}
    assert abs(stats["login_rate"] - 1 / 3) < 1e-3 and stats["target"] == 0.3
    bad = store.write("bad.csv", "会员号,姓名,手机号码,注册日期\nM009,某某,12345,2026-13-01\n")
    failed = cli("import", "members", str(bad), ok=False)
    assert failed.exit_code != 0 and "bad.csv" in failed.output and "row 2" in failed.output


def test_rendering_a_report_completes_its_duty(store: Store) -> None:
    cli = store.cli
    open_before = [t for t in store.json("tasks", "list", "--status", "open,overdue")
                   if t["key"] == "sales_followup.weekly_summary"]
    assert open_before, "a Monday fell within the generated days"
    refused = cli("tasks", "done", str(open_before[0]["id"]), user="sf1", ok=False)
    assert refused.exit_code == 2 and "render the weekly callback summary first" in refused.output
    cli("reports", "render", "sales_followup.weekly_callbacks", "-o", str(store.folder / "w.pdf"), user="sf1")
    after = {t["id"]: t["status"] for t in store.json("tasks", "list") if t["key"] == "sales_followup.weekly_summary"}
    assert after[open_before[0]["id"]] == "done"


def test_unknown_records_are_one_line_with_exit_code_4(store: Store) -> None:
    missing = store.cli("complaints", "show", "999", user="mgr", ok=False)
    assert missing.exit_code == 4 and missing.output.strip() == "crdesk: no complaint 999: see `crdesk complaints list`"
    unknown_task = store.cli("calls", "log", "999", "--outcome", "busy", user="sf1", ok=False)
    assert unknown_task.exit_code == 4 and "no task 999" in unknown_task.output


def test_customer_info_and_ad_reimbursement_tables_are_counted(store: Store, make_app) -> None:
    import json as _json

    from core.reports.periods import containing
    from plugins.sales_followup import reports

    today, cli = store.today, store.cli
    old = store.today - dt.timedelta(days=120)
    sheets = [
        [(today, "visit", "internet", "凯美瑞", 3), (today, "call", "newspaper", "雷凌", 2)],
        [(today, "visit", "internet", "汉兰达", 1), (old, "visit", "referral", "凯美瑞", 9)],
    ]
    for n, rows in enumerate(sheets):
        entries = [{"day": d.isoformat(), "kind": k, "channel": c, "model": m, "count": x} for d, k, c, m, x in rows]
        path = store.write(f"info{n}.json", _json.dumps({"entries": entries}, ensure_ascii=False))
        cli("forms", "fill", "sales_followup.customer_info", "--data", str(path), user="sf1")
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    ads = {"quarter": quarter, "items": [
        {"published_on": today.isoformat(), "media": "广州日报", "content": "凯美瑞上市", "amount": "12000.50"},
        {"published_on": today.isoformat(), "media": "羊城晚报", "content": "周末团购", "amount": "8000"}]}
    cli("forms", "fill", "sales_followup.ad_reimbursement", "--data",
        str(store.write("ads.json", _json.dumps(ads, ensure_ascii=False))), user="sf1")

    app = make_app(acting_user="sf1")
    with app.session() as session:
        info = reports.customer_info_stats_data(app, session, containing("month", today), None)
        figures = {f["label"]: f["value"] for f in info["figures"]}
        assert figures == {"来店": 4, "来电": 2}  # the sheet row of four months ago is not this month's
        channels = {r["name"]: r["n"] for r in info["tables"][0]["rows"]}
        assert channels == {"网络": 4, "报纸": 2}
        money = reports.ad_reimbursement_data(app, session, containing("quarter", today), None)
        assert {f["label"]: f["value"] for f in money["figures"]} == {"投放条目": 2, "合计金额（元）": "20,000.50"}
