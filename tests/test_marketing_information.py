"""Daily and weekly market information (MKT-D1, MKT-D2, MKT-W1), the five tables of MKT-M3 with and without the
follow-up plugins, and ``crdesk duties --role marketing`` showing all twelve duties carried."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import time_machine
from pypdf import PdfReader

from core.workdays import CST
from tests.approvals_support import attachments_in_tmp  # noqa: F401  (autouse)
from tests.marketing_support import AD_PLAN, NOW, marketing_app, pdf_file, write_yaml

WALKINS = {"day": "2026-11-23", "models": [
    {"model": "凯美瑞", "walk_ins": 18, "calls": 9, "test_drives": 6, "orders": 3, "deliveries": 2},
    {"model": "汉兰达", "walk_ins": 7, "calls": 4, "orders": 1, "deliveries": 1}]}
NEWS = {"day": "2026-11-23", "source": "paper", "outlet": "南方都市报", "brand": "广汽本田", "category": "price",
        "headline": "雅阁年末直降两万", "summary": "广州地区雅阁260TURBO优惠2万元,置换再补3000元"}


def _pdf(path: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages)


@pytest.fixture
def app_cli(make_app, run_cli, request):
    plugins = getattr(request, "param", ("marketing",))
    with time_machine.travel(NOW, tick=False):
        marketing_app(make_app, plugins=plugins)
        yield run_cli


def _fill(cli, tmp_path: Path, form: str, data: dict, name: str) -> None:
    cli("forms", "fill", form, "--data", str(write_yaml(tmp_path / name, data)), user="mkt")


def test_daily_entries_close_their_tasks_and_the_monday_summary_goes_to_the_manager(app_cli, tmp_path: Path):
    cli = app_cli
    with time_machine.travel(dt.datetime(2026, 11, 23, 8, 0, tzinfo=CST), tick=False):
        cli("tasks", "generate", "--date", "2026-11-23")
        tasks = {t["key"]: t for t in json.loads(cli("tasks", "list", "--role", "marketing", "--json").output)}
        assert {"marketing.walkins", "marketing.market_news", "marketing.weekly_summary"} <= set(tasks)
        refused = cli("tasks", "done", str(tasks["marketing.walkins"]["id"]), user="mkt", ok=False)
        assert refused.exit_code == 2 and "来店来电数据及销售跟踪日报" in refused.output
        bad = {**WALKINS, "models": [{**WALKINS["models"][0], "walk_ins": "十八"}]}
        wrong = cli("forms", "fill", "marketing.walkins", "--data", str(write_yaml(tmp_path / "bad.yaml", bad)),
                    user="mkt", ok=False)
        assert wrong.exit_code == 2 and "来店批次" in wrong.output
        _fill(cli, tmp_path, "marketing.walkins", WALKINS, "w.yaml")
        _fill(cli, tmp_path, "marketing.market_news", NEWS, "n.yaml")
        cli("tasks", "done", str(tasks["marketing.walkins"]["id"]), user="mkt")
        cli("tasks", "done", str(tasks["marketing.market_news"]["id"]), user="mkt")
        cli("approvals", "submit", "ad_plan", "--data", str(write_yaml(tmp_path / "plan.yaml", {
            **AD_PLAN, "month": "2026-11", "placements": [{**AD_PLAN["placements"][0], "starts_on": "2026-11-20",
                                                            "ends_on": "2026-11-22"}]})), user="mkt")
        cli("approvals", "approve", "1", "--attach", f"activity_plans={pdf_file(tmp_path / 'a.pdf')}", user="wang")
        for who in ("zhao", "qian"):
            cli("approvals", "approve", "1", user=who)
        out = tmp_path / "周总结.pdf"
        cli("reports", "render", "marketing.weekly_summary", "--period", "2026-W47", "-o", str(out), user="mkt")
        assert "广州日报" in _pdf(out)
        cli("reports", "render", "marketing.weekly_summary", "--period", "2026-W48", "-o", str(out), user="mkt")
        text = _pdf(out)
        assert "上周广宣、市场与车主活动总结" in text and "雅阁年末直降两万" in text
        done = {t["key"]: t["status"] for t in json.loads(cli("tasks", "list", "--role", "marketing", "--json").output)}
        assert done["marketing.weekly_summary"] == "done" and done["marketing.walkins"] == "done"


@pytest.mark.parametrize("app_cli", [("marketing",), ("marketing", "sales_followup")], indirect=True,
                         ids=["alone", "with-followup"])
def test_the_five_m3_tables_use_the_followup_data_only_when_those_plugins_are_enabled(app_cli, tmp_path: Path):
    cli = app_cli
    _fill(cli, tmp_path, "marketing.walkins", WALKINS, "w.yaml")
    _fill(cli, tmp_path, "marketing.market_news", NEWS, "n.yaml")
    enabled = {p["name"] for p in json.loads(cli("plugins", "list", "--json").output) if p["enabled"]}
    if "followup" in enabled:
        cli("ads", "log", "--paper", "广州日报", "--brand", "广汽本田", "--model", "雅阁", "--date", "2026-11-20",
            user="li")
    out = tmp_path / "五表.pdf"
    cli("reports", "render", "marketing.m3_tables", "--period", "2026-11-01..2026-11-30", "-o", str(out), user="mkt")
    text = _pdf(out)
    for title in ("顾客信息调查表", "市场信息跟踪表", "已购车主分析表", "广宣月度总结表", "竞争对手跟踪表"):
        assert title in text, title
    assert "雅阁年末直降两万" in text
    if "followup" in enabled:
        assert "报纸广告(回访专员登记)" in text and "前台来店来电数据" not in text
    else:
        assert "前台来店来电数据" in text and "凯美瑞" in text and "回访专员" not in text


def test_duties_show_all_twelve_marketing_duties_carried(app_cli):
    rows = json.loads(app_cli("duties", "--role", "marketing", "--json").output)
    assert len(rows) == 12 and all(r["covered"] and r["plugin"] == "marketing" for r in rows)
    by_id = {r["duty_id"]: r["mechanisms"] for r in rows}
    assert "approval chain core.pay" in by_id["MKT-FIN"] and "approval chain core.reimb" in by_id["MKT-FIN"]
    assert "approval chain marketing.activity" in by_id["MKT-ACT"]
    assert "12 of 12" in app_cli("duties", "--role", "marketing").output


def test_walkins_import_with_the_front_desks_chinese_headers_is_idempotent(app_cli, tmp_path: Path):
    cli = app_cli
    good = tmp_path / "来店来电统计.csv"
    good.write_text("日期,车型,来店批次,来电批次,试驾,订车,交车\n2026-11-26,凯美瑞,18,9,6,3,2\n"
                    "2026-11-26,汉兰达,7,4,,1,1\n", encoding="utf-8")
    first = json.loads(cli("import", "walkins", str(good), "--json", user="desk").output)
    assert first["created"] == 2
    again = json.loads(cli("import", "walkins", str(good), "--json", user="desk").output)
    assert again["created"] == 0 and again["unchanged"] == 2
    bad = tmp_path / "坏数据.csv"
    bad.write_text("日期,车型,来店批次,来电批次,试驾,订车,交车\n2026-11-27,凯美瑞,十八,9,6,3,2\n", encoding="utf-8")
    refused = cli("import", "walkins", str(bad), user="desk", ok=False)
    assert refused.exit_code == 2 and "坏数据.csv" in refused.output and "来店批次" in refused.output
    assert cli("import", "walkins", str(good), user="sun", ok=False).exit_code == 3
    out = tmp_path / "五表.pdf"
    cli("reports", "render", "marketing.m3_tables", "--period", "2026-11-01..2026-11-30", "-o", str(out), user="mkt")
    assert "汉兰达" in _pdf(out)
