"""What plugins contribute to the web front: pages (``register_web_routes``) and menu entries (``register_menu_items``).

Every route is served behind the same guard: no page answers without a
session, unsafe methods need the CSRF token, and ``PermissionDenied`` from the
page or the domain functions it calls becomes a 403 with an audit entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Endpoint = Callable[[Any], Any]
"""``endpoint(request) -> Response``, run in a worker thread inside one database transaction.

``request.state`` carries ``app`` (the :class:`core.app.CrDesk` acting as the logged-in user), ``db`` (the
SQLAlchemy session), ``user`` (:class:`core.models.User`), ``form`` (the parsed form of a POST) and ``web``
(the :class:`plugins.web.server.WebContext` with ``render``).
"""


@dataclass(frozen=True)
class WebRoute:
    """A page at ``path`` (Starlette syntax, ``/calls/{task_id:int}``) served by ``endpoint``."""

    key: str
    path: str
    endpoint: Endpoint
    methods: tuple[str, ...] = ("GET",)
    #: Pages that answer without a session (only the login page itself).
    public: bool = False


@dataclass(frozen=True)
class MenuItem:
    """A menu entry shown to users who may ``action`` on ``entity`` (None: everyone logged in)."""

    key: str
    label_zh: str
    path: str
    order: int = 100
    entity: str | None = None
    action: str = "read"
    #: Shown only to users holding one of these roles (empty: any role with the permission).
    roles: tuple[str, ...] = ()
