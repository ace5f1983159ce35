"""The face-to-face survey at the delivery ceremony or service visit, and the small gift after it (SF-D6, SV-D6)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.errors import ValidationError
from core.models import Delivery, ServiceVisit, User
from plugins.followup.models import FollowupGift

if TYPE_CHECKING:
    from core.app import CrDesk

_SOURCES = {"delivery": Delivery, "service_visit": ServiceVisit}


def record_gift(
    app: CrDesk,
    session: Session,
    *,
    source_kind: str,
    source_id: int,
    gift: str,
    given_on: dt.date,
    user: User,
    photo_given: bool = False,
    form_key: str | None = None,
    survey: dict[str, Any] | None = None,
) -> FollowupGift:
    """Record the gift, with the face-to-face questionnaire when the customer agreed to one."""
    model = _SOURCES.get(source_kind)
    if model is None:
        raise ValidationError(f"{source_kind!r} must be delivery or service_visit")
    row = session.execute(select(model.store_id, model.customer_id).where(model.id == source_id)).first()
    if row is None:
        raise ValidationError(f"no {source_kind} #{source_id}")
    from core import scope

    scope.check(session, user, row.store_id, f"{source_kind} #{source_id}")
    if (
        session.scalar(
            select(FollowupGift.id).where(FollowupGift.source_kind == source_kind, FollowupGift.source_id == source_id)
        )
        is not None
    ):
        raise ValidationError(f"a gift is already recorded for {source_kind} #{source_id}")
    if not gift.strip():
        raise ValidationError("name the gift (--gift)")
    submission_id = None
    if survey is not None:
        if form_key is None:
            raise ValidationError("a face-to-face questionnaire needs its form (--form KEY)")
        from core.forms import attachment_store, find_form
        from core.forms.store import submit

        submission_id = submit(
            session,
            find_form(app, form_key),
            survey,
            store=attachment_store(app),
            user_id=user.id,
            store_id=row.store_id,
        ).id
    entry = FollowupGift(
        store_id=row.store_id,
        customer_id=row.customer_id,
        source_kind=source_kind,
        source_id=source_id,
        gift=gift.strip(),
        photo_given=photo_given,
        submission_id=submission_id,
        given_on=given_on,
        given_by=user.username,
    )
    session.add(entry)
    session.flush()
    audit.record(
        session,
        actor=user.username,
        action=audit.CREATE,
        entity="followup.gift",
        entity_id=entry.id,
        after={"source": f"{source_kind}#{source_id}", "gift": entry.gift, "survey": submission_id},
    )
    return entry
