"""The manager's weekly and monthly reports (MGR-W3, W4, M1, M2, M5, INFO, CRM, SEC) and forms and chains
(MGR-M3, M6 / APR-PROMO-ORDER, Q1, PLAN, TEAM, PR), each closing its task on the manager's agenda."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import time_machine
from pypdf import PdfReader

from core.workdays import CST
from tests.approvals_support import attachments_in_tmp  # noqa: F401  (autouse)
from tests.manager_support import NOW, PLUGINS, write_yaml
from tests.marketing_support import AD_PLAN, marketing_app, pdf_file
from tests.people_support import DELIVERY_HEADER, vin, write_csv

WALKINS = {"day": "2026-11-23", "models": [
    {"model": "凯美瑞", "walk_ins": 18, "calls": 9, "test_drives": 6, "orders": 3, "deliveries": 2},
    {"model": "汉兰达", "walk_ins": 7, "calls": 4, "orders": 1, "deliveries": 1}]}
PLAN_NOV = {**AD_PLAN, "subject": "2026年11月广告计划", "month": "2026-11",
            "placements": [{**AD_PLAN["placements"][0], "starts_on": "2026-11-20", "ends_on": "2026-11-30"}]}


def _pdf(path: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages)


@pytest.fixture
def cli(make_app, run_cli, tmp_path: Path):
    with time_machine.travel(NOW, tick=False):
        marketing_app(make_app, plugins=(*PLUGINS, "sales_followup"))
        yield run_cli


def _tasks(cli, *args: str) -> dict[str, dict]:
    return {t["key"]: t for t in json.loads(cli("tasks", "list", *args, "--json").output)}


def _render(cli, tmp_path: Path, key: str, period: str, **kw) -> str:
    out = tmp_path / f"{key}_{period}.pdf"
    cli("reports", "render", f"manager.{key}", "--period", period, "-o", str(out), user="wang", **kw)
    return _pdf(out)


def test_weekly_and_monthly_reports(cli, tmp_path: Path):
    cli("forms", "fill", "marketing.walkins", "--data", str(write_yaml(tmp_path / "w.yaml", WALKINS)), user="mkt")
    cli("approvals", "submit", "ad_plan", "--data", str(write_yaml(tmp_path / "plan.yaml", PLAN_NOV)), user="mkt")
    cli("approvals", "approve", "1", "--attach", f"activity_plans={pdf_file(tmp_path / 'a.pdf')}", user="wang")
    for who in ("zhao", "qian"):
        cli("approvals", "approve", "1", user=who)
    rows = [[f"客户{i}", f"1381234{i:04d}", vin(i), f"粤A{i:05d}", "凯美瑞", f"2026-11-{1 + i:02d}",
             "谢顾问"] for i in range(4)]
    cli("import", "deliveries", str(write_csv(tmp_path / "d.csv", DELIVERY_HEADER, rows)), user="admin")
    cli("tasks", "generate", "--date", "2026-11-27")

    text = _render(cli, tmp_path, "ad_effect", "2026-W48")
    assert "销售店广宣及效果统计表" in text and "广州日报" in text and "凯美瑞" in text

    missing = cli("reports", "render", "manager.weekly_analysis", "--period", "2026-W48", user="wang", ok=False)
    assert missing.exit_code == 2 and "还没有经理意见" in missing.output
    comment = {"week": "2026-W48", "market": "竞品降价明显,本周加推试驾", "callbacks": "回访完成率偏低,需补打",
               "business": "看板输入两次迟报"}
    cli("forms", "fill", "manager.weekly_comment", "--data", str(write_yaml(tmp_path / "c.yaml", comment)), user="wang")
    text = _render(cli, tmp_path, "weekly_analysis", "2026-W48")
    assert "客户经理意见" in text and "竞品降价明显" in text
    assert "manager.weekly_analysis_read" in _tasks(cli, "--role", "gm")
    assert "manager.weekly_analysis_read" in _tasks(cli, "--role", "deputy_gm")

    text = _render(cli, tmp_path, "walkin_analysis", "2026-11")
    assert "来店来电客户信息分析" in text and "汉兰达" in text and "16.0%" in text  # 4 orders of 25 walk-ins
    text = _render(cli, tmp_path, "ad_summary", "2026-11")
    assert "广告宣传总结表" in text and "26,000.00" in text
    text = _render(cli, tmp_path, "dept_summary", "2026-11")
    assert "上月客户部工作总结报表" in text and "市场专员" in text and "客户经理" in text
    text = _render(cli, tmp_path, "callback_summary", "2026-11")
    assert "上月客户回访报表" in text and "销售回访专员" in text
    empty = cli("reports", "render", "manager.callback_summary", "--period", "2026-05", user="wang", ok=False)
    assert empty.exit_code == 2 and "没有回访任务" in empty.output

    text = _render(cli, tmp_path, "composition", "2026-11")
    assert "客户及车型构成分析" in text and "2026-11" in text and "凯美瑞" in text
    text = _render(cli, tmp_path, "data_quality", "2026-11")
    assert "客户资料质量检查表" in text and "缺少地址" in text
    cli("customers", "show", "2", "--reveal", user="wang")
    text = _render(cli, tmp_path, "access_review", "2026-11")
    assert "权限与信息安全检查表" in text and "wang" in text and "本期查看客户完整号码" in text


def test_forms_and_chains_of_the_month(cli, tmp_path: Path):
    cli("tasks", "generate", "--date", "2026-11-27")
    tasks = _tasks(cli, "--role", "manager")
    order = {"subject": "销售部订购厂家促销品", "items": [{"item": "凯美瑞车模", "quantity": 20, "unit_price": "88.00"}],
             "amount": "1760.00", "purpose": "交车仪式礼品"}
    cli("approvals", "submit", "promo_order", "--data", str(write_yaml(tmp_path / "o.yaml", order)), user="seller")
    for who in ("xiao", "zhao", "qian"):
        cli("approvals", "approve", "1", user=who)
    follow = _tasks(cli, "--role", "manager")
    assert any("网上订购" in t["title"] for t in follow.values())

    plan = {"subject": "2027年客户服务计划", "year": 2027, "items": [
        {"area": "owner_activity", "item": "春季车主自驾游", "owner": "mkt", "due_on": "2027-04-30"},
        {"area": "cs", "item": "首保回厂率提升到85%", "owner": "li", "due_on": "2027-06-30"}]}
    cli("approvals", "submit", "manager.plan", "--data", str(write_yaml(tmp_path / "plan.yaml", plan)), user="wang")
    for who in ("zhao", "qian"):
        cli("approvals", "approve", "2", user=who)
    li = _tasks(cli, "--user", "li")["manager.plan_item"]
    assert "首保回厂率提升到85%" in li["title"] and li["due_at"].startswith("2027-06-30")


    evaluation = {"username": "li", "month": "2026-11", "rating": 4, "notes": "回访及时,投诉跟进到位"}
    refused = cli("tasks", "done", str(tasks["manager.staff_evaluation"]["id"]), user="wang", ok=False)
    assert refused.exit_code == 2
    cli("forms", "fill", "manager.evaluation", "--data", str(write_yaml(tmp_path / "e.yaml", evaluation)), user="wang")
    cli("tasks", "done", str(tasks["manager.staff_evaluation"]["id"]), user="wang")
    training = {"topic": "投诉处理话术", "held_on": "2026-11-26", "trainer": "王建国",
                "attendees": [{"username": "li", "score": 92}, {"username": "sun", "score": 85}]}
    cli("forms", "fill", "manager.training", "--data", str(write_yaml(tmp_path / "t.yaml", training)), user="wang")
    reward = {"username": "li", "kind": "reward", "on": "2026-11-27", "reason": "客户表扬信", "amount": "200.00"}
    cli("forms", "fill", "manager.reward", "--data", str(write_yaml(tmp_path / "r.yaml", reward)), user="wang")
    contact = {"party_kind": "oem", "party": "广汽丰田华南区域", "person": "区域经理", "on": "2026-11-27",
               "subject": "年末促销政策沟通"}
    cli("forms", "fill", "manager.contact", "--data", str(write_yaml(tmp_path / "k.yaml", contact)), user="wang")
    subs = json.loads(cli("forms", "submissions", "manager.contact", "--json", user="wang").output)
    assert len(subs) == 1

    with time_machine.travel(dt.datetime(2027, 1, 4, 9, 0, tzinfo=CST), tick=False):
        cli("tasks", "generate", "--date", "2027-01-04")
        q1 = _tasks(cli, "--role", "manager")["manager.oem_materials"]
        assert q1["due_at"].startswith("2027-01-31")
        materials = {"quarter": "2027-Q1", "ad_materials": str(pdf_file(tmp_path / "ads.pdf", "ads")),
                     "sales_materials": str(pdf_file(tmp_path / "sales.pdf", "sales")), "channel": "email",
                     "sent_on": "2027-01-04"}
        cli("forms", "fill", "manager.oem_materials", "--data", str(write_yaml(tmp_path / "q.yaml", materials)),
            user="wang")
        cli("tasks", "done", str(q1["id"]), user="wang")
        sent = {"month": "2027-02", "approval_id": 1, "sent_on": "2027-01-04",
                "copies": ["sales", "service", "finance"]}
        m3 = _tasks(cli, "--role", "manager")["manager.ad_plan_oem"]
        assert m3["due_at"].startswith("2027-01-15")
        cli("forms", "fill", "manager.ad_plan_oem", "--data", str(write_yaml(tmp_path / "s.yaml", sent)), user="wang")
        cli("tasks", "done", str(m3["id"]), user="wang")
