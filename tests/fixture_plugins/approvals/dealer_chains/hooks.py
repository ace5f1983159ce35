"""Every chain shape of the duty catalogue besides core's own (APR-SMS and the six general chains),
declared the way the owning plugins will declare them."""
from __future__ import annotations

from decimal import Decimal

from core import hookimpl
from core.approvals import (ChainSpec, Condition, FollowUp, RequiredAttachment, department_manager,
                            requesting_department, role_step)
from core.forms import Choice, Field, FormSpec, ShowIf

FORM = FormSpec(
    key="dealer_chains.request", version=1, title_zh="申请表",
    fields=(
        Field("subject", "text", "事由", required=True, max=60),
        Field("amount", "money", "金额(元)", min=0),
        Field("letter_type", "choice", "感谢信类别",
              choices=(Choice("purchase", "购车感谢信"), Choice("service", "入库感谢信"))),
        Field("letter_count", "number", "封数", min=1, show_if=ShowIf("letter_type")),
        Field("note", "long_text", "说明"),
    ),
)

PURCHASE_LETTERS = Condition("purchase_letters", "购车感谢信", lambda d: d.get("letter_type") == "purchase")
SERVICE_LETTERS = Condition("service_letters", "入库感谢信", lambda d: d.get("letter_type") == "service")
OVER_5000 = Condition("over_5000", "金额超过5000元", lambda d: d.get("amount", Decimal(0)) > Decimal(5000))


def _chain(key: str, title: str, duty: str, *steps: object, follow_ups: tuple[FollowUp, ...] = (),
           **kwargs: object) -> ChainSpec:
    return ChainSpec(key=f"dealer_chains.{key}", title_zh=title, form=FORM.key, steps=tuple(steps),  # type: ignore[arg-type]
                     follow_ups=follow_ups, duties=(duty,), title_field="subject", **kwargs)  # type: ignore[arg-type]


def _dm() -> object:
    return department_manager()


DGM = role_step("deputy_gm", "副总经理", "deputy_gm")
GM = role_step("gm", "总经理", "gm")
FM = role_step("finance_manager", "财务经理", "finance_manager")
ACC = role_step("accountant", "会计", "accountant")

CHAINS = [
    _chain("promo_order", "厂家促销品订购", "APR-PROMO-ORDER", _dm(), DGM, GM,
           follow_ups=(FollowUp("order", "客户经理在厂家系统下单", role="manager"),)),
    _chain("promo_reimb", "厂家促销品报销", "APR-PROMO-REIMB", _dm(), role_step("accountant", "会计审核", "accountant"),
           FM, DGM, GM),
    _chain("ad_plan", "月度广宣计划", "APR-ADPLAN", _dm(), DGM, GM,
           follow_ups=(FollowUp("to_finance", "广宣计划送财务经理", role="finance_manager"),
                       FollowUp("to_front_desk", "广宣计划送销售前台", role="desk_supervisor"))),
    _chain("price", "价格跟踪表", "APR-PRICE", _dm(), DGM, GM,
           follow_ups=(FollowUp("distribute", "价格跟踪表分发相关人员", to_author=True),)),
    _chain("signage", "招牌安装", "APR-SIGNAGE", requesting_department(), _dm(), DGM, GM,
           follow_ups=(FollowUp("safety", "与广告公司签订安全协议后安装", to_author=True),)),
    _chain("display", "广宣品制作(购买)、拆装", "APR-DISPLAY", requesting_department(), _dm(), DGM, GM),
    _chain("activity", "活动方案", "APR-ACTIVITY", _dm(), DGM, GM),
    _chain("letter", "感谢信", "APR-LETTER",
           role_step("gm", "总经理签名", "gm", when=PURCHASE_LETTERS),
           role_step("service_manager", "售后经理签名", "service_manager", when=SERVICE_LETTERS),
           follow_ups=(FollowUp("seal", "CR专员封装", role="cr"), FollowUp("mail", "综合部寄发", role="admin_clerk"))),
    # Not in the catalogue: an optional step switched on by an amount threshold.
    _chain("purchase", "采购申请", "APR-APPLY", _dm(), role_step("gm", "总经理", "gm", when=OVER_5000),
           distinct_approvers=True),
]


@hookimpl
def register_forms(app: object) -> list[FormSpec]:
    return [FORM]


@hookimpl
def register_approval_chains(app: object) -> list[ChainSpec]:
    return CHAINS
