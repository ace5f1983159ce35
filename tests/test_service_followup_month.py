"""A month of the after-sales follow-up specialist through the CLI: intakes in, calls out, reports with the right numbers."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import select

from core.models import Customer, ServiceVisit
from core.people import add_store, add_user, set_head
from core.reports.engine import find_report
from core.reports.periods import period_for
from core.setup import initialise
from core.workdays import cst_today
from tests.people_support import VISIT_HEADER, vin, write_csv

TODAY = cst_today()
INTAKE = TODAY - dt.timedelta(days=5)  # N+5 is today: every call is due today, in this week and month


def _survey(tmp_path, name, overall, nps, *, complaint=None, repair=False):
    answers = {"data_checked": "yes", "reception": overall, "explanation": overall, "quality": overall,
               "on_time": overall, "cleanliness": overall, "price_transparency": overall, "overall": overall,
               "nps": nps, "suggestions": f"{name}的建议", "complaint": "yes" if complaint else "no"}
    if complaint:
        answers["complaint_detail"] = complaint
    if repair:
        answers.update(issue_resolved="yes", claim_smooth="na")
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.fixture
def app(make_app):
    app = make_app(acting_user="admin")
    initialise(app, plugins=["followup", "service_followup"])
    with app.session() as s:
        store = add_store(s, code="GZ01", name="广汽丰田测试店", city="广州", actor="admin")
        add_user(s, username="wang", roles=["manager"], dept="cr", store=store, full_name="王芳")
        add_user(s, username="zhao", roles=["service_fu"], dept="cr", store=store, full_name="赵敏")
        add_user(s, username="desk", roles=["service_desk"], dept="service", store=store, full_name="前台")
        add_user(s, username="svm", roles=["service_manager"], dept="service", store=store, full_name="售后经理")
        set_head(s, store=store, dept="cr", username="wang")
    return app


def test_a_month_of_service_followup(app, run_cli, tmp_path):
    day = INTAKE.isoformat()
    older = [(TODAY - dt.timedelta(days=d)).isoformat() for d in (200, 120, 60)]
    rows = [
        ["RO1", vin(1), "粤A00001", "甲", "13800000001", day, "5000", "首保", "陈工", "0"],
        ["RO2", vin(2), "粤A00002", "乙", "13800000002", day, "20000", "定期保养", "李工", "800"],
        ["RO3", vin(3), "粤A00003", "丙", "13800000003", day, "30000", "一般维修", "陈工", "1500"],
        ["RO4", vin(4), "粤A00004", "丁", "13800000004", day, "15000", "保险", "李工", "5200"],
        ["RO5", vin(5), "粤A00005", "戊", "13800000005", day, "5100", "5K", "陈工", "0"],
        ["RO6", vin(6), "粤A00006", "己", "13800000006", day, "40000", "保修", "李工", "0"],
        # 乙's earlier year: three paid visits make a 贵宾客户 (spend ≥ 8000)
        *[[f"RO2-{i}", vin(2), "粤A00002", "乙", "13800000002", d, "15000", "维修", "李工", "3000"]
          for i, d in enumerate(older)],
    ]
    run_cli("import", "service-visits", str(write_csv(tmp_path / "入库明细.csv", VISIT_HEADER, rows)), user="zhao")
    with app.session() as s:
        cust = {c.name: c.id for c in s.scalars(select(Customer))}
        visit = {v.repair_order: v.id for v in s.scalars(select(ServiceVisit))}
    # 丙 complained at the desk last week: a 重点关怀 customer, called first.
    run_cli("complaints", "open", "--customer", str(cust["丙"]), "--origin", "service", "--category", "维修质量",
            "--text", "异响未排除", "--channel", "walk_in", user="zhao")

    out = json.loads(run_cli("tasks", "generate", "--json", user="admin").output)
    assert out["by_schedule"]["service_followup.callback"] == 4
    assert out["by_schedule"]["service_followup.repair_callback"] == 2

    queue = json.loads(run_cli("service-fu", "queue", "--json", user="zhao").output)
    assert [q["customer"] for q in queue[:2]] == ["丙", "乙"], queue
    assert [q["segment"] for q in queue[:2]] == ["attention", "vip"]
    assert "丙 · 重点关怀" in queue[0]["title"]
    task = {q["customer"]: q["task"] for q in queue}
    assert len(task) == 6

    def call(who, outcome, survey=None):
        args = ["calls", "log", str(task[who]), "--outcome", outcome, "--json"]
        return json.loads(run_cli(*args, *(["--survey", survey] if survey else []), user="zhao").output)

    assert call("甲", "reached", _survey(tmp_path, "甲", 5, 10))["task_status"] == "done"
    call("乙", "no_answer")
    call("乙", "busy")
    call("乙", "reached", _survey(tmp_path, "乙", 4, 8))
    complained = call("丙", "reached", _survey(tmp_path, "丙", 2, 3, complaint="更换件有异响", repair=True))
    assert complained["complaint"] is not None
    assert call("丁", "refused")["task_status"] == "done"
    run_cli("settings", "set", "followup.failure_min_gap_hours", "0")  # the month is compressed: each dial counts
    call("戊", "powered_off")
    call("戊", "powered_off")
    third = call("戊", "forwarded")
    assert third["task_status"] == "cancelled" and third["invalid_number"] is not None
    assert call("己", "wrong_number")["task_status"] == "cancelled"

    # The invalid numbers of service records go to the service department (售后部) to verify.
    week = f"{TODAY.isocalendar()[0]}-W{TODAY.isocalendar()[1]:02d}"
    run_cli("calls", "invalid", "--send", "--week", week, user="zhao")
    agenda = json.loads(run_cli("agenda", "--json", user="desk").output)
    desk_tasks = [t for group in agenda["groups"] for t in group["tasks"]]
    assert sum("核实无效号码" in t["title"] for t in desk_tasks) == 2
    verified = run_cli("calls", "verify", str(cust["戊"]), "--phone", "13900000005", user="desk").output
    reopened = int(re.search(r"reopened as task (\d+)", verified).group(1))
    run_cli("calls", "log", str(reopened), "--outcome", "reached", "--survey", _survey(tmp_path, "戊", 5, 9),
            user="zhao")

    # Complaints: handled by the service manager, closed with the customer's word on the result.
    cases = json.loads(run_cli("complaints", "list", "--origin", "service", "--json", user="wang").output)
    assert len(cases) == 2
    for case in cases:
        run_cli("complaints", "respond", str(case["id"]), "--note", "已联系客户，安排复检", user="svm")
        run_cli("complaints", "close", str(case["id"]), "--result", "更换零件，异响排除", "--satisfaction", "satisfied",
                user="svm")

    # Face-to-face survey and gift at the service visit (SV-D6).
    face = tmp_path / "face.json"
    face.write_text(json.dumps({"reception": 5, "explanation": 4, "quality": 5, "on_time": 5, "cleanliness": 3,
                                "price_transparency": 4, "overall": 5, "nps": 10, "complaint": "no",
                                "suggestions": "休息区咖啡不错"}, ensure_ascii=False), encoding="utf-8")
    run_cli("ceremony", "gift", "service_visit", str(visit["RO1"]), "--gift", "车载香薰", "--form",
            "service_followup.face_to_face", "--survey", str(face), user="zhao")

    month = period_for("month", f"{TODAY:%Y-%m}")
    week_period = period_for("week", f"{TODAY.isocalendar()[0]}-W{TODAY.isocalendar()[1]:02d}")
    with app.session() as s:
        def data(key, period):
            return find_report(app, f"service_followup.{key}").data(app, s, period, None)

        def figs(d):
            return {f["label"]: f["value"] for f in d["figures"]}

        sat = figs(data("satisfaction_report", month))
        assert (sat["应回访"], sat["成功回访"], sat["回访成功率"]) == (6, 4, "66.7%")
        assert (sat["拨打次数"], sat["接通率"], sat["无效号码"], sat["无效号码率"]) == (11, "54.5%", 2, "33.3%")
        # 甲 5, 乙 4, 丙 2, 戊 5 → 3 of 4 satisfied; NPS: 10, 8, 3, 9 → (2 − 1) / 4
        assert (sat["完成问卷"], sat["满意率"], sat["NPS"]) == (4, "75.0%", 25.0)
        compl = figs(data("complaint_summary", month))
        assert (compl["投诉件数"], compl["已结案"], compl["处理结果满意率"]) == (2, 2, "100.0%")
        weekly = figs(data("weekly_callbacks", week_period))
        assert (weekly["成功回访"], weekly["拨打次数"]) == (4, 11)
        face_fig = figs(data("weekly_face_to_face", week_period))
        assert (face_fig["面访问卷"], face_fig["赠送礼品"], face_fig["NPS"]) == (1, 1, 100.0)
        analysis = data("monthly_analysis", month)
        by_advisor = {r["group"]: r for r in analysis["tables"][0]["rows"]}
        assert (by_advisor["陈工"]["n"], by_advisor["李工"]["n"]) == (3, 1)
        seg = figs(data("segments", month))
        assert (seg["重点关怀"], seg["贵宾客户"]) == (1, 1)

    # Every report renders and archives; the weekly summary then completes its task.
    for key, period in (("satisfaction_report", month.code), ("complaint_summary", month.code),
                        ("monthly_analysis", month.code), ("first_maintenance", month.code),
                        ("segments", month.code), ("weekly_callbacks", week_period.code),
                        ("weekly_face_to_face", week_period.code)):
        fmt = "pdf" if key in ("satisfaction_report", "first_maintenance") else "csv"
        out_file = tmp_path / f"{key}.{fmt}"
        run_cli("reports", "render", f"service_followup.{key}", "--period", period, "--format", fmt,
                "-o", str(out_file), user="zhao")
        assert out_file.stat().st_size > 0
    history = json.loads(run_cli("reports", "history", "--json", user="zhao").output)
    assert len({h["key"] if "key" in h else h["report_key"] for h in history}) == 7
