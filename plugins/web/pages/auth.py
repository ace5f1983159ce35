"""Login, logout and changing one's password."""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.errors import ValidationError
from core.models import User
from plugins.web import passwords, sessions
from plugins.web.i18n import gettext as _
from plugins.web.routing import WebRoute
from plugins.web.server import (LOGIN_CSRF_COOKIE, SESSION_COOKIE, CsrfRefused, check_origin, client_address,
                                set_cookie)


def _safe_next(target: str | None) -> str:
    """Only a local path: never send a user to another site after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def login_page(request: Request) -> Response:
    st = request.state
    if st.user is not None:
        return RedirectResponse("/", status_code=303)
    if request.method == "GET":
        return _login_form(request, next_=request.query_params.get("next", "/"))
    form = st.form
    check_origin(request)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(str(form.get("csrf_token", "")), expected):
        raise CsrfRefused("login form without its token")
    username = str(form.get("username", "")).strip()[:64]
    address = client_address(request)
    db, app = st.db, st.app
    if sessions.locked_out(app, db, username, address):
        sessions.note_attempt(db, username, address, succeeded=False)
        return _login_form(request, next_=form.get("next"), username=username, status=429,
                           error=_("登录失败次数过多，请稍后再试。"))
    user = db.scalar(select(User).where(User.username == username))
    # Remembered across the guard's retries of this request, so a lost SQLite write lock does not hash again.
    verified: dict[str, bool] = getattr(st, "verified", None) or {}
    st.verified = verified
    if username not in verified:
        verified[username] = user is not None and user.active and \
            passwords.verify(db, user, str(form.get("password", "")))
    ok = verified[username]
    sessions.note_attempt(db, username, address, succeeded=ok)
    if not ok:
        return _login_form(request, next_=form.get("next"), username=username, status=401,
                           error=_("用户名或密码不正确。"))
    assert user is not None
    opened = sessions.open_session(db, user, address=address, user_agent=request.headers.get("user-agent", ""))
    response = RedirectResponse(_safe_next(form.get("next")), status_code=303)
    set_cookie(request, response, SESSION_COOKIE, opened.token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response


def _login_form(request: Request, *, next_: Any, username: str = "", error: str = "", status: int = 200) -> Response:
    token = secrets.token_urlsafe(24)
    response = request.state.web.render(request, "web/login.html", status_code=status, title=_("登录"),
                                        login_csrf=token, next=_safe_next(next_), username=username, error=error)
    set_cookie(request, response, LOGIN_CSRF_COOKIE, token)
    return response


def logout(request: Request) -> Response:
    st = request.state
    sessions.revoke(st.db, st.websession, actor=st.user.username)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def change_password(request: Request) -> Response:
    st = request.state
    forced = passwords.must_change(st.db, st.user)
    if request.method == "GET":
        return st.web.render(request, "web/password.html", title=_("修改密码"), forced=forced, error="")
    form = st.form
    error = ""
    if not passwords.verify(st.db, st.user, str(form.get("current", ""))):
        error = _("当前密码不正确。")
    elif form.get("new") != form.get("again"):
        error = _("两次输入的新密码不一致。")
    elif form.get("new") == form.get("current"):
        error = _("新密码不能与当前密码相同。")
    else:
        try:
            passwords.set_password(st.db, st.user, str(form.get("new", "")), temporary=False,
                                   actor=st.user.username)
        except ValidationError as exc:
            error = str(exc)
    if error:
        return st.web.render(request, "web/password.html", status_code=400, title=_("修改密码"), forced=forced,
                             error=error)
    return RedirectResponse("/", status_code=303)


ROUTES = [
    WebRoute("web.login", "/login", login_page, ("GET", "POST"), public=True),
    WebRoute("web.logout", "/logout", logout, ("POST",)),
    WebRoute("web.password", "/password", change_password, ("GET", "POST")),
]
