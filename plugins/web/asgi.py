"""The ASGI entry point uvicorn imports in each worker: ``plugins.web.asgi:application`` (a factory)."""

from __future__ import annotations

import os

from starlette.applications import Starlette


def application() -> Starlette:
    """Build the web front on ``$CRDESK_DATABASE_URL`` (each worker process builds its own)."""
    from core.app import CrDesk
    from plugins.web.server import build

    return build(CrDesk(os.environ.get("CRDESK_DATABASE_URL")))
