"""Reports a manager signs: the monthly report task closes only for its own period; sign-off block, targets,
last month, and the 《广告报销统计表》 with an item that has no invoice number yet."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import time_machine

from core.workdays import CST
from tests.reports_support import pdf_text
from tests.sales_followup_support import open_store

FIFTH = dt.datetime(2026, 12, 5, 10, 0, tzinfo=CST)


def test_the_monthly_report_task_needs_that_months_report(run_cli, tmp_path: Path) -> None:
    with time_machine.travel(FIFTH, tick=False):
        store = open_store(run_cli, tmp_path)
        run_cli("tasks", "generate")
        tasks = {t["key"]: t["id"] for t in store.json("tasks", "list", "--status", "open", user="sf1")}
        task = tasks["sales_followup.satisfaction_report"]
        run_cli("reports", "render", "sales_followup.satisfaction", "--period", "2026-12", "-o",
                str(tmp_path / "本月.pdf"), user="sf1")
        refused = run_cli("tasks", "done", str(task), user="sf1", ok=False)
        assert refused.exit_code == 2 and "for last month" in refused.output
        run_cli("settings", "set", "sales_followup.satisfaction_target", "0.8", "--store", "gz01", user="mgr")
        pdf = tmp_path / "销售满意度回访报表_2026-11.pdf"
        run_cli("reports", "render", "sales_followup.satisfaction", "--period", "2026-11", "-o", str(pdf), user="sf1")
        run_cli("tasks", "done", str(task), user="sf1")
        text = pdf_text(pdf.read_bytes())
        for words in ("与上月及目标对比", "80.0%", "各题平均分", "客户意见与建议", "制表：刘敏", "审核（部门经理）"):
            assert words in text, words

        complaints = tasks["sales_followup.complaint_summary"]
        assert run_cli("tasks", "done", str(complaints), user="sf1", ok=False).exit_code == 2
        run_cli("reports", "render", "sales_followup.complaints", "--period", "2026-11", "-o",
                str(tmp_path / "投诉.pdf"), user="sf1")
        run_cli("tasks", "done", str(complaints), user="sf1")


def test_ad_reimbursement_renders_with_an_item_without_invoice(run_cli, tmp_path: Path) -> None:
    with time_machine.travel(FIFTH, tick=False):
        store = open_store(run_cli, tmp_path)
        ads = {"quarter": "2026-Q4", "items": [
            {"published_on": "2026-11-20", "media": "广州日报", "content": "凯美瑞上市", "amount": "12000.50",
             "invoice_no": "44010001"},
            {"published_on": "2026-11-27", "media": "新快报", "content": "周末团购", "amount": "8000"}]}
        path = store.write("ads.json", json.dumps(ads, ensure_ascii=False))
        run_cli("forms", "fill", "sales_followup.ad_reimbursement", "--data", str(path), user="sf1")
        pdf = tmp_path / "广告报销统计表.pdf"
        run_cli("reports", "render", "sales_followup.ad_reimbursement", "--period", "2026-Q4", "-o", str(pdf),
                user="sf1")
        text = pdf_text(pdf.read_bytes())
        assert "新快报" in text and "44010001" in text and "20,000.50" in text


def test_the_not_returned_list_is_a_call_list_with_full_numbers_for_manager_and_cr(make_app, run_cli,
                                                                                    tmp_path: Path) -> None:
    from core.people import add_store, add_user
    from core.setup import initialise
    from tests.people_support import vin

    with time_machine.travel(FIFTH, tick=False):
        app = make_app(acting_user="admin")
        initialise(app, plugins=["followup", "service_followup"])
        with app.session() as s:
            store = add_store(s, code="GZ01", name="广汽丰田测试店", city="广州", actor="admin")
            add_user(s, username="wang", roles=["manager"], dept="cr", store=store, full_name="王芳")
            add_user(s, username="huang", roles=["cr"], dept="cr", store=store, full_name="黄小燕")
            add_user(s, username="zhao", roles=["service_fu"], dept="cr", store=store, full_name="赵敏")
        csv = tmp_path / "交车.csv"
        csv.write_text("客户姓名,手机号码,车架号,车牌号,车型,交车日期,销售顾问\n"
                       f"七月车主,13800000007,{vin(7)},粤A00007,凯美瑞,2026-08-15,王五\n", encoding="utf-8")
        run_cli("import", "deliveries", str(csv), user="wang")

        def render(user: str, *extra: str, ok: bool = True):
            out = tmp_path / f"首保_{user}{len(extra)}.pdf"
            result = run_cli("reports", "render", "service_followup.first_maintenance", "--period", "2026-11",
                             "-o", str(out), *extra, user=user, ok=ok)
            return result, (pdf_text(out.read_bytes()) if ok else "")

        _, masked = render("zhao")
        assert "138****0007" in masked and "13800000007" not in masked
        denied, _ = render("zhao", "--reveal", ok=False)
        assert denied.exit_code == 3
        for user in ("wang", "huang"):
            _, full = render(user, "--reveal")
            assert "13800000007" in full and "七月车主" in full
        reveals = [a for a in json.loads(run_cli("audit", "list", "--entity", "report", "--json", user="wang").output)
                   if a["action"] == "reveal"]
        assert len(reveals) == 2


def test_improvement_proposals_are_a_form_with_their_own_list(run_cli, tmp_path: Path) -> None:
    with time_machine.travel(FIFTH, tick=False):
        store = open_store(run_cli, tmp_path)
        proposal = {"source": "sales_survey", "problem": "交车说明评分连续两月低于4分",
                    "evidence": "11月交车说明平均3.2分，客户原话：保养周期没讲清楚",
                    "proposal": "交车时使用保养说明卡逐项讲解并请客户签字", "department": "sales",
                    "expected": "交车说明评分提升到4.5分"}
        path = store.write("提案.json", json.dumps(proposal, ensure_ascii=False))
        run_cli("forms", "fill", "followup.improvement_proposal", "--data", str(path), user="sf1")
        bad = store.write("坏提案.json", json.dumps({"source": "sales_survey", "department": "sales"}))
        refused = run_cli("forms", "fill", "followup.improvement_proposal", "--data", str(bad), user="sf1", ok=False)
        assert refused.exit_code == 2 and "problem" in refused.output
        pdf = tmp_path / "改善提案汇总_2026-12.pdf"
        run_cli("reports", "render", "followup.improvement_proposals", "--period", "2026-12", "-o", str(pdf),
                user="mgr")
        text = pdf_text(pdf.read_bytes())
        assert "改善提案汇总" in text and "刘敏" in text and "销售部" in text and "保养说明卡" in text
        info = next(r for r in store.json("duties", "--role", "sales_fu", user="mgr") if r["duty_id"] == "SF-INFO")
        assert "form followup.improvement_proposal" in info["mechanisms"]
