"""Segments a dealer tunes, calls that respect an opt-out, and tasks that need their proof (SV-M1, SV-INFO)."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from core.models import Customer, CustomerConsent
from core.people import add_store, add_user, set_head
from core.setup import initialise
from core.workdays import cst_today
from tests.people_support import VISIT_HEADER, vin, write_csv

TODAY = cst_today()


@pytest.fixture
def app(make_app, tmp_path):
    app = make_app(acting_user="admin")
    initialise(app, plugins=["followup", "service_followup"])
    with app.session() as s:
        store = add_store(s, code="GZ01", name="广汽丰田测试店", city="广州", actor="admin")
        add_user(s, username="wang", roles=["manager"], dept="cr", store=store, full_name="王芳")
        add_user(s, username="zhao", roles=["service_fu"], dept="cr", store=store, full_name="赵敏")
        add_user(s, username="fu", roles=["deputy_gm"], dept="gm_office", store=store, full_name="副总")
        add_user(s, username="zong", roles=["gm"], dept="gm_office", store=store, full_name="总经理")
        set_head(s, store=store, dept="cr", username="wang")
    return app


def _import(run_cli, tmp_path, rows):
    run_cli("import", "service-visits", str(write_csv(tmp_path / "入库.csv", VISIT_HEADER, rows)), user="zhao")


def _day(days_ago: int) -> str:
    return (TODAY - dt.timedelta(days=days_ago)).isoformat()


def test_segment_thresholds_are_settings_a_dealer_changes(app, run_cli, tmp_path):
    _import(run_cli, tmp_path, [
        ["R1", vin(1), "粤A00001", "甲", "13800000001", _day(30), "9000", "维修", "陈工", "4500"],
        ["R2", vin(1), "粤A00001", "甲", "13800000001", _day(90), "8000", "维修", "陈工", "4500"],
        ["R3", vin(2), "粤A00002", "乙", "13800000002", _day(300), "8000", "定期保养", "陈工", "600"],
    ])

    def segments():
        rows = json.loads(run_cli("service-fu", "segments", "--json", user="zhao").output)
        return {r["name"]: r["segment"] for r in rows}

    assert segments() == {"甲": "vip", "乙": "lapsing"}  # 9000 spent ≥ 8000; 乙 not seen for 300 days
    run_cli("settings", "set", "service_followup.segment_vip_spend", "10000", user="admin")
    run_cli("settings", "set", "service_followup.segment_lapse_days", "365", user="admin")
    assert segments() == {"甲": "loyal", "乙": "regular"}


def test_a_customer_who_refused_calls_gets_no_callback(app, run_cli, tmp_path):
    _import(run_cli, tmp_path, [
        ["R1", vin(1), "粤A00001", "甲", "13800000001", _day(4), "5000", "首保", "陈工", "0"],
        ["R2", vin(2), "粤A00002", "乙", "13800000002", _day(4), "9000", "钣喷", "陈工", "3000"],
    ])
    with app.session() as s:
        refused = s.scalar(select(Customer).where(Customer.name == "乙"))
        s.add(CustomerConsent(customer_id=refused.id, channel="phone", granted=False, source="电话回访"))
    out = json.loads(run_cli("tasks", "generate", "--json", user="admin").output)
    assert out["by_schedule"].get("service_followup.callback") == 1
    assert "service_followup.repair_callback" not in out["by_schedule"]


def test_monthly_tasks_need_their_proof(app, run_cli, tmp_path):
    tenth = TODAY.replace(day=10)
    run_cli("tasks", "generate", "--date", tenth.isoformat(), user="admin")
    tasks = json.loads(run_cli("tasks", "list", "--role", "service_fu", "--json", user="zhao").output)
    by_key = {t["key"]: t["id"] for t in tasks}
    sms, analysis = by_key["service_followup.sms"], by_key["service_followup.customer_analysis"]

    refused = run_cli("tasks", "done", str(sms), user="zhao", ok=False)
    assert refused.exit_code != 0 and "SMS request" in refused.output
    request = tmp_path / "sms.json"
    request.write_text(json.dumps({
        "subject": "首保提醒", "requesting_department": "service", "purpose": "提醒未做首保的车主",
        "audience": "service", "message": "您的爱车已到首保时间，欢迎回厂。", "send_date": TODAY.isoformat(),
        "count": 135}, ensure_ascii=False), encoding="utf-8")
    run_cli("approvals", "submit", "core.sms_request", "--data", str(request), user="zhao")
    run_cli("tasks", "done", str(sms), user="zhao")

    refused = run_cli("tasks", "done", str(analysis), user="zhao", ok=False)
    assert "service_followup.segments" in refused.output
    run_cli("reports", "render", "service_followup.segments", "--period", f"{TODAY:%Y-%m}", "--format", "csv",
            "-o", str(tmp_path / "seg.csv"), user="zhao")
    run_cli("tasks", "done", str(analysis), user="zhao")


def test_every_sv_duty_is_carried_by_a_named_mechanism(app, run_cli):
    rows = json.loads(run_cli("duties", "--role", "service_fu", "--json", user="zhao").output)
    assert {r["duty_id"] for r in rows} == {"SV-D1", "SV-D2", "SV-D3", "SV-D4", "SV-D5", "SV-D6", "SV-W1", "SV-W2",
                                            "SV-M1", "SV-M2", "SV-INFO", "SV-CALL", "SV-COMPL", "SV-RPT"}
    assert all(r["covered"] and r["plugin"] == "service_followup" for r in rows), rows
    assert "report service_followup.first_maintenance" in next(r for r in rows if r["duty_id"] == "SV-INFO")["mechanisms"]


def test_yesterdays_intake_customers_and_what_they_lack(app, run_cli, tmp_path):
    _import(run_cli, tmp_path, [["R1", vin(1), "粤A00001", "甲", "13800000001", _day(1), "5000", "首保", "陈工", "0"]])
    listed = json.loads(run_cli("service-fu", "intakes", "--json", user="zhao").output)
    assert [(r["customer"], r["missing"], r["state"]) for r in listed] == [("甲", "地址、第二电话", "待处理")]
    run_cli("service-fu", "update-contact", str(listed[0]["customer_id"]), "--address", "广州市天河区体育西路1号",
            "--phone2", "13900000009", user="zhao")
    listed = json.loads(run_cli("service-fu", "intakes", "--json", user="zhao").output)
    assert listed[0]["missing"] == "" and listed[0]["state"] == "已处理"
    bad = run_cli("service-fu", "update-contact", str(listed[0]["customer_id"]), "--phone2", "12", user="zhao",
                  ok=False)
    assert bad.exit_code != 0 and "--phone2" in bad.output and "Traceback" not in bad.output
