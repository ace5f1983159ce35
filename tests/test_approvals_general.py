"""Core's general chains (APR-APPLY, -CONTRACT, -STAMP, -PAY, -LOAN, -REIMB) driven through ``crdesk approvals``.

Each chain walks its manual steps one signer at a time, prints its 签批单 as a
PDF, and refuses self-approval, an out-of-order decision, a missing
attachment and an amount with three decimals, changing nothing.
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from tests.approvals_support import GENERAL_DATA, GENERAL_FILES, staffed_app
from tests.approvals_support import attachments_in_tmp  # noqa: F401  (autouse)

#: chain id → (title, [(step, who signs)], follow-up task titles)
CHAINS = {
    "apply": ("申请流程", [("部门经理", "wang"), ("副总经理", "zhao"), ("总经理", "qian")], []),
    "contract": ("合同审批", [("部门经理", "wang"), ("财务经理", "cai"), ("副总经理", "zhao"), ("总经理", "qian")],
                 ["总经理在合同上签字"]),
    "stamp": ("合同盖章", [("部门经理", "wang"), ("总经理(或副总经理)", "zhao")],
              ["盖章后拍照、复印三份", "行政文员接收合同原件备案"]),
    "pay": ("付款", [("部门经理", "wang"), ("会计", "kuai"), ("财务经理", "cai"), ("副总经理", "zhao"),
                   ("总经理", "qian")], ["财务按签批单付款"]),
    "loan": ("借支", [("部门经理", "wang"), ("财务经理", "cai"), ("副总经理", "zhao"), ("总经理", "qian")],
             ["财务按签批单支付借支"]),
    "reimb": ("报销冲账", [("部门经理", "wang"), ("会计", "kuai"), ("财务经理", "cai"), ("副总经理", "zhao"),
                       ("总经理", "qian")], ["财务按签批单报销冲账"]),
}


@pytest.fixture
def cli(make_app, run_cli):
    staffed_app(make_app, plugins=())
    return run_cli


def _data(tmp_path: Path, chain: str, **changes: object) -> Path:
    path = tmp_path / f"{chain}.yaml"
    path.write_text(yaml.safe_dump({**GENERAL_DATA[chain], **changes}, allow_unicode=True), encoding="utf-8")
    return path


def _files(tmp_path: Path, chain: str) -> list[str]:
    out = []
    for name in GENERAL_FILES.get(chain, ()):
        f = tmp_path / f"{name}.jpg"
        f.write_bytes(f"{chain} {name}".encode())
        out += ["--attach", f"{name}={f}"]
    return out


def _agenda_titles(cli, who: str) -> list[str]:
    """Open tasks on ``who``'s agenda (their own and their roles')."""
    return [t["title"] for t in json.loads(cli("tasks", "list", "--user", who, "--status", "open,overdue", "--json").output)]


def test_core_registers_the_six_general_chains_with_the_manuals_flow(cli):
    chains = {c["key"]: c for c in json.loads(cli("approvals", "chains", "--json").output)}
    assert chains["core.apply"]["flow"] == "(业务部门→) → 部门经理 → 副总经理 → 总经理"
    assert chains["core.contract"]["flow"] == "部门经理 → 财务经理 → 副总经理 → 总经理 → 总经理在合同上签字"
    assert chains["core.pay"]["steps"][1]["attachments"] == ["invoice_photo", "contract_copy"]
    assert {k: chains[k]["duties"] for k in ("core.apply", "core.contract", "core.stamp", "core.pay", "core.loan",
                                             "core.reimb")} == {
        "core.apply": ["APR-APPLY"], "core.contract": ["APR-CONTRACT"], "core.stamp": ["APR-STAMP"],
        "core.pay": ["APR-PAY"], "core.loan": ["APR-LOAN"], "core.reimb": ["APR-REIMB"]}


@pytest.mark.parametrize("chain", sorted(CHAINS))
def test_each_general_chain_runs_its_steps_in_order_and_prints_its_signoff_sheet(cli, chain, tmp_path: Path):
    title, steps, follow_ups = CHAINS[chain]
    out = cli("approvals", "submit", chain, "--data", str(_data(tmp_path, chain)), *_files(tmp_path, chain),
              user="mkt").output
    assert "submitted request 1" in out
    for position, (step, who) in enumerate(steps):
        shown = json.loads(cli("approvals", "show", "1", "--json").output)
        assert shown["current_step"] == step
        later = [w for _s, w in steps[position + 1:] if w != who]
        if later:  # a later signer cannot jump the queue
            refused = cli("approvals", "approve", "1", user=later[-1], ok=False)
            assert refused.exit_code == 3 and f"now waits for {step}" in refused.output
        cli("approvals", "approve", "1", "--comment", f"{step}同意", user=who)
    done = json.loads(cli("approvals", "show", "1", "--json").output)
    assert done["status"] == "approved" and done["chain_title"] == title
    assert [d["step"] for d in done["decisions"]] == ["申请人"] + [s for s, _w in steps]
    assert done["follow_ups"] == follow_ups
    pdf = tmp_path / "签批单.pdf"
    cli("approvals", "show", "1", "--pdf", str(pdf))
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    for expected in (f"{title}签批单", GENERAL_DATA[chain]["subject"], "马可", "王建国", "钱总" if chain != "stamp"
                     else "赵副总", "已批准"):
        assert expected in text, expected
    if "amount" in GENERAL_DATA[chain]:
        assert f"¥{Decimal(GENERAL_DATA[chain]['amount']):,.2f}" in text


def test_amounts_are_exact_decimals_and_three_decimals_are_refused_in_one_line(cli, tmp_path: Path):
    refused = cli("approvals", "submit", "loan", "--data", str(_data(tmp_path, "loan", amount="5000.125")),
                  user="mkt", ok=False)
    assert refused.exit_code == 2
    assert refused.output.strip().count("\n") == 0 and "5000.125" in refused.output and "two decimals" in refused.output
    assert json.loads(cli("approvals", "list", "--json").output) == []
    cli("approvals", "submit", "loan", "--data", str(_data(tmp_path, "loan", amount="1234567.89")), user="mkt")
    shown = json.loads(cli("approvals", "show", "1", "--json").output)
    assert next(a["value"] for a in shown["answers"] if a["field"] == "amount") == "¥1,234,567.89"


def test_nobody_approves_their_own_request(cli, tmp_path: Path):
    cli("approvals", "submit", "pay", "--data", str(_data(tmp_path, "pay")), *_files(tmp_path, "pay"), user="wang")
    refused = cli("approvals", "approve", "1", user="wang", ok=False)
    assert refused.exit_code == 3 and "nobody may approve their own request" in refused.output
    # wang heads the department: his own 部门经理 step is left out (the 副总经理 signs later anyway, see
    # docs/security.md), so the request waits for the accountant, not for him.
    assert json.loads(cli("approvals", "show", "1", "--json").output)["current_step"] == "会计"


def test_payment_without_invoice_photo_and_contract_copy_is_stopped_at_the_accountant(cli, tmp_path: Path):
    cli("approvals", "submit", "pay", "--data", str(_data(tmp_path, "pay")), user="mkt")
    cli("approvals", "approve", "1", user="wang")
    refused = cli("approvals", "approve", "1", user="kuai", ok=False)
    assert refused.exit_code == 2 and "发票照片、合同复印件" in refused.output
    assert refused.output.strip().count("\n") == 0
    assert json.loads(cli("approvals", "show", "1", "--json").output)["current_step"] == "会计"
    files = _files(tmp_path, "pay")
    ok = json.loads(cli("approvals", "approve", "1", *files, "--json", user="kuai").output)
    assert ok["current_step"] == "财务经理"


def test_stamping_leaves_the_original_to_admin_clerk_record_on_the_clerks_agenda(cli, tmp_path: Path):
    cli("approvals", "submit", "stamp", "--data", str(_data(tmp_path, "stamp")), user="mkt")
    cli("approvals", "approve", "1", user="wang")
    cli("approvals", "approve", "1", user="qian")
    assert any("行政文员接收合同原件备案" in t for t in _agenda_titles(cli, "wen"))
    assert any("盖章后拍照、复印三份" in t for t in _agenda_titles(cli, "mkt"))


def test_contract_needs_the_draft_before_the_department_manager_signs(cli, tmp_path: Path):
    cli("approvals", "submit", "contract", "--data", str(_data(tmp_path, "contract")), user="mkt")
    refused = cli("approvals", "approve", "1", user="wang", ok=False)
    assert refused.exit_code == 2 and "合同复印件或无盖章合同" in refused.output
