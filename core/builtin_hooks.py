"""Core's own contributions, registered through the same hooks as any plugin."""
from __future__ import annotations

from collections.abc import Iterable

from core import hookimpl


@hookimpl
def register_models() -> Iterable[type]:
    from core import models

    return [models.PluginState, models.Store, models.Role, models.Department, models.User, models.UserRole]
