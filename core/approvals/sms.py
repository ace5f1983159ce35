"""APR-SMS, the chain every SMS campaign needs, and its form (the manual's 附件五 短信发送申请表).

申请人填写申请表→部门经理→副总经理→总经理→客户部 [4.4.3 B]: core owns it
because every plugin that texts customers (callbacks, activities, members)
goes through it.
"""
from __future__ import annotations

from core.approvals.spec import ChainSpec, FollowUp, department_manager, role_step
from core.forms.spec import Choice, Field, FormSpec, ShowIf

SMS_FORM = FormSpec(
    key="core.sms_request",
    version=1,
    title_zh="短信发送申请表",
    description_zh="配合销售部及售后部发送短信：申请人填写申请表，经部门经理、副总经理、总经理签批后由客户部发送。",
    duties=("APR-SMS",),
    fields=(
        Field("subject", "text", "短信主题", required=True, max=60, help_zh="一句话说明本次短信,如“国庆车主关爱活动邀约”"),
        Field("requesting_department", "choice", "申请部门", required=True,
              choices=(Choice("sales", "销售部"), Choice("service", "售后部"), Choice("cr", "客户部"))),
        Field("purpose", "long_text", "发送目的", required=True, max=500),
        Field("audience", "choice", "发送对象", required=True,
              choices=(Choice("buyers", "已购车客户"), Choice("service", "售后入库客户"),
                       Choice("members", "会员"), Choice("prospects", "意向客户"), Choice("other", "其他"))),
        Field("audience_other", "text", "其他发送对象", required=True, max=100,
              show_if=ShowIf("audience", ("other",)),
              help_zh="选择“其他”时说明发送对象"),
        Field("audience_filter", "long_text", "客户筛选条件", max=300,
              help_zh="如:2025年1—6月交车客户;保养到期客户"),
        Field("message", "long_text", "短信内容", required=True, max=500,
              help_zh="不含店名签名,发送时自动加上门店签名和“回T退订”"),
        Field("send_date", "date", "发送日期", required=True),
        Field("count", "number", "发送条数", required=True, min=1, max=1_000_000),
        Field("cost", "money", "预计费用(元)", min=0),
        Field("contact_phone", "phone", "申请人电话"),
        Field("note", "long_text", "备注", max=300),
    ),
)

SMS_CHAIN = ChainSpec(
    key="core.sms_request",
    title_zh="短信发送申请",
    form=SMS_FORM.key,
    duties=("APR-SMS",),
    title_field="subject",
    steps=(
        department_manager(),
        role_step("deputy_gm", "副总经理", "deputy_gm"),
        role_step("gm", "总经理", "gm"),
    ),
    follow_ups=(FollowUp("send", "客户部按签批单发送短信", role="cr"),),
)
