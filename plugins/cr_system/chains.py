"""The CR specialist's two approval chains and their forms.

APR-LETTER [4.3.1 (2)]: 信件打印→总经理或售后经理→CR专员→封装→综合部寄发.
APR-PROMO-REIMB [4.3.3 G]: CR专员（根据各部门订购单计算费用）→部门经理→会计审核→财务经理→副总经理→总经理.
"""

from __future__ import annotations

from core.approvals.spec import ChainSpec, Condition, FollowUp, department_manager, role_step
from core.forms.spec import Choice, Field, FormSpec

LETTER_FORM = FormSpec(
    key="cr_system.letter",
    version=1,
    title_zh="感谢信签批单",
    description_zh="每日购车感谢信（总经理签名）及入库感谢信（售后经理签名）打印后签批、封装，交综合部寄发。",
    duties=("APR-LETTER", "CR-D2"),
    fields=(
        Field("subject", "text", "事由", required=True, max=100),
        Field("batch", "number", "批次号", required=True, min=1),
        Field("kind", "choice", "信函类型", required=True,
              choices=(Choice("purchase", "购车感谢信"), Choice("service", "入库感谢信"))),
        Field("day", "date", "交车/入库日期", required=True),
        Field("letters", "number", "信件数量", required=True, min=1),
    ),
)

LETTER_CHAIN = ChainSpec(
    key="cr_system.letter",
    title_zh="感谢信签批",
    form=LETTER_FORM.key,
    duties=("APR-LETTER", "CR-D2"),
    title_field="subject",
    allow_self_approval=True,
    steps=(
        role_step("gm_sign", "总经理签名", "gm",
                  when=Condition("purchase", "购车感谢信", lambda d: d.get("kind") == "purchase")),
        role_step("service_manager_sign", "售后经理签名", "service_manager",
                  when=Condition("service", "入库感谢信", lambda d: d.get("kind") == "service")),
        role_step("cr_check", "CR专员核对", "cr"),
        role_step("seal", "封装", "cr"),
    ),
    follow_ups=(FollowUp("mail", "综合部寄发感谢信并在信函登记簿签收", role="admin_clerk", due_days=1),),
)

PROMO_REIMB_FORM = FormSpec(
    key="cr_system.promo_reimbursement",
    version=1,
    title_zh="厂家促销品报销单",
    description_zh="CR专员根据各部门订购单计算厂家促销品费用，经部门经理、会计审核、财务经理、副总经理、总经理签批报销。",
    duties=("APR-PROMO-REIMB", "CR-M7"),
    fields=(
        Field("subject", "text", "报销事由", required=True, max=100),
        Field("month", "text", "所属月份", required=True, max=7, help_zh="如 2026-11"),
        Field("lines", "rows", "各部门订购费用", required=True, columns=(
            Field("department", "choice", "订购部门", required=True,
                  choices=(Choice("sales", "销售部"), Choice("service", "售后部"), Choice("cr", "客户部"),
                           Choice("admin", "综合部"))),
            Field("item", "text", "促销品", required=True, max=60),
            Field("quantity", "number", "数量", required=True, min=1),
            Field("amount", "money", "金额(元)", required=True, min=0),
        )),
        Field("total", "money", "合计(元)", required=True, min=0),
        Field("note", "long_text", "备注", max=300),
    ),
)

PROMO_REIMB_CHAIN = ChainSpec(
    key="cr_system.promo_reimbursement",
    title_zh="厂家促销品报销",
    form=PROMO_REIMB_FORM.key,
    duties=("APR-PROMO-REIMB", "CR-M7"),
    title_field="subject",
    steps=(
        department_manager(),
        role_step("accountant", "会计审核", "accountant"),
        role_step("finance_manager", "财务经理", "finance_manager"),
        role_step("deputy_gm", "副总经理", "deputy_gm"),
        role_step("gm", "总经理", "gm"),
    ),
)

FORMS = [LETTER_FORM, PROMO_REIMB_FORM]
CHAINS = [LETTER_CHAIN, PROMO_REIMB_CHAIN]
