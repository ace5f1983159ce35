"""Call outcomes a follow-up specialist logs, with the words the manual uses."""

from __future__ import annotations

OUTCOMES: dict[str, str] = {
    "reached": "接通",
    "no_answer": "无人接听",
    "busy": "占线",
    "powered_off": "关机",
    "forwarded": "呼叫转移",
    "unreachable": "无法接通",
    "wrong_number": "号码错误",
    "refused": "拒访",
}
#: The manual's three-failure rule counts these (configurable: ``followup.invalid_outcomes``).
DEFAULT_INVALID_OUTCOMES = ("powered_off", "forwarded", "unreachable")
#: A dial that was answered by a person (connection rate = answered ÷ dials).
ANSWERED = ("reached", "refused", "wrong_number")
#: Outcomes after which the call task is finished.
FINISHING = ("reached", "refused")

TIERS: dict[str, str] = {"important": "重要投诉", "important_reserve": "重要预备投诉", "general": "一般投诉"}
SATISFACTION: dict[str, str] = {"satisfied": "满意", "neutral": "一般", "dissatisfied": "不满意"}
#: Where a call task's customer comes from: core's DMS facts.
SOURCE_KINDS: dict[str, str] = {"delivery": "交车", "service_visit": "入库"}
#: Complaint case labels, one table per enum (reports and CLI print these, never the codes).
COMPLAINT_STATUS: dict[str, str] = {"open": "待响应", "responded": "处理中", "closed": "已结案"}
COMPLAINT_ORIGINS: dict[str, str] = {"sales": "销售", "service": "售后"}
COMPLAINT_CHANNELS: dict[str, str] = {"callback": "回访发现", "walk_in": "来店投诉", "phone_in": "来电投诉",
                                      "oem_hotline": "厂家热线", "online": "网络投诉"}
