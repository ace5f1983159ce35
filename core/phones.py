"""Phone numbers: stored as E.164, shown masked (138****1234) to roles without the right to see them.

Ordinary mainland mobiles (11 digits starting 13–19, optionally with +86/0086)
take a fast path, because a DMS export holds hundreds of thousands of them;
everything else (landlines with area codes, foreign numbers) goes through
``phonenumbers``.
"""
from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-().·]")
_MOBILE = re.compile(r"(?:\+?86|0086)?(1[3-9]\d{9})")
_E164_CN_MOBILE = re.compile(r"\+861[3-9]\d{9}")
DEFAULT_REGION = "CN"


class PhoneError(ValueError):
    """A value that is not a phone number anyone could dial."""


def normalise_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    """``raw`` as E.164 (``+8613812341234``); raises :class:`PhoneError` with the reason."""
    text = _SEPARATORS.sub("", raw.strip().replace("＋", "+"))
    m = _MOBILE.fullmatch(text)
    if m is not None:
        return "+86" + m.group(1)
    import phonenumbers

    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(f"not a phone number ({exc._msg})") from None
    if not phonenumbers.is_valid_number(number):
        raise PhoneError("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national(e164: str) -> str:
    """How people in China write the number: ``13812341234``, ``02087654321``, or E.164 for foreign ones."""
    if _E164_CN_MOBILE.fullmatch(e164):
        return e164[3:]
    if e164.startswith("+86"):
        return "0" + e164[3:]
    return e164


def mask_phone(e164: str | None) -> str:
    """``138****1234``: first three and last four digits, the rest hidden (GB/T 35273 display restriction)."""
    if not e164:
        return ""
    digits = national(e164)
    if len(digits) <= 7:
        return "*" * (len(digits) - 2) + digits[-2:]
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
