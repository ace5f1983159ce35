"""Masked phones stay masked: no search oracle, no clear phone in the audit log, masked free text, keyed chain."""
from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from core import audit
from core.models import AuditEntry
from tests.people_support import DELIVERY_HEADER, write_csv

KEY = "測試-审计密钥-0123456789"


@pytest.fixture
def shop(run_cli: Any, tmp_path: Path) -> Any:
    run_cli("init", "--plugins", "followup")
    run_cli("stores", "add", "GZ01", "广汽丰田天河店")
    for name, role in (("cr1", "cr"), ("mgr", "manager"), ("sf1", "sales_fu"), ("boss", "gm")):
        run_cli("users", "add", name, "--role", role, "--dept", "cr")
    rows = [["张伟", "13812345678", "LVGBE40K0KG000017", "粤A80001", "凯美瑞", "2026-10-08", "王强"],
            ["李_娜", "13987654321", "LVGBE40K0KG000020", "粤A80002", "雷凌", "2026-10-09", "王强"],
            ["王100%", "13700001111", "LVGBE40K0KG000034", "粤A80003", "汉兰达", "2026-10-10", "陈明"]]
    from core.vin import with_check_digit

    for row in rows:
        row[2] = with_check_digit(row[2])
    run_cli("import", "deliveries", str(write_csv(tmp_path / "d.csv", DELIVERY_HEADER, rows)))
    return run_cli


def names(run_cli: Any, text: str, user: str = "sf1") -> list[str]:
    return sorted(c["name"] for c in json.loads(run_cli("customers", "search", text, "--json", user=user).output))


def test_search_matches_whole_phones_or_last_four_digits_only(shop):
    assert names(shop, "13812345678") == ["张伟"]
    assert names(shop, "138 1234 5678") == ["张伟"] and names(shop, "+86 138-1234-5678") == ["张伟"]
    assert names(shop, "5678") == ["张伟"]  # the last four digits are shown anyway
    # probing the hidden middle digits finds nothing: the search is no oracle for 138****5678
    for probe in ("1381234", "13812", "381234567", "1234", "12345678"):
        assert names(shop, probe) == [], probe


def test_like_wildcards_are_taken_literally(shop):
    assert names(shop, "%") == ["王100%"]
    assert names(shop, "_") == ["李_娜"]
    assert names(shop, "李_") == ["李_娜"] and names(shop, "张_") == []


def test_searches_are_audited_with_phones_masked_and_keyed(shop, monkeypatch):
    monkeypatch.setenv("CRDESK_AUDIT_KEY", KEY)
    names(shop, "13812345678")
    names(shop, "张伟", user="cr1")
    log = json.loads(shop("audit", "list", "--entity", "customer", "--json", user="mgr").output)
    searches = [(e["actor"], e["after"]) for e in log if e["action"] == "search"]
    assert searches[0] == ("cr1", {"query": "张伟", "results": 1})
    actor, after = searches[1]
    assert actor == "sf1" and after["query"] == "138****5678" and after["results"] == 1
    expected = hmac.new(KEY.encode(), b"13812345678", hashlib.sha256).hexdigest()
    assert after["query_hmac"] == expected  # with the key, which number was searched stays provable


def test_audit_log_never_stores_a_full_phone(shop, monkeypatch, db_url, make_app):
    monkeypatch.setenv("CRDESK_AUDIT_KEY", KEY)
    shop("customers", "consent", "1", "--channel", "sms", "--refuse", "--source", "客户来电 13812345678 要求退订",
         user="cr1")
    app = make_app()
    with app.session() as s:
        for entry in s.scalars(select(AuditEntry)):
            text = json.dumps([entry.before, entry.after], ensure_ascii=False)
            for phone in ("13812345678", "13987654321", "13700001111"):
                assert phone not in text, (entry.action, text)
        consent = s.scalars(select(AuditEntry).where(AuditEntry.action == "consent")).one()
    assert consent.after["source"] == "客户来电 138****5678 要求退订"
    digest = hmac.new(KEY.encode(), "客户来电 13812345678 要求退订".encode(), hashlib.sha256).hexdigest()
    assert consent.after["source_hmac"] == digest


