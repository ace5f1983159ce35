"""The page for an unknown address (a Starlette exception handler, outside the guard: it shows nothing private)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse

from plugins.web.i18n import gettext as _


async def not_found(request: Request, exc: Exception) -> HTMLResponse:
    return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>404</title><p>{_('页面不存在')}</p>"
                        f"<p><a href='/'>{_('返回我的待办')}</a></p>", status_code=404)
