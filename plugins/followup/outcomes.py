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
