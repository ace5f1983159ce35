"""When the manager's duties (manual 4.1) become tasks, each completed by a form, a meeting record or reports."""

from __future__ import annotations

import datetime as dt

from core.reports.proofs import report_rendered
from core.scheduler import (CalendarSchedule, Daily, FirstWorkdayOfMonth, LastDayOfMonth, MidMonthAndMonthEnd,
                            MonthlyByDay, QuarterlyFirstMonth, Weekly)
from plugins.manager.proofs import meeting_recorded, reports_rendered
from plugins.marketing.proofs import form_filled

ROLE = "manager"
OEM_REPORTS = ("manager.competitors", "manager.staff_tracking", "manager.buyers", "manager.store_stock")

SCHEDULES = [
    CalendarSchedule(key="manager.morning_meeting", title_zh="参加销售部或售后部晨会,记录纪要", role=ROLE,
                     duties=("MGR-D1",), cadence=Daily(workdays_only=True), due_time=dt.time(9, 0),
                     proof=meeting_recorded("morning", "晨会")),
    CalendarSchedule(key="manager.kanban_check", title_zh="9:30检查看板数据更新情况", role=ROLE, duties=("MGR-D2",),
                     cadence=Daily(workdays_only=True), due_time=dt.time(9, 30),
                     proof=report_rendered("manager.kanban_check", "《看板数据检查》")),
    CalendarSchedule(key="manager.company_meeting", title_zh="每周一公司例会:上周工作总结及本周工作计划", role=ROLE,
                     duties=("MGR-W1",), cadence=Weekly(weekday=0), due_time=dt.time(12, 0),
                     proof=meeting_recorded("company", "公司例会")),
    CalendarSchedule(key="manager.department_meeting", title_zh="每周一部门例会:总结上周、安排当周工作", role=ROLE,
                     duties=("MGR-W2",), cadence=Weekly(weekday=0), due_time=dt.time(17, 0),
                     proof=meeting_recorded("department", "部门例会")),
    CalendarSchedule(key="manager.ad_effect", title_zh="上报《销售店广宣及效果统计表》", role=ROLE, duties=("MGR-W3",),
                     cadence=Weekly(weekday=0), due_time=dt.time(12, 0),
                     proof=report_rendered("manager.ad_effect", "《销售店广宣及效果统计表》")),
    CalendarSchedule(key="manager.weekly_analysis", title_zh="分析市场、客户回访、日程业务管理周报表交副总经理及总经理",
                     role=ROLE, duties=("MGR-W4",), cadence=Weekly(weekday=0, due_weekday=4),
                     due_time=dt.time(17, 30),
                     proof=reports_rendered(("manager.weekly_analysis",), "《周报分析》")),
    CalendarSchedule(key="manager.walkin_analysis", title_zh="月中、月底来店来电客户信息调查分析", role=ROLE,
                     duties=("MGR-M1",), cadence=MidMonthAndMonthEnd(), due_time=dt.time(17, 30),
                     proof=report_rendered("manager.walkin_analysis", "《来店来电客户信息分析》")),
    CalendarSchedule(key="manager.monthly_reports", title_zh="提交副总经理、总经理《上月客户部工作总结报表》及《上月客户回访报表》",
                     role=ROLE, duties=("MGR-M2",), cadence=MonthlyByDay(day=10), due_time=dt.time(17, 30),
                     proof=reports_rendered(("manager.dept_summary", "manager.callback_summary"),
                                            "《上月客户部工作总结报表》及《上月客户回访报表》")),
    CalendarSchedule(key="manager.ad_plan_oem", title_zh="已审批的下月广告计划上报厂家,交销售部、售后部、财务部备案",
                     role=ROLE, duties=("MGR-M3",), cadence=MonthlyByDay(day=15), due_time=dt.time(17, 30),
                     proof=form_filled("manager.ad_plan_oem", "下月广告计划上报厂家登记")),
    CalendarSchedule(key="manager.oem_reports", title_zh="下午5点前向厂家上报《竞争对手情报表》《人员跟踪表》"
                     "《已购车用户分析表》《店头库存表》", role=ROLE, duties=("MGR-M4",), cadence=FirstWorkdayOfMonth(),
                     due_time=dt.time(17, 0),
                     proof=reports_rendered(OEM_REPORTS, "《竞争对手情报表》《人员跟踪表》《已购车用户分析表》《店头库存表》")),
    CalendarSchedule(key="manager.ad_summary", title_zh="递交厂家《广告宣传总结表》", role=ROLE, duties=("MGR-M5",),
                     cadence=LastDayOfMonth(lead_days=2), due_time=dt.time(17, 30),
                     proof=report_rendered("manager.ad_summary", "《广告宣传总结表》")),
    CalendarSchedule(key="manager.oem_materials", title_zh="上交厂家季度广告销售资料(电子版及邮件光盘)", role=ROLE,
                     duties=("MGR-Q1",), cadence=QuarterlyFirstMonth(), due_time=dt.time(17, 30),
                     proof=form_filled("manager.oem_materials", "季度厂家广告销售资料")),
    CalendarSchedule(key="manager.access_review", title_zh="每月安全检查:权限、号码查看、越权尝试", role=ROLE,
                     duties=("MGR-SEC",), cadence=MonthlyByDay(day=5), due_time=dt.time(17, 30),
                     proof=report_rendered("manager.access_review", "《权限与信息安全检查表》")),
    CalendarSchedule(key="manager.data_quality", title_zh="每月检查客户信息完整有效,安排修正", role=ROLE,
                     duties=("MGR-CRM",), cadence=MonthlyByDay(day=5), due_time=dt.time(17, 30),
                     proof=report_rendered("manager.data_quality", "《客户资料质量检查表》")),
    CalendarSchedule(key="manager.composition", title_zh="客户构成、车型构成统计分析和预测", role=ROLE,
                     duties=("MGR-INFO",), cadence=MonthlyByDay(day=10), due_time=dt.time(17, 30),
                     proof=report_rendered("manager.composition", "《客户及车型构成分析》")),
    CalendarSchedule(key="manager.budget_review", title_zh="部门费用预算执行检查", role=ROLE, duties=("MGR-FUND",),
                     cadence=MonthlyByDay(day=5), due_time=dt.time(17, 30),
                     proof=report_rendered("manager.budget", "《部门费用预算执行表》")),
    CalendarSchedule(key="manager.staff_evaluation", title_zh="员工月度考核", role=ROLE, duties=("MGR-TEAM",),
                     cadence=LastDayOfMonth(lead_days=3), due_time=dt.time(17, 30),
                     proof=form_filled("manager.evaluation", "员工月度考核")),
]
