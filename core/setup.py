"""First-time set-up of a database: schema, the ``admin`` user, plugins, optionally the demo store."""
from __future__ import annotations

from sqlalchemy import select

from core.app import CrDesk
from core.models import User, UserRole
from core.plugin_lifecycle import enable, upgrade_core

ADMIN_USERNAME = "admin"


def initialise(app: CrDesk, plugins: list[str] | None = None, *, demo: bool = False) -> list[str]:
    """Idempotent: running it again on an initialised database changes nothing it already did."""
    app.db.check_connection()
    app.db.check_can_create_tables()
    report: list[str] = []
    upgrade_core(app)
    app.db.make_private()
    report.append(f"core schema ready on {app.db.safe_url}")
    with app.session() as session:
        if session.scalar(select(User).where(User.username == ADMIN_USERNAME)) is None:
            admin = User(username=ADMIN_USERNAME, full_name="系统管理员")
            admin.roles.append(UserRole(role_code="admin"))
            session.add(admin)
            report.append("created user 'admin' (role admin)")
    if plugins is None:
        plugins = sorted(n for n, m in app.catalog.manifests.items() if m.source == "builtin")
    if plugins:
        for change in enable(app, plugins):
            report.append(f"plugin {change.name} {change.version}: {change.action}")
    if demo:
        from core.demo import load_demo

        report.extend(load_demo(app))
    return report
