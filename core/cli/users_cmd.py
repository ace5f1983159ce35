"""``crdesk users``: staff, their roles and departments, heads and absences."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from core.cli import get_app
from core.cli.output import emit_rows, json_option, success


@click.group()
def users() -> None:
    """Add and list staff users; set department heads and absences."""


def _admin(app: object, s: object, action: str = "create") -> str:
    from core.access import require

    user = app.acting_user(s)  # type: ignore[attr-defined]
    require(app, s, user, "user", action)  # type: ignore[arg-type]
    return str(user.username)


@users.command("add")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, metavar="ROLE", help="Role code; repeatable.")
@click.option("--dept", required=True, metavar="DEPT", help="cr, sales, service, finance, admin or gm_office.")
@click.option("--name", "full_name", default="", metavar="姓名")
@click.option("--store", "store_code", metavar="CODE")
@click.pass_context
def add(ctx: click.Context, username: str, roles: tuple[str, ...], dept: str, full_name: str,
        store_code: str | None) -> None:
    """Add staff user USERNAME."""
    from core.people import add_user, store_by_code

    app = get_app(ctx)
    app.check_schema()
    with app.session() as s:
        actor = _admin(app, s)
        add_user(s, username=username, roles=list(roles), dept=dept, store=store_by_code(s, store_code),
                 full_name=full_name, actor=actor)
    success(f"user {username} added ({', '.join(roles)}; {dept})")


@users.command("list")
@json_option
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Every staff user with roles, department and absence."""
    from sqlalchemy import select

    from core.access import require
    from core.models import Department, Store, User

    app = get_app(ctx)
    app.check_schema()
    with app.session() as s:
        from core import scope

        me = app.acting_user(s)
        require(app, s, me, "user", "read")
        heads = set(s.scalars(select(Department.head_id).where(Department.head_id.is_not(None))))
        depts = {d.id: d.code for d in s.scalars(select(Department))}
        stores_ = {st.id: st.code for st in s.scalars(select(Store))}
        delegates = {uid: name for uid, name in s.execute(select(User.id, User.username))}
        rows = [{"username": u.username, "name": u.full_name, "roles": sorted(u.role_codes),
                 "store": stores_.get(u.store_id), "dept": depts.get(u.department_id), "head": u.id in heads,
                 "active": u.active, "away_until": u.away_until, "delegate": delegates.get(u.delegate_id)}
                for u in s.scalars(scope.filter(select(User).order_by(User.username), User, s, me))]
    emit_rows(rows, [("username", "username"), ("name", "姓名"), ("roles", "roles"), ("store", "store"),
                     ("dept", "dept"), ("head", "head"), ("active", "active"), ("away_until", "away until"),
                     ("delegate", "delegate")],
              as_json=as_json)


@users.command("set-head")
@click.argument("dept")
@click.argument("username")
@click.option("--store", "store_code", metavar="CODE")
@click.pass_context
def set_head_cmd(ctx: click.Context, dept: str, username: str, store_code: str | None) -> None:
    """Make USERNAME the head of department DEPT (the "部门经理" of approval chains)."""
    from core.people import set_head, store_by_code

    app = get_app(ctx)
    app.check_schema()
    with app.session() as s:
        actor = _admin(app, s, "change")
        set_head(s, store=store_by_code(s, store_code), dept=dept, username=username, actor=actor)
    success(f"{username} heads {dept}")


@users.command("away")
@click.argument("username")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Last day away (inclusive).")
@click.option("--delegate", metavar="USERNAME", help="Who decides approvals meanwhile.")
@click.option("--back", is_flag=True, help="Clear the absence.")
@click.pass_context
def away(ctx: click.Context, username: str, until: dt.datetime | None, delegate: str | None, back: bool) -> None:
    """Mark USERNAME away until a date (no new tasks; approvals go to the delegate), or --back."""
    from core.errors import ValidationError
    from core.people import set_away

    if back == (until is not None):
        raise ValidationError("give either --until YYYY-MM-DD or --back")
    app = get_app(ctx)
    app.check_schema()
    with app.session() as s:
        actor = _admin(app, s, "change")
        set_away(s, username=username, until=until.date() if until else None, delegate=delegate, actor=actor)
    success(f"{username} is back" if back else f"{username} is away until {until:%Y-%m-%d}")  # type: ignore[str-format]


@users.command("deactivate")
@click.argument("username")
@click.option("--reassign-to", "reassign_to", metavar="USER",
              help="Colleague (same store) who takes over the open tasks; default: back to the role queue.")
@json_option
@click.pass_context
def deactivate_cmd(ctx: click.Context, username: str, reassign_to: str | None, as_json: bool) -> None:
    """Deactivate a leaver: open tasks reassigned or returned to the role queue (audited); they can do nothing."""
    from core.cli.output import emit_record
    from core.staff import deactivate

    app = get_app(ctx)
    app.check_schema()
    with app.session() as s:
        moved = deactivate(app, s, app.acting_user(s), username, reassign_to=reassign_to).as_dict()
    if as_json:
        emit_record({"username": username, "successor": reassign_to, **moved}, as_json=True)
        return
    where = f"reassigned to {reassign_to}" if reassign_to else "returned to the role queue"
    count = len(moved["reassigned_tasks"]) + len(moved["returned_tasks"])
    heads = f"; no longer head of {', '.join(moved['heads_cleared'])}" if moved["heads_cleared"] else ""
    success(f"{username} deactivated: {count} open task(s) {where}, {moved['approval_steps']} approval step(s) "
            f"moved{heads}")


@users.command("set")
@click.argument("username")
@click.option("--role", "roles", multiple=True, metavar="ROLE", help="New role code (replaces all); repeatable.")
@click.option("--dept", metavar="DEPT", help="cr, sales, service, finance, admin or gm_office.")
@click.option("--store", "store_code", metavar="CODE", help="Transfer to this store (open tasks stay with the old).")
@click.option("--name", "full_name", metavar="姓名")
@click.option("--grant-store", "grant_stores", multiple=True, metavar="CODE",
              help="A further store a group role spans (replaces the list); repeatable.")
@click.option("--no-grant-stores", is_flag=True, help="Remove every further store.")
@click.pass_context
def set_cmd(ctx: click.Context, username: str, roles: tuple[str, ...], dept: str | None, store_code: str | None,
            full_name: str | None, grant_stores: tuple[str, ...], no_grant_stores: bool) -> None:
    """Change USERNAME's roles, department, store (a transfer), name or group stores."""
    from core.staff import set_user

    app = get_app(ctx)
    app.check_schema()
    grants = [] if no_grant_stores else (list(grant_stores) if grant_stores else None)
    with app.session() as s:
        user = set_user(app, s, app.acting_user(s), username, roles=roles, dept=dept, store=store_code,
                        full_name=full_name, grant_stores=grants)
        summary = ", ".join(sorted(user.role_codes))
    success(f"{username} updated ({summary})")


@users.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def import_cmd(ctx: click.Context, file: Path) -> None:
    """Add or update staff from a CSV/XLSX list with Chinese headers (用户名, 姓名, 角色, 部门, 门店): all or nothing."""
    from core.staff_import import import_staff

    app = get_app(ctx)
    app.check_schema()
    with app.session() as s:
        result = import_staff(app, s, app.acting_user(s), file)
    success(f"{file.name}: {result.created} added, {result.updated} updated, {result.unchanged} unchanged")
