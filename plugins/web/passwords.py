"""Staff passwords: argon2id hashes (argon2-cffi), temporary passwords that must be changed at first login."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from core import audit
from core.db.base import utcnow
from core.errors import ValidationError
from plugins.web.models import WebCredential

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.models import User

MIN_LENGTH = 10
#: OWASP's argon2id minimum (19 MiB, 2 passes): a burst of logins cannot exhaust the server's memory.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
#: Verified against when the user has no password, so a missing account costs the same time as a wrong password.
_DUMMY = _HASHER.hash("crdesk-no-such-user")
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def check_policy(user: User, password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"密码至少 {MIN_LENGTH} 个字符")
    if user.username.lower() in password.lower():
        raise ValidationError("密码不能包含用户名")
    if len(set(password)) < 4:
        raise ValidationError("密码过于简单：请混用不同的字母、数字或符号")


def generate() -> str:
    """A random 12-character temporary password without look-alike characters."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(12))


def set_password(session: Session, user: User, password: str, *, temporary: bool, actor: str) -> None:
    """Store ``password`` for ``user``; a temporary one must be changed at the next login. Audited, never logged."""
    check_policy(user, password)
    cred = session.get(WebCredential, user.id)
    if cred is None:
        cred = WebCredential(user_id=user.id, password_hash="")
        session.add(cred)
    cred.password_hash = _HASHER.hash(password)
    cred.must_change = temporary
    cred.changed_at = utcnow()
    session.flush()
    audit.record(session, actor=actor, action="password", entity="user", entity_id=user.id,
                 after={"temporary": temporary})


def verify(session: Session, user: User | None, password: str) -> bool:
    """True when ``password`` is ``user``'s; re-hashes an outdated hash on success (argon2 parameters grow)."""
    cred = session.get(WebCredential, user.id) if user is not None else None
    if cred is None:
        try:
            _HASHER.verify(_DUMMY, password + "x")
        except VerificationError:
            pass
        return False
    try:
        _HASHER.verify(cred.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    if _HASHER.check_needs_rehash(cred.password_hash):
        cred.password_hash = _HASHER.hash(password)
    return True


def must_change(session: Session, user: User) -> bool:
    cred = session.get(WebCredential, user.id)
    return bool(cred and cred.must_change)
