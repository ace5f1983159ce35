"""Thresholds a dealer can change (``crdesk settings set service_followup.…``)."""
from __future__ import annotations

from core.settings import SettingSpec

_INFO = ("SV-INFO",)

SETTINGS = [
    SettingSpec("service_followup.segment_vip_spend", "decimal", 8000.0,
                "近12个月维修保养消费达到此金额（元）即为贵宾客户", _INFO),
    SettingSpec("service_followup.segment_vip_visits", "int", 4, "近12个月入库达到此次数即为贵宾客户", _INFO),
    SettingSpec("service_followup.segment_loyal_visits", "int", 2, "近12个月入库达到此次数即为忠诚客户", _INFO),
    SettingSpec("service_followup.segment_new_owner_days", "int", 365, "交车后此天数内的车主为新车主", _INFO),
    SettingSpec("service_followup.segment_lapse_days", "int", 180, "超过此天数未入库即为流失预警客户", _INFO),
    SettingSpec("service_followup.segment_complaint_days", "int", 365, "此天数内有投诉的客户列为重点关怀", _INFO),
    SettingSpec("service_followup.first_maintenance_within_days", "int", 365,
                "交车后此天数内回厂做首次保养才计入首保回厂率", _INFO),
    SettingSpec("service_followup.satisfaction_target", "decimal", 0.9,
                "《服务满意度回访报表》满意率目标（0.9 即 90%），可按店设置", ("SV-RPT", "SV-M2")),
    SettingSpec("service_followup.contact_target", "decimal", 0.95,
                "《服务满意度回访报表》回访成功率目标（0.95 即 95%），可按店设置", ("SV-RPT", "SV-D4")),
]
