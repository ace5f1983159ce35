"""The sales follow-up specialist's forms (the manual's attachment 3 and the tables she collects).

A dealer changes a questionnaire by shipping a new ``version``: answers keep
the version they were given under, and reports aggregate across versions by
field name.
"""

from __future__ import annotations

from core.forms import Choice, Field, FormSpec, ShowIf

YES_NO = (Choice("yes", "是"), Choice("no", "否"))


def _rating(name: str, label: str, required: bool = True) -> Field:
    return Field(name, "rating", label, required=required, help_zh="1 非常不满意 … 5 非常满意")


_COMPLAINT = (
    Field("complaint", "choice", "客户是否有投诉或抱怨", required=True, choices=YES_NO),
    Field(
        "complaint_detail",
        "long_text",
        "投诉内容",
        required=True,
        show_if=ShowIf("complaint", ("yes",)),
        help_zh="按投诉处理流程转投诉个案",
    ),
)

SATISFACTION = FormSpec(
    key="sales_followup.satisfaction",
    version=2,
    title_zh="新车交车满意度回访问卷",
    duties=("SF-D4", "SF-D5"),
    description_zh="交车后第3至5天电话回访；先核对车主资料，再按话术逐项询问",
    fields=(
        Field("data_verified", "choice", "车主姓名、电话、地址已核对", required=True, choices=YES_NO),
        Field("data_corrections", "text", "更正的资料", show_if=ShowIf("data_verified", ("no",))),
        Field("corrected_address", "text", "更正的通讯地址", show_if=ShowIf("data_verified", ("no",)),
              help_zh="填写后自动更新客户资料（审计前后值）"),
        Field("corrected_phone2", "text", "更正的第二电话", show_if=ShowIf("data_verified", ("no",))),
        _rating("overall", "对本次购车的整体满意度"),
        _rating("salesperson", "销售顾问的服务态度与专业程度"),
        _rating("delivery_explanation", "交车时车辆功能、保养及保修说明"),
        _rating("timeliness", "交车是否准时、手续是否高效"),
        _rating("facility", "展厅环境与设施"),
        Field(
            "nps",
            "rating",
            "您向亲友推荐本店的可能性",
            required=True,
            min=0,
            max=10,
            help_zh="0 完全不可能 … 10 非常愿意",
        ),
        Field("suggestions", "long_text", "意见与建议"),
        *_COMPLAINT,
    ),
)

CEREMONY_SURVEY = FormSpec(
    key="sales_followup.ceremony_survey",
    version=1,
    title_zh="交车仪式面访问卷",
    duties=("SF-D6", "SF-W2"),
    description_zh="交车仪式现场，经客户同意后面访；访后赠送小礼品",
    fields=(
        _rating("overall", "对本次交车的整体满意度"),
        _rating("salesperson", "销售顾问的服务"),
        _rating("ceremony", "交车仪式安排"),
        _rating("delivery_explanation", "车辆使用及保养讲解"),
        Field("nps", "rating", "您向亲友推荐本店的可能性", required=True, min=0, max=10),
        Field("suggestions", "long_text", "意见与建议"),
        *_COMPLAINT,
    ),
)

CHANNELS = (
    Choice("newspaper", "报纸"),
    Choice("internet", "网络"),
    Choice("tv_radio", "电视/电台"),
    Choice("referral", "亲友介绍"),
    Choice("passing", "路过"),
    Choice("returning", "老客户"),
    Choice("event", "车展/活动"),
    Choice("other", "其他"),
)

CUSTOMER_INFO = FormSpec(
    key="sales_followup.customer_info",
    version=1,
    title_zh="顾客信息调查表",
    duties=("SF-M4",),
    description_zh="前台主管按日登记来店、来电顾客的信息来源与意向车型；销售回访专员月中、月底汇总统计交市场部",
    fields=(
        Field(
            "entries",
            "rows",
            "来店来电登记",
            required=True,
            min=1,
            columns=(
                Field("day", "date", "日期", required=True),
                Field(
                    "kind",
                    "choice",
                    "来店/来电",
                    required=True,
                    choices=(Choice("visit", "来店"), Choice("call", "来电")),
                ),
                Field("channel", "choice", "信息来源", required=True, choices=CHANNELS),
                Field("model", "text", "意向车型", required=True),
                Field("count", "number", "人数", required=True, min=1),
            ),
        ),
    ),
)

AD_REIMBURSEMENT = FormSpec(
    key="sales_followup.ad_reimbursement",
    version=1,
    title_zh="广告报销统计表",
    duties=("SF-Q1",),
    description_zh="每季度整理广告投放报销资料（合同、发票、刊登证明），交市场部核对后向厂家申请报销",
    fields=(
        Field("quarter", "text", "季度", required=True, pattern=r"^\d{4}-Q[1-4]$", help_zh="如 2026-Q4"),
        Field(
            "items",
            "rows",
            "广告投放明细",
            required=True,
            min=1,
            columns=(
                Field("published_on", "date", "刊登日期", required=True),
                Field("media", "text", "媒体", required=True),
                Field("content", "text", "广告内容", required=True),
                Field("amount", "money", "金额（元）", required=True, min=0),
                Field("invoice_no", "text", "发票号"),
            ),
        ),
        Field("evidence", "attachment", "合同/发票/刊登证明（扫描件）"),
    ),
)

FORMS = [SATISFACTION, CEREMONY_SURVEY, CUSTOMER_INFO, AD_REIMBURSEMENT]
