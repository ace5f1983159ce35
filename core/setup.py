"""First-time set-up of a database: schema, the ``admin`` user, plugins, optionally the demo store."""
from __future__ import annotations

from contextlib import nullcontext

from sqlalchemy import select, text

from core import access
from core.app import CrDesk
from core.models import User, UserRole
from core.plugin_lifecycle import enable, upgrade_core

ADMIN_USERNAME = "admin"
#: The user the daily cron line acts as: ``crdesk --as system tasks generate`` (role ``system``).
SYSTEM_USERNAME = "system"
_BUILT_IN_USERS = ((ADMIN_USERNAME, "系统管理员", "admin"), (SYSTEM_USERNAME, "系统任务", "system"))


def is_empty(app: CrDesk) -> bool:
    """No staff user exists yet: the first ``init`` is the bootstrap, nobody can be checked."""
    if not app.db.has_table("app_user"):
        return True
    with app.db.engine.connect() as conn:
        return conn.execute(text("SELECT 1 FROM app_user")).first() is None


def initialise(app: CrDesk, plugins: list[str] | None = None, *, demo: bool = False) -> list[str]:
    """Idempotent: running it again on an initialised database changes nothing it already did.

    Bootstrap rule: on a database without users anybody may run it (it creates
    ``admin`` and ``system``); once users exist, only an admin may.
    """
    app.db.check_connection()
    app.db.check_can_create_tables()
    fresh = is_empty(app)
    if not fresh:
        with app.db.engine.connect() as conn:
            access.authorize(app, conn, "plugin", "change")
    with app.as_system() if fresh else nullcontext():
        return _initialise(app, plugins, demo=demo)


def _initialise(app: CrDesk, plugins: list[str] | None, *, demo: bool) -> list[str]:
    report: list[str] = []
    upgrade_core(app)
    app.db.make_private()
    report.append(f"core schema ready on {app.db.safe_url}")
    with app.session() as session:
        for username, full_name, role in _BUILT_IN_USERS:
            if session.scalar(select(User).where(User.username == username)) is None:
                user = User(username=username, full_name=full_name)
                user.roles.append(UserRole(role_code=role))
                session.add(user)
                report.append(f"created user {username!r} (role {role})")
    if plugins is None:
        plugins = sorted(n for n, m in app.catalog.manifests.items() if m.source == "builtin")
    if plugins:
        for change in enable(app, plugins):
            report.append(f"plugin {change.name} {change.version}: {change.action}")
    if demo:
        from core.demo import load_demo

        report.extend(load_demo(app))
    return report
