"""Settings of the follow-up base a dealer can change (``crdesk settings``)."""

from __future__ import annotations

from core.people import DEPARTMENTS
from core.settings import SettingSpec
from plugins.followup.outcomes import DEFAULT_INVALID_OUTCOMES, OUTCOMES

_FAILURES = tuple(o for o in OUTCOMES if o != "reached")
_DEPTS = tuple(DEPARTMENTS)

SETTINGS = [
    SettingSpec(
        "followup.newspapers",
        "list",
        [],
        "竞品广告登记查阅的报纸（空则按门店所在城市：广州日报、南方都市报、信息时报、新快报 …）",
        ("SF-D2", "SV-D2"),
    ),
    SettingSpec(
        "followup.invalid_threshold",
        "int",
        3,
        "同一号码累计关机/呼叫转移/无法接通达到此次数即列为无效号码",
        ("SF-D5", "SV-D5"),
    ),
    SettingSpec(
        "followup.invalid_outcomes",
        "list",
        list(DEFAULT_INVALID_OUTCOMES),
        "计入无效号码的回访结果",
        ("SF-D5", "SV-D5"),
        _FAILURES,
    ),
    SettingSpec(
        "followup.failure_min_gap_hours",
        "decimal",
        2,
        "两次拨打失败至少间隔几小时（或不在同一天）才算两次尝试",
        ("SF-D5", "SV-D5"),
    ),
    SettingSpec("followup.verify_days", "int", 3, "接收部门须在几天内返回核实后的号码", ("SF-D5", "SV-D5")),
    SettingSpec(
        "followup.receiving_dept_delivery", "text", "sales", "交车回访的无效号码交由哪个部门核实", ("SF-D5",), _DEPTS
    ),
    SettingSpec(
        "followup.receiving_dept_service_visit",
        "text",
        "service",
        "入库回访的无效号码交由哪个部门核实",
        ("SV-D5",),
        _DEPTS,
    ),
    SettingSpec(
        "followup.verifier_role_delivery", "text", "sales_clerk", "交车无效号码的核实任务派给哪个角色", ("SF-D5",)
    ),
    SettingSpec(
        "followup.verifier_role_service_visit", "text", "service_desk", "入库无效号码的核实任务派给哪个角色", ("SV-D5",)
    ),
    SettingSpec(
        "followup.complaint_response_workdays", "int", 1, "投诉首次响应时限（工作日）", ("SF-COMPL", "SV-COMPL")
    ),
    SettingSpec(
        "followup.complaint_closure_days_important", "int", 3, "重要投诉结案时限（天）", ("SF-COMPL", "SV-COMPL")
    ),
    SettingSpec(
        "followup.complaint_closure_days_important_reserve",
        "int",
        5,
        "重要预备投诉结案时限（天）",
        ("SF-COMPL", "SV-COMPL"),
    ),
    SettingSpec(
        "followup.complaint_closure_days_general", "int", 7, "一般投诉结案时限（天）", ("SF-COMPL", "SV-COMPL")
    ),
    SettingSpec(
        "followup.complaint_followup_days", "int", 3, "结案后几天内回访客户对处理结果的满意度", ("SF-COMPL", "SV-COMPL")
    ),
]
