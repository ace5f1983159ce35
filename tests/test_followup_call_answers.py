"""What a reached call's answers do: asked in Chinese when no file is given, corrections applied and audited,
and a repair not fixed or a claim not smooth opens a case for the service department (SV-CALL)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import time_machine

from core.people import add_store, add_user, set_head
from core.setup import initialise
from core.workdays import CST
from tests.people_support import VISIT_HEADER, vin, write_csv
from tests.reports_support import pdf_text
from tests.sales_followup_support import open_store

NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=CST)


def test_a_reached_call_without_a_file_asks_the_questionnaire(run_cli, tmp_path: Path) -> None:
    with time_machine.travel(NOW, tick=False):
        store = open_store(run_cli, tmp_path)
        for back in range(9, -1, -1):
            run_cli("tasks", "generate", "--date", store.day(back).isoformat())
        rows = store.json("tasks", "list", "--status", "open,overdue")
        task = next(r for r in rows if r["key"] == "sales_followup.callback" and r["title"].endswith("王芳"))
        answers = ["no", "地址已变更", "广州市海珠区新港中路2号", "13900139055",
                   "5", "4", "4", "5", "4", "9", "希望增加周末保养时段", "no"]
        out = run_cli("calls", "log", str(task["id"]), "--outcome", "reached", user="sf1",
                      input="\n".join(answers) + "\n")
        assert "对本次购车的整体满意度" in out.output and "更正的通讯地址" in out.output
        assert "问卷中更正的资料已更新到客户档案" in out.output
        shown = store.json("customers", "show", str(task["source"]["id"] if isinstance(task.get("source"), dict)
                                                     else _customer(store, "王芳")), "--reveal", user="mgr")
        assert shown["address"] == "广州市海珠区新港中路2号" and shown["phone2"] == "13900139055"
        change = next(a for a in store.json("audit", "list", "--entity", "customer", user="mgr")
                      if a["action"] == "change" and "新港中路" in json.dumps(a, ensure_ascii=False))
        assert "before" in json.dumps(change)
        done = store.json("tasks", "list", "--status", "done")
        assert any(t["id"] == task["id"] for t in done)
        aborted = run_cli("calls", "log", str(_open_call(store, "刘洋")), "--outcome", "reached", user="sf1",
                          input="", ok=False)
        assert aborted.exit_code != 0 and store.json("calls", "list", "--customer", str(_customer(store, "刘洋")),
                                                     user="sf1") == []


def _customer(store, name: str) -> int:
    return next(c["id"] for c in store.json("customers", "search", name, user="mgr") if c["name"] == name)


def _open_call(store, name: str) -> int:
    rows = store.json("tasks", "list", "--status", "open,overdue")
    return next(r["id"] for r in rows if r["key"] == "sales_followup.callback" and r["title"].endswith(name))


def test_a_repair_not_fixed_opens_a_case_for_the_service_department(make_app, run_cli, tmp_path: Path) -> None:
    with time_machine.travel(NOW, tick=False):
        app = make_app(acting_user="admin")
        initialise(app, plugins=["followup", "service_followup"])
        with app.session() as s:
            store = add_store(s, code="GZ01", name="广汽丰田测试店", city="广州", actor="admin")
            add_user(s, username="wang", roles=["manager"], dept="cr", store=store, full_name="王芳")
            add_user(s, username="zhao", roles=["service_fu"], dept="cr", store=store, full_name="赵敏")
            add_user(s, username="svm", roles=["service_manager"], dept="service", store=store, full_name="售后经理")
            set_head(s, store=store, dept="cr", username="wang")
            set_head(s, store=store, dept="service", username="svm")
        day = (NOW.date() - dt.timedelta(days=4)).isoformat()
        write_csv(tmp_path / "入库.csv", VISIT_HEADER, [
            ["RO1", vin(1), "粤A00001", "甲", "13800000001", day, "30000", "钣喷", "陈工", "3000"],
            ["RO2", vin(2), "粤A00002", "乙", "13800000002", day, "15000", "保险", "李工", "5200"]])
        run_cli("import", "service-visits", str(tmp_path / "入库.csv"), user="zhao")
        run_cli("tasks", "generate", user="admin")
        tasks = {t["title"].split(" · ")[1]: t["id"] for t in json.loads(
            run_cli("tasks", "list", "--status", "open", "--json", user="zhao").output)
            if t["key"] == "service_followup.repair_callback"}

        def survey(name: str, fixed: str, claim: str) -> str:
            answers = {"data_checked": "yes", "issue_resolved": fixed, "claim_smooth": claim, "reception": 4,
                       "explanation": 4, "quality": 2 if fixed == "no" else 5, "on_time": 4, "cleanliness": 4,
                       "price_transparency": 4, "overall": 3, "nps": 6, "suggestions": "右前门仍有异响",
                       "complaint": "no"}
            path = tmp_path / f"{name}.json"
            path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
            return str(path)

        out = json.loads(run_cli("calls", "log", str(tasks["甲"]), "--outcome", "reached", "--survey",
                                 survey("甲", "no", "no"), "--json", user="zhao").output)
        assert out["followup_case"] is not None and out["complaint"] is None
        fine = json.loads(run_cli("calls", "log", str(tasks["乙"]), "--outcome", "reached", "--survey",
                                  survey("乙", "yes", "yes"), "--json", user="zhao").output)
        assert fine["followup_case"] is None

        case = json.loads(run_cli("complaints", "show", str(out["followup_case"]), "--json", user="wang").output)
        assert case["owner_dept"] == "service" and "返修跟进" in case["category"] and "理赔跟进" in case["category"]
        assert case["first_response_due"] and case["closure_due"]
        steps = [t for t in json.loads(run_cli("tasks", "list", "--status", "open", "--json", user="wang").output)
                 if f"投诉#{out['followup_case']}" in t["title"]]
        assert [t["role"] for t in steps] == ["service_manager"]  # the service dept's head owns the open step
        listed = json.loads(run_cli("complaints", "list", "--json", user="wang").output)[0]  # people read Chinese
        assert (listed["origin_zh"], listed["owner_dept_zh"], listed["status_zh"], listed["channel_zh"]) == (
            "售后", "售后部", "待响应", "回访发现")
        shown = run_cli("complaints", "show", str(out["followup_case"]), user="wang").output
        assert "责任部门" in shown and "售后部" in shown and "service" not in shown
        summary = tmp_path / "售后投诉处理结果汇总.pdf"
        run_cli("reports", "render", "service_followup.complaint_summary", "--period", "2026-11", "-o", str(summary),
                user="wang")
        words = set(_words(pdf_text(summary.read_bytes())))
        assert {"售后部", "返修跟进"} <= words and not {"service", "callback", "open"} & words

        pdf = tmp_path / "服务满意度回访报表.pdf"
        run_cli("reports", "render", "service_followup.satisfaction_report", "--period", "2026-11", "-o", str(pdf),
                user="wang")
        text = pdf_text(pdf.read_bytes())
        assert "故障彻底修复率" in text and "50.0%" in text and "保险理赔顺利率" in text


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"[\u4e00-\u9fff]+|[a-z_]+", text)
