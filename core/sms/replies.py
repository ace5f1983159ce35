"""The customers' own SMS replies (上行短信), as exported by the SMS platform: the only way to undo a 回T退订.

A reply of ``T``, ``TD``, ``退订``, ``N`` or ``取消`` is an opt-out; ``订阅`` or
``恢复订阅`` asks for messages again. Other replies are counted and left alone.
Each change is recorded with origin ``customer_sms`` and the reply's words as
its source (:func:`core.consent.set_consent`), in one transaction.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.consent import CUSTOMER_SMS, set_consent
from core.errors import ValidationError
from core.models import Customer
from core.phones import PhoneError, normalise_phone

if TYPE_CHECKING:
    from core.app import CrDesk

OPT_OUT = frozenset({"T", "TD", "退订", "N", "取消", "退订T"})
OPT_IN = frozenset({"订阅", "恢复订阅"})
PHONE_HEADER, TEXT_HEADER = "手机号码", "回复内容"


@dataclass
class RepliesResult:
    opted_out: int = 0
    opted_in: int = 0
    ignored: int = 0
    unknown_numbers: int = 0


def read_replies(path: Path) -> list[tuple[int, str, str]]:
    """(line, E.164 phone, reply text) for every row; a bad row is refused naming file, row and field."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{path.name}: cannot read it as a UTF-8 CSV file ({exc.__class__.__name__})") from None
    if rows and (PHONE_HEADER not in rows[0] or TEXT_HEADER not in rows[0]):
        raise ValidationError(f"{path.name}: the header must name {PHONE_HEADER} and {TEXT_HEADER}")
    out = []
    for line, row in enumerate(rows, start=2):
        try:
            phone = normalise_phone(row[PHONE_HEADER] or "")
        except PhoneError as exc:
            raise ValidationError(f"{path.name} row {line}, {PHONE_HEADER}: {exc}") from None
        out.append((line, phone, (row[TEXT_HEADER] or "").strip()))
    return out


def record_replies(app: CrDesk, session: Session, path: Path, *, actor: str | None) -> RepliesResult:
    """Apply the file's opt-outs and opt-ins to every customer with that number (``change`` on ``consent``).

    Only customers of the acting user's stores are touched (:mod:`core.scope`): another store's customer
    with the same number is that store's to update from its own SMS platform export.
    """
    from core import scope
    from core.access import authorize

    authorize(app, session, "consent", "change")
    user = None if app.system else app.acting_user(session)
    result = RepliesResult()
    for _line, phone, text in read_replies(path):
        word = text.upper().replace(" ", "")
        granted = False if word in OPT_OUT else True if word in OPT_IN else None
        if granted is None:
            result.ignored += 1
            continue
        matching = select(Customer.id).where(or_(Customer.phone == phone, Customer.phone2 == phone))
        if user is not None:
            matching = scope.filter(matching, Customer, session, user)
        customers = list(session.scalars(matching))
        if not customers:
            result.unknown_numbers += 1
            continue
        for customer_id in customers:
            set_consent(app, session, customer_id=customer_id, channel="sms", granted=granted,
                        source=f"客户短信回复「{text[:20]}」", actor=actor, origin=CUSTOMER_SMS)
        if granted:
            result.opted_in += 1
        else:
            result.opted_out += 1
    return result
