"""Activities in 13 stages (MKT-ACT, APR-ACTIVITY), budget against spend through core's chains (MKT-FIN) and the
evidence archive for OEM reimbursement (MKT-ARCH), through ``crdesk activities``."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
import time_machine
from pypdf import PdfReader

from tests.approvals_support import GENERAL_DATA, attachments_in_tmp  # noqa: F401  (autouse)
from tests.marketing_support import NOW, jpeg, marketing_app, pdf_file, write_yaml

PLAN = {"purpose": "回馈老车主,带动保养回厂", "starts_at": "2026-12-12 09:30", "ends_at": "2026-12-12 16:00",
        "place": "天河店展厅及停车场", "audience": "三年内购车车主", "publicity": "短信邀约+公众号软文",
        "expected_effect": "到场120组,带动保养40台", "budget": "30000.00"}
EXECUTION = {"details": "签到、抽奖、免费检测", "materials": "背景板、易拉宝", "advertising": "公众号软文两篇",
             "staff": "客户部4人、售后2人", "schedule": "12月1日定稿,12月10日布置", "crisis": "雨天改室内,急救箱"}
SUMMARY = {"direct_effect": "到场132组,保养46台", "versus_expected": "超出预计10%", "indirect_effect": "转介绍线索18条",
           "lessons": "提前两周邀约", "shortcomings": "签到排队", "improvements": "增加签到台",
           "coverage": "广州日报车主活动报道"}


@pytest.fixture
def cli(make_app, run_cli):
    with time_machine.travel(NOW, tick=False):
        marketing_app(make_app)
        yield run_cli


def _show(cli, activity_id: int = 1) -> dict:
    return json.loads(cli("activities", "show", str(activity_id), "--json", user="mkt").output)


def _advance_to(cli, stage: int) -> None:
    while _show(cli)["stage"] < stage:
        cli("activities", "advance", "1", "--note", "完成", user="mkt")


def test_an_activity_moves_through_the_13_stages_in_order_gated_by_its_approval(cli, tmp_path: Path):
    cli("activities", "add", "冬季车主关爱日", "--kind", "owner", user="mkt")
    skipped = cli("activities", "advance", "1", "--to", "3", user="mkt", ok=False)
    assert skipped.exit_code == 2 and "不能跳到「3. 活动计划」" in skipped.output and skipped.output.count("\n") == 1
    _advance_to(cli, 6)
    assert _show(cli)["stage_zh"] == "6. 方案策划"
    early = cli("activities", "advance", "1", user="mkt", ok=False)
    assert early.exit_code == 2 and "submit-plan" in early.output
    plan = write_yaml(tmp_path / "plan.yaml", PLAN)
    assert "审批单 1" in cli("activities", "submit-plan", "1", "--data", str(plan), user="mkt").output
    assert _show(cli)["stage_zh"] == "7. 公司审批"
    gated = cli("activities", "advance", "1", user="mkt", ok=False)
    assert gated.exit_code == 2 and "尚未获部门经理、副总经理、总经理批准" in gated.output
    for who in ("wang", "zhao"):
        cli("approvals", "approve", "1", user=who)
        assert cli("activities", "advance", "1", user="mkt", ok=False).exit_code == 2
    cli("approvals", "approve", "1", user="qian")
    cli("activities", "advance", "1", "--note", "方案获批", user="mkt")
    assert _show(cli)["stage_zh"] == "8. 执行方案"
    no_plan = cli("activities", "advance", "1", user="mkt", ok=False)
    assert "须先填写执行方案" in no_plan.output
    partial = write_yaml(tmp_path / "x.yaml", {k: v for k, v in EXECUTION.items() if k != "crisis"})
    assert "危机防范措施" in cli("activities", "execution", "1", "--data", str(partial), user="mkt", ok=False).output
    cli("activities", "execution", "1", "--data", str(write_yaml(tmp_path / "e.yaml", EXECUTION)), user="mkt")
    _advance_to(cli, 11)
    photos = cli("activities", "advance", "1", user="mkt", ok=False)
    assert "须先上传现场图片" in photos.output
    cli("activities", "evidence", "add", "1", "onsite_photo", str(jpeg(tmp_path / "现场1.jpg")), user="mkt")
    cli("activities", "advance", "1", user="mkt")
    assert "须先填写活动总结" in cli("activities", "advance", "1", user="mkt", ok=False).output
    cli("activities", "summary", "1", "--data", str(write_yaml(tmp_path / "s.yaml", SUMMARY)), user="mkt")
    cli("activities", "advance", "1", user="mkt")
    cli("activities", "advance", "1", "--note", "报道已存档", user="mkt")
    shown = _show(cli)
    assert shown["finished"] and [s["stage"] for s in shown["stages"]] == list(range(1, 14))
    pdf = tmp_path / "活动报告.pdf"
    cli("activities", "show", "1", "--pdf", str(pdf), user="mkt")
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    for expected in ("活动报告", "冬季车主关爱日", "13. 后续报道", "回馈老车主", "30,000.00", "雨天改室内", "到场132组",
                     "现场图片"):
        assert expected in text, expected


def test_budget_lines_count_only_approved_payments_and_reimbursements(cli, tmp_path: Path):
    cli("activities", "add", "国庆试驾会", "--kind", "promotion", user="mkt")
    cli("activities", "budget", "1", "场地物料", "12000.00", user="mkt")
    cli("activities", "budget", "1", "媒体", "8000.50", user="mkt")
    bad = cli("activities", "budget", "1", "餐饮", "100.001", user="mkt", ok=False)
    assert bad.exit_code == 2 and "最多两位小数" in bad.output and bad.output.count("\n") == 1
    pay = write_yaml(tmp_path / "pay.yaml", {**GENERAL_DATA["pay"], "amount": "7000.25"})
    photo, copy = jpeg(tmp_path / "invoice.jpg"), pdf_file(tmp_path / "copy.pdf")
    cli("approvals", "submit", "pay", "--data", str(pay), "--attach", f"invoice_photo={photo}",
        "--attach", f"contract_copy={copy}", user="mkt")
    reimb = write_yaml(tmp_path / "r.yaml", {**GENERAL_DATA["reimb"], "amount": "1500.10"})
    cli("approvals", "submit", "reimb", "--data", str(reimb), "--attach", f"invoice_photo={photo}", user="mkt")
    loan = write_yaml(tmp_path / "l.yaml", GENERAL_DATA["loan"])
    cli("approvals", "submit", "loan", "--data", str(loan), user="mkt")
    cli("activities", "spend", "1", "--request", "1", "--item", "场地物料", user="mkt")
    cli("activities", "spend", "1", "--request", "2", "--item", "场地物料", user="mkt")
    refused = cli("activities", "spend", "1", "--request", "3", "--item", "媒体", user="mkt", ok=False)
    assert refused.exit_code == 2 and "不是付款或报销冲账申请" in refused.output
    twice = cli("activities", "spend", "1", "--request", "1", "--item", "媒体", user="mkt", ok=False)
    assert "不能重复计入" in twice.output
    shown = _show(cli)
    assert shown["approved_total"] == "0.00" and shown["pending_total"] == "8,500.35"
    for who in ("wang", "kuai", "cai", "zhao", "qian"):
        cli("approvals", "approve", "1", user=who)
    shown = _show(cli)
    assert shown["budget_total"] == "20,000.50" and shown["approved_total"] == "7,000.25"
    assert shown["budget"][0] == {"item": "场地物料", "budget": "12,000.00", "approved": "7,000.25",
                                  "pending": "1,500.10", "rate": "58.3%"}
    out = tmp_path / "活动一览.pdf"
    cli("reports", "render", "marketing.activities", "--period", "2026-11", "-o", str(out), user="mkt")
    listing = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "国庆试驾会" in listing and "1. 市场分析" in listing and "7,000.25" in listing
    assert cli("activities", "budget", "1", "媒体", "1.00", user="sun", ok=False).exit_code == 3


def test_evidence_checklist_blocks_the_claim_until_complete_and_exports_a_zip_with_an_index(cli, tmp_path: Path):
    cli("activities", "add", "广州日报半版广告", "--kind", "ad", user="mkt")
    wrong = tmp_path / "合同.docx"
    wrong.write_bytes(b"PK\x03\x04 word")
    refused = cli("activities", "evidence", "add", "1", "contract_photo", str(wrong), user="mkt", ok=False)
    assert refused.exit_code == 2 and "只接受" in refused.output and refused.output.count("\n") == 1
    fake = tmp_path / "假照片.jpg"
    fake.write_bytes(b"GIF89a not a jpeg")
    assert "扩展名与内容不符" in cli("activities", "evidence", "add", "1", "invoice", str(fake), user="mkt",
                                     ok=False).output
    contract = jpeg(tmp_path / "合同原件.jpg", "contract")
    cli("activities", "evidence", "add", "1", "contract_photo", str(contract), user="mkt")
    cli("activities", "evidence", "add", "1", "contract_photo", str(contract), user="mkt")  # same file: kept once
    cli("activities", "evidence", "add", "1", "invoice", str(pdf_file(tmp_path / "发票.pdf", "invoice")), user="mkt")
    not_yet = cli("activities", "evidence", "ready", "1", user="mkt", ok=False)
    assert not_yet.exit_code == 2 and "缺少发布证明(样报或实体拍照)" in not_yet.output
    assert "尚未确认可申请报销" in cli("activities", "evidence", "export", "1", user="mkt", ok=False).output
    cli("activities", "evidence", "add", "1", "publication_proof", str(jpeg(tmp_path / "样报.jpg", "paper")),
        user="mkt")
    cli("activities", "evidence", "ready", "1", user="mkt")
    listed = json.loads(cli("activities", "evidence", "list", "1", "--json", user="mkt").output)
    assert len(listed) == 3
    sha = hashlib.sha256(contract.read_bytes()).hexdigest()
    root = Path(tmp_path / "attachments")
    assert (root / sha[:2] / sha).read_bytes() == contract.read_bytes()
    out = tmp_path / "claim.zip"
    cli("activities", "evidence", "export", "1", "--out", str(out), user="mkt")
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        index = "".join(p.extract_text() for p in PdfReader(io.BytesIO(zf.read("00-索引.pdf"))).pages)
        assert zf.read(next(n for n in names if n.endswith("合同原件.jpg"))) == contract.read_bytes()
    assert len(names) == 4 and "厂家广宣报销资料索引" in index and sha in index.replace("\n", "")
