"""The sales follow-up reports, each with its metrics and the formulas printed on it (SF-RPT and the cadences).

The data functions live in ``report_satisfaction``, ``report_complaints`` and ``report_info``.
"""

from __future__ import annotations

from core.reports.spec import ReportSpec
from plugins.sales_followup.report_common import READERS
from plugins.sales_followup.report_complaints import complaints_data, weekly_callbacks_data
from plugins.sales_followup.report_info import (
    ad_reimbursement_data,
    buyer_composition_data,
    customer_info_stats_data,
    members_data,
)
from plugins.sales_followup.report_satisfaction import monthly_survey_data, satisfaction_data, weekly_ceremony_data

REPORTS = [
    ReportSpec(
        key="sales_followup.satisfaction",
        title_zh="销售满意度回访报表",
        period="month",
        roles=READERS,
        data=satisfaction_data,
        duties=("SF-RPT", "SF-D4"),
        orientation="landscape",
    ),
    ReportSpec(
        key="sales_followup.complaints",
        title_zh="销售投诉处理结果汇总",
        period="month",
        roles=READERS,
        data=complaints_data,
        duties=("SF-RPT", "SF-COMPL"),
        orientation="landscape",
    ),
    ReportSpec(
        key="sales_followup.weekly_callbacks",
        title_zh="本周交车客户回访汇总",
        period="week",
        roles=READERS,
        data=weekly_callbacks_data,
        completes_task="sales_followup.weekly_summary",
        duties=("SF-W1",),
    ),
    ReportSpec(
        key="sales_followup.weekly_ceremony",
        title_zh="交车面访问卷周分析",
        period="week",
        roles=READERS,
        data=weekly_ceremony_data,
        completes_task="sales_followup.weekly_ceremony",
        duties=("SF-W2", "SF-D6"),
    ),
    ReportSpec(
        key="sales_followup.monthly_survey",
        title_zh="月度满意度调查数据汇总分析",
        period="month",
        roles=READERS,
        data=monthly_survey_data,
        completes_task="sales_followup.monthly_survey",
        duties=("SF-M3",),
    ),
    ReportSpec(
        key="sales_followup.customer_info_stats",
        title_zh="顾客信息调查统计表",
        period="month",
        roles=(*READERS, "marketing", "desk_supervisor"),
        data=customer_info_stats_data,
        completes_task="sales_followup.customer_info",
        duties=("SF-M4",),
    ),
    ReportSpec(
        key="sales_followup.ad_reimbursement",
        title_zh="广告报销统计表",
        period="quarter",
        roles=(*READERS, "marketing"),
        data=ad_reimbursement_data,
        completes_task="sales_followup.ad_reimbursement",
        duties=("SF-Q1",),
    ),
    ReportSpec(
        key="sales_followup.members",
        title_zh="车主会员统计",
        period="month",
        roles=READERS,
        data=members_data,
        duties=("SF-MEM",),
    ),
    ReportSpec(
        key="sales_followup.buyer_composition",
        title_zh="已购车客户构成统计",
        period="month",
        roles=(*READERS, "marketing"),
        data=buyer_composition_data,
        duties=("SF-INFO",),
    ),
]
