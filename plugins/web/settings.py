"""Settings of the web front a dealer can change (``crdesk settings``)."""

from __future__ import annotations

from core.settings import SettingSpec

SETTINGS = [
    SettingSpec("web.session_idle_minutes", "int", 60, "网页端登录闲置超过此分钟数自动退出"),
    SettingSpec("web.login_max_failures", "int", 5, "同一用户名连续登录失败达到此次数后暂时锁定"),
    SettingSpec("web.login_address_max_failures", "int", 20, "同一网络地址登录失败达到此次数后暂时锁定"),
    SettingSpec("web.login_lock_minutes", "int", 15, "登录失败锁定的分钟数（按此时段内的失败次数计算）"),
    SettingSpec("web.reauth_before_decisions", "bool", False, "审批决定和显示完整号码前须再次输入密码"),
    SettingSpec("web.reauth_minutes", "int", 5, "再次输入密码后多少分钟内无须重复输入"),
    SettingSpec("web.call_schedules", "list",
                ["sales_followup.callback", "service_followup.callback", "service_followup.repair_callback"],
                "网页端回访队列包含的电话回访任务类别（排程键），面访等任务不进入队列"),
]
