"""Statutory days off computed from the national holiday rules, for years without a published notice.

The 《全国年节及纪念日放假办法》 (as revised in 2024, in force from 2025) gives
everyone these days off: 元旦 1 January; 春节 除夕 to 初三 (4 days); 清明 (the
day of the solar term); 劳动节 1–2 May; 端午 (5th of the 5th lunar month);
中秋 (15th of the 8th lunar month); 国庆节 1–3 October. The State Council's
yearly notice adds bridge days and the adjusted working weekends (调休); those
cannot be computed, so a year built from these rules is only *provisional*
until its notice is loaded (``crdesk calendar import``). Lunar dates and solar
terms come from ``lunar-python``.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from lunar_python import Lunar, Solar


def _date(solar: Solar) -> dt.date:
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def _lunar(year: int, month: int, day: int) -> dt.date:
    return _date(Lunar.fromYmd(year, month, day).getSolar())


@lru_cache(maxsize=32)
def statutory_holidays(year: int) -> dict[dt.date, str]:
    """Day -> festival name of every statutory day off in ``year`` (no 调休 bridges)."""
    spring = _lunar(year, 1, 1)
    qingming = _date(Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"])
    named: list[tuple[dt.date, str]] = [(dt.date(year, 1, 1), "元旦")]
    named += [(spring + dt.timedelta(days=offset), "春节") for offset in range(-1, 3)]
    named += [(qingming, "清明节"), (dt.date(year, 5, 1), "劳动节"), (dt.date(year, 5, 2), "劳动节"),
              (_lunar(year, 5, 5), "端午节"), (_lunar(year, 8, 15), "中秋节")]
    named += [(dt.date(year, 10, day), "国庆节") for day in (1, 2, 3)]
    days: dict[dt.date, str] = {}
    for day, name in named:
        if day.year == year:
            days[day] = f"{days[day]}、{name}" if day in days and name not in days[day] else name
    return days
