"""Staff, stores, customers and the audit log through the ``crdesk`` command line."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import update

from core.models import AuditEntry
from core.people import department_head, user_by_name
from tests.people_support import DELIVERY_HEADER, delivery_rows, store_app, write_csv


@pytest.fixture
def app(make_app):
    return store_app(make_app)


def test_users_add_list_head_and_away(app, run_cli):
    run_cli("users", "add", "zhou", "--role", "service_desk", "--role", "desk_supervisor", "--dept", "service",
            "--name", "周小红")
    run_cli("users", "add", "qian", "--role", "service_manager", "--dept", "service")
    run_cli("users", "set-head", "service", "qian")
    run_cli("users", "away", "qian", "--until", "2026-12-05", "--delegate", "zhou")
    users = {u["username"]: u for u in json.loads(run_cli("users", "list", "--json").output)}
    assert users["zhou"]["roles"] == ["desk_supervisor", "service_desk"] and users["zhou"]["name"] == "周小红"
    assert users["qian"]["head"] is True and users["qian"]["away_until"] == "2026-12-05"
    assert users["qian"]["delegate"] == "zhou" and users["zhou"]["dept"] == "service"
    with app.session() as s:
        assert department_head(s, user_by_name(s, "zhou")).username == "qian"
        assert department_head(s, user_by_name(s, "li")) is None
    run_cli("users", "away", "qian", "--back")
    users = {u["username"]: u for u in json.loads(run_cli("users", "list", "--json").output)}
    assert users["qian"]["away_until"] is None and users["qian"]["delegate"] is None


def test_users_add_refuses_unknown_role_and_department(app, run_cli):
    out = run_cli("users", "add", "x", "--role", "boss", "--dept", "cr", ok=False)
    assert out.exit_code == 2 and "unknown role 'boss'" in out.output
    out = run_cli("users", "add", "x", "--role", "cr", "--dept", "it", ok=False)
    assert "no department 'it'" in out.output and "gm_office" in out.output


def test_only_admins_manage_staff(app, run_cli):
    out = run_cli("users", "add", "x", "--role", "cr", "--dept", "cr", user="li", ok=False)
    assert out.exit_code == 3 and "may not create user" in out.output and "Traceback" not in out.output


def test_stores_add_and_list_and_store_choice(app, run_cli, tmp_path):
    run_cli("stores", "add", "GZ02", "广汽丰田第二店", "--sms-signature", "【广汽丰田二店】")
    stores = json.loads(run_cli("stores", "list", "--json").output)
    assert [s["code"] for s in stores] == ["GZ01", "GZ02"]
    path = write_csv(tmp_path / "d.csv", DELIVERY_HEADER, delivery_rows(2))
    # li works in GZ01: the import goes to her store, and another store is outside her scope
    out = run_cli("import", "deliveries", str(path), "--store", "GZ02", user="li", ok=False)
    assert out.exit_code == 3 and "outside your stores (GZ01)" in out.output
    assert "store      GZ01" in run_cli("import", "deliveries", str(path), user="li").output
    # admin spans every store, so with several stores the store must be named
    out = run_cli("import", "deliveries", str(path), ok=False)
    assert "pass --store CODE" in out.output
    run_cli("import", "deliveries", str(path), "--store", "GZ02")


def test_follow_up_specialist_sees_masked_phones_manager_reveals_and_it_is_logged(app, run_cli, tmp_path):
    run_cli("import", "deliveries", str(write_csv(tmp_path / "d.csv", DELIVERY_HEADER, delivery_rows(3))),
            user="li")
    found = json.loads(run_cli("customers", "search", "张1", "--json", user="zhao").output)
    assert found[0]["phone"] == "138****0001" and found[0]["vehicles"] == ["粤A00001 凯美瑞"]
    cid = str(found[0]["id"])
    by_phone = json.loads(run_cli("customers", "search", "13812340002", "--json", user="zhao").output)
    assert [c["name"] for c in by_phone] == ["张2"]
    refused = run_cli("customers", "show", cid, "--reveal", user="zhao", ok=False)
    assert refused.exit_code == 3 and "may not reveal customer" in refused.output
    shown = json.loads(run_cli("customers", "show", cid, "--json", user="zhao").output)
    assert shown["phone"] == "138****0001" and shown["history"][0]["what"] == "交车"
    revealed = json.loads(run_cli("customers", "show", cid, "--reveal", "--json", user="wang").output)
    assert revealed["phone"] == "13812340001" and revealed["masked"] is False
    log = json.loads(run_cli("audit", "list", "--entity", "customer", "--json", user="wang").output)
    assert [(e["actor"], e["action"], e["entity_id"]) for e in log if e["action"] != "search"] == [
        ("wang", "reveal", cid)]
    searches = [e["after"]["query"] for e in log if e["action"] == "search"]
    assert searches == ["138****0002", "张1"]  # who searched what, the phone masked


def test_audit_verify_detects_tampering(app, run_cli):
    run_cli("users", "add", "zhou", "--role", "cr", "--dept", "cr")
    assert "audit log intact" in run_cli("audit", "verify").output
    with app.db.engine.begin() as conn:
        conn.execute(update(AuditEntry).where(AuditEntry.entity == "user").values(actor="mallory"))
    out = run_cli("audit", "verify", ok=False)
    assert out.exit_code == 1 and "was edited" in out.output
    data = json.loads(run_cli("audit", "verify", "--json", ok=False).stdout)
    assert data["ok"] is False and data["problems"]


def test_audit_list_needs_the_right(app, run_cli):
    out = run_cli("audit", "list", user="zhao", ok=False)
    assert out.exit_code == 3 and "may not read audit" in out.output
