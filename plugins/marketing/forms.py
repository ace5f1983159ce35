"""The marketing specialist's forms (manual 4.2): ad plan, price tracking, activity plan, signage, display
materials, press statements, market news and the front desk's daily walk-in / call-in figures."""

from __future__ import annotations

from decimal import Decimal

from core.forms.spec import Choice, Field, FormSpec

CENT = Decimal("0.01")
YES_NO = (Choice("yes", "是"), Choice("no", "否"))
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"

AD_PLAN = FormSpec(
    key="marketing.ad_plan",
    version=1,
    title_zh="下月广告计划表",
    duties=("MKT-M1",),
    description_zh="每月13日前拟订下月广告计划表,附相关市场推广或客户活动初步方案;经部门经理、副总经理、总经理签字同意后"
    "打印存档,分别转发至财务经理、销售前台。",
    fields=(
        Field("subject", "text", "标题", required=True, max=60, help_zh="如“2026年12月广告计划”"),
        Field("month", "text", "计划月份", required=True, pattern=MONTH_PATTERN, help_zh="YYYY-MM,如 2026-12"),
        Field(
            "placements",
            "rows",
            "广告投放计划",
            required=True,
            min=1,
            columns=(
                Field("medium", "text", "媒体", required=True, max=60),
                Field("ad_format", "text", "形式/规格", required=True, max=60),
                Field("starts_on", "date", "开始日期", required=True),
                Field("ends_on", "date", "结束日期", required=True),
                Field("cost", "money", "费用(元)", required=True, min=0),
                Field("expected_effect", "text", "预期效果", required=True, max=200),
            ),
        ),
        Field("note", "long_text", "说明", max=1000),
    ),
)

PRICE = FormSpec(
    key="marketing.price",
    version=1,
    title_zh="竞争品牌、同品牌价格跟踪表",
    duties=("MKT-M2",),
    description_zh="每月15日、30日前递交:主力车型实际调查价格、促销措施精要表述、应对策略。",
    fields=(
        Field("subject", "text", "标题", required=True, max=60),
        Field("surveyed_on", "date", "调查日期", required=True),
        Field(
            "prices",
            "rows",
            "车型价格",
            required=True,
            min=1,
            columns=(
                Field("brand_kind", "choice", "品牌类别", required=True,
                      choices=(Choice("same", "同品牌"), Choice("rival", "竞争品牌"))),
                Field("brand", "text", "品牌", required=True, max=30),
                Field("model", "text", "车型", required=True, max=40),
                Field("trim", "text", "配置", required=True, max=60),
                Field("msrp", "money", "厂家指导价(元)", required=True, min=0),
                Field("price", "money", "实际成交价(元)", required=True, min=0),
                Field("promotion", "text", "促销措施", max=200),
            ),
        ),
        Field("promotions", "long_text", "促销措施概述", required=True, max=1000),
        Field("countermeasures", "long_text", "应对策略", max=1000),
    ),
)

ACTIVITY_PLAN = FormSpec(
    key="marketing.activity_plan",
    version=1,
    title_zh="活动方案",
    duties=("MKT-ACT",),
    description_zh="方案背景、目的、主题、时间、地点、对象、预计效果、活动内容、宣传策略、费用预算;须经部门经理、副总经理、"
    "总经理批准方可启动。",
    fields=(
        Field("subject", "text", "活动主题", required=True, max=60),
        Field("activity_no", "number", "活动编号", required=True, min=1),
        Field("background", "long_text", "方案背景", max=1000),
        Field("purpose", "long_text", "活动目的", required=True, max=500),
        Field("starts_at", "datetime", "开始时间", required=True),
        Field("ends_at", "datetime", "结束时间", required=True),
        Field("place", "text", "活动地点", required=True, max=100),
        Field("audience", "text", "活动对象", required=True, max=100),
        Field("content", "long_text", "活动内容", max=2000),
        Field("publicity", "long_text", "宣传策略", required=True, max=1000),
        Field("expected_effect", "long_text", "预计效果", required=True, max=500),
        Field("budget", "money", "费用预算(元)", required=True, min=0),
    ),
)


def _height_fields() -> tuple[Field, ...]:
    return (
        Field("work_at_height", "choice", "是否高空作业", required=True, choices=YES_NO,
              help_zh="高空作业须附与广告公司签订的安全协议,总经理方可批准"),
    )


SIGNAGE = FormSpec(
    key="marketing.signage",
    version=1,
    title_zh="广告牌安装申请表",
    duties=("MKT-STORE",),
    description_zh="(业务部门申请安装费用→)客户部经办人→部门经理→副总经理→总经理→广告公司签定安全协议→安装。",
    fields=(
        Field("subject", "text", "事由", required=True, max=60),
        Field("location", "text", "安装位置", required=True, max=100),
        Field("size", "text", "规格尺寸", required=True, max=60),
        Field("supplier", "text", "广告公司", required=True, max=100),
        Field("amount", "money", "费用(元)", required=True, min=CENT),
        Field("ci_vi", "choice", "设计符合厂家CI、VI标准", required=True, choices=(Choice("yes", "是"),)),
        *_height_fields(),
    ),
)

