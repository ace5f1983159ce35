"""The CR specialist's reports, with the manual's names."""

from __future__ import annotations

from core.reports import ReportSpec
from plugins.cr_system.reports_ecrb import ecrb_data
from plugins.cr_system.reports_forms import office_supplies_data
from plugins.cr_system.reports_daily import daily_data, kanban_data, mail_register_data, weekly_data
from plugins.cr_system.reports_lists import (expired_data, intake_stats, membership_data, not_returned_list)

CR = ("cr", "manager")

REPORTS = [
    ReportSpec(key="cr_system.mail_register", title_zh="信函登记簿", period="range", roles=CR + ("admin_clerk",),
               data=mail_register_data, duties=("CR-D9", "APR-LETTER"), formats=("pdf", "xlsx", "csv")),
    ReportSpec(key="cr_system.kanban", title_zh="客户部日常业务管理看板", period="day", roles=CR,
               data=kanban_data, duties=("CR-D5",), formats=("pdf", "xlsx")),
    ReportSpec(key="cr_system.daily", title_zh="客户部日报", period="day", roles=CR, data=daily_data,
               duties=("CR-D3", "CR-SYS"), completes_task="cr_system.daily_report"),
    ReportSpec(key="cr_system.weekly", title_zh="客户部日常管理周报", period="week", roles=CR, data=weekly_data,
               duties=("CR-W2",), completes_task="cr_system.weekly_report", orientation="landscape"),
    ReportSpec(key="cr_system.intake_n3_n2", title_zh="N-3、N-2月交车客户入库统计", period="day", roles=CR,
               data=intake_stats(2, 3), duties=("CR-D7",), completes_task="cr_system.intake_n3_n2"),
    ReportSpec(key="cr_system.intake_n6_n5", title_zh="N-6、N-5月交车客户入库统计", period="day", roles=CR,
               data=intake_stats(5, 6), duties=("CR-D8",), completes_task="cr_system.intake_n6_n5"),
    ReportSpec(key="cr_system.not_returned_n3_5", title_zh="N-3至N-5月交车客户未入库名单", period="month",
               roles=CR + ("service_manager",), data=not_returned_list("n3_5"), duties=("CR-M1",)),
    ReportSpec(key="cr_system.not_returned_n6_8", title_zh="N-6至N-8月交车客户未入库名单", period="month",
               roles=CR + ("service_manager",), data=not_returned_list("n6_8"), duties=("CR-M2",)),
    ReportSpec(key="cr_system.membership", title_zh="车主网站会员注册统计", period="month", roles=CR,
               data=membership_data, duties=("CR-D6",), completes_task="cr_system.membership"),
    ReportSpec(key="cr_system.ecrb", title_zh="销售、维修顾问e-CRB跟踪表", period="range", roles=CR,
               data=ecrb_data, duties=("CR-D4", "CR-W3"), formats=("pdf", "xlsx"), orientation="landscape",
               completes_task="cr_system.weekly_tracking"),
    ReportSpec(key="cr_system.office_supplies", title_zh="部门办公用品采购明细", period="month",
               roles=CR + ("admin_clerk",), data=office_supplies_data, duties=("CR-M4",)),
    ReportSpec(key="cr_system.expired", title_zh="当月过期汇总", period="month", roles=CR, data=expired_data,
               duties=("CR-M3",), completes_task="cr_system.expired_summary"),
]
