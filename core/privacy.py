"""Phone numbers out of logs and free text: masking, and a keyed hash that keeps a change provable.

The key is a secret kept outside the database (``$CRDESK_AUDIT_KEY``, or a
file named by ``$CRDESK_AUDIT_KEY_FILE``): whoever holds only the database
cannot recompute the hashes, so a masked phone in the audit log cannot be
recovered by trying the 10^8 possible mobile numbers, and the audit chain
cannot be rewritten (see :mod:`core.audit`). Without a key, phones are still
masked; only the proof of which number it was is missing.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from core.errors import CrdeskError
from core.phones import mask_phone

ENV_KEY = "CRDESK_AUDIT_KEY"
ENV_KEY_FILE = "CRDESK_AUDIT_KEY_FILE"

#: Mainland mobiles (optionally +86/0086, with spaces or dashes inside) and landlines with an area code,
#: standing alone: not inside a word such as a hash, a VIN or a repair-order number.
PHONE_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z*])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?![0-9A-Za-z*])"
    r"|(?<![0-9A-Za-z*])\(?0\d{2,3}\)?[\s-]?\d{7,8}(?![0-9A-Za-z*])"
)


def audit_key() -> bytes | None:
    """The audit key from the environment or its key file; ``None`` when none is configured."""
    value = os.environ.get(ENV_KEY)
    if value:
        return value.encode("utf-8")
    path = os.environ.get(ENV_KEY_FILE)
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise CrdeskError(f"cannot read the audit key file named by ${ENV_KEY_FILE}: {exc.strerror}") from None
        if not text:
            raise CrdeskError(f"the audit key file named by ${ENV_KEY_FILE} is empty")
        return text.encode("utf-8")
    return None


def keyed_digest(value: str, key: bytes | None = None) -> str | None:
    """HMAC-SHA256 of ``value`` under the audit key (hex), or ``None`` without a key."""
    key = key if key is not None else audit_key()
    if key is None:
        return None
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def _digits(match: str) -> str:
    digits = re.sub(r"\D", "", match)
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def mask_text(text: str) -> str:
    """``text`` with every phone-like number masked (``138****1234``); other words unchanged."""
    if not text:
        return text
    return PHONE_IN_TEXT.sub(_mask_match, text)


def _mask_match(match: re.Match[str]) -> str:
    digits = _digits(match.group(0))
    return mask_phone("+86" + (digits if digits.startswith("1") else digits[1:]))


def has_phone(text: str) -> bool:
    return bool(PHONE_IN_TEXT.search(text))


def scrub(values: Mapping[str, Any] | None, key: bytes | None) -> dict[str, Any] | None:
    """``values`` with every phone-like number masked; each masked field gets ``<field>_hmac``.

    The HMAC is of the field's whole original value (E.164 phones as stored),
    so with the key anyone can check which number an entry recorded, and
    without it nobody can read it back. ``key=None``: mask only.
    """
    if values is None:
        return None
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, str) and _looks_like_phone_value(value):
            out[name] = mask_phone(value) if value.startswith("+") else mask_text(value)
            if key is not None:
                out[f"{name}_hmac"] = keyed_digest(value, key)
        elif isinstance(value, Mapping):
            out[name] = scrub(value, key)
        elif isinstance(value, list):
            out[name] = [scrub(v, key) if isinstance(v, Mapping)
                         else mask_text(v) if isinstance(v, str) else v for v in value]
        else:
            out[name] = value
    return out


def _looks_like_phone_value(value: str) -> bool:
    if re.fullmatch(r"\+\d{8,15}", value):
        return True
    return has_phone(value)
