"""The Starlette application: one guard around every page, templates, static files.

The guard opens one database transaction per request, finds the server-side
session from the cookie, refuses unsafe requests without the CSRF proofs,
forces a temporary password to be changed, and turns the domain's errors into
pages: ``PermissionDenied`` → 403 (audited), ``ValidationError`` → 400,
``NotFound`` → 404.
"""

from __future__ import annotations

import copy
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from core import access, audit
from core.errors import NotFound, PermissionDenied, ValidationError
from plugins.web import i18n
from plugins.web.routing import MenuItem, WebRoute

if TYPE_CHECKING:
    from core.app import CrDesk

HERE = Path(__file__).parent
SESSION_COOKIE = "crdesk_session"
LOGIN_CSRF_COOKIE = "crdesk_login_csrf"
LANG_COOKIE = "crdesk_lang"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class CsrfRefused(Exception):
    """An unsafe request from another site, or without the form's token."""


@dataclass
class WebContext:
    """What every page shares: the application, templates, routes and menu."""

    app: CrDesk
    env: jinja2.Environment
    routes: list[WebRoute] = field(default_factory=list)
    menu: list[MenuItem] = field(default_factory=list)

    def render(self, request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        user = getattr(request.state, "user", None)
        websession = getattr(request.state, "websession", None)
        context.setdefault("notice", request.query_params.get("notice", "")[:200])
        body = self.env.get_template(template).render(
            request=request, user=user, csrf=websession.csrf_token if websession else "",
            menu=self.visible_menu(request) if user is not None else [], locale=i18n.current.get(),
            path=request.url.path, **context)
        return HTMLResponse(body, status_code=status_code)

    def visible_menu(self, request: Request) -> list[MenuItem]:
        user = request.state.user
        return [m for m in self.menu
                if (m.entity is None or access.allowed(self.app, user, m.entity, m.action))
                and (not m.roles or user.has_role("admin", *m.roles))]


def template_env(app: CrDesk) -> jinja2.Environment:
    """Web templates first, then each enabled plugin's ``templates/`` (a plugin's pages extend ``web/base.html``)."""
    dirs = [str(HERE / "templates")]
    for name in app.host.loaded:
        manifest = app.catalog.manifests[name]
        folder = Path(manifest.path) / "templates"
        if name != "web" and folder.is_dir():
            dirs.append(str(folder))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(dirs), autoescape=True,
                             extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    from plugins.web.filters import install

    install(env)
    return env


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def check_origin(request: Request) -> None:
    """Browsers send Sec-Fetch-Site; older ones send Origin. Either must say the request comes from this site."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        if site not in ("same-origin", "none"):
            raise CsrfRefused(f"Sec-Fetch-Site {site}")
        return
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
        raise CsrfRefused(f"Origin {origin}")


def check_token(request: Request, form: Any, expected: str) -> None:
    import hmac

    given = request.headers.get("x-csrf-token") or (form.get("csrf_token") if form is not None else None) or ""
    if not expected or not hmac.compare_digest(str(given), expected):
        raise CsrfRefused("missing or wrong CSRF token")


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_cookie(request: Request, response: Response, name: str, value: str, *, max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax", secure=_secure(request),
                        path="/")


class Guard:
    """Wraps one route: session, CSRF, forced password change, errors → pages."""

    def __init__(self, web: WebContext, route: WebRoute) -> None:
        self.web, self.route = web, route

    async def __call__(self, request: Request) -> Response:
        form = await request.form() if request.method in UNSAFE else None
        token = i18n.pick(request.query_params.get("lang") or request.cookies.get(LANG_COOKIE))
        marker = i18n.current.set(token)
        try:
            response = await run_in_threadpool(self.handle, request, form)
        finally:
            i18n.current.reset(marker)
        if request.query_params.get("lang") in i18n.LOCALES:
            set_cookie(request, response, LANG_COOKIE, request.query_params["lang"], max_age=365 * 86400)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    def handle(self, request: Request, form: Any) -> Response:
        """One request in one transaction; on SQLite a transaction that lost the write lock is run again.

        SQLite allows one writer: a transaction that read first and then wants to write while another
        wrote meanwhile fails with "database is locked" at once. Nothing of it was kept, so the whole
        request can simply be repeated (a few times, with a short random pause).
        """
        from sqlalchemy.exc import OperationalError

        for attempt in range(6):
            try:
                return self.attempt(request, form)
            except OperationalError as exc:
                if "database is locked" not in str(exc.orig) or attempt == 5:
                    raise
                time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
        raise AssertionError("unreachable")

    def attempt(self, request: Request, form: Any) -> Response:
        from plugins.web.sessions import find_session

        web, route = self.web, self.route
        request.state.web, request.state.form, request.state.user = web, form, None
        try:
            with web.app.session() as db:
                request.state.db = db
                request.state.app = web.app
                found = find_session(web.app, db, request.cookies.get(SESSION_COOKIE))
                if found is None and not route.public:
                    return self._to_login(request)
                if found is not None:
                    request.state.websession, request.state.user = found
                    request.state.websession_id, request.state.user_id = found[0].id, found[1].id
                    request.state.app = self.acting_app(found[1].username)
                    if request.method in UNSAFE:
                        check_origin(request)
                        check_token(request, form, found[0].csrf_token)
                    if not route.public and request.url.path not in ("/password", "/logout") \
                            and self._must_change(db, found[1]):
                        return RedirectResponse("/password", status_code=303)
                return route.endpoint(request)
        except CsrfRefused as exc:
            return self._refused(request, "csrf_refused", str(exc), 403, i18n.gettext("请求被拒绝"),
                                 i18n.gettext("此请求缺少有效的安全令牌或来自其他网站，已拒绝。请刷新页面后重试。"))
        except PermissionDenied as exc:
            return self._refused(request, "denied", str(exc), 403, i18n.gettext("无权访问"),
                                 i18n.gettext("您的角色无权进行此操作。") + f"（{exc}）")
        except NotFound as exc:
            return self._refused(request, None, str(exc), 404, i18n.gettext("未找到"), str(exc))
        except ValidationError as exc:
            return self._refused(request, None, str(exc), 400, i18n.gettext("输入有误"), str(exc))

    def _refused(self, request: Request, action: str | None, reason: str, status: int, title: str,
                 message: str) -> Response:
        """The error page, in a transaction of its own (the refused request's changes were rolled back).

        Refusals of a permission or of the CSRF check are written to the audit log.
        """
        from core.models import User
        from plugins.web.models import WebSession

        user_id = getattr(request.state, "user_id", None)
        session_id = getattr(request.state, "websession_id", None)
        with self.web.app.session() as db:
            user = db.get(User, user_id) if user_id is not None else None
            request.state.user = user
            request.state.websession = db.get(WebSession, session_id) if session_id is not None else None
            if action is not None:
                audit.record(db, actor=user.username if user is not None else None, action=action, entity="web.page",
                             entity_id=request.url.path[:100],
                             after={"method": request.method, "reason": reason[:300],
                                    "address": client_address(request)})
            return self.web.render(request, "web/error.html", status_code=status, title=title, message=message)

    def acting_app(self, username: str) -> CrDesk:
        """A shallow copy of the application acting as ``username`` (shares the database and loaded plugins)."""
        acting = copy.copy(self.web.app)
        acting.acting_username = username
        return acting

    def _must_change(self, db: Any, user: Any) -> bool:
        from plugins.web.passwords import must_change

        return must_change(db, user)

    def _to_login(self, request: Request) -> Response:
        if request.method in UNSAFE or request.headers.get("hx-request"):
            response: Response = Response(i18n.gettext("登录已失效，请重新登录"), status_code=401)
            response.headers["HX-Redirect"] = "/login"
            return response
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)


def build(app: CrDesk) -> Starlette:
    """The ASGI application for ``crdesk serve``: the pages of core and of every enabled plugin."""
    from plugins.web.pages.errors import not_found

    app.check_schema()
    env = template_env(app)
    web = WebContext(app=app, env=env, routes=list(app.hooks.web_routes(app)),
                     menu=sorted(app.hooks.menu_items(app), key=lambda m: (m.order, m.key)))
    routes: list[Any] = [Route(r.path, Guard(web, r).__call__, methods=list(r.methods), name=r.key) for r in web.routes]
    routes.append(Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"))
    starlette = Starlette(routes=routes, exception_handlers={404: not_found})
    starlette.state.web = web
    return starlette
