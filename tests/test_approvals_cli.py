"""``crdesk approvals``: the SMS request from the command line, the 签批单 PDF, refusals as one line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from tests.approvals_support import SMS_DATA, staffed_app
from tests.approvals_support import attachments_in_tmp  # noqa: F401  (autouse)


@pytest.fixture
def cli(make_app, run_cli, monkeypatch):
    monkeypatch.setenv("CRDESK_PLUGIN_PACKAGES", "tests.fixture_plugins.approvals")
    staffed_app(make_app)
    return run_cli


@pytest.fixture
def req_yaml(tmp_path: Path) -> Path:
    path = tmp_path / "req.yaml"
    path.write_text(yaml.safe_dump(SMS_DATA, allow_unicode=True), encoding="utf-8")
    return path


def _pending(cli, who):
    return [r["id"] for r in json.loads(cli("approvals", "list", "--pending", "--json", user=who).output)]


def test_sms_request_from_submit_to_signoff_sheet_pdf(cli, req_yaml, tmp_path: Path):
    chains = json.loads(cli("approvals", "chains", "--json").output)
    sms = next(c for c in chains if c["key"] == "core.sms_request")
    assert sms["flow"] == "部门经理 → 副总经理 → 总经理 → 客户部按签批单发送短信"
    out = cli("approvals", "submit", "sms_request", "--data", str(req_yaml), user="li").output
    assert "submitted request 1" in out and "部门经理" in out
    assert _pending(cli, "wang") == [1] and _pending(cli, "zhao") == []
    cli("approvals", "approve", "1", "--comment", "同意,注意退订说明", user="wang")
    assert _pending(cli, "zhao") == [1]
    cli("approvals", "approve", "1", "--comment", "同意发送", user="zhao")
    done = json.loads(cli("approvals", "approve", "1", "--comment", "批准", "--json", user="qian").output)
    assert done["status"] == "approved" and done["status_zh"] == "已批准"
    assert [r["id"] for r in json.loads(cli("approvals", "list", "--mine", "--json", user="li").output)] == [1]
    shown = json.loads(cli("approvals", "show", "1", "--json").output)
    assert [(d["step"], d["by"], d["action_zh"], d["comment"]) for d in shown["decisions"]] == [
        ("申请人", "李晓燕", "提交", ""), ("部门经理", "王建国", "同意", "同意,注意退订说明"),
        ("副总经理", "赵副总", "同意", "同意发送"), ("总经理", "钱总", "同意", "批准")]
    pdf = tmp_path / "签批单.pdf"
    result = cli("approvals", "show", "1", "--pdf", str(pdf))
    assert "签批意见" in result.output
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    for expected in ("短信发送申请签批单", "广汽丰田广州天河店", "国庆车主关爱活动邀约", "李晓燕", "王建国", "赵副总",
                     "钱总", "同意,注意退订说明", "批准", "已批准", "¥48.00", "客户部按签批单发送短信"):
        assert expected in text, expected


def test_reject_resubmit_return_and_withdraw_from_the_cli(cli, req_yaml, tmp_path: Path):
    cli("approvals", "submit", "sms_request", "--data", str(req_yaml), user="li")
    cli("approvals", "approve", "1", user="wang")
    result = cli("approvals", "reject", "1", user="zhao", ok=False)
    assert result.exit_code == 2 and "say why in --comment" in result.output
    cli("approvals", "reject", "1", "--comment", "条数太多", user="zhao")
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps({**SMS_DATA, "count": 150}, ensure_ascii=False), encoding="utf-8")
    out = cli("approvals", "resubmit", "1", "--data", str(changed), "--comment", "已改为150条", user="li").output
    assert "round 2" in out
    cli("approvals", "approve", "1", user="wang")
    back = json.loads(cli("approvals", "return", "1", "--comment", "请再核实", "--json", user="zhao").output)
    assert back["current_step"] == "部门经理"
    shown = json.loads(cli("approvals", "show", "1", "--json").output)
    assert [d["action"] for d in shown["decisions"]] == ["submit", "approve", "reject", "resubmit", "approve",
                                                         "return"]
    assert next(a for a in shown["answers"] if a["field"] == "count")["value"] == "150"
    cli("approvals", "submit", "sms_request", "--data", str(req_yaml), user="li")
    assert "withdrawn" in cli("approvals", "withdraw", "2", user="li").output
    refused = cli("approvals", "approve", "2", user="wang", ok=False)
    assert refused.exit_code != 0 and "withdrawn by its author" in refused.output


def test_refusals_are_one_clear_line_and_change_nothing(cli, req_yaml, tmp_path: Path):
    cli("approvals", "submit", "sms_request", "--data", str(req_yaml), user="li")
    before = cli("approvals", "show", "1", "--json").output
    for args, who, message in (
        (("approve", "1"), "li", "nobody may approve their own request"),
        (("approve", "1"), "qian", "only 部门经理 王建国 may approve it"),
        (("approve", "9"), "wang", "no approval request 9"),
        (("withdraw", "1"), "wang", "only the author"),
    ):
        result = cli("approvals", *args, user=who, ok=False)
        assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
    assert cli("approvals", "show", "1", "--json").output == before
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({**SMS_DATA, "audience": "全体", "count": "many"}, allow_unicode=True),
                   encoding="utf-8")
    result = cli("approvals", "submit", "sms_request", "--data", str(bad), user="li", ok=False)
    assert result.exit_code == 2 and "not one of the choices" in result.output and "is not a number" in result.output
    missing = cli("approvals", "submit", "pay", "--data", str(req_yaml), "--attach", "invoice_photo=nope.jpg",
                  user="mkt", ok=False)
    assert "does not exist" in missing.output
    assert cli("approvals", "submit", "nosuch", user="li", ok=False).output.count("unknown approval chain") == 1
    assert len(json.loads(cli("approvals", "list", "--json").output)) == 1


def test_payment_attachments_from_the_cli(cli, tmp_path: Path):
    data = tmp_path / "pay.yaml"
    data.write_text("subject: 报纸广告款\npayee: 广州日报社\ncontract_no: GZTH-2026-118\namount: '8800.00'\n",
                    encoding="utf-8")
    photo = tmp_path / "发票.jpg"
    photo.write_bytes(b"\xff\xd8 invoice")
    contract = tmp_path / "合同.pdf"
    contract.write_bytes(b"%PDF contract")
    cli("approvals", "submit", "pay", "--data", str(data), "--attach", f"contract_copy={contract}", user="mkt")
    cli("approvals", "approve", "1", user="wang")
    refused = cli("approvals", "approve", "1", user="kuai", ok=False)
    assert refused.exit_code == 2 and "without 发票照片 attached" in refused.output
    ok = json.loads(cli("approvals", "approve", "1", "--attach", f"invoice_photo={photo}", "--json",
                        user="kuai").output)
    assert ok["current_step"] == "财务经理"
    assert sorted(a["label"] for a in ok["attachments"]) == ["发票照片", "合同复印件"]


def test_submit_by_answering_prompts(cli):
    answers = ["店庆短信", "service", "店庆邀约", "other", "", "保养到期客户", "", "店庆当天到店有礼",
               "2026-12-20", "200", "", "", ""]
    # "other" asks 其他发送对象, which is required: the empty answer is refused and asked again
    answers[4:5] = ["", "保养到期车主"]
    result = cli("approvals", "submit", "sms_request", user="li", input="\n".join(answers) + "\n")
    assert "其他发送对象 (audience_other) is required" in result.output
    assert "submitted request 1" in result.output
    shown = json.loads(cli("approvals", "show", "1", "--json").output)
    assert {a["field"]: a["value"] for a in shown["answers"]}["audience_other"] == "保养到期车主"
