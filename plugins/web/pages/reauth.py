"""Re-entering the password before an approval decision or a number reveal (setting ``web.reauth_before_decisions``)."""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request

from core import settings
from core.db.base import utcnow
from core.errors import PermissionDenied
from plugins.web.passwords import verify


def require_reauth(request: Request) -> None:
    """When the setting is on, the form must carry the password unless it was re-entered a few minutes ago."""
    st = request.state
    if not settings.get(st.app, st.db, "web.reauth_before_decisions"):
        return
    window = dt.timedelta(minutes=int(settings.get(st.app, st.db, "web.reauth_minutes")))
    session = st.websession
    now = utcnow()
    if session.reauth_at is not None and now - session.reauth_at <= window:
        return
    given = str((st.form or {}).get("reauth_password", ""))
    if not given or not verify(st.db, st.user, given):
        raise PermissionDenied("请再次输入您的密码以确认此操作（密码不正确或未填写）")
    session.reauth_at = now


def reauth_needed(request: Request) -> bool:
    st = request.state
    if not settings.get(st.app, st.db, "web.reauth_before_decisions"):
        return False
    window = dt.timedelta(minutes=int(settings.get(st.app, st.db, "web.reauth_minutes")))
    at = st.websession.reauth_at
    return at is None or utcnow() - at > window
