"""The request forms of the company's general chains (APR-APPLY … APR-REIMB), manual 4.2.8–4.2.13.

Every amount is a ``money`` field: yuan with at most two decimals, kept as an
exact ``Decimal`` from the answers file to the 签批单; ``12.345`` is refused.
"""
from __future__ import annotations

from decimal import Decimal

from core.forms.spec import Choice, Field, FormSpec

CENT = Decimal("0.01")


def _amount(label: str = "金额(元)", *, required: bool = True) -> Field:
    return Field("amount", "money", label, required=required, min=CENT, help_zh="人民币元,最多两位小数,如 8800.00")


_SUBJECT = Field("subject", "text", "事由", required=True, max=60, help_zh="一句话说明本次申请")
_NOTE = Field("note", "long_text", "备注", max=500)
_CONTRACT_NO = Field("contract_no", "text", "合同编号", required=True, max=40)

APPLY_FORM = FormSpec(
    key="core.apply", version=1, title_zh="申请表", duties=("APR-APPLY",),
    description_zh="物料印制、广宣、市场推广活动的申请:(业务部门→)客户部经办人→部门经理→副总经理→总经理。",
    fields=(
        _SUBJECT,
        Field("category", "choice", "申请类别", required=True,
              choices=(Choice("printing", "物料印制"), Choice("advertising", "广宣"),
                       Choice("promotion", "市场推广活动"), Choice("other", "其他"))),
        Field("content", "long_text", "申请内容", required=True, max=2000),
        _amount("预算金额(元)"),
        Field("needed_by", "date", "需用日期"),
        _NOTE,
    ),
)

CONTRACT_FORM = FormSpec(
    key="core.contract", version=1, title_zh="合同审批表", duties=("APR-CONTRACT",),
    description_zh="以合同复印件或无盖章合同申请;审批通过后由总经理在合同上签字。",
    fields=(
        Field("subject", "text", "合同名称", required=True, max=60),
        _CONTRACT_NO,
        Field("counterparty", "text", "合同对方", required=True, max=100),
        _amount("合同金额(元)"),
        Field("starts_on", "date", "合同开始日期"),
        Field("ends_on", "date", "合同结束日期"),
        Field("terms", "long_text", "主要条款", max=2000),
        _NOTE,
    ),
)

STAMP_FORM = FormSpec(
    key="core.stamp", version=1, title_zh="合同盖章申请表", duties=("APR-STAMP",),
    description_zh="盖章后客户部拍照、复印三份,原件交行政文员备案。",
    fields=(
        Field("subject", "text", "合同名称", required=True, max=60),
        _CONTRACT_NO,
        Field("counterparty", "text", "合同对方", required=True, max=100),
        Field("contract_request", "number", "合同审批单号", min=1, help_zh="已批准的合同审批申请编号"),
        Field("originals", "number", "原件份数", required=True, min=1, max=20),
        _NOTE,
    ),
)

PAY_FORM = FormSpec(
    key="core.pay", version=1, title_zh="付款申请表", duties=("APR-PAY",),
    description_zh="付款时发票拍照,合同复印件一份交会计备案:会计审核前须附发票照片和合同复印件。",
    fields=(
        Field("subject", "text", "付款事由", required=True, max=60),
        Field("payee", "text", "收款单位", required=True, max=100),
        Field("payee_account", "text", "收款账号", max=60),
        _CONTRACT_NO,
        _amount("付款金额(元)"),
        Field("invoice_no", "text", "发票号码", max=40),
        _NOTE,
    ),
)

LOAN_FORM = FormSpec(
    key="core.loan", version=1, title_zh="借支单", duties=("APR-LOAN",),
    description_zh="业务经费借支;事后以报销冲账。",
    fields=(
        Field("subject", "text", "借支事由", required=True, max=60),
        _amount("借支金额(元)"),
        Field("settle_by", "date", "预计冲账日期", required=True),
        _NOTE,
    ),
)

REIMB_FORM = FormSpec(
    key="core.reimb", version=1, title_zh="报销单", duties=("APR-REIMB",),
    description_zh="报销冲账:会计审核前须附发票照片;冲抵借支时填写借支单号。",
    fields=(
        Field("subject", "text", "报销事由", required=True, max=60),
        Field("payee", "text", "收款人", required=True, max=60),
        _amount("报销金额(元)"),
        Field("invoices", "number", "发票张数", required=True, min=1, max=500),
        Field("loan_request", "number", "冲抵借支单号", min=1, help_zh="已批准的借支申请编号(无则不填)"),
        _NOTE,
    ),
)

GENERAL_FORMS = (APPLY_FORM, CONTRACT_FORM, STAMP_FORM, PAY_FORM, LOAN_FORM, REIMB_FORM)
