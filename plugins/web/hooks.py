"""The web front's contributions: its tables, `crdesk serve`, password and session commands, and its own pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from core import hookimpl

if TYPE_CHECKING:
    import click

    from core.app import CrDesk

#: Every staff role may log in and see their agenda, the calendar and the approvals of their department.
STAFF_ROLES = ("manager", "marketing", "cr", "sales_fu", "service_fu", "deputy_gm", "gm", "finance_manager",
               "accountant", "service_manager", "admin_clerk", "sales_clerk", "service_desk", "desk_supervisor",
               "sales_manager")


@hookimpl
def register_models() -> Iterable[type]:
    from plugins.web import models

    return [models.WebCredential, models.WebSession, models.WebLoginAttempt]


@hookimpl
def register_commands(cli: click.Group, app: CrDesk) -> None:
    from plugins.web.cli import register

    register(cli)


@hookimpl
def register_settings(app: CrDesk) -> Iterable[Any]:
    from plugins.web.settings import SETTINGS

    return SETTINGS


@hookimpl
def register_permissions(app: CrDesk) -> Iterable[Any]:
    from core.access import Grant

    out = [Grant(f"web.{role}.{entity}", role, entity, ("read",))
           for role in STAFF_ROLES for entity in ("web.agenda", "web.calendar", "approval")]
    out += [Grant("web.manager.coverage", "manager", "web.coverage", ("read",))]
    return out


@hookimpl
def register_web_routes(app: CrDesk) -> Iterable[Any]:
    from plugins.web.pages import ROUTES

    return ROUTES


@hookimpl
def register_menu_items(app: CrDesk) -> Iterable[Any]:
    from plugins.web.pages import MENU

    return MENU