def test_audit_list_masks_old_clear_entries_for_readers_who_may_not_reveal(shop, make_app):
    app = make_app()
    with app.session() as s:  # an entry written before phones were masked in the log
        prev = audit.summary(s).tail_hash
        at = audit.utcnow()
        after = {"phone": "+8613812345678", "note": "新号码13812345678"}
        s.add(AuditEntry(at=at, actor="cr1", action="change", entity="customer", entity_id="1", before=None,
                         after=after, prev_hash=prev, keyed=False,
                         hash=audit.entry_hash(prev, at, "cr1", "change", "customer", "1", None, after)))
    boss = json.loads(shop("audit", "list", "--entity", "customer", "--id", "1", "--json", user="boss").output)
    assert boss[0]["after"] == {"phone": "138****5678", "note": "新号码138****5678"}
    mgr = json.loads(shop("audit", "list", "--entity", "customer", "--id", "1", "--json", user="mgr").output)
    assert mgr[0]["after"] == after  # the manager may reveal customers
    assert shop("audit", "verify").exit_code == 0


def test_complaint_text_shows_phones_masked_to_roles_without_reveal(shop):
    shop("complaints", "open", "--customer", "1", "--origin", "sales", "--category", "服务态度",
         "--text", "客户要求回电 13812345678 或 020-87654321", user="cr1")
    seen = json.loads(shop("complaints", "show", "1", "--json", user="cr1").output)
    assert seen["description"] == "客户要求回电 138****5678 或 020****4321"
    full = json.loads(shop("complaints", "show", "1", "--json", user="mgr").output)
    assert full["description"] == "客户要求回电 13812345678 或 020-87654321"
    listed = json.loads(shop("complaints", "list", "--json", user="cr1").output)
    assert "13812345678" not in json.dumps(listed, ensure_ascii=False)


def test_keyed_chain_old_entries_still_verify_and_the_key_proves_content(shop, monkeypatch, make_app):
    plain = json.loads(shop("audit", "verify", "--json").output)
    assert plain["ok"] and plain["keyed_entries"] == 0 and plain["plain_entries"] > 0
    monkeypatch.setenv("CRDESK_AUDIT_KEY", KEY)
    shop("users", "add", "new1", "--role", "cr", "--dept", "cr")  # first keyed entry
    keyed = json.loads(shop("audit", "verify", "--json").output)
    assert keyed["ok"] and keyed["keyed_entries"] == 1 and keyed["key_used"] is True
    assert "已用审计密钥核对" in keyed["proves"]
    app = make_app()
    with app.session() as s:  # someone with the database alone edits the keyed entry
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
        assert last.keyed
        s.execute(update(AuditEntry).where(AuditEntry.id == last.id).values(actor="mgr"))
    broken = shop("audit", "verify", "--json", ok=False)
    assert broken.exit_code == 1 and "keyed hash" in broken.output
    monkeypatch.delenv("CRDESK_AUDIT_KEY")
    blind = json.loads(shop("audit", "verify", "--json").output)
    assert blind["ok"] and "只核对了链接" in blind["proves"]  # without the key, says what it could not check
    refused = shop("users", "add", "new2", "--role", "cr", "--dept", "cr", ok=False)
    assert refused.exit_code == 1 and "CRDESK_AUDIT_KEY" in refused.output  # no unkeyed entry after keyed ones
    monkeypatch.setenv("CRDESK_AUDIT_KEY", "another key")
    wrong = shop("audit", "verify", "--json", ok=False)
    assert wrong.exit_code == 1 and "key is not the one" in wrong.output


def test_masking_leaves_hashes_vins_and_order_numbers_alone():
    from core.privacy import mask_text, scrub

    digest = "85988108b3bc9a0d31dc1d769a1b58f14e0170935362d212eced7e85856c9970"
    assert scrub({"sha256": digest, "vin": "LVGBE40K0KG000017", "ro": "RO13812345678"}, None) == {
        "sha256": digest, "vin": "LVGBE40K0KG000017", "ro": "RO13812345678"}
    assert mask_text("新号码:13812345678,座机(020)87654321") == "新号码:138****5678,座机020****4321"
