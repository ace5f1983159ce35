"""The company's general approval chains, used by every department (manual 4.2.8–4.2.13).

Core owns them next to APR-SMS because every department signs contracts,
pays, borrows and reimburses the same way; each chain's steps are the
manual's arrows exactly (``../shared/duties.md``):

* APR-APPLY 申请流程: (业务部门→)客户部经办人→部门经理→副总经理→总经理
* APR-CONTRACT 合同审批: 经办人→部门经理→财务经理→副总经理→总经理, then the GM signs
* APR-STAMP 合同盖章: 经办人→部门经理→总经理(或副总经理), then photo, 3 copies, original to the admin clerk
* APR-PAY 付款: 经办人→部门经理→会计→财务经理→副总经理→总经理 (invoice photo + contract copy to the accountant)
* APR-LOAN 借支: 经办人→部门经理→财务经理→副总经理→总经理
* APR-REIMB 报销冲账: 经办人→部门经理→会计→财务经理→副总经理→总经理
"""
from __future__ import annotations

from core.approvals.general_forms import (APPLY_FORM, CONTRACT_FORM, GENERAL_FORMS, LOAN_FORM, PAY_FORM, REIMB_FORM,
                                          STAMP_FORM)
from core.approvals.spec import (ChainSpec, FollowUp, RequiredAttachment, department_manager,
                                 requesting_department, role_step)
from core.forms.spec import FormSpec

DEPUTY_GM = role_step("deputy_gm", "副总经理", "deputy_gm")
GM = role_step("gm", "总经理", "gm")
FINANCE_MANAGER = role_step("finance_manager", "财务经理", "finance_manager")
INVOICE_PHOTO = RequiredAttachment("invoice_photo", "发票照片")
CONTRACT_COPY = RequiredAttachment("contract_copy", "合同复印件")


def _chain(form: FormSpec, title_zh: str, *steps: object, follow_ups: tuple[FollowUp, ...] = ()) -> ChainSpec:
    return ChainSpec(key=form.key, title_zh=title_zh, form=form.key, steps=tuple(steps),  # type: ignore[arg-type]
                     follow_ups=follow_ups, duties=form.duties, title_field="subject")


APPLY_CHAIN = _chain(APPLY_FORM, "申请流程", requesting_department(), department_manager(), DEPUTY_GM, GM)

CONTRACT_CHAIN = _chain(
    CONTRACT_FORM, "合同审批",
    department_manager(attachments=(RequiredAttachment("contract_draft", "合同复印件或无盖章合同"),)),
    FINANCE_MANAGER, DEPUTY_GM, GM,
    follow_ups=(FollowUp("gm_signs", "总经理在合同上签字", role="gm"),))

STAMP_CHAIN = _chain(
    STAMP_FORM, "合同盖章", department_manager(),
    role_step("gm_or_deputy", "总经理(或副总经理)", "gm", "deputy_gm"),
    follow_ups=(FollowUp("copies", "盖章后拍照、复印三份", to_author=True),
                FollowUp("original", "行政文员接收合同原件备案", role="admin_clerk")))

PAY_CHAIN = _chain(
    PAY_FORM, "付款", department_manager(),
    role_step("accountant", "会计", "accountant", attachments=(INVOICE_PHOTO, CONTRACT_COPY)),
    FINANCE_MANAGER, DEPUTY_GM, GM,
    follow_ups=(FollowUp("pay", "财务按签批单付款", role="accountant"),))

LOAN_CHAIN = _chain(LOAN_FORM, "借支", department_manager(), FINANCE_MANAGER, DEPUTY_GM, GM,
                    follow_ups=(FollowUp("pay_out", "财务按签批单支付借支", role="accountant"),))

REIMB_CHAIN = _chain(
    REIMB_FORM, "报销冲账", department_manager(),
    role_step("accountant", "会计", "accountant", attachments=(INVOICE_PHOTO,)),
    FINANCE_MANAGER, DEPUTY_GM, GM,
    follow_ups=(FollowUp("settle", "财务按签批单报销冲账", role="accountant"),))

GENERAL_CHAINS = (APPLY_CHAIN, CONTRACT_CHAIN, STAMP_CHAIN, PAY_CHAIN, LOAN_CHAIN, REIMB_CHAIN)

__all__ = ["GENERAL_CHAINS", "GENERAL_FORMS"]
