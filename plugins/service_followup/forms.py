"""The service questionnaires: the N+3..N+5 satisfaction call, the repair/insurance callback, the face-to-face survey.

They follow the follow-up base's survey convention: ``overall`` (1–5) and
``nps`` (0–10) feed the satisfaction and NPS metrics, ``complaint`` = "yes"
(with ``complaint_detail``) opens an after-sales complaint case.
"""
from __future__ import annotations

from core.forms.spec import Choice, Field, FormSpec, ShowIf

YES_NO = (Choice("yes", "是"), Choice("no", "否"))
#: The service items rated 1–5 on every service questionnaire, in the order the reports print them.
ITEMS: dict[str, str] = {
    "reception": "接待服务",
    "explanation": "维修项目及费用解释",
    "quality": "维修/保养质量",
    "on_time": "按时交车",
    "cleanliness": "车辆清洁",
    "price_transparency": "价格透明",
}


def _items() -> tuple[Field, ...]:
    return tuple(Field(name, "rating", label, required=True) for name, label in ITEMS.items())


def _data_check() -> tuple[Field, ...]:
    """The owner's data verified first; corrections given here update the customer (audited)."""
    corrected = ShowIf("data_checked", ("no",))
    return (Field("data_checked", "choice", "已核对车主资料", required=True, choices=YES_NO),
            Field("data_corrections", "text", "更正的资料", show_if=corrected),
            Field("corrected_address", "text", "更正的通讯地址", show_if=corrected),
            Field("corrected_phone2", "text", "更正的第二电话", show_if=corrected))


def _closing() -> tuple[Field, ...]:
    return (
        Field("overall", "rating", "总体满意度", required=True),
        Field("nps", "rating", "您向亲友推荐本店的可能性（0–10）", required=True, min=0, max=10),
        Field("suggestions", "long_text", "意见与建议", max=1000),
        Field("complaint", "choice", "客户是否投诉", required=True, choices=YES_NO),
        Field("complaint_detail", "long_text", "投诉内容", required=True, max=1000,
              show_if=ShowIf("complaint", ("yes",))),
    )


SATISFACTION = FormSpec(
    key="service_followup.satisfaction", version=2, title_zh="入库客户满意度回访问卷",
    description_zh="入库后N+3至N+5天电话回访：核对车主资料，按话术了解客户对本店服务的评价。",
    duties=("SV-D4",),
    fields=(*_data_check(), *_items(), *_closing()),
)

REPAIR_CALLBACK = FormSpec(
    key="service_followup.repair_callback", version=2, title_zh="维修/保险车辆回访问卷",
    description_zh="一般维修、钣喷/事故、保险车辆的回访：故障是否排除、理赔是否顺利，以及各项服务评价。",
    duties=("SV-CALL",),
    fields=(
        *_data_check(),
        Field("issue_resolved", "choice", "故障/损伤是否已彻底修复", required=True, choices=YES_NO),
        Field("claim_smooth", "choice", "保险理赔是否顺利", choices=(*YES_NO, Choice("na", "不涉及"))),
        *_items(), *_closing(),
    ),
)

FACE_TO_FACE = FormSpec(
    key="service_followup.face_to_face", version=1, title_zh="入库客户满意度面访问卷",
    description_zh="客户愿意时在店内面谈调查，结束后赠送小礼品（crdesk ceremony gift service_visit ID …）。",
    duties=("SV-D6", "SV-W2"),
    fields=(*_items(), *_closing()),
)

FORMS = [SATISFACTION, REPAIR_CALLBACK, FACE_TO_FACE]
