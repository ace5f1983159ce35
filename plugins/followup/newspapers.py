"""Which newspapers a store's competitor-ad log covers: those of the store's city, unless the store names its own.

The manual's store is in Guangzhou (广州日报、南方都市报、信息时报、新快报); a group's store in
another city reads that city's papers and its weekly report names that city's market.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from core import settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.app import CrDesk
    from core.models import Store

#: City (as `crdesk stores set --city` writes it) -> the papers the specialists read there.
CITY_NEWSPAPERS: dict[str, tuple[str, ...]] = {
    "广州": ("广州日报", "南方都市报", "信息时报", "新快报"),
    "佛山": ("佛山日报", "珠江时报", "南方都市报"),
}
SETTING = "followup.newspapers"
REPORT_TITLE = "相关汽车品牌{city}市场广告投放统计周报"


def city_of(store: Store | None) -> str:
    """The store's city without a trailing 市 (广州市 -> 广州); 广州 for a database without stores."""
    city = (store.city if store is not None else "") or "广州"
    return city[:-1] if city.endswith("市") and len(city) > 2 else city


def store_newspapers(app: CrDesk, session: Session, store: Store | None) -> tuple[str, ...]:
    """The store's own list (setting ``followup.newspapers``), else its city's papers, else none."""
    own = settings.get(app, session, SETTING, store.id if store is not None else None)
    if own:
        return tuple(own)
    return CITY_NEWSPAPERS.get(city_of(store), ())


def report_title(store: Store | None) -> str:
    """《相关汽车品牌广州市场广告投放统计周报》 with the store's city."""
    return REPORT_TITLE.format(city=city_of(store))
