"""The engine against all fifteen chain shapes of the catalogue (eight from a test plugin, seven from core)."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from core.approvals.engine import Approvals, FileToAttach
from core.errors import PermissionDenied, ValidationError
from core.models import ApprovalRequest, Task, User
from tests.approvals_support import GENERAL_DATA, GENERAL_FILES, SMS_DATA, staffed_app, user
from tests.approvals_support import attachments_in_tmp  # noqa: F401  (autouse)

REQUEST = {"subject": "十二月车主活动物料", "amount": "3200.00", "note": "详见附件"}

#: chain id → (author, extra submit options, form answers, expected steps, expected follow-up tasks (role or "author"))
SHAPES = {
    "apply": ("mkt", {}, GENERAL_DATA["apply"], ["部门经理", "副总经理", "总经理"], []),
    "apply+requesting": ("mkt", {"requesting_department": "sales"}, GENERAL_DATA["apply"],
                         ["业务部门", "部门经理", "副总经理", "总经理"], []),
    "contract": ("mkt", {}, GENERAL_DATA["contract"], ["部门经理", "财务经理", "副总经理", "总经理"], ["gm"]),
    "stamp": ("mkt", {}, GENERAL_DATA["stamp"], ["部门经理", "总经理(或副总经理)"], ["admin_clerk", "author"]),
    "pay": ("mkt", {}, GENERAL_DATA["pay"], ["部门经理", "会计", "财务经理", "副总经理", "总经理"], ["accountant"]),
    "loan": ("mkt", {}, GENERAL_DATA["loan"], ["部门经理", "财务经理", "副总经理", "总经理"], ["accountant"]),
    "reimb": ("mkt", {}, GENERAL_DATA["reimb"], ["部门经理", "会计", "财务经理", "副总经理", "总经理"], ["accountant"]),
    "promo_order": ("sun", {}, REQUEST, ["部门经理", "副总经理", "总经理"], ["manager"]),
    "promo_reimb": ("sun", {}, REQUEST, ["部门经理", "会计审核", "财务经理", "副总经理", "总经理"], []),
    "sms_request": ("li", {}, SMS_DATA, ["部门经理", "副总经理", "总经理"], ["cr"]),
    "ad_plan": ("mkt", {}, REQUEST, ["部门经理", "副总经理", "总经理"], ["desk_supervisor", "finance_manager"]),
    "price": ("mkt", {}, REQUEST, ["部门经理", "副总经理", "总经理"], ["author"]),
    "signage": ("mkt", {"requesting_department": "service"}, REQUEST,
                ["业务部门", "部门经理", "副总经理", "总经理"], ["author"]),
    "display": ("mkt", {}, REQUEST, ["部门经理", "副总经理", "总经理"], []),
    "activity": ("mkt", {}, REQUEST, ["部门经理", "副总经理", "总经理"], []),
    "letter+purchase": ("sun", {}, {"subject": "购车感谢信", "letter_type": "purchase", "letter_count": 25},
                        ["总经理签名"], ["admin_clerk", "cr"]),
    "letter+service": ("sun", {}, {"subject": "入库感谢信", "letter_type": "service", "letter_count": 40},
                       ["售后经理签名"], ["admin_clerk", "cr"]),
}


@pytest.fixture
def app(make_app):
    return staffed_app(make_app)


def _decider(session, step, author_id):
    """Someone who may decide ``step``: its assignee, or the first holder of one of its roles."""
    if step.assignee_id is not None:
        return session.get(User, step.assignee_id)
    for u in session.scalars(select(User).order_by(User.id)):
        if u.id != author_id and u.has_role(*step.roles):
            return u
    raise AssertionError(f"nobody holds {step.roles}")


def test_all_fifteen_catalogue_chains_are_registered(app):
    chains = Approvals(app).chains
    duties = sorted({d for c in chains.values() for d in c.duties})
    assert duties == sorted(["APR-APPLY", "APR-CONTRACT", "APR-STAMP", "APR-PAY", "APR-LOAN", "APR-REIMB",
                             "APR-PROMO-ORDER", "APR-PROMO-REIMB", "APR-SMS", "APR-ADPLAN", "APR-PRICE",
                             "APR-SIGNAGE", "APR-DISPLAY", "APR-ACTIVITY", "APR-LETTER"])


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_chain_shape_runs_step_by_step_to_its_follow_ups(app, shape, tmp_path: Path):
    author, options, data, expected_steps, expected_follow_ups = SHAPES[shape]
    chain_id = shape.split("+")[0]
    files = []
    if chain_id in GENERAL_FILES:
        for name in GENERAL_FILES[chain_id]:
            (tmp_path / f"{name}.jpg").write_bytes(f"{name} bytes".encode())
            files.append(FileToAttach(str(tmp_path / f"{name}.jpg"), name))
    engine = Approvals(app)
    with app.session() as s:
        req = engine.submit(s, user(s, author), chain_id, data, files=files,
                            requesting_department=options.get("requesting_department"))
        rid, author_id = req.id, req.author_id
    seen = []
    while True:
        with app.session() as s:
            req = s.get(ApprovalRequest, rid)
            step = engine.current_step(req)
            if step is None:
                break
            seen.append(step.title_zh)
            decider = _decider(s, step, author_id)
            open_for = s.scalars(select(Task).where(Task.link_id == rid, Task.status == "open",
                                                    Task.key == "core.approval_step")).all()
            assert open_for and all(t.assignee_id == decider.id or t.role_code in step.roles for t in open_for)
            engine.approve(s, decider, rid, comment=f"{decider.full_name}同意")
    assert seen == expected_steps
    with app.session() as s:
        req = s.get(ApprovalRequest, rid)
        assert req.status == "approved"
        follow = s.scalars(select(Task).where(Task.link_id == rid, Task.key == "core.approval_action",
                                              Task.status == "open")).all()
        got = sorted("author" if t.assignee_id == author_id else t.role_code for t in follow)
        assert got == sorted(expected_follow_ups)


def test_gm_or_deputy_gm_either_one_decides_contract_stamping(app):
    engine = Approvals(app)
    for who in ("zhao", "qian"):
        with app.session() as s:
            rid = engine.submit(s, user(s, "mkt"), "stamp", GENERAL_DATA["stamp"]).id
            engine.approve(s, user(s, "wang"), rid)
            assert engine.approve(s, user(s, who), rid).status == "approved"


def test_payment_cannot_pass_the_accountant_without_the_invoice_photo(app, tmp_path: Path):
    engine = Approvals(app)
    contract = tmp_path / "合同.pdf"
    contract.write_bytes(b"%PDF contract copy")
    with app.session() as s:
        rid = engine.submit(s, user(s, "mkt"), "pay", GENERAL_DATA["pay"],
                            files=[FileToAttach.parse(f"contract_copy={contract}")]).id
        engine.approve(s, user(s, "wang"), rid, comment="同意")
    with app.session() as s, pytest.raises(ValidationError, match="cannot pass 会计 without 发票照片 attached"):
        engine.approve(s, user(s, "kuai"), rid)
    with app.session() as s:
        req = s.get(ApprovalRequest, rid)
        assert engine.current_step(req).title_zh == "会计" and len(req.decisions) == 2
    photo = tmp_path / "invoice.jpg"
    photo.write_bytes(b"\xff\xd8 invoice photo")
    with app.session() as s:
        req = engine.approve(s, user(s, "kuai"), rid, comment="发票已核",
                             files=[FileToAttach.parse(f"invoice_photo={photo}")])
        assert engine.current_step(req).title_zh == "财务经理"
        assert sorted(a.name for a in req.attachments) == ["contract_copy", "invoice_photo"]


def test_missing_or_unreadable_attachments_are_refused(app, tmp_path: Path):
    engine = Approvals(app)
    for path, message in ((tmp_path / "gone.jpg", "does not exist"), (tmp_path, "is not a file"),
                          (tmp_path / "dangling.jpg", "does not exist")):
        if path.name == "dangling.jpg":
            path.symlink_to(tmp_path / "nowhere.jpg")
        with app.session() as s, pytest.raises(ValidationError, match=message):
            engine.submit(s, user(s, "mkt"), "pay", GENERAL_DATA["pay"], files=[FileToAttach(str(path), "invoice_photo")])
    with app.session() as s:
        assert s.scalar(select(ApprovalRequest.id)) is None


def test_threshold_condition_switches_the_gm_step_on(app):
    engine = Approvals(app)
    with app.session() as s:
        small = engine.submit(s, user(s, "mkt"), "purchase", {**REQUEST, "amount": "800"})
        big = engine.submit(s, user(s, "mkt"), "purchase", {**REQUEST, "amount": "12000"})
        assert [st.title_zh for st in small.steps] == ["部门经理"]
        assert [st.title_zh for st in big.steps] == ["部门经理", "总经理"]


def test_distinct_approvers_refuses_the_same_person_at_two_steps(app):
    from core.models import UserRole

    engine = Approvals(app)
    with app.session() as s:
        s.add(UserRole(user_id=user(s, "wang").id, role_code="gm"))
    with app.session() as s:
        rid = engine.submit(s, user(s, "mkt"), "purchase", {**REQUEST, "amount": "12000"}).id
        engine.approve(s, user(s, "wang"), rid)
    with app.session() as s, pytest.raises(PermissionDenied, match="different person at each step"):
        engine.approve(s, user(s, "wang"), rid)
    with app.session() as s:
        assert engine.approve(s, user(s, "qian"), rid).status == "approved"


def test_requesting_department_only_for_chains_that_have_that_head(app):
    engine = Approvals(app)
    with app.session() as s, pytest.raises(ValidationError, match="no requesting-department step"):
        engine.submit(s, user(s, "mkt"), "loan", GENERAL_DATA["loan"], requesting_department="sales")
    with app.session() as s:
        own = engine.submit(s, user(s, "mkt"), "apply", GENERAL_DATA["apply"], requesting_department="cr")
        assert [st.title_zh for st in own.steps][0] == "部门经理"
