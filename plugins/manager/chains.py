"""APR-PROMO-ORDER (manual 4.1.3(6)) and the approval of the customer-service plan (MGR-PLAN)."""

from __future__ import annotations

from core.approvals import ChainSpec, FollowUp, department_manager, role_step
from plugins.manager import forms

DEPUTY_GM = role_step("deputy_gm", "副总经理", "deputy_gm")
GM = role_step("gm", "总经理", "gm")

PROMO_ORDER = ChainSpec(
    key="manager.promo_order",
    title_zh="厂家促销品订购",
    form=forms.PROMO_ORDER.key,
    duties=("APR-PROMO-ORDER", "MGR-M6"),
    title_field="subject",
    steps=(department_manager(), DEPUTY_GM, GM),
    follow_ups=(FollowUp("order_online", "客户经理网上订购厂家促销品,到货后登记", role="manager"),),
)

PLAN = ChainSpec(
    key="manager.plan",
    title_zh="客户服务计划审批",
    form=forms.PLAN.key,
    duties=("MGR-PLAN",),
    title_field="subject",
    steps=(DEPUTY_GM, GM),
    follow_ups=(FollowUp("assign_items", "客户服务计划已批准:计划项目分派为任务", to_author=True),),
)

CHAINS = [PROMO_ORDER, PLAN]
