"""Partner resources (MKT-RES, manual 4.2.3 (5)) with their contacts and history of use, and the media-contact
log of public relations (MKT-PR, 4.2.4 (2)): a contact with a medium is one use of that partner."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import access, audit
from core.errors import ValidationError
from core.models import User
from core.phones import PhoneError, mask_phone, normalise_phone
from plugins.marketing.models import MarketingPartner, MarketingPartnerUse

if TYPE_CHECKING:
    from core.app import CrDesk

ENTITY = "marketing.partner"
CATEGORIES = {"media": "媒体", "agency": "广告公司", "bank": "银行", "club": "俱乐部", "developer": "楼盘",
              "company": "企事业单位"}
USES = {"cooperation": "合作", "contact": "媒体联络", "interview": "采访", "release": "新闻发布"}




def _partner(session: Session, store_id: int, name: str) -> MarketingPartner:
    partner = session.scalar(select(MarketingPartner).where(MarketingPartner.store_id == store_id,
                                                            MarketingPartner.name == name))
    if partner is None:
        raise ValidationError(f"没有合作资源「{name}」:`crdesk partners list` 列出本店合作资源")
    return partner


def add(app: CrDesk, session: Session, user: User, *, store_id: int, name: str, category: str, contact: str = "",
        phone: str = "", note: str = "") -> MarketingPartner:
    access.require(app, session, user, ENTITY, "create")
    if category not in CATEGORIES:
        raise ValidationError(f"--category {category!r} 不是合作资源类别;可选 "
                              + "、".join(f"{k}({v})" for k, v in CATEGORIES.items()))
    if not name.strip():
        raise ValidationError("合作资源需要名称")
    e164 = None
    if phone.strip():
        try:
            e164 = normalise_phone(phone)
        except PhoneError as exc:
            raise ValidationError(f"--phone: {exc}") from None
    if session.scalar(select(MarketingPartner.id).where(MarketingPartner.store_id == store_id,
                                                        MarketingPartner.name == name.strip())) is not None:
        raise ValidationError(f"合作资源「{name.strip()}」已登记")
    partner = MarketingPartner(store_id=store_id, name=name.strip()[:100], category=category,
                               contact=contact.strip()[:60], phone=e164, note=note.strip()[:300])
    session.add(partner)
    session.flush()
    audit.record(session, actor=user.username, action=audit.CREATE, entity=ENTITY, entity_id=partner.id,
                 after={"name": partner.name, "category": category, "contact": partner.contact})
    return partner


def log_use(app: CrDesk, session: Session, user: User, *, store_id: int, name: str, used_on: dt.date, kind: str,
            purpose: str, activity_id: int | None = None) -> MarketingPartnerUse:
    access.require(app, session, user, ENTITY, "change")
    partner = _partner(session, store_id, name)
    if kind not in USES:
        raise ValidationError(f"--kind {kind!r} 不是使用类别;可选 " + "、".join(f"{k}({v})" for k, v in USES.items()))
    if kind != "cooperation" and partner.category != "media":
        raise ValidationError(f"「{partner.name}」不是媒体,{USES[kind]}只能登记在媒体名下")
    if not purpose.strip():
        raise ValidationError("请用 --purpose 说明本次合作或联络的内容")
    if activity_id is not None:
        from plugins.marketing.activities import get

        get(session, activity_id, user)
    use = MarketingPartnerUse(partner_id=partner.id, used_on=used_on, kind=kind, purpose=purpose.strip()[:300],
                              activity_id=activity_id, recorded_by_id=user.id)
    session.add(use)
    session.flush()
    audit.record(session, actor=user.username, action=audit.CREATE, entity="marketing.partner_use",
                 entity_id=use.id, after={"partner": partner.name, "kind": kind, "used_on": used_on})
    return use


def listing(app: CrDesk, session: Session, user: User, *, store_id: int) -> list[dict[str, Any]]:
    access.require(app, session, user, ENTITY, "read")
    out = []
    for p in session.scalars(select(MarketingPartner).where(MarketingPartner.store_id == store_id)
                             .order_by(MarketingPartner.category, MarketingPartner.name)):
        uses = list(session.scalars(select(MarketingPartnerUse).where(MarketingPartnerUse.partner_id == p.id)
                                    .order_by(MarketingPartnerUse.used_on)))
        out.append({"name": p.name, "category": p.category, "category_zh": CATEGORIES[p.category],
                    "contact": p.contact, "phone": mask_phone(p.phone) if p.phone else "", "uses": len(uses),
                    "last_used": uses[-1].used_on if uses else None,
                    "history": [{"used_on": u.used_on, "kind": USES[u.kind], "purpose": u.purpose,
                                 "activity": u.activity_id} for u in uses]})
    return out
