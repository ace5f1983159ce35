"""The manager's forms (manual 3.1, 4.1): meeting minutes, weekly comments, the ad plan sent to the OEM,
the quarterly OEM materials, the OEM promo-items order, the customer-service plan, team records and the
public-relations contact log."""

from __future__ import annotations

from core.forms.spec import Choice, Field, FormSpec

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
QUARTER_PATTERN = r"^\d{4}-Q[1-4]$"
MEETING_KINDS = (Choice("morning", "销售/售后晨会"), Choice("company", "公司例会"), Choice("department", "部门例会"))
MEETING_KIND_ZH = {c.value: c.label_zh for c in MEETING_KINDS}

MEETING = FormSpec(
    key="manager.meeting",
    version=1,
    title_zh="会议纪要",
    duties=("MGR-D1", "MGR-W1", "MGR-W2"),
    description_zh="晨会、每周一公司例会(上周总结、本周计划)、每周一部门例会(总结上周、安排当周):出席、决议、行动项;"
    "行动项成为负责人的任务,带期限。",
    fields=(
        Field("kind", "choice", "会议类别", required=True, choices=MEETING_KINDS),
        Field("held_on", "date", "会议日期", required=True),
        Field("attendees", "rows", "出席", required=True, min=1, columns=(
            Field("username", "text", "用户名", required=True, max=64),
            Field("present", "choice", "出席情况", required=True,
                  choices=(Choice("present", "出席"), Choice("absent", "缺席"), Choice("leave", "请假"))),
        )),
        Field("summary", "long_text", "上周总结/会议内容", max=2000),
        Field("decisions", "long_text", "决议", required=True, max=2000),
        Field("actions", "rows", "行动项", columns=(
            Field("owner", "text", "负责人(用户名)", required=True, max=64),
            Field("item", "text", "事项", required=True, max=200),
            Field("due_on", "date", "期限", required=True),
        )),
    ),
)

WEEKLY_COMMENT = FormSpec(
    key="manager.weekly_comment",
    version=1,
    title_zh="周报分析意见",
    duties=("MGR-W4",),
    description_zh="分析市场周报表、客户回访周报表及日程业务管理周报表,写出意见交副总经理及总经理。",
    fields=(
        Field("week", "text", "周次", required=True, pattern=r"^\d{4}-W\d{2}$", help_zh="如 2026-W48"),
        Field("market", "long_text", "市场周报分析", required=True, max=2000),
        Field("callbacks", "long_text", "客户回访周报分析", required=True, max=2000),
        Field("business", "long_text", "日程业务管理周报分析", required=True, max=2000),
    ),
)

AD_PLAN_OEM = FormSpec(
    key="manager.ad_plan_oem",
    version=1,
    title_zh="下月广告计划上报厂家登记",
    duties=("MGR-M3",),
    description_zh="每月10日前提交下月广告计划经领导审批后,于15日前上报厂家,同时交销售部、售后部、财务部备案。",
    fields=(
        Field("month", "text", "计划月份", required=True, pattern=MONTH_PATTERN),
        Field("approval_id", "number", "已批准的广告计划审批单号", required=True, min=1),
        Field("sent_on", "date", "上报厂家日期", required=True),
        Field("copies", "multi_choice", "备案", required=True, choices=(
            Choice("sales", "销售部"), Choice("service", "售后部"), Choice("finance", "财务部"))),
    ),
)

OEM_MATERIALS = FormSpec(
    key="manager.oem_materials",
    version=1,
    title_zh="季度厂家广告销售资料",
    duties=("MGR-Q1",),
    description_zh="每季度第一个月内上交厂家广告销售资料(电子版及邮件光盘),附文件。",
    fields=(
        Field("quarter", "text", "季度", required=True, pattern=QUARTER_PATTERN, help_zh="如 2026-Q4"),
        Field("ad_materials", "attachment", "广告资料(电子版)", required=True),
        Field("sales_materials", "attachment", "销售资料(电子版)", required=True),
        Field("channel", "choice", "上交方式", required=True,
              choices=(Choice("email", "邮件"), Choice("disc", "光盘"))),
        Field("sent_on", "date", "上交日期", required=True),
    ),
)

