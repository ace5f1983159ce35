"""The newspaper competitor-ad log (SF-D2, SV-D2) behind 《相关汽车品牌广州市场广告投放统计周报》."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.errors import ValidationError
from plugins.followup.models import FollowupAdEntry


def log_ad(
    session: Session,
    *,
    store_id: int,
    seen_on: dt.date,
    newspaper: str,
    brand: str,
    model: str,
    ad_format: str,
    page: str,
    offer: str,
    actor: str,
) -> FollowupAdEntry:
    if not newspaper.strip() or not brand.strip():
        raise ValidationError("an ad needs the newspaper (--paper) and the brand (--brand)")
    entry = FollowupAdEntry(
        store_id=store_id,
        seen_on=seen_on,
        newspaper=newspaper.strip(),
        brand=brand.strip(),
        model=model.strip(),
        ad_format=ad_format.strip(),
        page=page.strip(),
        offer=offer.strip(),
        recorded_by=actor,
    )
    session.add(entry)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=audit.CREATE,
        entity="followup.ad_entry",
        entity_id=entry.id,
        after={"seen_on": seen_on, "newspaper": newspaper, "brand": brand, "model": model},
    )
    return entry


def ads_between(session: Session, store_id: int | None, first: dt.date, last: dt.date) -> list[FollowupAdEntry]:
    stmt = select(FollowupAdEntry).where(FollowupAdEntry.seen_on >= first, FollowupAdEntry.seen_on <= last)
    if store_id is not None:
        stmt = stmt.where(FollowupAdEntry.store_id == store_id)
    return list(session.scalars(stmt.order_by(FollowupAdEntry.seen_on, FollowupAdEntry.id)))