DISPLAY = FormSpec(
    key="marketing.display",
    version=1,
    title_zh="广宣品制作(购买)、拆装申请表",
    duties=("MKT-STORE",),
    description_zh="广宣品设计严格依照厂家CI、VI标准;制作方按材料等级、实际效果、价格横向综合比较,切忌仅以价格为唯一因素。",
    fields=(
        Field("subject", "text", "事由", required=True, max=60),
        Field("action", "choice", "申请类别", required=True,
              choices=(Choice("design", "设计制作"), Choice("purchase", "购买"), Choice("update", "更新布置"),
                       Choice("dismantle", "拆装"))),
        Field("items", "long_text", "广宣品明细", required=True, max=1000),
        Field("ci_vi", "choice", "设计符合厂家CI、VI标准", required=True, choices=(Choice("yes", "是"),)),
        Field(
            "suppliers",
            "rows",
            "制作方比较",
            required=True,
            min=2,
            columns=(
                Field("supplier", "text", "制作方", required=True, max=100),
                Field("material", "text", "材料等级", required=True, max=60),
                Field("effect", "text", "实际效果", required=True, max=100),
                Field("price", "money", "报价(元)", required=True, min=0),
            ),
        ),
        Field("chosen", "text", "选定制作方", required=True, max=100),
        Field("reason", "long_text", "选择理由(材料、效果、价格综合考虑)", required=True, max=500),
        Field("amount", "money", "费用(元)", required=True, min=CENT),
        *_height_fields(),
    ),
)

#: The manual's 新闻发言原则 A–E (4.2.4 (1)).
PRINCIPLES = (
    Choice("authorised", "A 经PR规划统一口径,仅发表被授权公开的信息要点"),
    Choice("government", "B 不对当地政府、政策进行负面评论"),
    Choice("rumours", "C 对竞争对手的非正式消息不做绝对论断"),
    Choice("media", "D 不对不同媒介进行议论、攻击、比较、褒贬"),
    Choice("on_message", "E 恪守公司政策,紧扣要旨,控制篇幅和时间"),
)

PRESS = FormSpec(
    key="marketing.press",
    version=1,
    title_zh="新闻稿/媒体口径审核表",
    duties=("MKT-PR",),
    description_zh="对外发布新闻稿或接受媒体采访前,逐条对照新闻发言原则;五项全部确认方可报批。",
    fields=(
        Field("subject", "text", "标题", required=True, max=60),
        Field("media", "text", "媒体", required=True, max=100),
        Field("occasion", "choice", "类别", required=True,
              choices=(Choice("release", "新闻稿"), Choice("interview", "媒体采访"), Choice("statement", "媒体声明"))),
        Field("key_points", "long_text", "授权发布的信息要点", required=True, max=2000),
        Field("principles", "multi_choice", "新闻发言原则逐条确认", required=True, min=len(PRINCIPLES),
              choices=PRINCIPLES, help_zh="五项原则须全部勾选"),
    ),
)

NEWS = FormSpec(
    key="marketing.market_news",
    version=1,
    title_zh="市场动态信息登记",
    duties=("MKT-D2",),
    description_zh="每日从报纸、网络等渠道获取市场动态信息并及时录入归档。",
    fields=(
        Field("day", "date", "日期", required=True),
        Field("source", "choice", "来源", required=True,
              choices=(Choice("paper", "报纸"), Choice("web", "网络"), Choice("oem", "厂家"), Choice("other", "其他"))),
        Field("outlet", "text", "媒体/网站", required=True, max=60),
        Field("brand", "text", "相关品牌", max=30),
        Field("category", "choice", "类别", required=True,
              choices=(Choice("price", "价格促销"), Choice("product", "新车型"), Choice("policy", "政策"),
                       Choice("event", "活动"), Choice("industry", "行业动态"))),
        Field("headline", "text", "标题", required=True, max=120),
        Field("summary", "long_text", "摘要", required=True, max=1000),
    ),
)

WALKINS = FormSpec(
    key="marketing.walkins",
    version=1,
    title_zh="来店来电数据及销售跟踪日报",
    duties=("MKT-D1",),
    description_zh="每日向前台索取来(电)店数据以及销售跟踪报表并及时录入。",
    fields=(
        Field("day", "date", "日期", required=True),
        Field(
            "models",
            "rows",
            "分车型数据",
            required=True,
            min=1,
            columns=(
                Field("model", "text", "车型", required=True, max=40),
                Field("walk_ins", "number", "来店批次", required=True, min=0),
                Field("calls", "number", "来电批次", required=True, min=0),
                Field("test_drives", "number", "试驾", min=0),
                Field("orders", "number", "订车", required=True, min=0),
                Field("deliveries", "number", "交车", required=True, min=0),
            ),
        ),
    ),
)

FORMS = [AD_PLAN, PRICE, ACTIVITY_PLAN, SIGNAGE, DISPLAY, PRESS, NEWS, WALKINS]
