"""The marketing approval chains of the manual (APR-ADPLAN, -PRICE, -ACTIVITY, -SIGNAGE, -DISPLAY) and the
press-statement check (MKT-PR), each with the manual's steps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.approvals import (ChainSpec, Condition, FollowUp, RequiredAttachment, department_manager,
                            requesting_department, role_step)
from plugins.marketing import forms

DEPUTY_GM = role_step("deputy_gm", "副总经理", "deputy_gm")
GM = role_step("gm", "总经理", "gm")


def _at_height(answers: Mapping[str, Any]) -> bool:
    return answers.get("work_at_height") == "yes"


AT_HEIGHT = Condition("at_height", "高空作业", _at_height)
ON_GROUND = Condition("on_ground", "非高空作业", lambda answers: not _at_height(answers))
SAFETY_AGREEMENT = RequiredAttachment("safety_agreement", "已签订的安全协议")
#: The GM signs; a work-at-height job only with the signed safety agreement attached.
GM_STEPS = (
    role_step("gm", "总经理", "gm", when=ON_GROUND),
    role_step("gm_at_height", "总经理", "gm", when=AT_HEIGHT, attachments=(SAFETY_AGREEMENT,)),
)

AD_PLAN = ChainSpec(
    key="marketing.ad_plan",
    title_zh="月度广告计划",
    form=forms.AD_PLAN.key,
    duties=("APR-ADPLAN", "MKT-M1"),
    title_field="subject",
    steps=(department_manager(attachments=(RequiredAttachment("activity_plans", "市场推广或客户活动初步方案"),)),
           DEPUTY_GM, GM),
    follow_ups=(FollowUp("to_finance", "已签批广告计划表转财务经理", role="finance_manager"),
                FollowUp("to_sales_desk", "已签批广告计划表转销售前台", role="sales_desk")),
)

PRICE = ChainSpec(
    key="marketing.price",
    title_zh="价格跟踪表",
    form=forms.PRICE.key,
    duties=("APR-PRICE", "MKT-M2"),
    title_field="subject",
    steps=(department_manager(), DEPUTY_GM, GM),
    follow_ups=(FollowUp("distribute", "已签批价格跟踪表转相关人员、上报厂家", to_author=True),),
)

ACTIVITY = ChainSpec(
    key="marketing.activity",
    title_zh="活动方案审批",
    form=forms.ACTIVITY_PLAN.key,
    duties=("APR-ACTIVITY", "MKT-ACT"),
    title_field="subject",
    steps=(department_manager(), DEPUTY_GM, GM),
    follow_ups=(FollowUp("execution_plan", "活动获批:拟订执行方案", to_author=True),),
)

SIGNAGE = ChainSpec(
    key="marketing.signage",
    title_zh="广告牌安装",
    form=forms.SIGNAGE.key,
    duties=("APR-SIGNAGE", "MKT-STORE"),
    title_field="subject",
    steps=(requesting_department(), department_manager(), DEPUTY_GM, *GM_STEPS),
    follow_ups=(FollowUp("install", "与广告公司签订安全协议后安装", to_author=True),),
)

DISPLAY = ChainSpec(
    key="marketing.display",
    title_zh="广宣品制作(购买)、拆装",
    form=forms.DISPLAY.key,
    duties=("APR-DISPLAY", "MKT-STORE"),
    title_field="subject",
    steps=(requesting_department(), department_manager(), DEPUTY_GM, *GM_STEPS),
)

PRESS = ChainSpec(
    key="marketing.press",
    title_zh="新闻稿/媒体口径审核",
    form=forms.PRESS.key,
    duties=("MKT-PR",),
    title_field="subject",
    steps=(department_manager(),),
    follow_ups=(FollowUp("media_log", "按审定口径发布,并登记媒体联络", to_author=True),),
)

CHAINS = [AD_PLAN, PRICE, ACTIVITY, SIGNAGE, DISPLAY, PRESS]
