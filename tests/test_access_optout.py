"""Only the customer's own words undo an SMS opt-out made by replying 回T退订; the source is recorded."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.vin import with_check_digit
from tests.people_support import DELIVERY_HEADER, write_csv


@pytest.fixture
def shop(run_cli: Any, tmp_path: Path) -> Any:
    run_cli("init", "--plugins", "")
    run_cli("stores", "add", "GZ01", "广汽丰田天河店")
    run_cli("users", "add", "cr1", "--role", "cr", "--dept", "cr")
    run_cli("users", "add", "mgr", "--role", "manager", "--dept", "cr")
    rows = [["张伟", "13812345678", with_check_digit("LVGBE40K0KG000017"), "粤A80001", "凯美瑞", "2026-10-08", "王强"]]
    run_cli("import", "deliveries", str(write_csv(tmp_path / "d.csv", DELIVERY_HEADER, rows)))
    return run_cli


def opted_out(run_cli: Any) -> list[str]:
    return json.loads(run_cli("customers", "show", "1", "--json", user="mgr").output)["opted_out"]


def replies(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "上行短信.csv"
    path.write_text("手机号码,回复内容\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_staff_cannot_regrant_an_opt_out_the_customer_made_by_reply(shop, tmp_path):
    out = shop("sms", "replies", replies(tmp_path, "13812345678,T", "13800000000,TD", "13812345678,谢谢"),
               user="cr1")
    assert "退订 1 条" in out.output and "其他回复 1 条" in out.output and "未知号码 1 条" in out.output
    assert opted_out(shop) == ["sms"]
    refused = shop("customers", "consent", "1", "--channel", "sms", "--grant", "--source", "电话回访同意",
                   user="mgr", ok=False)
    assert refused.exit_code == 3 and "only another reply of the customer" in refused.output
    assert opted_out(shop) == ["sms"]
    shop("sms", "replies", replies(tmp_path, "138 1234 5678,订阅"), user="cr1")  # the customer's own words
    assert opted_out(shop) == []
    log = json.loads(shop("audit", "list", "--entity", "customer", "--id", "1", "--json", user="mgr").output)
    consents = [e["after"] for e in log if e["action"] == "consent"]
    assert [(c["granted"], c["origin"], c["source"]) for c in consents] == [
        (True, "customer_sms", "客户短信回复「订阅」"), (False, "customer_sms", "客户短信回复「T」")]


def test_a_transcribed_reply_counts_as_the_customers_words_and_a_staff_opt_out_stays_staffs(shop):
    shop("customers", "consent", "1", "--channel", "sms", "--refuse", "--source", "短信回T退订", user="cr1")
    refused = shop("customers", "consent", "1", "--channel", "sms", "--grant", "--source", "电话回访", user="cr1",
                   ok=False)
    assert refused.exit_code == 3
    bad = shop("customers", "consent", "1", "--channel", "phone", "--grant", "--source", "回T退订", ok=False)
    assert bad.exit_code == 2
    shop("customers", "consent", "1", "--channel", "phone", "--refuse", "--source", "电话回访时要求勿扰", user="cr1")
    shop("customers", "consent", "1", "--channel", "phone", "--grant", "--source", "电话回访同意", user="cr1")
    assert opted_out(shop) == ["sms"]


def test_a_bad_replies_file_names_the_row_and_changes_nothing(shop, tmp_path):
    bad = shop("sms", "replies", replies(tmp_path, "13812345678,T", "12ab,T"), user="cr1", ok=False)
    assert bad.exit_code == 2 and "row 3, 手机号码" in bad.output
    assert opted_out(shop) == []
