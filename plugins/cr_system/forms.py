"""The CR specialist's forms: morning meeting and hygiene check, Monday meeting, office supplies, car-care
school, attendance sheet (4.3.1 (1), 4.3.2 (1), 4.3.3 D, E, F)."""

from __future__ import annotations

from core.forms.spec import Choice, Field, FormSpec
from plugins.cr_system.chains import FORMS as CHAIN_FORMS

YES_NO = (Choice("yes", "是"), Choice("no", "否"))

MORNING = FormSpec(
    key="cr_system.morning_check",
    version=1,
    title_zh="晨会及卫生检查记录",
    description_zh="参加销售或售后晨会，晨会后检查部门卫生责任区域。",
    duties=("CR-D1",),
    fields=(
        Field("date", "date", "日期", required=True),
        Field("meeting", "choice", "参加晨会", required=True,
              choices=(Choice("sales", "销售晨会"), Choice("service", "售后晨会"))),
        Field("meeting_notes", "long_text", "晨会要点", max=500),
        Field("hygiene_ok", "choice", "卫生责任区合格", required=True, choices=YES_NO),
        Field("hygiene_issues", "long_text", "卫生问题及整改", max=300),
    ),
)

MEETING = FormSpec(
    key="cr_system.meeting",
    version=1,
    title_zh="部门例会记录",
    description_zh="每周一参加部门例会：上周工作回顾，本周工作安排。",
    duties=("CR-W1",),
    fields=(
        Field("date", "date", "日期", required=True),
        Field("attendees", "text", "参会人员", required=True, max=200),
        Field("review", "long_text", "上周工作回顾", required=True, max=1000),
        Field("plan", "long_text", "本周工作安排", required=True, max=1000),
    ),
)

OFFICE_SUPPLIES = FormSpec(
    key="cr_system.office_supplies",
    version=1,
    title_zh="办公用品采购明细",
    description_zh="下月部门办公用品采购明细，交综合部统一采购。",
    duties=("CR-M4",),
    fields=(
        Field("month", "text", "采购月份", required=True, max=7, pattern=r"^\d{4}-\d{2}$", help_zh="如 2026-12"),
        Field("items", "rows", "采购明细", required=True, min=1, columns=(
            Field("item", "text", "物品名称", required=True, max=60),
            Field("spec", "text", "规格", max=60),
            Field("quantity", "number", "数量", required=True, min=1),
            Field("unit", "text", "单位", required=True, max=10),
        )),
        Field("note", "long_text", "备注", max=300),
    ),
)

CAR_CARE_SCHOOL = FormSpec(
    key="cr_system.car_care_school",
    version=1,
    title_zh="汽车养护学堂",
    description_zh="汽车养护学堂的招徕：课程日期及主题，经审批的短信邀约，报名及出席情况。",
    duties=("CR-M5", "CR-SYS"),
    fields=(
        Field("session_date", "date", "开课日期", required=True),
        Field("topic", "text", "课程主题", required=True, max=100),
        Field("sms_request", "number", "短信申请单号（已审批）", required=True, min=1),
        Field("signups", "rows", "报名及出席", columns=(
            Field("name", "text", "姓名", required=True, max=60),
            Field("plate", "text", "车牌", max=16),
            Field("attended", "choice", "出席", required=True, choices=YES_NO),
        )),
    ),
)

ATTENDANCE = FormSpec(
    key="cr_system.attendance",
    version=1,
    title_zh="部门考勤表",
    description_zh="每月最后一天交综合部部门考勤表。",
    duties=("CR-M6",),
    fields=(
        Field("month", "text", "月份", required=True, max=7, pattern=r"^\d{4}-\d{2}$"),
        Field("staff", "rows", "考勤", required=True, min=1, columns=(
            Field("name", "text", "姓名", required=True, max=60),
            Field("present", "number", "出勤天数", required=True, min=0, max=31),
            Field("leave", "number", "请假天数", min=0, max=31),
            Field("late", "number", "迟到次数", min=0, max=31),
        )),
    ),
)

FORMS = [*CHAIN_FORMS, MORNING, MEETING, OFFICE_SUPPLIES, CAR_CARE_SCHOOL, ATTENDANCE]
