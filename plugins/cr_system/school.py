"""The car-care school 汽车养护学堂 (CR-M5, CR-SYS): a session is recorded only with an approved SMS campaign.

Invitations to managed customers go out through an APR-SMS request (短信发送申请,
core's chain) once it is approved (`crdesk sms queue --approval ID`); the session
record names that request, with the sign-ups and who attended.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from core import access
from core.errors import ValidationError
from core.models import ApprovalRequest

if TYPE_CHECKING:
    from core.app import CrDesk

FORM = "cr_system.car_care_school"
SMS_CHAIN = "core.sms_request"


def record(app: CrDesk, session: Session, data: dict[str, Any]) -> dict[str, Any]:
    from core.forms import attachment_store, find_form
    from core.forms import store as form_store
    from core.forms.validate import validate

    user = app.acting_user(session)
    access.require(app, session, user, "cr_system.school", "create")
    spec = find_form(app, FORM)
    values = validate(spec, data)
    req = session.get(ApprovalRequest, int(values["sms_request"]))
    if req is None or req.chain_key != SMS_CHAIN:
        raise ValidationError(f"sms_request {values['sms_request']}: no 短信发送申请 (APR-SMS) with that number")
    if req.status != "approved":
        raise ValidationError(f"短信发送申请 {req.id} is not approved yet: invitations need the GM's approval")
    if req.store_id is not None and user.store_id is not None and req.store_id != user.store_id:
        raise ValidationError(f"短信发送申请 {req.id} belongs to another store")
    submission = form_store.submit(session, spec, data, store=attachment_store(app), user_id=user.id,
                                   store_id=user.store_id)
    signups = values.get("signups") or []
    return {"submission": submission.id, "signed_up": len(signups),
            "attended": sum(1 for r in signups if r.get("attended") == "yes")}
