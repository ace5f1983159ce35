"""The manual's 13 stages of a promotion or owner activity (4.2.3 (1)), and the fields of the execution plan
and the summary: one label table for each."""

from __future__ import annotations

#: stage number → (code, label)
STAGES: dict[int, tuple[str, str]] = {
    1: ("market_analysis", "市场分析"),
    2: ("company_needs", "公司需求"),
    3: ("activity_plan", "活动计划"),
    4: ("resources", "资源整合"),
    5: ("strategy", "策略制定"),
    6: ("scheme", "方案策划"),
    7: ("approval", "公司审批"),
    8: ("execution_plan", "执行方案"),
    9: ("announcement", "活动预告"),
    10: ("preparation", "前期筹备"),
    11: ("on_site", "现场执行与督导"),
    12: ("summary", "活动总结"),
    13: ("coverage", "后续报道"),
}
LAST_STAGE = 13
APPROVAL_STAGE = 7
EXECUTION_STAGE = 8
ON_SITE_STAGE = 11
SUMMARY_STAGE = 12

KINDS = {"promotion": "市场推广活动", "owner": "车主活动", "ad": "广告投放"}
#: Kinds that move through the 13 stages (an ad placement only collects its evidence).
STAGED_KINDS = ("promotion", "owner")

#: 执行方案 (4.2.3 (9)): field → label; all required.
EXECUTION_FIELDS = {
    "details": "活动细节梳理",
    "materials": "物料设计与制作",
    "advertising": "广告宣传设计与投放",
    "staff": "人员落实",
    "schedule": "项目执行排期",
    "crisis": "危机防范措施",
}

#: 活动总结 (4.2.3 (13)) and 后续报道 (14): field → label; all but ``coverage`` required at stage 12.
SUMMARY_FIELDS = {
    "direct_effect": "直接效果",
    "versus_expected": "与预计效果相比",
    "indirect_effect": "间接影响",
    "lessons": "成功经验",
    "shortcomings": "不足之处",
    "improvements": "改善意见或建议",
    "coverage": "后续报道",
}


def stage_label(stage: int) -> str:
    return f"{stage}. {STAGES[stage][1]}" if stage in STAGES else "已完成"