PROMO_ORDER = FormSpec(
    key="manager.promo_order",
    version=1,
    title_zh="厂家促销品订购申请表",
    duties=("APR-PROMO-ORDER", "MGR-M6"),
    description_zh="申请部门填写申请表→部门经理签名→副总经理签名→总经理签名→客户经理网上订购。",
    fields=(
        Field("subject", "text", "事由", required=True, max=60),
        Field("items", "rows", "促销品", required=True, min=1, columns=(
            Field("item", "text", "品名", required=True, max=60),
            Field("quantity", "number", "数量", required=True, min=1),
            Field("unit_price", "money", "单价(元)", required=True, min=0),
        )),
        Field("amount", "money", "金额合计(元)", required=True, min=0),
        Field("purpose", "long_text", "用途", required=True, max=500),
    ),
)

PLAN = FormSpec(
    key="manager.plan",
    version=1,
    title_zh="客户服务计划",
    duties=("MGR-PLAN",),
    description_zh="车主活动度计划;集客及客户开发计划;DM、DH、短信发布计划;广告宣传投放计划;合作商家开拓计划;"
    "CS提升计划;客户部人员配置计划;培训计划;预算制定。",
    fields=(
        Field("subject", "text", "标题", required=True, max=60),
        Field("year", "number", "年度", required=True, min=2000, max=2100),
        Field("items", "rows", "计划项目", required=True, min=1, columns=(
            Field("area", "choice", "类别", required=True, choices=(
                Choice("owner_activity", "车主活动"), Choice("acquisition", "集客及客户开发"),
                Choice("dm_sms", "DM/DH/短信"), Choice("ads", "广告投放"), Choice("partners", "合作商家"),
                Choice("cs", "CS提升"), Choice("staffing", "人员配置"), Choice("training", "培训"),
                Choice("budget", "预算"))),
            Field("item", "text", "计划内容", required=True, max=200),
            Field("owner", "text", "负责人(用户名)", required=True, max=64),
            Field("due_on", "date", "完成期限", required=True),
        )),
    ),
)

TRAINING = FormSpec(
    key="manager.training",
    version=1,
    title_zh="培训记录",
    duties=("MGR-TEAM",),
    description_zh="组织培训:主题、讲师、出席与考核。",
    fields=(
        Field("topic", "text", "培训主题", required=True, max=100),
        Field("held_on", "date", "日期", required=True),
        Field("trainer", "text", "讲师", required=True, max=60),
        Field("attendees", "rows", "出席与考核", required=True, min=1, columns=(
            Field("username", "text", "用户名", required=True, max=64),
            Field("score", "number", "考核成绩", min=0, max=100),
        )),
        Field("evaluation", "long_text", "培训评估", max=1000),
    ),
)

EVALUATION = FormSpec(
    key="manager.evaluation",
    version=1,
    title_zh="员工月度考核",
    duties=("MGR-TEAM",),
    description_zh="按月考核:指标完成情况与经理评语。",
    fields=(
        Field("username", "text", "员工用户名", required=True, max=64),
        Field("month", "text", "考核月份", required=True, pattern=MONTH_PATTERN),
        Field("rating", "rating", "综合评分", required=True, min=1, max=5),
        Field("notes", "long_text", "经理评语", required=True, max=1000),
    ),
)

REWARD = FormSpec(
    key="manager.reward",
    version=1,
    title_zh="奖惩记录",
    duties=("MGR-TEAM",),
    description_zh="奖惩实施。",
    fields=(
        Field("username", "text", "员工用户名", required=True, max=64),
        Field("kind", "choice", "类别", required=True, choices=(Choice("reward", "奖励"), Choice("penalty", "处罚"))),
        Field("on", "date", "日期", required=True),
        Field("reason", "long_text", "事由", required=True, max=500),
        Field("amount", "money", "金额(元)", min=0),
    ),
)

CONTACT = FormSpec(
    key="manager.contact",
    version=1,
    title_zh="公共关系联络记录",
    duties=("MGR-PR",),
    description_zh="厂家、兄弟单位、经销店、合作伙伴、传媒的联络记录。",
    fields=(
        Field("party_kind", "choice", "对象类别", required=True, choices=(
            Choice("oem", "厂家"), Choice("sister", "兄弟单位"), Choice("dealer", "经销店"),
            Choice("partner", "合作伙伴"), Choice("media", "传媒"))),
        Field("party", "text", "单位", required=True, max=100),
        Field("person", "text", "联系人", max=60),
        Field("on", "date", "日期", required=True),
        Field("subject", "long_text", "内容", required=True, max=1000),
    ),
)

FORMS = [MEETING, WEEKLY_COMMENT, AD_PLAN_OEM, OEM_MATERIALS, PROMO_ORDER, PLAN, TRAINING, EVALUATION, REWARD,
         CONTACT]
