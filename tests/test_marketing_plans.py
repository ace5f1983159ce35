"""The marketing specialist's monthly ad plan (MKT-M1, APR-ADPLAN) and price tracking (MKT-M2, APR-PRICE),
store display (MKT-STORE) and press statements (MKT-PR), through the CLI."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import time_machine
from pypdf import PdfReader

from core.workdays import CST
from tests.approvals_support import attachments_in_tmp  # noqa: F401  (autouse)
from tests.marketing_support import AD_PLAN, NOW, marketing_app, pdf_file, price_table, write_yaml


@pytest.fixture
def cli(make_app, run_cli):
    with time_machine.travel(NOW, tick=False):
        marketing_app(make_app)
        yield run_cli


def _text(path: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages)


def _open_tasks(cli, who: str) -> list[dict]:
    return json.loads(cli("tasks", "list", "--user", who, "--status", "open,overdue", "--json").output)


def _approve_all(cli, request_id: int, *signers: str) -> None:
    for who in signers:
        cli("approvals", "approve", str(request_id), "--comment", "同意", user=who)


def test_ad_plan_is_signed_archived_and_sent_to_finance_and_sales_front_desk(cli, tmp_path: Path):
    plan = write_yaml(tmp_path / "plan.yaml", AD_PLAN)
    cli("approvals", "submit", "ad_plan", "--data", str(plan), user="mkt")
    refused = cli("approvals", "approve", "1", user="wang", ok=False)
    assert refused.exit_code == 2 and "市场推广或客户活动初步方案" in refused.output
    draft = pdf_file(tmp_path / "十二月活动初步方案.pdf")
    cli("approvals", "approve", "1", "--attach", f"activity_plans={draft}", user="wang")
    _approve_all(cli, 1, "zhao", "qian")
    for who in ("cai", "desk"):
        task = next(t for t in _open_tasks(cli, who) if "已签批广告计划表" in t["title"])
        assert "附:下月广告计划表-签批单-1.pdf" in task["title"] and "crdesk ad-plans sheet 1" in task["title"]
    signed = tmp_path / "signed.pdf"
    assert cli("ad-plans", "sheet", "1", "--out", str(signed), user="seller", ok=False).exit_code == 3
    cli("ad-plans", "sheet", "1", "--out", str(signed), user="cai")
    text = _text(signed)
    for expected in ("月度广告计划签批单", "2026年12月广告计划", "钱总", "已批准"):
        assert expected in text
    out = tmp_path / "下月广告计划表.pdf"
    cli("reports", "render", "marketing.ad_plan", "--period", "2026-12", "-o", str(out), user="mkt")
    report = _text(out)
    for expected in ("下月广告计划表", "广州日报", "汽车之家", "44,000.50", "已批准"):
        assert expected in report, expected


def test_ad_plan_cost_with_three_decimals_is_refused_in_one_line(cli, tmp_path: Path):
    bad = {**AD_PLAN, "placements": [{**AD_PLAN["placements"][0], "cost": "26000.005"}]}
    refused = cli("approvals", "submit", "ad_plan", "--data", str(write_yaml(tmp_path / "bad.yaml", bad)),
                  user="mkt", ok=False)
    assert refused.exit_code == 2 and refused.output.strip().count("\n") == 0 and "26000.005" in refused.output
    assert json.loads(cli("approvals", "list", "--json").output) == []


def test_price_tracking_task_on_the_15th_moves_to_the_next_working_day_and_the_trend_covers_six_snapshots(
        cli, tmp_path: Path):
    with time_machine.travel(dt.datetime(2026, 11, 16, 8, 0, tzinfo=CST), tick=False):
        cli("tasks", "generate", "--date", "2026-11-16")
    tasks = [t for t in _open_tasks(cli, "mkt") if t["key"] == "marketing.price_tracking"]
    # 2026-11-15 is a Sunday: the table is due on Monday the 16th
    assert [t["due_at"][:10] for t in tasks] == ["2026-11-16"]
    days = ["2026-08-31", "2026-09-15", "2026-09-30", "2026-10-15", "2026-10-30", "2026-11-16", "2026-11-30", "2026-12-15"]
    for n, day in enumerate(days, start=1):
        data = write_yaml(tmp_path / f"p{n}.yaml", price_table(day, f"{182000 - n * 1000}.00", f"{176000 - n * 500}.00"))
        cli("approvals", "submit", "price", "--data", str(data), user="mkt")
        _approve_all(cli, n, "wang", "zhao", "qian")
    out = tmp_path / "价格跟踪表.pdf"
    cli("reports", "render", "marketing.price_tracking", "--period", "2026-11", "-o", str(out), user="mkt")
    text = _text(out)
    assert "竞争品牌、同品牌价格跟踪表" in text and "近六次调查成交价走势" in text
    assert "周末增加试驾专场" in text and "以金融政策应对" in text
    trend = text.split("近六次调查成交价走势")[1].replace("\n", " ")
    assert "08-31" not in trend  # the seventh-newest is left out
    assert "09-15 180,000" in trend and "11-30 175,000" in trend
    assert "12-15" not in text  # after the period
    assert "-5,000.00" in text  # Camry fell 5,000 over the six snapshots


def test_signage_at_height_needs_the_signed_safety_agreement_before_the_gm_approves(cli, tmp_path: Path):
    job = {"subject": "展厅外墙招牌更换", "location": "展厅正面外墙", "size": "12m×1.5m", "supplier": "广州盛世广告",
           "amount": "36800.00", "ci_vi": "yes", "work_at_height": "yes"}
    cli("approvals", "submit", "signage", "--for-department", "sales", "--data",
        str(write_yaml(tmp_path / "s.yaml", job)), user="mkt")
    _approve_all(cli, 1, "xiao", "wang", "zhao")
    refused = cli("approvals", "approve", "1", user="qian", ok=False)
    assert refused.exit_code == 2 and "已签订的安全协议" in refused.output
    agreement = pdf_file(tmp_path / "安全协议.pdf")
    done = json.loads(cli("approvals", "approve", "1", "--attach", f"safety_agreement={agreement}", "--json",
                          user="qian").output)
    assert done["status"] == "approved"
    assert [s["title"] for s in done["steps"]] == ["业务部门", "部门经理", "副总经理", "总经理"]


def test_display_materials_need_two_suppliers_compared(cli, tmp_path: Path):
    one = {"subject": "展厅吊旗更新", "action": "update", "items": "吊旗40面", "ci_vi": "yes",
           "suppliers": [{"supplier": "甲广告", "material": "A级PVC", "effect": "色彩饱满", "price": "3200.00"}],
           "chosen": "甲广告", "reason": "材料与效果最佳", "amount": "3200.00", "work_at_height": "no"}
    refused = cli("approvals", "submit", "display", "--data", str(write_yaml(tmp_path / "d.yaml", one)),
                  user="mkt", ok=False)
    assert refused.exit_code == 2 and "制作方比较" in refused.output and "at least 2" in refused.output
    two = {**one, "suppliers": one["suppliers"] + [
        {"supplier": "乙广告", "material": "B级PVC", "effect": "易褪色", "price": "2600.00"}]}
    cli("approvals", "submit", "display", "--data", str(write_yaml(tmp_path / "d2.yaml", two)), user="mkt")
    _approve_all(cli, 1, "wang", "zhao", "qian")
    assert json.loads(cli("approvals", "show", "1", "--json").output)["status"] == "approved"


def test_press_statement_needs_every_principle_ticked_and_media_contacts_are_logged(cli, tmp_path: Path):
    statement = {"subject": "年终车展媒体通稿", "media": "广州日报", "occasion": "release",
                 "key_points": "车展期间凯美瑞置换补贴", "principles": ["authorised", "government", "rumours", "media"]}
    refused = cli("approvals", "submit", "press", "--data", str(write_yaml(tmp_path / "p.yaml", statement)),
                  user="mkt", ok=False)
    assert refused.exit_code == 2 and "新闻发言原则逐条确认" in refused.output and "at least 5" in refused.output
    statement["principles"].append("on_message")
    cli("approvals", "submit", "press", "--data", str(write_yaml(tmp_path / "p2.yaml", statement)), user="mkt")
    cli("approvals", "approve", "1", user="wang")
    cli("partners", "add", "广州日报", "--category", "media", "--contact", "刘记者", "--phone", "13800138000",
        user="mkt")
    cli("partners", "log", "广州日报", "--kind", "release", "--purpose", "年终车展通稿", "--date", "2026-12-02",
        user="mkt")
    refused = cli("partners", "log", "不存在的报社", "--purpose", "x", user="mkt", ok=False)
    assert refused.exit_code == 2 and "没有合作资源" in refused.output
    listed = json.loads(cli("partners", "list", "--json", user="mkt").output)
    assert listed[0]["phone"] == "138****8000" and listed[0]["uses"] == 1
    assert listed[0]["history"][0]["kind"] == "新闻发布"
    assert cli("partners", "add", "某银行", "--category", "bank", user="sun", ok=False).exit_code == 3
